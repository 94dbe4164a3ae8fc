"""UPLOAD_STORAGE=s3: uploads in S3-compatible object storage (here moto's S3 server, over HTTP).

The row in `stored_files` keeps the object's key; objects of replaced and erased files are deleted
once the transaction commits, and an object written for an upload that rolls back is deleted too.
"""

from __future__ import annotations

import io
import socket

import pytest
from PIL import Image
from sqlalchemy import select

from hiring import create_app
from hiring.exercises import storage
from hiring.exercises.models import Answer, StoredFile
from hiring.exercises.uploads import check_upload
from hiring.extensions import db
from hiring.privacy.operations import erase_candidate
from tests.helpers import PASSWORD, CandidateBrowser, make_invitation

BUCKET = "hiring-uploads"


def _png(shade: int) -> bytes:
    image = io.BytesIO()
    Image.new("RGB", (20, 20), (shade, 10, 120)).save(image, "PNG")
    return image.getvalue()


@pytest.fixture()
def s3(monkeypatch):
    boto3 = pytest.importorskip("boto3")
    server_module = pytest.importorskip("moto.server")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    for name, value in {"AWS_ACCESS_KEY_ID": "test-key", "AWS_SECRET_ACCESS_KEY": "test-secret",
                        "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(name, value)
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    try:
        yield endpoint, client
    finally:
        server.stop()


@pytest.fixture()
def s3_app(app, s3, tmp_path):
    endpoint, _client = s3
    other = create_app({"TESTING": True, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
                        "SECRET_KEY": app.config["SECRET_KEY"], "RUBRICS_DIR": app.config["RUBRICS_DIR"],
                        "EXERCISES_DIR": app.config["EXERCISES_DIR"], "SERVER_NAME": None,
                        "UPLOAD_FOLDER": str(tmp_path / "uploads"), "UPLOAD_STORAGE": "s3",
                        "S3_BUCKET": BUCKET, "S3_ENDPOINT_URL": endpoint, "S3_REGION": "us-east-1"})
    other.test_client_class = app.test_client_class
    return other


def _objects(client) -> list[str]:
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_uploads_go_to_the_bucket_replaced_and_erased_objects_are_deleted(app, scene, s3, s3_app):
    _endpoint, client = s3
    invitation, token = make_invitation(scene.candidate, ("visual-brief",))
    candidate = CandidateBrowser(s3_app.test_client(), token)
    candidate.start()
    for shade in (10, 90, 170):
        assert candidate.upload("visual-brief", _png(shade), "design.png").status_code == 200
    (key,) = _objects(client)
    db.session.commit()
    row = db.session.scalar(select(StoredFile).join(Answer).where(Answer.invitation_id == invitation.id))
    assert (row.object_key, row.data) == (key, None), "the row keeps the key, the bucket the bytes"

    with s3_app.app_context():
        reviewer = s3_app.test_client()
        page = reviewer.get("/login").text
        csrf = page.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
        assert reviewer.post("/login", data={"email": scene.interviewer.email, "password": PASSWORD,
                                             "csrf_token": csrf}).status_code == 302
        assert candidate.submit(confirm=True).status_code == 303
        download = reviewer.get(f"/reviews/{invitation.id}/files/{row.answer_id}")
        assert download.status_code == 200
        assert download.data == client.get_object(Bucket=BUCKET, Key=key)["Body"].read()

        erase_candidate(scene.admin, db.session.get(type(scene.candidate), scene.candidate.id))
        db.session.commit()
    assert _objects(client) == [], "the erasure deleted the object once it committed"


def test_an_upload_that_rolls_back_leaves_no_object(app, scene, s3, s3_app):
    _endpoint, client = s3
    with s3_app.app_context():
        answer = db.session.scalar(select(Answer).where(Answer.invitation_id == scene.invitation.id,
                                                        Answer.item_key == "file"))
        before = _objects(client)
        storage.put(answer, check_upload(_png(200)))
        assert len(_objects(client)) == len(before) + 1
        db.session.rollback()
    assert _objects(client) == before
