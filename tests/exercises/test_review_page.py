"""The reviewer's page for one submission: readable auto-graded rows, the design shown in the page,
and the way on to the next submission they owe."""

from __future__ import annotations

import html
import io
import re
from datetime import timedelta

import pikepdf
import pytest

from hiring.exercises import operations as exercise_ops
from hiring.exercises.analysis import expected_answer, generate_dataset
from hiring.exercises.schema import Question
from hiring.exercises.uploads import check_upload
from hiring.timeutil import utcnow
from tests.helpers import make_candidate, make_invitation, submitted_invitation


def _one_page_pdf() -> bytes:
    buffer = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(buffer)
    return buffer.getvalue()


def _submit_analysis(invitation, answers: dict[str, str]):
    now, grace = utcnow(), timedelta(seconds=60)
    exercise_ops.start(invitation, now, grace)
    exercise_ops.save_answers(invitation, [exercise_ops.AnswerInput("campaign-analysis", key, text)
                                           for key, text in answers.items()], now, grace)
    exercise_ops.submit(invitation, now, grace)


def _review(browser, invitation_id: int, *, submit: bool = True):
    revision = re.search(r'name="revision"[^>]*value="(\d+)"', browser.get(f"/reviews/{invitation_id}").text)[1]
    form = {"revision": revision, "recommendation": "yes", "summary": "", "rating_design": "3",
            "note_design": "Clear focal point.", ("submit" if submit else "save"): "y"}
    assert browser.submit(f"/reviews/{invitation_id}", form).status_code == 302
    return browser.get(f"/reviews/{invitation_id}").text


def _queue(browser) -> list[int]:
    return [int(i) for i in re.findall(r'href="/reviews/(\d+)"', browser.get("/reviews/").text)]


def _next_link(page: str) -> int | None:
    found = re.search(r'href="/reviews/(\d+)">Next submission', page)
    return int(found[1]) if found else None


def test_auto_graded_rows_read_as_the_exercise_file_names_them_not_by_internal_key(browser, scene):
    candidate = make_candidate(scene.opening, name="Dana Data")
    invitation, _ = make_invitation(candidate, ("campaign-analysis",))
    exercise = invitation.exercise("campaign-analysis")
    frame = generate_dataset(invitation.seed, exercise.dataset.platforms, exercise.dataset.posts_per_platform,
                             exercise.dataset.weeks)
    best = expected_answer(frame, "best_platform").value
    _submit_analysis(invitation, {"er-instagram": "4.2", "best-platform": best})
    browser.login(scene.interviewer)
    page = html.unescape(browser.get(f"/reviews/{invitation.id}").text)
    table = page[page.index("Auto-graded"):]
    assert '<td lang="en">Engagement rate, Instagram (%)</td>' in table  # as the candidate read it
    assert '<td lang="en">Network with the highest engagement rate</td>' in table
    assert not re.search(r"<td[^>]*>(er-instagram|best-platform|best-post)</td>", table)
    platform_name = {"instagram": "Instagram", "tiktok": "TikTok", "linkedin": "LinkedIn", "x": "X (Twitter)"}[best]
    assert re.search(rf'data-label="Expected">{re.escape(platform_name)}</td>', table)


def test_a_question_without_a_short_label_is_called_by_its_prompt():
    question = Question("reach-x", "What was the reach on X?", "best_platform")
    assert question.caption == "What was the reach on X?"
    assert Question("reach-x", "What was the reach on X?", "best_platform", label="Reach, X").caption == "Reach, X"


@pytest.fixture()
def queue_of_four(scene):
    """The scene's submission and three more, all of the visual brief, none reviewed yet."""
    for n in range(3):
        submitted_invitation(make_candidate(scene.opening, name=f"Queued Person {n}"))
    return scene


def test_after_submitting_a_review_the_reviewer_is_offered_the_next_one_they_owe(browser, queue_of_four):
    browser.login(queue_of_four.interviewer)
    order = _queue(browser)
    assert len(order) == 4
    first = browser.get(f"/reviews/{order[0]}").text
    assert "Next submission" not in first  # nothing is offered before the review is in

    assert _next_link(_review(browser, order[0])) == order[1]  # the queue's own order
    _review(browser, order[1], submit=False)  # a draft is still owed
    assert _next_link(_review(browser, order[2])) == order[3]
    assert _next_link(_review(browser, order[3])) == order[1]  # round again to the draft
    last = _review(browser, order[1])
    assert _next_link(last) is None
    assert "You have reviewed every submission in your queue." in last
    assert 'href="/reviews/">Back to the queue' in last


def test_the_design_is_shown_in_the_page_and_a_pdf_stays_a_download(app, browser, scene):
    browser.login(scene.interviewer)
    image = next(a for a in scene.invitation.answers if a.file_name)
    page = browser.get(f"/reviews/{scene.invitation.id}").text
    inline_url = f"/reviews/{scene.invitation.id}/files/{image.id}?inline=1"
    assert re.search(rf'<img src="{re.escape(inline_url)}" alt="[^"]+design for', page)
    shown = browser.get(inline_url)
    assert shown.headers["Content-Type"] == "image/png"
    assert shown.headers["Content-Disposition"].startswith("inline;")
    assert shown.headers["X-Content-Type-Options"] == "nosniff"

    candidate = make_candidate(scene.opening, name="Pat Pdf")
    invitation, _ = make_invitation(candidate, ("visual-brief",))
    now, grace = utcnow(), timedelta(seconds=60)
    exercise_ops.start(invitation, now, grace)
    exercise_ops.save_upload(invitation, "visual-brief", check_upload(_one_page_pdf()), now, grace)
    exercise_ops.submit(invitation, now, grace)
    pdf = next(a for a in invitation.answers if a.file_name)
    page = browser.get(f"/reviews/{invitation.id}").text
    assert "<img" not in page and "Download the PDF" in page
    asked_inline = browser.get(f"/reviews/{invitation.id}/files/{pdf.id}?inline=1")
    assert asked_inline.headers["Content-Type"] == "application/pdf"
    assert asked_inline.headers["Content-Disposition"].startswith("attachment;")

    browser.logout()
    browser.login(scene.outsider)  # a hiring manager, not on this opening's team
    assert browser.get(inline_url).status_code == 403
