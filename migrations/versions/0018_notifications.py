"""notifications: what the app tells each person (read or not), their email switches and time zone;
a due date for scorecards (openings.scorecard_due_days, scorecards.due_at)

Revision ID: 0018_notifications
Revises: 0017_candidate_search
Create Date: 2026-12-02 17:10:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018_notifications'
down_revision = '0017_candidate_search'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'notifications',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('params', sa.JSON(), nullable=False),
        sa.Column('path', sa.String(length=500), nullable=False),
        sa.Column('once', sa.String(length=100), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('read_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', 'once'),
    )
    op.create_index('ix_notifications_user_id_read_at', 'notifications', ['user_id', 'read_at'])
    op.add_column('users', sa.Column('email_off', sa.JSON(), nullable=True))
    op.add_column('users', sa.Column('time_zone', sa.String(length=64), nullable=True))
    op.add_column('openings', sa.Column('scorecard_due_days', sa.Integer(), nullable=True))
    op.add_column('scorecards', sa.Column('due_at', sa.DateTime(), nullable=True))


def downgrade():
    # In place, not batch table rebuilds (on SQLite those would cascade to the rows that belong to them).
    op.execute("ALTER TABLE scorecards DROP COLUMN due_at")
    op.execute("ALTER TABLE openings DROP COLUMN scorecard_due_days")
    op.execute("ALTER TABLE users DROP COLUMN time_zone")
    op.execute("ALTER TABLE users DROP COLUMN email_off")
    op.drop_index('ix_notifications_user_id_read_at', table_name='notifications')
    op.drop_table('notifications')
