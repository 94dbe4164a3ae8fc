"""The candidate's side: links, the server clock, autosave, submitting once, uploads."""

from __future__ import annotations

import io
import threading
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from hiring.audit.models import AuditEvent
from hiring.exercises import storage
from hiring.exercises.models import Answer, Invitation
from hiring.exercises.operations import revoke
from hiring.extensions import db
from tests.helpers import CandidateBrowser, make_candidate, make_invitation


@pytest.fixture()
def taker(app, scene):
    invitation, token = make_invitation(scene.candidate, ("launch-posts", "visual-brief"))
    return invitation, CandidateBrowser(app.test_client(), token)


def _answer(invitation, exercise, item) -> str | None:
    db.session.expire_all()
    found = db.session.scalar(select(Answer).filter_by(invitation_id=invitation.id, exercise_key=exercise,
                                                       item_key=item))
    return found.text if found else None


def test_welcome_page_says_what_is_assessed_and_how_long(taker, scene):
    invitation, candidate = taker
    page = candidate.get()
    assert page.status_code == 200
    assert scene.candidate.name in page.text
    assert f"{invitation.time_limit_minutes} minutes" in page.text
    assert "Copywriting" in page.text and "Design" in page.text
    assert "Set-Cookie" not in page.headers, "candidates get no session cookie"
    assert page.headers["Referrer-Policy"] == "no-referrer"


def test_unknown_tampered_revoked_and_expired_links_are_refused_plainly(app, taker, scene):
    invitation, candidate = taker
    client = app.test_client()
    assert client.get("/i/not-a-real-token").status_code == 404
    tampered = client.get(f"/i/{candidate.token[:-2]}xx")
    assert tampered.status_code == 404 and scene.candidate.name not in tampered.text
    revoke(None, invitation)
    revoked = candidate.get()
    assert revoked.status_code == 410 and "withdrawn" in revoked.text
    assert scene.candidate.name not in revoked.text
    other, token = make_invitation(make_candidate(scene.opening, name="Expired Person"), days=7)
    other.expires_at = other.created_at - timedelta(days=1)
    db.session.commit()
    expired = CandidateBrowser(app.test_client(), token).get()
    assert expired.status_code == 410 and "expired" in expired.text and "Expired Person" not in expired.text


def test_answers_autosave_and_come_back_when_the_link_is_reopened(app, taker):
    invitation, candidate = taker
    assert candidate.start().status_code == 302
    saved = candidate.save("launch-posts", "x", "新品上市！Refill day https://example.com/launch",
                           active_seconds=40, largest_paste=12)
    assert saved.status_code == 200
    assert saved.json["measures"]["launch-posts/x"]["length"] > 0
    reopened = CandidateBrowser(app.test_client(), candidate.token).get("/work")
    assert "新品上市！Refill day https://example.com/launch" in reopened.text
    db.session.expire_all()
    assert invitation.started_at is not None
    assert invitation.deadline_at == invitation.started_at + timedelta(minutes=invitation.time_limit_minutes)


def test_the_page_token_is_required_and_belongs_to_one_invitation(app, taker, scene):
    invitation, candidate = taker
    candidate.start()
    _other_invitation, other_token = make_invitation(make_candidate(scene.opening, name="Other"))
    other = CandidateBrowser(app.test_client(), other_token)
    other.start()
    stolen = other.page_token()
    refused = candidate.save("launch-posts", "x", "written with someone else's token", page_token=stolen)
    assert refused.status_code == 400
    assert _answer(invitation, "launch-posts", "x") is None
    missing = app.test_client().post(f"/i/{candidate.token}/answers", json={"answers": []})
    assert missing.status_code == 400


def test_one_candidates_link_cannot_write_fields_that_are_not_theirs(taker):
    _invitation, candidate = taker
    candidate.start()
    assert candidate.save("community-replies", "refund-complaint", "not my exercise").status_code == 400
    assert candidate.save("launch-posts", "file", "a file slot takes no text").status_code == 400


def test_after_the_deadline_changes_are_refused_and_the_draft_is_kept(app, taker):
    invitation, candidate = taker
    candidate.start()
    candidate.save("launch-posts", "linkedin", "Draft written in time")
    db.session.expire_all()
    grace = timedelta(seconds=app.config["EXERCISE_GRACE_SECONDS"])
    invitation.deadline_at = invitation.deadline_at - timedelta(minutes=invitation.time_limit_minutes) - grace \
        - timedelta(seconds=1)
    db.session.commit()
    late = candidate.save("launch-posts", "linkedin", "Written after the deadline")
    assert late.status_code == 409
    assert "time for these exercises is over" in late.json["error"]
    assert _answer(invitation, "launch-posts", "linkedin") == "Draft written in time"
    assert candidate.submit().status_code == 409
    assert "Draft written in time" in candidate.get("/work").text


def test_two_simultaneous_final_submits_store_one_submission(app, taker):
    invitation, candidate = taker
    candidate.start()
    token = candidate.page_token()
    results = []

    def press_submit():
        with app.app_context():
            client = app.test_client()
            results.append(client.post(f"/i/{candidate.token}/submit",
                                       data={"page_token": token, "confirm": "1"}).status_code)

    db.session.commit()
    threads = [threading.Thread(target=press_submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.expire_all()
    assert sorted(results) == [303, 303], "both are sent on to the thank-you page"
    assert invitation.submitted_at is not None
    events = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "invitation.submit", AuditEvent.target_id == invitation.id))
    assert events == 1, "one submission, one audit event"
    assert candidate.save("launch-posts", "x", "after submitting").status_code == 409


def _slots(invitation) -> list[tuple[str, str, str]]:
    return [(e.key, item.key, item.kind) for e in invitation.exercise_list for item in e.items()]


def _submission_events(invitation) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "invitation.submit", AuditEvent.target_id == invitation.id))


def test_submitting_with_most_answers_empty_asks_first_then_lands_on_a_page_a_refresh_cannot_repost(taker):
    invitation, candidate = taker
    candidate.start()
    candidate.save("launch-posts", "x", "Refill Sunday is here")
    total = len(_slots(invitation))
    asked = candidate.submit()
    assert asked.status_code == 200
    assert f"1 of {total} answered — submit anyway?" in asked.text
    assert 'name="confirm" value="1"' in asked.text, "a real button: works without JavaScript"
    db.session.expire_all()
    assert invitation.submitted_at is None, "nothing is submitted until the candidate confirms"
    assert "Refill Sunday is here" in candidate.get("/work").text, "they can go back and keep writing"

    confirmed = candidate.submit(confirm=True)
    assert confirmed.status_code == 303
    assert confirmed.headers["Location"].endswith(f"/i/{candidate.token}/done")
    db.session.expire_all()
    assert invitation.submitted_at is not None
    done = candidate.get("/done")
    assert done.status_code == 200 and "your answers are submitted" in done.text
    assert candidate.get("/done").status_code == 200, "a refresh is a plain GET"
    assert _submission_events(invitation) == 1


def test_the_question_is_asked_in_the_candidates_language(app, scene):
    invitation, token = make_invitation(make_candidate(scene.opening, name="Lucía", language="es"))
    candidate = CandidateBrowser(app.test_client(), token)
    candidate.start()
    asked = candidate.submit()
    assert f"0 de {len(_slots(invitation))} respondidas: ¿enviar de todos modos?" in asked.text
    assert "Enviar de todos modos" in asked.text


def test_a_fully_answered_submit_goes_straight_through(app, scene):
    invitation, token = make_invitation(scene.candidate, ("launch-posts",))
    candidate = CandidateBrowser(app.test_client(), token)
    candidate.start()
    for exercise, item, _kind in _slots(invitation):
        assert candidate.save(exercise, item, f"My answer for {item}").status_code == 200
    response = candidate.submit()
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/i/{token}/done")
    db.session.expire_all()
    assert invitation.submitted_at is not None


def test_the_done_page_before_submitting_sends_the_candidate_back_to_work(taker):
    invitation, candidate = taker
    candidate.start()
    assert candidate.get("/done").status_code == 302
    db.session.expire_all()
    assert invitation.submitted_at is None


def _png(width=40, height=30) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825), "the test file really has GPS"
    return data


def test_uploads_are_checked_by_content_and_stored_without_metadata(app, taker):
    invitation, candidate = taker
    candidate.start()
    refused = {
        "a PNG called .pdf": None,
        "svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "html": b"<!doctype html><html><body>hi</body></html>",
        "oversized": b"\x89PNG\r\n\x1a\n" + b"0" * (11 * 2**20),
    }
    for name, data in refused.items():
        if data is None:
            continue
        response = candidate.upload("visual-brief", data, f"{name}.png")
        assert response.status_code in (413, 422), name
    lying = candidate.upload("visual-brief", _png(), "design.pdf")
    assert lying.status_code == 200 and lying.json["kind"] == "png", "the content decides, not the name"
    accepted = candidate.upload("visual-brief", _jpeg_with_gps(), "holiday.jpg")
    assert accepted.status_code == 200 and accepted.json["kind"] == "jpeg"
    db.session.expire_all()
    answer = db.session.scalar(select(Answer).filter_by(invitation_id=invitation.id, item_key="file"))
    assert "holiday" not in answer.file_name
    stored = storage.read(answer)
    image = Image.open(io.BytesIO(stored))
    assert not image.getexif(), "no EXIF at all, so no GPS"
    assert b"PhoneMaker" not in stored and b"Exif" not in stored


def test_an_image_declaring_huge_dimensions_is_refused(taker):
    import struct
    import zlib

    _invitation, candidate = taker
    candidate.start()
    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    bomb = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    response = candidate.upload("visual-brief", bomb + b"\x00" * 64, "small.png")
    assert response.status_code == 422
    assert "pixels" in response.json["error"]


def test_candidate_pages_speak_the_candidates_language(app, scene):
    person = make_candidate(scene.opening, name="王芳", language="zh")
    _invitation, token = make_invitation(person)
    page = CandidateBrowser(app.test_client(), token).get()
    assert page.status_code == 200
    assert 'lang="zh"' in page.text
    assert Invitation  # imported for type clarity
