"""candidate search: each candidate's name and email as searches read them (accents and case
folded), so any database can match them with LIKE

Revision ID: 0017_candidate_search
Revises: 0016_invitation_language
Create Date: 2026-12-02 17:00:00
"""
from alembic import op
import sqlalchemy as sa

from hiring.candidates.search import search_key


# revision identifiers, used by Alembic.
revision = '0017_candidate_search'
down_revision = '0016_invitation_language'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('candidates', sa.Column('search_text', sa.String(length=500), nullable=False, server_default=''))
    connection = op.get_bind()
    candidates = sa.table('candidates', sa.column('id', sa.Integer), sa.column('name', sa.String),
                          sa.column('email', sa.String), sa.column('search_text', sa.String))
    rows = connection.execute(sa.select(candidates.c.id, candidates.c.name, candidates.c.email)).all()
    if rows:  # one statement, executed for every row
        connection.execute(
            candidates.update().where(candidates.c.id == sa.bindparam('row_id'))
            .values(search_text=sa.bindparam('key')),
            [{'row_id': row.id, 'key': search_key(f"{row.name or ''} {row.email or ''}")[:500]} for row in rows])


def downgrade():
    # In place, not a batch table rebuild (on SQLite that would cascade to every candidate's rows).
    op.execute("ALTER TABLE candidates DROP COLUMN search_text")
