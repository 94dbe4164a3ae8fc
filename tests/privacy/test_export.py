"""A candidate's data export on request: a ZIP with everything stored about them and their files."""

from __future__ import annotations

import io
import json
import zipfile

from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.extensions import db
from tests.privacy.conftest import COMMENT, EMAIL, EVIDENCE, NAME, NOTES


def _check_archive(data: bytes, person) -> dict:
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    exported = json.loads(archive.read("data.json").decode("utf-8"))
    c = exported["candidate"]
    assert (c["id"], c["name"], c["email"], c["phone"], c["notes"]) == (
        person.candidate.id, NAME, EMAIL, "+62 812 5555", NOTES)
    assert (c["source"], c["type"], c["language"]) == ("Meetup", "freelancer", "id")
    assert c["opening"]["title"] == "Social Media Manager"
    ratings = {(s["stage"], r["criterion"]): (r["value"], r["note"]) for s in exported["scorecards"]
               for r in s["ratings"]}
    assert ratings[("Work sample", "copywriting")] == (5, EVIDENCE)
    assert ratings[("Screen", "copywriting")] == (4, "Saw it in the interview.")
    [invitation] = exported["invitations"]
    answers = {a["item"]: a for a in invitation["answers"]}
    assert answers["rationale"]["text"] == "Green for trust."
    upload = next(a for a in invitation["answers"] if a["file"])
    assert archive.read(upload["file"]) == person.file_path.read_bytes()
    assert upload["file"] == f"files/{person.file_path.name}"
    assert [(d["decision"], d["comment"]) for d in exported["decisions"]] == [("advance", COMMENT)]
    assert exported["shortlist"]["shortlisted"] is True
    assert "decision.record" in {h["action"] for h in exported["history"]}
    # Other people's data stays out: the other candidate, and the staff's names and emails.
    text = archive.read("data.json").decode("utf-8")
    assert "Other Person" not in text and "other@example.org" not in text
    assert person.candidate.opening.team[0].user.email not in text
    return exported


def test_manager_downloads_a_candidates_data(browser, scene, person):
    browser.login(scene.manager)
    page = browser.get(f"/candidates/{person.candidate.id}")
    assert f'href="/candidates/{person.candidate.id}/data.zip"' in page.text
    response = browser.get(f"/candidates/{person.candidate.id}/data.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == f'attachment; filename="candidate-{person.candidate.id}-data.zip"'
    assert "no-store" in response.headers["Cache-Control"]
    _check_archive(response.data, person)
    event = db.session.scalar(select(AuditEvent).filter_by(action="candidate.export_data"))
    assert (event.actor_id, event.target_type, event.target_id) == (scene.manager.id, "Candidate", person.candidate.id)
    assert event.details["files"] == 1


def test_leadership_cannot_download_a_candidates_data(browser, scene, person):
    browser.login(scene.leader)
    assert browser.get(f"/candidates/{person.candidate.id}/data.zip").status_code == 403
    assert db.session.scalar(select(AuditEvent).filter_by(action="candidate.export_data")) is None


def test_export_data_from_the_command_line(runner, tmp_path, person):
    out = tmp_path / "zoe.zip"
    result = runner.invoke(args=["candidates", "export-data", str(person.candidate.id), "--out", str(out)])
    assert result.exit_code == 0, result.output
    _check_archive(out.read_bytes(), person)
    assert db.session.scalar(select(AuditEvent).filter_by(action="candidate.export_data")).actor_id is None
    assert runner.invoke(args=["candidates", "export-data", "999999", "--out", str(out)]).exit_code == 1


def test_export_says_when_an_uploaded_file_is_missing(browser, scene, person):
    person.file_path.unlink()
    browser.login(scene.admin)
    archive = zipfile.ZipFile(io.BytesIO(browser.get(f"/candidates/{person.candidate.id}/data.zip").data))
    exported = json.loads(archive.read("data.json"))
    upload = next(a for a in exported["invitations"][0]["answers"] if a["file_kind"])
    assert upload["file"] is None and upload["file_missing"] is True
    assert not [n for n in archive.namelist() if n.startswith("files/")]
