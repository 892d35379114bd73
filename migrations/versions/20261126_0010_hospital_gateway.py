"""hospital gateway: facility API accounts, addresses, clerks, tokens, card lookups

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26 10:00:00

The tables of vssid/gateway (DOMAIN.md §9). Passwords are argon2id hashes, tokens SHA-256
digests; card_lookup is the record every lookup leaves, read back by the holder's card page.
"""
from alembic import op
import sqlalchemy as sa
import vssid.core.db


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('gateway_account',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('facility_code', sa.String(length=5), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('created_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('password_changed_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('active', 'disabled')", name=op.f('ck_gateway_account_status')),
    sa.ForeignKeyConstraint(['created_by'], ['staff_member.id'], name=op.f('fk_gateway_account_created_by_staff_member')),
    sa.ForeignKeyConstraint(['facility_code'], ['facility.code'], name=op.f('fk_gateway_account_facility_code_facility')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gateway_account')),
    sa.UniqueConstraint('username', name=op.f('uq_gateway_account_username'))
    )
    with op.batch_alter_table('gateway_account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gateway_account_facility_code'), ['facility_code'], unique=False)

    op.create_table('card_lookup',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('facility_code', sa.String(length=5), nullable=False),
    sa.Column('clerk_name', sa.String(length=120), nullable=False),
    sa.Column('clerk_cccd', sa.String(length=12), nullable=False),
    sa.Column('card_code', sa.String(length=15), nullable=False),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('kind', sa.String(length=5), nullable=False),
    sa.Column('result_code', sa.String(length=3), nullable=False),
    sa.Column('message', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=45), nullable=False),
    sa.CheckConstraint("kind IN ('the', 'lskcb')", name=op.f('ck_card_lookup_kind')),
    sa.ForeignKeyConstraint(['account_id'], ['gateway_account.id'], name=op.f('fk_card_lookup_account_id_gateway_account')),
    sa.ForeignKeyConstraint(['facility_code'], ['facility.code'], name=op.f('fk_card_lookup_facility_code_facility')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_card_lookup_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_card_lookup'))
    )
    with op.batch_alter_table('card_lookup', schema=None) as batch_op:
        batch_op.create_index('ix_card_lookup_account_at', ['account_id', 'at'], unique=False)
        batch_op.create_index('ix_card_lookup_person_at', ['person_id', 'at'], unique=False)

    op.create_table('gateway_address',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('address', sa.String(length=50), nullable=False),
    sa.Column('note', sa.String(length=120), nullable=False),
    sa.Column('created_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['gateway_account.id'], name=op.f('fk_gateway_address_account_id_gateway_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gateway_address')),
    sa.UniqueConstraint('account_id', 'address', name='uq_gateway_address_account_address')
    )
    op.create_table('gateway_clerk',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('cccd', sa.String(length=12), nullable=False),
    sa.Column('created_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['gateway_account.id'], name=op.f('fk_gateway_clerk_account_id_gateway_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gateway_clerk')),
    sa.UniqueConstraint('account_id', 'cccd', name='uq_gateway_clerk_account_cccd')
    )
    op.create_table('gateway_token',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('id_token_hash', sa.String(length=64), nullable=False),
    sa.Column('password_mac', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('address', sa.String(length=45), nullable=False),
    sa.Column('created_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('expires_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['gateway_account.id'], name=op.f('fk_gateway_token_account_id_gateway_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gateway_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_gateway_token_token_hash'))
    )
    with op.batch_alter_table('gateway_token', schema=None) as batch_op:
        batch_op.create_index('ix_gateway_token_account_expires', ['account_id', 'expires_at'], unique=False)



def downgrade():
    with op.batch_alter_table('gateway_token', schema=None) as batch_op:
        batch_op.drop_index('ix_gateway_token_account_expires')

    op.drop_table('gateway_token')
    op.drop_table('gateway_clerk')
    op.drop_table('gateway_address')
    with op.batch_alter_table('card_lookup', schema=None) as batch_op:
        batch_op.drop_index('ix_card_lookup_person_at')
        batch_op.drop_index('ix_card_lookup_account_at')

    op.drop_table('card_lookup')
    with op.batch_alter_table('gateway_account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gateway_account_facility_code'))

    op.drop_table('gateway_account')
