"""rubric versions numbered per key, with their origin, author and change note; builder drafts

Revision ID: 0020_rubric_builder
Revises: 0019_email_templates
Create Date: 2026-12-03 08:20:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020_rubric_builder'
down_revision = '0019_email_templates'
branch_labels = None
depends_on = None


def upgrade():
    # Columns added in place, not by a batch table rebuild (on SQLite, dropping the old table would
    # cascade to, or be refused by, the openings and scorecards that point at its rows).
    op.add_column('rubric_versions', sa.Column('number', sa.Integer(), nullable=False, server_default='0'))
    op.add_column('rubric_versions', sa.Column('origin', sa.String(length=10), nullable=False,
                                               server_default='file'))
    # No foreign key: SQLite cannot drop a column that has one without rebuilding the table.
    op.add_column('rubric_versions', sa.Column('author_id', sa.Integer(), nullable=True))
    op.add_column('rubric_versions', sa.Column('note', sa.Text(), nullable=False, server_default=''))
    # Number the versions already stored, per key, in the order they were stored.
    op.execute("""
        UPDATE rubric_versions SET number = (
            SELECT COUNT(*) FROM rubric_versions AS earlier
            WHERE earlier.key = rubric_versions.key AND earlier.id <= rubric_versions.id)
    """)
    op.create_index('uq_rubric_versions_key_number', 'rubric_versions', ['key', 'number'], unique=True)
    op.create_table(
        'rubric_drafts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=100), nullable=True),
        sa.Column('base_version_id', sa.Integer(), nullable=True),
        sa.Column('fields', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['base_version_id'], ['rubric_versions.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )


def downgrade():
    op.drop_table('rubric_drafts')
    op.drop_index('uq_rubric_versions_key_number', table_name='rubric_versions')
    op.execute("ALTER TABLE rubric_versions DROP COLUMN note")
    op.execute("ALTER TABLE rubric_versions DROP COLUMN author_id")
    op.execute("ALTER TABLE rubric_versions DROP COLUMN origin")
    op.execute("ALTER TABLE rubric_versions DROP COLUMN number")
