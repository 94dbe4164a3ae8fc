"""structured debriefs: a debrief per candidate, its frozen independent ratings and their re-scores

Revision ID: 0023_debriefs
Revises: 0022_content_translations
Create Date: 2026-12-03 13:45:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023_debriefs'
down_revision = '0022_content_translations'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'debriefs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('candidate_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.Enum('locked', 'revealed', 'discussed', 'rescore', 'closed', name='debriefstatus',
                                    native_enum=False, create_constraint=True, length=32), nullable=False),
        sa.Column('opened_by_id', sa.Integer(), nullable=True),
        sa.Column('opened_at', sa.DateTime(), nullable=False),
        sa.Column('closed_at', sa.DateTime(), nullable=True),
        sa.Column('suggested_order', sa.JSON(), nullable=False),
        sa.Column('speaking_order', sa.JSON(), nullable=False),
        sa.Column('recommendations', sa.JSON(), nullable=False),
        sa.Column('notes', sa.JSON(), nullable=False),
        sa.Column('recommendation', sa.Enum('strong_no', 'no', 'yes', 'strong_yes', name='recommendation',
                                            native_enum=False, create_constraint=True, length=32), nullable=True),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['opened_by_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('candidate_id'),
    )
    op.create_table(
        'debrief_ratings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('debrief_id', sa.Integer(), nullable=False),
        sa.Column('scorecard_id', sa.Integer(), nullable=True),
        sa.Column('rater_id', sa.Integer(), nullable=True),
        sa.Column('rater_role', sa.String(length=32), nullable=False),
        sa.Column('stage', sa.String(length=100), nullable=False),
        sa.Column('criterion', sa.String(length=100), nullable=False),
        sa.Column('value', sa.Integer(), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('rescored_value', sa.Integer(), nullable=True),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('rescored_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['debrief_id'], ['debriefs.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['rater_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_debrief_ratings_debrief_id', 'debrief_ratings', ['debrief_id'])


def downgrade():
    op.drop_index('ix_debrief_ratings_debrief_id', table_name='debrief_ratings')
    op.drop_table('debrief_ratings')
    op.drop_table('debriefs')
