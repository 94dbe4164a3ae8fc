"""invitation language: the language of an invitation's exercises, and the exercises as the candidate
reads them; aliases keep only their code ("K7QX"), pages say "Candidate K7QX" in the reader's language

Revision ID: 0016_invitation_language
Revises: 0015_user_language
Create Date: 2026-12-02 16:40:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016_invitation_language'
down_revision = '0015_user_language'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('invitations', sa.Column('language', sa.String(length=10), nullable=False, server_default='en'))
    op.add_column('invitations', sa.Column('exercises_shown', sa.JSON(), nullable=True))
    # Invitations made so far carry English exercises, whatever their candidate reads.
    op.execute("UPDATE invitations SET alias = substr(alias, 11) WHERE alias LIKE 'Candidate %'")


def downgrade():
    op.execute("UPDATE invitations SET alias = 'Candidate ' || alias")
    # Not a batch (copy-and-move) table rebuild: on SQLite, dropping the old table would cascade to
    # every answer. SQLite 3.35+ and PostgreSQL both drop a column in place.
    op.execute("ALTER TABLE invitations DROP COLUMN exercises_shown")
    op.execute("ALTER TABLE invitations DROP COLUMN language")
