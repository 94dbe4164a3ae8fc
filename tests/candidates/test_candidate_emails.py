"""An opening's own emails to candidates (issue 14, point 3): templates per kind and language with
safe placeholders, a preview before saving and before sending, and every message kept on the
candidate's page, in their data export, and erased or anonymised with them."""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from hiring.audit.models import AuditEvent
from hiring.candidate_mail.models import EmailTemplate
from hiring.candidate_mail.placeholders import DEFAULTS, KINDS, fill, problems
from hiring.exercises.models import Invitation
from hiring.extensions import db
from hiring.outbox.models import OutboxMessage
from hiring.privacy.operations import anonymise_candidate, erase_candidate
from hiring.timeutil import utcnow
from tests.helpers import _committed, make_candidate, make_invitation

SPANISH_SUBJECT = "Sobre su candidatura a {{role}}"
SPANISH_BODY = ("Estimado/a {{candidate_name}}:\n\nGracias por su interés en {{role}}. Hemos elegido a otras "
                "personas para esta etapa.\n\nAtentamente,\nEl equipo de Nusantara")


def _edit(browser, opening, kind, language, subject, body, save="1"):
    url = f"/openings/{opening.id}/emails/{kind}/{language}"
    return browser.submit(url, {"subject": subject, "body": body, "save": save})


def _bulk(browser, opening, ids, action, **extra):
    data = {"action": action, "c": [str(i) for i in ids], **extra}
    return browser.post(f"/openings/{opening.id}/bulk", data, token_from=f"/openings/{opening.id}")


def _send(runner) -> None:
    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output


# --- the placeholders: plain names, nothing evaluated -----------------------------------------

def test_every_default_wording_is_a_valid_template_of_its_kind():
    for kind, (subject, body) in DEFAULTS.items():
        assert problems(kind, subject, body) == [], kind


@pytest.mark.parametrize("body, where", [
    ("Hello {{name}},\n{{link}}", "Line 1, column 7"),  # not a placeholder of this email
    ("Hi\n  {{ candidate_name.__class__ }} {{link}}", "Line 2, column 3"),  # an attribute: no expressions
    ("Hi {{candidate_name}\n{{link}}", "Line 1, column 4"),  # unfinished
    ("Hi {{candidate_name|upper}} {{link}}", "Line 1, column 4"),  # no filters
    ("Hi {{stage}} {{link}}", "Line 1, column 4"),  # a placeholder of another kind of email
])
def test_a_broken_or_unknown_placeholder_is_refused_naming_line_and_column(body, where):
    found = problems("invitation", "Your exercises", body)
    assert found and found[0].part == "body"
    message = found[0].message % found[0].values
    assert message.startswith(where), message


def test_the_invitation_needs_its_link_once_and_never_in_the_subject():
    assert [p.part for p in problems("invitation", "Exercises", "Hello, no link here.")] == ["body"]
    assert [p.part for p in problems("invitation", "Exercises", "{{link}} and {{link}}")] == ["body"]
    assert [p.part for p in problems("invitation", "Open {{link}}", "Open {{link}}")] == ["subject"]
    assert problems("rejection", "", "Hello") and problems("rejection", "A\nB", "Hello")


def test_values_are_inserted_as_typed_and_never_read_as_a_template():
    values = {"candidate_name": "{{role}} <b>Zoë</b> %(x)s {0}", "role": "Social Media Manager"}
    assert fill("Dear {{ candidate_name }}, {{role}}.", values) == (
        "Dear {{role}} <b>Zoë</b> %(x)s {0}, Social Media Manager.")


# --- editing, with a preview -----------------------------------------------------------------

def test_a_manager_writes_the_spanish_rejection_with_a_preview_and_candidates_get_it(browser, scene):
    ana = make_candidate(scene.opening, name="José <b>Martínez</b>", language="es")
    wang = make_candidate(scene.opening, name="王芳", language="zh")
    browser.login(scene.manager)
    index = html.unescape(browser.get(f"/openings/{scene.opening.id}/emails").text)
    assert "Emails to candidates" in index and index.count("<span class=\"badge\">the app's wording") == len(KINDS) * 5
    page = browser.get(f"/openings/{scene.opening.id}/emails/rejection/es").text
    assert "Hola, {{candidate_name}}:" in html.unescape(page)  # the app's wording, in Spanish, to start from
    preview = _edit(browser, scene.opening, "rejection", "es", SPANISH_SUBJECT, SPANISH_BODY, save="0")
    assert preview.status_code == 200
    # The preview fills in a Spanish-speaking candidate of the opening, escaped in the page.
    assert "Estimado/a José &lt;b&gt;Martínez&lt;/b&gt;:" in preview.text
    assert f"Sobre su candidatura a {scene.opening.title}" in html.unescape(preview.text)
    assert db.session.scalar(select(func.count()).select_from(EmailTemplate)) == 0, "a preview saves nothing"
    assert _edit(browser, scene.opening, "rejection", "es", SPANISH_SUBJECT, SPANISH_BODY).status_code == 302
    saved = db.session.scalar(select(EmailTemplate))
    assert (saved.kind, saved.language, saved.updated_by_id) == ("rejection", "es", scene.manager.id)
    event = db.session.scalar(select(AuditEvent).filter_by(action="email_template.save"))
    assert event.details == {"kind": "rejection", "language": "es"}
    assert "your wording" in browser.get(f"/openings/{scene.opening.id}/emails").text

    confirm = html.unescape(_bulk(browser, scene.opening, [ana.id, wang.id], "reject").text)
    assert "Estimado/a José <b>Martínez</b>:" in confirm  # the email as the first candidate will get it
    assert _bulk(browser, scene.opening, [ana.id, wang.id], "reject", confirmed="1",
                 comment="Another profile.").status_code == 302
    by_to = {m.to_address: m for m in db.session.scalars(select(OutboxMessage).filter_by(kind="rejection"))}
    assert by_to[ana.email].subject == f"Sobre su candidatura a {scene.opening.title}"
    assert by_to[ana.email].body.startswith("Estimado/a José <b>Martínez</b>:\n\nGracias por su interés")
    assert by_to[wang.email].body.startswith("王芳，您好")  # no Chinese wording written: the app's, in Chinese


def test_a_broken_template_is_shown_again_with_the_error_and_the_saved_one_is_kept(browser, scene):
    browser.login(scene.manager)
    assert _edit(browser, scene.opening, "rejection", "es", SPANISH_SUBJECT, SPANISH_BODY).status_code == 302
    broken = _edit(browser, scene.opening, "rejection", "es", SPANISH_SUBJECT, "Hola {{nombre}},\nAdiós")
    assert broken.status_code == 200
    text = html.unescape(broken.text)
    assert "Line 1, column 6: this email has no placeholder {{nombre}}. It can use: {{candidate_name}}, {{role}}." \
        in text
    assert "Hola {{nombre}}" in text  # what was typed is kept in the form
    assert db.session.scalar(select(EmailTemplate)).body.startswith("Estimado/a"), "the saved one stays"


def test_going_back_to_the_apps_wording(browser, scene):
    browser.login(scene.manager)
    _edit(browser, scene.opening, "next_step", "en", "Next: {{stage}}", "Hi {{candidate_name}}, see you at {{stage}}.")
    assert db.session.scalar(select(func.count()).select_from(EmailTemplate)) == 1
    browser.post(f"/openings/{scene.opening.id}/emails/next_step/en/reset", {},
                 token_from=f"/openings/{scene.opening.id}/emails/next_step/en")
    assert db.session.scalar(select(func.count()).select_from(EmailTemplate)) == 0
    assert db.session.scalar(select(AuditEvent).filter_by(action="email_template.reset")) is not None


def test_an_unknown_kind_or_language_is_not_found(browser, scene):
    browser.login(scene.manager)
    assert browser.get(f"/openings/{scene.opening.id}/emails/welcome/es").status_code == 404
    assert browser.get(f"/openings/{scene.opening.id}/emails/rejection/fr").status_code == 404


# --- sending: invitation, next step, bulk invitation -----------------------------------------

def test_the_invitation_uses_the_openings_wording_and_reaches_the_candidate_with_its_link(browser, scene, smtp,
                                                                                           runner):
    siti = make_candidate(scene.opening, name="Siti Rahmawati", language="id")
    browser.login(scene.manager)
    body = ("Halo {{candidate_name}},\n\nSilakan kerjakan tugas untuk {{role}} ({{minutes}} menit) sebelum "
            "{{deadline}}:\n\n{{link}}\n\nSalam, Tim Nusantara")
    assert _edit(browser, scene.opening, "invitation", "id", "Tugas {{role}}", body).status_code == 302
    form = browser.get(f"/candidates/{siti.id}/invite").text
    keys = re.findall(r'name="exercises"[^>]*value="([^"]+)"', form) or re.findall(
        r'value="([^"]+)"[^>]*name="exercises"', form)
    invited = browser.submit(f"/candidates/{siti.id}/invite", {
        "exercises": keys[:1], "stage": str(scene.opening.stages[0].id),
        "expires_on": (utcnow() + timedelta(days=5)).date().isoformat()})
    assert invited.status_code == 200
    link = re.search(r"http://localhost/i/[\w-]+", invited.text).group()
    queued = db.session.scalar(select(OutboxMessage).filter_by(candidate_id=siti.id))
    assert link not in queued.body and queued.secret is not None  # the link is sealed, not stored in clear
    _send(runner)
    (email,) = [m for m in smtp.inbox.messages if m["To"] == siti.email]
    assert email["Subject"] == f"Tugas {scene.opening.title}"
    content = email.get_content()
    assert content.startswith("Halo Siti Rahmawati,") and link in content and "Salam, Tim Nusantara" in content
    assert db.session.get(OutboxMessage, queued.id).secret is None  # erased once sent


def test_a_bulk_move_can_send_the_next_step_email_in_each_candidates_language(browser, scene):
    people = [make_candidate(scene.opening, name=n, language=lang)
              for n, lang in (("Priya Sharma", "hi"), ("Budi Santoso", "id"))]
    ids = [p.id for p in people]
    target = scene.opening.stages[2]  # a default stage: its name is translated into each language
    browser.login(scene.manager)
    confirm = html.unescape(_bulk(browser, scene.opening, ids, "move", stage=str(target.id)).text)
    assert "Email each candidate the next-step message" in confirm and "Priya Sharma" in confirm
    assert _bulk(browser, scene.opening, ids, "move", stage=str(target.id), confirmed="1",
                 email="1").status_code == 302
    messages = {m.to_address: m for m in db.session.scalars(select(OutboxMessage).filter_by(kind="next_step"))}
    assert set(messages) == {p.email for p in people}
    assert "Priya Sharma" in messages[people[0].email].body
    assert target.name not in messages[people[0].email].body  # the stage's name in Hindi, not English
    # Without the box ticked, a move sends nothing.
    _bulk(browser, scene.opening, ids, "move", stage=str(scene.opening.stages[1].id), confirmed="1")
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage).filter_by(kind="next_step")) == 2


def test_a_bulk_invitation_without_a_mail_server_shows_each_message_to_pass_on(browser, scene):
    fresh = [make_candidate(scene.opening, name=f"Person {i}") for i in range(2)]
    waiting = make_candidate(scene.opening, name="Already Invited")
    make_invitation(waiting)
    ids = [c.id for c in (*fresh, waiting)]
    browser.login(scene.manager)
    confirm = html.unescape(_bulk(browser, scene.opening, ids, "invite").text)
    assert "Invite 2 candidates" in confirm and "already has a link they can use" in confirm
    assert "[the personal link, made when you confirm]" in confirm
    done = _bulk(browser, scene.opening, ids, "invite", confirmed="1",
                 expires_on=(utcnow() + timedelta(days=4)).date().isoformat())
    assert done.status_code == 200  # no mail server: the links are on this page, once
    links = re.findall(r"http://localhost/i/[\w-]+", done.text)
    assert len(set(links)) == 2
    invitations = db.session.scalars(select(Invitation).where(Invitation.candidate_id.in_([c.id for c in fresh])))
    assert len(list(invitations)) == 2
    assert db.session.scalar(select(func.count()).select_from(Invitation).filter_by(candidate_id=waiting.id)) == 1
    for message in db.session.scalars(select(OutboxMessage).filter_by(kind="invitation")):
        assert not any(link in message.body for link in links) and message.secret is None


# --- kept with the candidate, and gone with them ----------------------------------------------

def _rejected(browser, scene, name="Lucía Fernández"):
    candidate = make_candidate(scene.opening, name=name, language="es")
    make_invitation(candidate)
    browser.login(scene.manager)
    _bulk(browser, scene.opening, [candidate.id], "reject", confirmed="1", comment="Another profile.")
    return candidate


def test_the_candidates_page_and_data_export_keep_every_email_without_the_link(browser, scene):
    candidate = _rejected(browser, scene)
    invited = browser.get(f"/candidates/{candidate.id}/invite")
    assert invited.status_code == 200
    page = html.unescape(browser.get(f"/candidates/{candidate.id}").text)
    assert f"Emails to {candidate.name}" in page and f"Su candidatura a {scene.opening.title}" in page
    archive = zipfile.ZipFile(io.BytesIO(browser.get(f"/candidates/{candidate.id}/data.zip").data))
    emails = json.loads(archive.read("data.json"))["emails"]
    assert [e["kind"] for e in emails] == ["rejection"]
    assert emails[0]["to"] == candidate.email and emails[0]["body"].startswith("Hola, Lucía Fernández:")
    browser.logout()
    browser.login(scene.interviewer)  # not a manager of the opening: no emails on the page
    assert "Su candidatura" not in html.unescape(browser.get(f"/candidates/{candidate.id}").text)


def test_emails_go_when_the_candidate_is_erased_or_anonymised(browser, scene):
    erased, anonymised = _rejected(browser, scene), _rejected(browser, scene, "Dewi Lestari")

    erased_id, anonymised_id = erased.id, anonymised.id

    def kept(candidate_id: int) -> int:
        return db.session.scalar(select(func.count()).select_from(OutboxMessage).filter_by(candidate_id=candidate_id))

    assert (kept(erased_id), kept(anonymised_id)) == (1, 1)
    _committed(erase_candidate)(scene.manager, erased)
    assert kept(erased_id) == 0 and kept(anonymised_id) == 1
    _committed(anonymise_candidate)(None, anonymised, retention_days=30, now=utcnow())
    assert kept(anonymised_id) == 0
    assert not db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                 .where(OutboxMessage.body.contains("Dewi") | OutboxMessage.body.contains("Lucía")))


def test_the_invite_page_previews_the_email_before_anything_is_made(browser, scene):
    dewi = make_candidate(scene.opening, name="Dewi <i>Lestari</i>", language="id")
    browser.login(scene.manager)
    page = browser.get(f"/candidates/{dewi.id}/invite")
    assert "Halo Dewi &lt;i&gt;Lestari&lt;/i&gt;," in page.text  # the app's wording, in Indonesian, escaped
    keys = re.findall(r'value="([a-z-]+)"[^>]*name="exercises"|name="exercises"[^>]*value="([a-z-]+)"', page.text)
    first = next(k for pair in keys for k in pair if k)
    day = (utcnow() + timedelta(days=3)).date()
    shown = browser.submit(f"/candidates/{dewi.id}/invite", {
        "exercises": [first], "stage": str(scene.opening.stages[0].id), "expires_on": day.isoformat(),
        "preview": "1"})
    assert shown.status_code == 200 and "[the personal link" not in shown.text  # in Indonesian, not English
    assert db.session.scalar(select(func.count()).select_from(Invitation).filter_by(candidate_id=dewi.id)) == 0
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage).filter_by(candidate_id=dewi.id)) == 0
    assert str(day.year) in shown.text


def test_a_bulk_rejection_reads_the_openings_templates_once_however_many_candidates(browser, scene):
    from sqlalchemy import event

    people = [make_candidate(scene.opening, name=f"Person {i}", language=("es", "zh", "hi", "id")[i % 4])
              for i in range(20)]
    browser.login(scene.manager)
    _edit(browser, scene.opening, "rejection", "es", SPANISH_SUBJECT, SPANISH_BODY)
    reads = []

    def count(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("SELECT") and "FROM email_templates" in statement:
            reads.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        done = _bulk(browser, scene.opening, [p.id for p in people], "reject", confirmed="1", comment="Filled.")
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert done.status_code == 302
    assert len(reads) == 1, f"{len(reads)} reads of the templates for 20 candidates"
    spanish = db.session.scalars(select(OutboxMessage).filter_by(kind="rejection")).all()
    assert sum(m.subject.startswith("Sobre su candidatura") for m in spanish) == 5
