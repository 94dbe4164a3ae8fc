"""stored files: uploaded files move from the instance folder into the database

Revision ID: 0011_stored_files
Revises: 0010_identity_reveals
Create Date: 2026-12-02 13:00:00

Each answer's file becomes a row of `stored_files`, deleted with its answer. Files found in the
upload folder (UPLOAD_FOLDER, by default instance/uploads) are copied in and then removed from the
folder; a file the folder no longer has leaves its answer without a file, as it already was.
"""
import re
from datetime import datetime, timezone
from pathlib import Path

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_stored_files'
down_revision = '0010_identity_reveals'
branch_labels = None
depends_on = None

STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(png|jpg|pdf)$")


def _upload_folder() -> Path | None:
    try:
        from flask import current_app
        return Path(current_app.config["UPLOAD_FOLDER"])
    except (ImportError, RuntimeError, KeyError):
        return None


def upgrade():
    stored_files = op.create_table(
        'stored_files',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('answer_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['answer_id'], ['answers.id'], name=op.f('fk_stored_files_answer_id_answers'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_stored_files')),
        sa.UniqueConstraint('answer_id', name=op.f('uq_stored_files_answer_id')),
    )
    folder = _upload_folder()
    if folder is None or not folder.is_dir():
        return
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        "SELECT id, file_name, file_kind FROM answers WHERE file_name IS NOT NULL")).all()
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    moved = []
    for answer_id, name, kind in rows:
        path = folder / name
        if not STORED_NAME.match(name) or not path.is_file():
            continue
        data = path.read_bytes()
        connection.execute(stored_files.insert().values(answer_id=answer_id, kind=kind or name.rsplit(".", 1)[1],
                                                        size=len(data), data=data, created_at=now))
        moved.append(path)
    # Every file is in the database now; the copies on disk would outlive an erasure.
    for path in moved:
        path.unlink(missing_ok=True)


def downgrade():
    op.drop_table('stored_files')
