"""Uploaded files live in the database: one per answer, replaced when re-uploaded, erased with their
rows, backed up with them, and served by any app host on the same database."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade
from PIL import Image
from sqlalchemy import func, select, text

from hiring.config import PROJECT_ROOT
from hiring.exercises.models import Answer, StoredFile
from hiring.extensions import db
from hiring.privacy.operations import erase_candidate
from tests.helpers import PASSWORD, CandidateBrowser, make_invitation

UNIQUE = "Zoë's zebra-striped launch idea 7f3a"


def _png(shade: int) -> bytes:
    image = io.BytesIO()
    Image.new("RGB", (24, 24), (shade, 90, 200)).save(image, "PNG")
    return image.getvalue()


def _files(invitation_id: int) -> int:
    db.session.commit()
    return db.session.scalar(select(func.count()).select_from(StoredFile).join(Answer)
                             .where(Answer.invitation_id == invitation_id))


def _folder_listing(app) -> list[str]:
    folder = Path(app.config["UPLOAD_FOLDER"])
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


@pytest.fixture()
def uploader(app, scene):
    invitation, token = make_invitation(scene.candidate, ("visual-brief",))
    candidate = CandidateBrowser(app.test_client(), token)
    assert candidate.start().status_code in (200, 302)
    return invitation, candidate


def test_a_replaced_upload_is_deleted_and_erasure_leaves_nothing_anywhere(app, scene, uploader):
    invitation, candidate = uploader
    before_on_disk = _folder_listing(app)
    for shade in range(6):
        assert candidate.upload("visual-brief", _png(40 * shade), f"design-{shade}.png").status_code == 200
    assert _files(invitation.id) == 1, "six uploads, one file: each replaced the one before"
    assert candidate.save("visual-brief", "rationale", UNIQUE).status_code == 200
    assert _folder_listing(app) == before_on_disk, "nothing is written to the upload folder"

    invitation_id = invitation.id
    erase_candidate(scene.admin, scene.candidate)
    db.session.commit()
    assert _files(invitation_id) == 0
    assert _folder_listing(app) == before_on_disk


def test_after_an_erasure_sqlite_keeps_the_text_in_neither_the_database_nor_its_log(app, scene, uploader):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's files")
    _invitation, candidate = uploader
    assert candidate.save("visual-brief", "rationale", UNIQUE).status_code == 200
    database = Path(db.engine.url.database)
    assert _sqlite_files_hold(database, UNIQUE)

    db.session.commit()
    erase_candidate(scene.admin, scene.candidate)
    db.session.commit()  # the erasure's commit checkpoints the log
    db.session.close()
    assert not _sqlite_files_hold(database, UNIQUE)


def _sqlite_files_hold(database: Path, text: str) -> bool:
    """Whether the database file or its write-ahead log holds `text`, read by another process:
    opening and closing the file here would drop this process's SQLite locks (POSIX locks belong
    to the process, not the descriptor)."""
    script = ("import sys; from pathlib import Path; db = Path(sys.argv[1]); wal = Path(str(db) + '-wal'); "
              "data = db.read_bytes() + (wal.read_bytes() if wal.exists() else b''); "
              "print(sys.argv[2].encode() in data)")
    done = subprocess.run([sys.executable, "-c", script, str(database), text], capture_output=True, text=True,
                          check=True, timeout=60)
    return done.stdout.strip() == "True"


#: Run by a second Python process: another app host with its own instance and upload folders.
SECOND_HOST = """
import hashlib, os, re, sys
from hiring import create_app
app = create_app({"TESTING": True, "SERVER_NAME": None, "RUBRICS_DIR": os.environ["RUBRICS_DIR"],
                  "EXERCISES_DIR": os.environ["EXERCISES_DIR"], "UPLOAD_FOLDER": os.environ["UPLOAD_FOLDER"]})
client = app.test_client()
csrf = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/login").text).group(1)
signed_in = client.post("/login", data={"email": sys.argv[1], "password": sys.argv[2], "csrf_token": csrf})
download = client.get(sys.argv[3])
print(signed_in.status_code, download.status_code, hashlib.sha256(download.data).hexdigest())
print(sorted(os.listdir(app.config["UPLOAD_FOLDER"])) if os.path.isdir(app.config["UPLOAD_FOLDER"]) else [])
"""


def test_a_second_app_host_with_its_own_instance_folder_serves_the_file(app, scene, tmp_path):
    """Two app hosts on one database, each its own process with its own instance and upload folder:
    a design the candidate uploaded through this one is downloaded through the other."""
    answer = next(a for a in scene.invitation.answers if a.file_name)
    expected = db.session.scalar(select(StoredFile.data).filter_by(answer_id=answer.id))
    db.session.commit()
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": app.config["SECRET_KEY"],
           "RUBRICS_DIR": app.config["RUBRICS_DIR"], "EXERCISES_DIR": app.config["EXERCISES_DIR"],
           "UPLOAD_FOLDER": str(tmp_path / "other-host" / "uploads"), "REDIS_URL": "", "HIRING_ENV": "development"}
    done = subprocess.run([sys.executable, "-c", SECOND_HOST, scene.interviewer.email, PASSWORD,
                           f"/reviews/{scene.invitation.id}/files/{answer.id}"],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    statuses, listing = done.stdout.strip().splitlines()[-2:]
    assert statuses.split() == ["302", "200", hashlib.sha256(expected).hexdigest()]
    assert listing == "[]", "the other host wrote nothing to its upload folder"


def test_the_migration_moves_files_from_the_upload_folder_into_the_database(app, scene):
    """An install from before: answers point at files in instance/uploads. Upgrading copies each
    file into the database and removes it from the folder."""
    answer = next(a for a in scene.invitation.answers if a.file_name)
    data = db.session.scalar(select(StoredFile.data).filter_by(answer_id=answer.id))
    answer_id, name = answer.id, answer.file_name
    db.session.commit()
    db.session.remove()
    migrations = app.config["MIGRATIONS_DIR"]
    folder = Path(app.config["UPLOAD_FOLDER"])
    downgrade(directory=migrations, revision="0010_identity_reveals")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    finally:
        upgrade(directory=migrations)
    moved = db.session.execute(text("SELECT data FROM stored_files WHERE answer_id = :a"), {"a": answer_id}).scalar()
    assert bytes(moved) == data
    assert not (folder / name).exists(), "the copy on disk would outlive an erasure"
