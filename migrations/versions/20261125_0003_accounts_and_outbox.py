"""accounts and outbox

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 17:59:32.555479
"""
from alembic import op
import sqlalchemy as sa
import vssid.core.db


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outbound_message',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('channel', sa.String(length=5), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('sent_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=6), nullable=False),
    sa.Column('error', sa.String(length=300), nullable=True),
    sa.CheckConstraint("channel IN ('sms', 'email')", name=op.f('ck_outbound_message_channel')),
    sa.CheckConstraint("status IN ('queued', 'sent', 'failed')", name=op.f('ck_outbound_message_status')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbound_message'))
    )
    with op.batch_alter_table('outbound_message', schema=None) as batch_op:
        batch_op.create_index('ix_outbound_message_recipient_created', ['recipient', 'created_at'], unique=False)

    op.create_table('account',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('must_change_password', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('phone', sa.String(length=15), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('failed_logins', sa.SmallInteger(), nullable=False),
    sa.Column('locked_until', vssid.core.db.UtcTimestamp(timezone=True), nullable=True),
    sa.Column('device_hash', sa.String(length=64), nullable=True),
    sa.Column('login_generation', sa.Integer(), nullable=False),
    sa.Column('webauthn_user_handle', sa.LargeBinary(length=64), nullable=False),
    sa.Column('created_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('password_changed_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('active', 'disabled')", name=op.f('ck_account_status')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_account_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account')),
    sa.UniqueConstraint('person_id', name=op.f('uq_account_person_id')),
    sa.UniqueConstraint('webauthn_user_handle', name=op.f('uq_account_webauthn_user_handle'))
    )
    op.create_table('audit_event',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('event', sa.String(length=40), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('subject', sa.String(length=20), nullable=True),
    sa.Column('ip', sa.String(length=45), nullable=False),
    sa.Column('user_agent', sa.String(length=300), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_audit_event_account_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index('ix_audit_event_account_at', ['account_id', 'at'], unique=False)
        batch_op.create_index('ix_audit_event_event_at', ['event', 'at'], unique=False)

    op.create_table('passkey_challenge',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('purpose', sa.String(length=8), nullable=False),
    sa.Column('challenge', sa.LargeBinary(length=64), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('expires_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('used_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=True),
    sa.CheckConstraint("purpose IN ('register', 'login')", name=op.f('ck_passkey_challenge_purpose')),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_passkey_challenge_account_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_passkey_challenge')),
    sa.UniqueConstraint('challenge', name=op.f('uq_passkey_challenge_challenge'))
    )
    op.create_table('passkey_credential',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('credential_id', sa.LargeBinary(length=1024), nullable=False),
    sa.Column('public_key', sa.LargeBinary(length=2048), nullable=False),
    sa.Column('sign_count', sa.Integer(), nullable=False),
    sa.Column('transports', sa.String(length=100), nullable=False),
    sa.Column('backup_eligible', sa.Boolean(), nullable=False),
    sa.Column('backed_up', sa.Boolean(), nullable=False),
    sa.Column('device_label', sa.String(length=120), nullable=False),
    sa.Column('created_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('last_used_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_passkey_credential_account_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_passkey_credential')),
    sa.UniqueConstraint('credential_id', name=op.f('uq_passkey_credential_credential_id'))
    )
    with op.batch_alter_table('passkey_credential', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_passkey_credential_account_id'), ['account_id'], unique=False)

    op.create_table('registration',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('ma_so', sa.String(length=10), nullable=False),
    sa.Column('cccd', sa.String(length=12), nullable=False),
    sa.Column('birth_text', sa.String(length=10), nullable=False),
    sa.Column('phone', sa.String(length=15), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('office_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('review_note', sa.String(length=300), nullable=True),
    sa.Column('reject_reason', sa.String(length=300), nullable=True),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('decided_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('phone_unverified', 'pending_review', 'approved', 'rejected')", name=op.f('ck_registration_status')),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_registration_account_id_account')),
    sa.ForeignKeyConstraint(['office_id'], ['vss_office.id'], name=op.f('fk_registration_office_id_vss_office')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration'))
    )
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.create_index('ix_registration_ma_so_status', ['ma_so', 'status'], unique=False)

    op.create_table('user_session',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('device_hash', sa.String(length=64), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('created_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('last_seen_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('revoked_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=True),
    sa.Column('revoked_reason', sa.String(length=20), nullable=True),
    sa.Column('user_agent', sa.String(length=300), nullable=False),
    sa.Column('network', sa.String(length=50), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_user_session_account_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_user_session_token_hash'))
    )
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.create_index('ix_user_session_account_live', ['account_id', 'revoked_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_user_session_device_hash'), ['device_hash'], unique=False)

    op.create_table('otp_challenge',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('purpose', sa.String(length=16), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('registration_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('device_hash', sa.String(length=64), nullable=True),
    sa.Column('destination', sa.String(length=254), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('attempts', sa.SmallInteger(), nullable=False),
    sa.Column('resends', sa.SmallInteger(), nullable=False),
    sa.Column('created_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('sent_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('expires_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('used_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=True),
    sa.CheckConstraint("purpose IN ('registration', 'new_device', 'password_reset', 'contact_change')", name=op.f('ck_otp_challenge_purpose')),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_otp_challenge_account_id_account')),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_otp_challenge_registration_id_registration')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_otp_challenge'))
    )
    with op.batch_alter_table('otp_challenge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_otp_challenge_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_otp_challenge_registration_id'), ['registration_id'], unique=False)



def downgrade():
    with op.batch_alter_table('otp_challenge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_otp_challenge_registration_id'))
        batch_op.drop_index(batch_op.f('ix_otp_challenge_account_id'))

    op.drop_table('otp_challenge')
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_session_device_hash'))
        batch_op.drop_index('ix_user_session_account_live')

    op.drop_table('user_session')
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_index('ix_registration_ma_so_status')

    op.drop_table('registration')
    with op.batch_alter_table('passkey_credential', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_passkey_credential_account_id'))

    op.drop_table('passkey_credential')
    op.drop_table('passkey_challenge')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_event_at')
        batch_op.drop_index('ix_audit_event_account_at')

    op.drop_table('audit_event')
    op.drop_table('account')
    with op.batch_alter_table('outbound_message', schema=None) as batch_op:
        batch_op.drop_index('ix_outbound_message_recipient_created')

    op.drop_table('outbound_message')
