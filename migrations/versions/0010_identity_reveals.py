"""identity reveals: a reviewer's explicit, audited end of blind review for one submission

Revision ID: 0010_identity_reveals
Revises: 0009_audit_actor_kind
Create Date: 2026-12-02 13:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_identity_reveals'
down_revision = '0009_audit_actor_kind'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'identity_reveals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('invitation_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('revealed_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'],
                                name=op.f('fk_identity_reveals_invitation_id_invitations'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_identity_reveals_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_identity_reveals')),
        sa.UniqueConstraint('invitation_id', 'user_id', name=op.f('uq_identity_reveals_invitation_id_user_id')),
    )
    with op.batch_alter_table('identity_reveals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_identity_reveals_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('identity_reveals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_identity_reveals_user_id'))
    op.drop_table('identity_reveals')
