"""exercise versions numbered per key (from files, the builder or uploads) and exercise builder drafts

Revision ID: 0021_exercise_versions
Revises: 0020_rubric_builder
Create Date: 2026-12-03 13:40:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021_exercise_versions'
down_revision = '0020_rubric_builder'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'exercise_versions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=100), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('content_hash', sa.String(length=64), nullable=False),
        sa.Column('rubric_key', sa.String(length=100), nullable=False),
        sa.Column('type', sa.String(length=20), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('source_text', sa.Text(), nullable=False),
        sa.Column('origin', sa.String(length=10), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('note', sa.Text(), nullable=False, server_default=''),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('key', 'content_hash', name='uq_exercise_versions_key_content_hash'),
    )
    op.create_index('ix_exercise_versions_key', 'exercise_versions', ['key'])
    op.create_index('ix_exercise_versions_rubric_key', 'exercise_versions', ['rubric_key'])
    op.create_index('uq_exercise_versions_key_number', 'exercise_versions', ['key', 'number'], unique=True)
    op.create_table(
        'exercise_drafts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=100), nullable=True),
        sa.Column('base_version_id', sa.Integer(), nullable=True),
        sa.Column('fields', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['base_version_id'], ['exercise_versions.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )


def downgrade():
    op.drop_table('exercise_drafts')
    op.drop_index('uq_exercise_versions_key_number', table_name='exercise_versions')
    op.drop_index('ix_exercise_versions_rubric_key', table_name='exercise_versions')
    op.drop_index('ix_exercise_versions_key', table_name='exercise_versions')
    op.drop_table('exercise_versions')
