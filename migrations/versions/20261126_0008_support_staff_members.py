"""support and news staff screens join the staff console: petitions point at staff members

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 21:00:00

Until now citizen accounts listed in VSSID_STAFF_MA_SO acted as support staff (a temporary
rule, development and tests only). Agents are staff members now:
- petition.assignee_id points at staff_member instead of account. Assignments made under the
  temporary rule name no staff member and are cleared (the request goes back to "unassigned").
- petition_message gets staff_member_id for an agent's answer; author_account_id becomes
  optional (a citizen's messages keep it). Answers written under the temporary rule keep their
  account id, which the check constraint still accepts for author = 'staff'.
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE petition SET assignee_id = NULL")
    with op.batch_alter_table('petition', schema=None) as batch_op:
        batch_op.drop_constraint('fk_petition_assignee_id_account', type_='foreignkey')
        batch_op.create_foreign_key(op.f('fk_petition_assignee_id_staff_member'), 'staff_member',
                                    ['assignee_id'], ['id'])

    with op.batch_alter_table('petition_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('staff_member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'),
                                      nullable=True))
        batch_op.alter_column('author_account_id', existing_type=sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True)
        batch_op.create_foreign_key(op.f('fk_petition_message_staff_member_id_staff_member'), 'staff_member',
                                    ['staff_member_id'], ['id'])
        batch_op.create_check_constraint(
            op.f('ck_petition_message_citizen_author'), "author = 'staff' OR (author_account_id IS NOT NULL AND staff_member_id IS NULL)")
        batch_op.create_check_constraint(
            op.f('ck_petition_message_staff_author'), "author = 'citizen' OR staff_member_id IS NOT NULL OR author_account_id IS NOT NULL")


def downgrade():
    op.execute("DELETE FROM petition_message WHERE author_account_id IS NULL")
    with op.batch_alter_table('petition_message', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_petition_message_staff_author'), type_='check')
        batch_op.drop_constraint(op.f('ck_petition_message_citizen_author'), type_='check')
        batch_op.drop_constraint(op.f('fk_petition_message_staff_member_id_staff_member'), type_='foreignkey')
        batch_op.alter_column('author_account_id', existing_type=sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False)
        batch_op.drop_column('staff_member_id')

    op.execute("UPDATE petition SET assignee_id = NULL")
    with op.batch_alter_table('petition', schema=None) as batch_op:
        batch_op.drop_constraint('fk_petition_assignee_id_staff_member', type_='foreignkey')
        batch_op.create_foreign_key(op.f('fk_petition_assignee_id_account'), 'account', ['assignee_id'], ['id'])
