"""news: articles and videos (news_item)

One table for both kinds. `feed_key` (sha256 of a feed item's guid, or of its link) is
unique, so importing a feed twice stores each item once; the import inserts with
ON CONFLICT DO NOTHING on it. `ix_news_item_listing` serves the public lists
(kind, status = 'published', publish_at <= now, newest first).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa
import vssid.core.db


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('news_item',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('origin', sa.String(length=10), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('thumbnail_url', sa.String(length=1000), nullable=True),
    sa.Column('video_url', sa.String(length=1000), nullable=True),
    sa.Column('source_url', sa.String(length=1000), nullable=True),
    sa.Column('feed_key', sa.String(length=64), nullable=True),
    sa.Column('publish_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=True),
    sa.Column('created_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('updated_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=60), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('article', 'video')", name=op.f('ck_news_item_kind')),
    sa.CheckConstraint("origin IN ('editor', 'import', 'demo')", name=op.f('ck_news_item_origin')),
    sa.CheckConstraint("status = 'draft' OR publish_at IS NOT NULL", name=op.f('ck_news_item_published_has_time')),
    sa.CheckConstraint("status IN ('draft', 'published', 'withdrawn')", name=op.f('ck_news_item_status')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_news_item')),
    sa.UniqueConstraint('feed_key', name=op.f('uq_news_item_feed_key'))
    )
    op.create_index('ix_news_item_listing', 'news_item', ['kind', 'status', 'publish_at'], unique=False)


def downgrade():
    op.drop_index('ix_news_item_listing', table_name='news_item')
    op.drop_table('news_item')
