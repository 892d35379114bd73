"""notifications: inbox items, deliveries per channel, push subscriptions, preferences, announcements

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26 09:00:00

Only the notifications area's own tables (vssid/notifications/models.py).
"""
from alembic import op
import sqlalchemy as sa
import vssid.core.db


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('announcement',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('url', sa.String(length=300), nullable=True),
    sa.Column('province_code', sa.String(length=2), nullable=True),
    sa.Column('created_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('created_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('fanned_out_to', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('recipients', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('finished_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['staff_member.id'], name=op.f('fk_announcement_created_by_staff_member')),
    sa.ForeignKeyConstraint(['province_code'], ['province.code'], name=op.f('fk_announcement_province_code_province')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_announcement'))
    )
    op.create_table('notification',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('url', sa.String(length=300), nullable=True),
    sa.Column('dedupe_key', sa.String(length=100), nullable=True),
    sa.Column('created_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('read_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=True),
    sa.Column('in_inbox', sa.Boolean(), nullable=False),
    sa.CheckConstraint("kind IN ('security', 'card', 'contribution', 'support', 'payment', 'service_request', 'announcement')", name=op.f('ck_notification_kind')),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_notification_account_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification')),
    sa.UniqueConstraint('account_id', 'dedupe_key', name='uq_notification_account_dedupe')
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index('ix_notification_account_created', ['account_id', 'created_at'], unique=False)
        batch_op.create_index('ix_notification_account_unread', ['account_id', 'in_inbox', 'read_at'], unique=False)

    op.create_table('notification_preference',
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('channel', sa.String(length=6), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.CheckConstraint("channel IN ('in_app', 'push', 'sms', 'email')", name=op.f('ck_notification_preference_channel')),
    sa.CheckConstraint("kind IN ('security', 'card', 'contribution', 'support', 'payment', 'service_request', 'announcement')", name=op.f('ck_notification_preference_kind')),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_notification_preference_account_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', 'kind', 'channel', name=op.f('pk_notification_preference'))
    )
    op.create_table('push_subscription',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('device_hash', sa.String(length=64), nullable=False),
    sa.Column('endpoint', sa.String(length=1000), nullable=False),
    sa.Column('p256dh', sa.String(length=100), nullable=False),
    sa.Column('auth', sa.String(length=50), nullable=False),
    sa.Column('device_label', sa.String(length=120), nullable=False),
    sa.Column('created_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('last_success_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_push_subscription_account_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_push_subscription')),
    sa.UniqueConstraint('account_id', 'device_hash', name='uq_push_subscription_account_device'),
    sa.UniqueConstraint('endpoint', name=op.f('uq_push_subscription_endpoint'))
    )
    with op.batch_alter_table('push_subscription', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_push_subscription_account_id'), ['account_id'], unique=False)

    op.create_table('notification_delivery',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('notification_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('channel', sa.String(length=5), nullable=False),
    sa.Column('subscription_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('status', sa.String(length=7), nullable=False),
    sa.Column('attempts', sa.SmallInteger(), nullable=False),
    sa.Column('next_attempt_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('sent_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=300), nullable=True),
    sa.CheckConstraint("channel IN ('push', 'sms', 'email')", name=op.f('ck_notification_delivery_channel')),
    sa.CheckConstraint("status IN ('queued', 'sending', 'sent', 'failed', 'gone')", name=op.f('ck_notification_delivery_status')),
    sa.ForeignKeyConstraint(['notification_id'], ['notification.id'], name=op.f('fk_notification_delivery_notification_id_notification'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subscription_id'], ['push_subscription.id'], name=op.f('fk_notification_delivery_subscription_id_push_subscription'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_delivery'))
    )
    with op.batch_alter_table('notification_delivery', schema=None) as batch_op:
        batch_op.create_index('ix_notification_delivery_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_delivery_notification_id'), ['notification_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_delivery_subscription_id'), ['subscription_id'], unique=False)



def downgrade():
    with op.batch_alter_table('notification_delivery', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_delivery_subscription_id'))
        batch_op.drop_index(batch_op.f('ix_notification_delivery_notification_id'))
        batch_op.drop_index('ix_notification_delivery_due')

    op.drop_table('notification_delivery')
    with op.batch_alter_table('push_subscription', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_push_subscription_account_id'))

    op.drop_table('push_subscription')
    op.drop_table('notification_preference')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_account_unread')
        batch_op.drop_index('ix_notification_account_created')

    op.drop_table('notification')
    op.drop_table('announcement')
