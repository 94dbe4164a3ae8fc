"""calibration attempts and ratings; an opening's calibration setting and tolerance

Revision ID: 0024_calibration
Revises: 0023_debriefs
Create Date: 2026-12-03 14:00:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0024_calibration'
down_revision = '0023_debriefs'
branch_labels = None
depends_on = None


def upgrade():
    # Columns added in place (no batch rebuild of openings, which much else points at).
    op.add_column('openings', sa.Column('calibration_required', sa.Boolean(), nullable=False,
                                        server_default=sa.false()))
    op.add_column('openings', sa.Column('calibration_tolerance', sa.Float(), nullable=False,
                                        server_default='0.5'))
    op.create_table(
        'calibration_attempts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('opening_id', sa.Integer(), nullable=False),
        sa.Column('rater_id', sa.Integer(), nullable=False),
        sa.Column('set_key', sa.String(length=100), nullable=False),
        sa.Column('set_hash', sa.String(length=64), nullable=False),
        sa.Column('language', sa.String(length=5), nullable=False),
        sa.Column('tolerance', sa.Float(), nullable=False),
        sa.Column('submitted_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['opening_id'], ['openings.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['rater_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_calibration_attempts_opening_id', 'calibration_attempts', ['opening_id'])
    op.create_index('ix_calibration_attempts_rater_id', 'calibration_attempts', ['rater_id'])
    op.create_table(
        'calibration_ratings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('attempt_id', sa.Integer(), nullable=False),
        sa.Column('item', sa.String(length=100), nullable=False),
        sa.Column('criterion', sa.String(length=100), nullable=False),
        sa.Column('level', sa.Integer(), nullable=False),
        sa.Column('agreed', sa.Integer(), nullable=False),
        sa.Column('evidence', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['attempt_id'], ['calibration_attempts.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('attempt_id', 'item', 'criterion'),
    )


def downgrade():
    op.drop_table('calibration_ratings')
    op.drop_index('ix_calibration_attempts_rater_id', table_name='calibration_attempts')
    op.drop_index('ix_calibration_attempts_opening_id', table_name='calibration_attempts')
    op.drop_table('calibration_attempts')
    op.execute("ALTER TABLE openings DROP COLUMN calibration_tolerance")
    op.execute("ALTER TABLE openings DROP COLUMN calibration_required")
