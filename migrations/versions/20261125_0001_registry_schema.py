"""registry schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 17:53:15.373718
"""
from alembic import op
import sqlalchemy as sa
import vssid.core.db


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('legacy_province',
    sa.Column('code', sa.String(length=2), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_legacy_province'))
    )
    op.create_table('legal_parameter',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('value', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('unit', sa.String(length=3), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('source', sa.Text(), nullable=False),
    sa.CheckConstraint("unit IN ('vnd', 'bp')", name=op.f('ck_legal_parameter_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_parameter'))
    )
    with op.batch_alter_table('legal_parameter', schema=None) as batch_op:
        batch_op.create_index('ix_legal_parameter_name_valid_from', ['name', 'valid_from'], unique=True)

    op.create_table('province',
    sa.Column('code', sa.String(length=2), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('division_type', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_province'))
    )
    op.create_table('ward',
    sa.Column('code', sa.String(length=5), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('division_type', sa.String(length=40), nullable=False),
    sa.Column('province_code', sa.String(length=2), nullable=False),
    sa.ForeignKeyConstraint(['province_code'], ['province.code'], name=op.f('fk_ward_province_code_province')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_ward'))
    )
    with op.batch_alter_table('ward', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ward_province_code'), ['province_code'], unique=False)

    op.create_table('collection_point',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('province_code', sa.String(length=2), nullable=False),
    sa.Column('ward_code', sa.String(length=5), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('opening_hours', sa.String(length=200), nullable=True),
    sa.CheckConstraint("kind IN ('diem_thu', 'dai_ly')", name=op.f('ck_collection_point_kind')),
    sa.ForeignKeyConstraint(['province_code'], ['province.code'], name=op.f('fk_collection_point_province_code_province')),
    sa.ForeignKeyConstraint(['ward_code'], ['ward.code'], name=op.f('fk_collection_point_ward_code_ward')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_collection_point'))
    )
    with op.batch_alter_table('collection_point', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_collection_point_province_code'), ['province_code'], unique=False)

    op.create_table('facility',
    sa.Column('code', sa.String(length=5), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('level', sa.String(length=40), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('province_code', sa.String(length=2), nullable=False),
    sa.Column('ward_code', sa.String(length=5), nullable=True),
    sa.Column('contracted_bhyt', sa.Boolean(), nullable=False),
    sa.Column('accepts_initial_registration', sa.Boolean(), nullable=False),
    sa.Column('issues_sick_leave', sa.Boolean(), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('latitude', sa.Numeric(precision=9, scale=6), nullable=True),
    sa.Column('longitude', sa.Numeric(precision=9, scale=6), nullable=True),
    sa.ForeignKeyConstraint(['province_code'], ['province.code'], name=op.f('fk_facility_province_code_province')),
    sa.ForeignKeyConstraint(['ward_code'], ['ward.code'], name=op.f('fk_facility_ward_code_ward')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_facility'))
    )
    with op.batch_alter_table('facility', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_facility_province_code'), ['province_code'], unique=False)

    op.create_table('household',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('code', sa.String(length=15), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('province_code', sa.String(length=2), nullable=False),
    sa.Column('ward_code', sa.String(length=5), nullable=True),
    sa.ForeignKeyConstraint(['province_code'], ['province.code'], name=op.f('fk_household_province_code_province')),
    sa.ForeignKeyConstraint(['ward_code'], ['ward.code'], name=op.f('fk_household_ward_code_ward')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_household')),
    sa.UniqueConstraint('code', name=op.f('uq_household_code'))
    )
    op.create_table('vss_office',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('province_code', sa.String(length=2), nullable=False),
    sa.Column('ward_code', sa.String(length=5), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('opening_hours', sa.String(length=200), nullable=True),
    sa.Column('latitude', sa.Numeric(precision=9, scale=6), nullable=True),
    sa.Column('longitude', sa.Numeric(precision=9, scale=6), nullable=True),
    sa.ForeignKeyConstraint(['province_code'], ['province.code'], name=op.f('fk_vss_office_province_code_province')),
    sa.ForeignKeyConstraint(['ward_code'], ['ward.code'], name=op.f('fk_vss_office_ward_code_ward')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vss_office')),
    sa.UniqueConstraint('code', name=op.f('uq_vss_office_code'))
    )
    with op.batch_alter_table('vss_office', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vss_office_province_code'), ['province_code'], unique=False)

    op.create_table('employer',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('unit_code', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=250), nullable=False),
    sa.Column('tax_code', sa.String(length=14), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('province_code', sa.String(length=2), nullable=False),
    sa.Column('ward_code', sa.String(length=5), nullable=True),
    sa.Column('office_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.CheckConstraint("status IN ('active', 'suspended', 'closed')", name=op.f('ck_employer_status')),
    sa.ForeignKeyConstraint(['office_id'], ['vss_office.id'], name=op.f('fk_employer_office_id_vss_office')),
    sa.ForeignKeyConstraint(['province_code'], ['province.code'], name=op.f('fk_employer_province_code_province')),
    sa.ForeignKeyConstraint(['ward_code'], ['ward.code'], name=op.f('fk_employer_ward_code_ward')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employer')),
    sa.UniqueConstraint('unit_code', name=op.f('uq_employer_unit_code'))
    )
    with op.batch_alter_table('employer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employer_province_code'), ['province_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_employer_tax_code'), ['tax_code'], unique=False)

    op.create_table('person',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('ma_so', sa.String(length=10), nullable=False),
    sa.Column('cccd', sa.String(length=12), nullable=True),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('birth_year', sa.SmallInteger(), nullable=False),
    sa.Column('birth_month', sa.SmallInteger(), nullable=True),
    sa.Column('birth_day', sa.SmallInteger(), nullable=True),
    sa.Column('gender', sa.SmallInteger(), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('province_code', sa.String(length=2), nullable=False),
    sa.Column('ward_code', sa.String(length=5), nullable=True),
    sa.Column('phone', sa.String(length=15), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('household_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('relation_to_head', sa.String(length=30), nullable=True),
    sa.Column('guardian_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.CheckConstraint('birth_day IS NULL OR birth_month IS NOT NULL', name=op.f('ck_person_birth_parts')),
    sa.CheckConstraint('gender IN (1, 2)', name=op.f('ck_person_gender')),
    sa.ForeignKeyConstraint(['guardian_id'], ['person.id'], name=op.f('fk_person_guardian_id_person')),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_person_household_id_household')),
    sa.ForeignKeyConstraint(['province_code'], ['province.code'], name=op.f('fk_person_province_code_province')),
    sa.ForeignKeyConstraint(['ward_code'], ['ward.code'], name=op.f('fk_person_ward_code_ward')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person')),
    sa.UniqueConstraint('cccd', name=op.f('uq_person_cccd')),
    sa.UniqueConstraint('ma_so', name=op.f('uq_person_ma_so'))
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_guardian_id'), ['guardian_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_household_id'), ['household_id'], unique=False)

    op.create_table('benefit_record',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('regime', sa.String(length=16), nullable=False),
    sa.Column('decision_number', sa.String(length=40), nullable=False),
    sa.Column('decision_date', sa.Date(), nullable=False),
    sa.Column('period_from', sa.Date(), nullable=True),
    sa.Column('period_to', sa.Date(), nullable=True),
    sa.Column('days', sa.SmallInteger(), nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('payment_method', sa.String(length=4), nullable=False),
    sa.Column('paying_office_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.CheckConstraint("payment_method IN ('atm', 'cash')", name=op.f('ck_benefit_record_payment_method')),
    sa.CheckConstraint("regime IN ('om_dau', 'thai_san', 'duong_suc', 'huu_tri', 'bhxh_mot_lan', 'tu_tuat', 'tnld_bnn', 'that_nghiep', 'huu_tri_xa_hoi')", name=op.f('ck_benefit_record_regime')),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_benefit_record_amount')),
    sa.ForeignKeyConstraint(['paying_office_id'], ['vss_office.id'], name=op.f('fk_benefit_record_paying_office_id_vss_office')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_benefit_record_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_benefit_record'))
    )
    with op.batch_alter_table('benefit_record', schema=None) as batch_op:
        batch_op.create_index('ix_benefit_record_person_decision', ['person_id', 'decision_date'], unique=False)

    op.create_table('health_card',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('card_number', sa.String(length=10), nullable=False),
    sa.Column('object_code', sa.String(length=2), nullable=False),
    sa.Column('benefit_level', sa.SmallInteger(), nullable=False),
    sa.Column('province_code', sa.String(length=2), nullable=False),
    sa.Column('area_code', sa.String(length=2), nullable=True),
    sa.Column('facility_code', sa.String(length=5), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=False),
    sa.Column('issue_date', sa.Date(), nullable=False),
    sa.Column('five_years_date', sa.Date(), nullable=True),
    sa.Column('issuing_office_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.CheckConstraint("area_code IS NULL OR area_code IN ('K1', 'K2', 'K3')", name=op.f('ck_health_card_area_code')),
    sa.CheckConstraint("status IN ('active', 'replaced', 'withdrawn', 'stopped')", name=op.f('ck_health_card_status')),
    sa.CheckConstraint('benefit_level BETWEEN 1 AND 5', name=op.f('ck_health_card_benefit_level')),
    sa.CheckConstraint('valid_from <= valid_to', name=op.f('ck_health_card_validity')),
    sa.ForeignKeyConstraint(['facility_code'], ['facility.code'], name=op.f('fk_health_card_facility_code_facility')),
    sa.ForeignKeyConstraint(['issuing_office_id'], ['vss_office.id'], name=op.f('fk_health_card_issuing_office_id_vss_office')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_health_card_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_health_card'))
    )
    with op.batch_alter_table('health_card', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_health_card_card_number'), ['card_number'], unique=False)
        batch_op.create_index('ix_health_card_person_id_valid_to', ['person_id', 'valid_to'], unique=False)

    op.create_table('medical_visit',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('card_number', sa.String(length=10), nullable=False),
    sa.Column('facility_code', sa.String(length=5), nullable=False),
    sa.Column('visit_type', sa.String(length=2), nullable=False),
    sa.Column('admitted_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('discharged_at', vssid.core.db.UtcTimestamp(timezone=True), nullable=False),
    sa.Column('main_icd', sa.String(length=10), nullable=False),
    sa.Column('secondary_icds', sa.String(length=200), nullable=True),
    sa.Column('treatment_result', sa.SmallInteger(), nullable=False),
    sa.Column('discharge_type', sa.SmallInteger(), nullable=False),
    sa.Column('t_tongchi_bv', sa.BigInteger(), nullable=False),
    sa.Column('t_tongchi_bh', sa.BigInteger(), nullable=False),
    sa.Column('t_bncct', sa.BigInteger(), nullable=False),
    sa.Column('t_bhtt', sa.BigInteger(), nullable=False),
    sa.Column('t_bntt', sa.BigInteger(), nullable=False),
    sa.Column('t_nguonkhac', sa.BigInteger(), nullable=False),
    sa.Column('t_thuoc', sa.BigInteger(), nullable=False),
    sa.Column('t_vtyt', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('t_tongchi_bv = t_bhtt + t_bncct + t_bntt + t_nguonkhac', name=op.f('ck_medical_visit_totals_add_up')),
    sa.ForeignKeyConstraint(['facility_code'], ['facility.code'], name=op.f('fk_medical_visit_facility_code_facility')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_medical_visit_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_medical_visit'))
    )
    with op.batch_alter_table('medical_visit', schema=None) as batch_op:
        batch_op.create_index('ix_medical_visit_person_admitted', ['person_id', 'admitted_at'], unique=False)

    op.create_table('participation_period',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('scheme', sa.String(length=10), nullable=False),
    sa.Column('from_month', sa.Date(), nullable=False),
    sa.Column('to_month', sa.Date(), nullable=True),
    sa.Column('employer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('job', sa.String(length=120), nullable=True),
    sa.Column('wage', sa.BigInteger(), nullable=False),
    sa.Column('province_code', sa.String(length=2), nullable=False),
    sa.Column('mode', sa.String(length=10), nullable=False),
    sa.Column('employer_owes', sa.Boolean(), nullable=False),
    sa.CheckConstraint("mode IN ('compulsory', 'voluntary', 'household')", name=op.f('ck_participation_period_mode')),
    sa.CheckConstraint("scheme IN ('BHXH', 'BHTN', 'BHTNLD_BNN', 'BHYT')", name=op.f('ck_participation_period_scheme')),
    sa.CheckConstraint('to_month IS NULL OR from_month <= to_month', name=op.f('ck_participation_period_months')),
    sa.CheckConstraint('wage >= 0', name=op.f('ck_participation_period_wage')),
    sa.ForeignKeyConstraint(['employer_id'], ['employer.id'], name=op.f('fk_participation_period_employer_id_employer')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_participation_period_person_id_person')),
    sa.ForeignKeyConstraint(['province_code'], ['province.code'], name=op.f('fk_participation_period_province_code_province')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participation_period'))
    )
    with op.batch_alter_table('participation_period', schema=None) as batch_op:
        batch_op.create_index('ix_participation_period_person_scheme_from', ['person_id', 'scheme', 'from_month'], unique=False)

    op.create_table('visit_cost_line',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('visit_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('group_code', sa.SmallInteger(), nullable=False),
    sa.Column('name', sa.String(length=250), nullable=False),
    sa.Column('unit', sa.String(length=30), nullable=False),
    sa.Column('quantity', sa.Numeric(precision=12, scale=3), nullable=False),
    sa.Column('unit_price', sa.BigInteger(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('bhyt_rate', sa.SmallInteger(), nullable=False),
    sa.Column('fund_part', sa.BigInteger(), nullable=False),
    sa.Column('patient_part', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('amount = fund_part + patient_part', name=op.f('ck_visit_cost_line_parts_add_up')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_visit_cost_line_person_id_person')),
    sa.ForeignKeyConstraint(['visit_id'], ['medical_visit.id'], name=op.f('fk_visit_cost_line_visit_id_medical_visit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_cost_line'))
    )
    with op.batch_alter_table('visit_cost_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_cost_line_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_cost_line_visit_id'), ['visit_id'], unique=False)



def downgrade():
    with op.batch_alter_table('visit_cost_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_cost_line_visit_id'))
        batch_op.drop_index(batch_op.f('ix_visit_cost_line_person_id'))

    op.drop_table('visit_cost_line')
    with op.batch_alter_table('participation_period', schema=None) as batch_op:
        batch_op.drop_index('ix_participation_period_person_scheme_from')

    op.drop_table('participation_period')
    with op.batch_alter_table('medical_visit', schema=None) as batch_op:
        batch_op.drop_index('ix_medical_visit_person_admitted')

    op.drop_table('medical_visit')
    with op.batch_alter_table('health_card', schema=None) as batch_op:
        batch_op.drop_index('ix_health_card_person_id_valid_to')
        batch_op.drop_index(batch_op.f('ix_health_card_card_number'))

    op.drop_table('health_card')
    with op.batch_alter_table('benefit_record', schema=None) as batch_op:
        batch_op.drop_index('ix_benefit_record_person_decision')

    op.drop_table('benefit_record')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_household_id'))
        batch_op.drop_index(batch_op.f('ix_person_guardian_id'))

    op.drop_table('person')
    with op.batch_alter_table('employer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employer_tax_code'))
        batch_op.drop_index(batch_op.f('ix_employer_province_code'))

    op.drop_table('employer')
    with op.batch_alter_table('vss_office', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vss_office_province_code'))

    op.drop_table('vss_office')
    op.drop_table('household')
    with op.batch_alter_table('facility', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_facility_province_code'))

    op.drop_table('facility')
    with op.batch_alter_table('collection_point', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_collection_point_province_code'))

    op.drop_table('collection_point')
    with op.batch_alter_table('ward', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ward_province_code'))

    op.drop_table('ward')
    op.drop_table('province')
    with op.batch_alter_table('legal_parameter', schema=None) as batch_op:
        batch_op.drop_index('ix_legal_parameter_name_valid_from')

    op.drop_table('legal_parameter')
    op.drop_table('legacy_province')
