"""card signing keys: the ES256 keys that sign the card's "Mã xác thực"

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26 10:00:00

One table. The private key is stored sealed (AES-256-GCM, key derived from the app's
secret); the first key is created by the app when it first signs a card, or by
`flask keys rotate`.
"""
from alembic import op
import sqlalchemy as sa
import vssid.core.db


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('card_signing_key',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kid', sa.String(length=16), nullable=False),
    sa.Column('algorithm', sa.String(length=8), nullable=False),
    sa.Column('public_key', sa.Text(), nullable=False),
    sa.Column('private_key_sealed', sa.LargeBinary(length=128), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('not_before', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('not_after', vssid.core.db.UtcTimestamp(timezone=True), nullable=True),
    sa.Column('created_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('retired_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=True),
    sa.Column('revoked_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=True),
    sa.CheckConstraint("algorithm = 'ES256'", name=op.f('ck_card_signing_key_algorithm')),
    sa.CheckConstraint("status IN ('active', 'retired', 'revoked')", name=op.f('ck_card_signing_key_status')),
    sa.CheckConstraint('not_after IS NULL OR not_before < not_after', name=op.f('ck_card_signing_key_validity')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_card_signing_key')),
    sa.UniqueConstraint('kid', name=op.f('uq_card_signing_key_kid'))
    )


def downgrade():
    op.drop_table('card_signing_key')
