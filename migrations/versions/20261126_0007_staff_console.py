"""staff console: staff accounts, staff sessions, registry corrections

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 09:00:00

Only the staff console's own tables; staff actions on citizens are audited in the
existing audit_event table (detail JSON carries staff_id).
"""
from alembic import op
import sqlalchemy as sa
import vssid.core.db


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('staff_member',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('must_change_password', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.SmallInteger(), nullable=False),
    sa.Column('locked_until', vssid.core.db.UtcTimestamp(timezone=True), nullable=True),
    sa.Column('totp_secret', sa.LargeBinary(length=128), nullable=True),
    sa.Column('totp_pending', sa.LargeBinary(length=128), nullable=True),
    sa.Column('totp_enrolled_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=True),
    sa.Column('totp_last_step', sa.BigInteger(), nullable=True),
    sa.Column('login_generation', sa.Integer(), nullable=False),
    sa.Column('created_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('created_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('password_changed_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('last_login_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=True),
    sa.CheckConstraint("role IN ('officer', 'support_agent', 'editor', 'admin')", name=op.f('ck_staff_member_role')),
    sa.CheckConstraint("status IN ('active', 'disabled')", name=op.f('ck_staff_member_status')),
    sa.ForeignKeyConstraint(['created_by'], ['staff_member.id'], name=op.f('fk_staff_member_created_by_staff_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_member')),
    sa.UniqueConstraint('email', name=op.f('uq_staff_member_email'))
    )
    op.create_table('staff_session',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('staff_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('created_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('last_seen_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('revoked_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=True),
    sa.Column('revoked_reason', sa.String(length=20), nullable=True),
    sa.Column('user_agent', sa.String(length=300), nullable=False),
    sa.Column('network', sa.String(length=50), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_member.id'], name=op.f('fk_staff_session_staff_id_staff_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_staff_session_token_hash'))
    )
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.create_index('ix_staff_session_staff_live', ['staff_id', 'revoked_at'], unique=False)

    op.create_table('registry_correction',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('staff_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.BigInteger(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_registry_correction_person_id_person')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_member.id'], name=op.f('fk_registry_correction_staff_id_staff_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registry_correction'))
    )
    with op.batch_alter_table('registry_correction', schema=None) as batch_op:
        batch_op.create_index('ix_registry_correction_person_at', ['person_id', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_registry_correction_staff_id'), ['staff_id'], unique=False)
        batch_op.create_index('ix_registry_correction_table_row', ['table_name', 'row_id'], unique=False)


def downgrade():
    with op.batch_alter_table('registry_correction', schema=None) as batch_op:
        batch_op.drop_index('ix_registry_correction_table_row')
        batch_op.drop_index(batch_op.f('ix_registry_correction_staff_id'))
        batch_op.drop_index('ix_registry_correction_person_at')

    op.drop_table('registry_correction')
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.drop_index('ix_staff_session_staff_live')

    op.drop_table('staff_session')
    op.drop_table('staff_member')
