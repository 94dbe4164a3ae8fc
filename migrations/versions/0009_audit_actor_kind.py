"""audit actor kind: who acted when it was not a signed-in user (command line, candidate, visitor)

Revision ID: 0009_audit_actor_kind
Revises: 0008_scores_version
Create Date: 2026-12-02 12:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_audit_actor_kind'
down_revision = '0008_scores_version'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actor_kind', sa.String(length=16), server_default='command_line',
                                      nullable=False))
    # Events with an actor were a user's; the others were recorded as the command line's.
    op.execute("UPDATE audit_events SET actor_kind = 'user' WHERE actor_id IS NOT NULL")


def downgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_column('actor_kind')
