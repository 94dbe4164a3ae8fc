"""user language: the language each user reads the app in (None follows the browser)

Revision ID: 0015_user_language
Revises: 0014_outbox
Create Date: 2026-12-02 13:30:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_user_language'
down_revision = '0014_outbox'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))


def downgrade():
    # In place, not a batch table rebuild: on SQLite, dropping the old users table would cascade to
    # the rows that belong to users (sessions, team places).
    op.execute("ALTER TABLE users DROP COLUMN language")
