"""payments and public services: orders paid online, Dịch vụ công requests

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-26 20:40:00

payment_order / payment_order_line: household BHYT renewals and voluntary BHXH paid
through the gateway (amounts in whole đồng). service_request / service_request_event:
change of initial facility, card reissue, contact update, with their status history.
"""
from alembic import op
import sqlalchemy as sa
import vssid.core.db


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('payment_order',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('payer_person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('months', sa.SmallInteger(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('expires_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('decided_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=True),
    sa.Column('response_code', sa.String(length=2), nullable=True),
    sa.Column('transaction_no', sa.String(length=20), nullable=True),
    sa.Column('bank_code', sa.String(length=20), nullable=True),
    sa.CheckConstraint("kind IN ('household_bhyt', 'voluntary_bhxh')", name=op.f('ck_payment_order_kind')),
    sa.CheckConstraint("status IN ('pending', 'paid', 'declined', 'abandoned')", name=op.f('ck_payment_order_status')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_payment_order_amount')),
    sa.CheckConstraint('months IN (1, 3, 6, 12)', name=op.f('ck_payment_order_months')),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_payment_order_account_id_account')),
    sa.ForeignKeyConstraint(['payer_person_id'], ['person.id'], name=op.f('fk_payment_order_payer_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_order')),
    sa.UniqueConstraint('reference', name=op.f('uq_payment_order_reference'))
    )
    with op.batch_alter_table('payment_order', schema=None) as batch_op:
        batch_op.create_index('ix_payment_order_account_created', ['account_id', 'created_at'], unique=False)

    op.create_table('service_request',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('card_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('updated_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('facility_code', sa.String(length=5), nullable=True),
    sa.Column('effective_from', sa.Date(), nullable=True),
    sa.Column('reason', sa.String(length=8), nullable=True),
    sa.Column('new_phone', sa.String(length=15), nullable=True),
    sa.Column('new_email', sa.String(length=254), nullable=True),
    sa.Column('new_address', sa.String(length=300), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('decision_note', sa.String(length=300), nullable=True),
    sa.Column('decided_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('decided_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=True),
    sa.CheckConstraint("kind != 'facility_change' OR (facility_code IS NOT NULL AND effective_from IS NOT NULL)", name=op.f('ck_service_request_facility_change_fields')),
    sa.CheckConstraint("kind IN ('facility_change', 'card_reissue', 'contact_update')", name=op.f('ck_service_request_kind')),
    sa.CheckConstraint("reason IS NULL OR reason IN ('lost', 'damaged')", name=op.f('ck_service_request_reason')),
    sa.CheckConstraint("status IN ('submitted', 'approved', 'completed', 'rejected')", name=op.f('ck_service_request_status')),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_service_request_account_id_account')),
    sa.ForeignKeyConstraint(['card_id'], ['health_card.id'], name=op.f('fk_service_request_card_id_health_card')),
    sa.ForeignKeyConstraint(['decided_by'], ['staff_member.id'], name=op.f('fk_service_request_decided_by_staff_member')),
    sa.ForeignKeyConstraint(['facility_code'], ['facility.code'], name=op.f('fk_service_request_facility_code_facility')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_service_request_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_request')),
    sa.UniqueConstraint('reference', name=op.f('uq_service_request_reference'))
    )
    with op.batch_alter_table('service_request', schema=None) as batch_op:
        batch_op.create_index('ix_service_request_person_created', ['person_id', 'created_at'], unique=False)
        batch_op.create_index('ix_service_request_status_created', ['status', 'created_at'], unique=False)

    op.create_table('payment_order_line',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('order_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=True),
    sa.Column('months', sa.SmallInteger(), nullable=False),
    sa.Column('monthly_amount', sa.BigInteger(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('income', sa.BigInteger(), nullable=True),
    sa.Column('period_from', sa.Date(), nullable=False),
    sa.Column('period_to', sa.Date(), nullable=False),
    sa.Column('card_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('new_card_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.CheckConstraint('amount = monthly_amount * months', name=op.f('ck_payment_order_line_amount')),
    sa.CheckConstraint('period_from <= period_to', name=op.f('ck_payment_order_line_period')),
    sa.ForeignKeyConstraint(['card_id'], ['health_card.id'], name=op.f('fk_payment_order_line_card_id_health_card')),
    sa.ForeignKeyConstraint(['new_card_id'], ['health_card.id'], name=op.f('fk_payment_order_line_new_card_id_health_card')),
    sa.ForeignKeyConstraint(['order_id'], ['payment_order.id'], name=op.f('fk_payment_order_line_order_id_payment_order')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_payment_order_line_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_order_line'))
    )
    with op.batch_alter_table('payment_order_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_order_line_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_order_line_person_id'), ['person_id'], unique=False)

    op.create_table('service_request_event',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('request_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('staff_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['request_id'], ['service_request.id'], name=op.f('fk_service_request_event_request_id_service_request')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_member.id'], name=op.f('fk_service_request_event_staff_id_staff_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_request_event'))
    )
    with op.batch_alter_table('service_request_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_request_event_request_id'), ['request_id'], unique=False)



def downgrade():
    with op.batch_alter_table('service_request_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_request_event_request_id'))

    op.drop_table('service_request_event')
    with op.batch_alter_table('payment_order_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_order_line_person_id'))
        batch_op.drop_index(batch_op.f('ix_payment_order_line_order_id'))

    op.drop_table('payment_order_line')
    with op.batch_alter_table('service_request', schema=None) as batch_op:
        batch_op.drop_index('ix_service_request_status_created')
        batch_op.drop_index('ix_service_request_person_created')

    op.drop_table('service_request')
    with op.batch_alter_table('payment_order', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_order_account_created')

    op.drop_table('payment_order')
