"""The whole demo in one language, in real Chromium: a Chinese hiring team on desktops and a Hindi one
on phones (390 px), each with a candidate of theirs on a phone. The hiring manager opens the opening
and invites the candidate, the candidate does the exercises in their language and submits, the
interviewer reads the kit, the reviewer a submission, leadership compares and downloads the PDF.

Each page is checked for English a translator would have translated (the test-client walk's own
finder, on the page as the browser has it), and screenshots are kept (`STORY_SCREENSHOTS=<folder>`
keeps them after the run) for a person to look at: Hindi must be shaped, nothing may overflow.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect
from sqlalchemy import select

from hiring.candidates.models import Candidate
from hiring.config import PROJECT_ROOT
from hiring.demo import DEMO_PASSWORD
from hiring.extensions import db
from hiring.i18n import translations_for
from hiring.rubrics.translations import load_translation
from tests.browser.conftest import TIMEOUT_MS
from tests.browser.test_demo import load_the_demo
from tests.test_one_language_per_page import EnglishFinder, _data

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
STORIES = {
    # language: (browser locale, staff viewport, the demo candidate of that language)
    "zh": ("zh-CN", DESKTOP, "wang.fang@example.com"),
    "hi": ("hi-IN", PHONE, "priya.sharma@example.com"),
}
RUBRICS = PROJECT_ROOT / "rubrics"


class Story:
    """One language's walk: its catalogue, its finder, where screenshots go."""

    def __init__(self, language: str, folder: Path):
        self.language = language
        self.t = translations_for(language).gettext
        self.folder = folder
        self.problems: list[str] = []
        self.finder = EnglishFinder(language, _data())

    def rubric(self, path: str) -> str:
        return load_translation(RUBRICS, self.language, "social-media-manager").texts[path].text

    def exercise(self, key: str, path: str) -> str:
        return load_translation(RUBRICS / "exercises", self.language, key).texts[path].text

    def look(self, page: Page, name: str) -> None:
        """The page is in the story's language, has no English, fits its width; keep a screenshot."""
        page.wait_for_load_state()
        expect(page.locator("html")).to_have_attribute("lang", self.language)
        self.problems += self.finder.find_in(f"{name} ({page.url})", _content(page))
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{name}: the page is {overflow}px wider than the window"
        page.screenshot(path=str(self.folder / f"{self.language}-{name}.png"), full_page=True)


def _content(page: Page) -> str:
    """The page's HTML once it has settled (a click may still be navigating)."""
    for _attempt in range(3):
        try:
            return page.content()
        except PlaywrightError:
            page.wait_for_load_state()
    return page.content()


def _tab(chromium, live_server, locale: str, viewport: dict) -> Page:
    context = chromium.new_context(base_url=live_server, viewport=viewport, locale=locale)
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def _sign_in(page: Page, story: Story, email: str) -> None:
    page.goto("/login")
    story.look(page, "sign-in")
    page.get_by_label(story.t("Email")).fill(email)
    page.get_by_label(story.t("Password")).fill(DEMO_PASSWORD)
    page.get_by_role("button", name=story.t("Sign in")).click()
    expect(page.get_by_role("heading", name=story.t("Openings"), level=1)).to_be_visible()


@pytest.fixture()
def screenshots(tmp_path) -> Path:
    folder = Path(os.environ.get("STORY_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("language", list(STORIES))
def test_a_hiring_team_runs_the_whole_demo_in_its_language(chromium, live_server, screenshots, language, tmp_path):
    locale, viewport, candidate_email = STORIES[language]
    load_the_demo()
    story = Story(language, screenshots)
    t = story.t
    candidate = db.session.scalar(select(Candidate).filter_by(email=candidate_email))

    # The hiring manager opens the opening and invites the candidate to two exercises.
    manager = _tab(chromium, live_server, locale, viewport)
    _sign_in(manager, story, "manager@demo.hiring")
    story.look(manager, "openings")
    manager.goto(f"/openings/{candidate.opening_id}")
    story.look(manager, "opening")
    manager.goto(f"/candidates/{candidate.id}/invite")
    for key in ("launch-posts", "community-replies", "campaign-analysis", "visual-brief", "adaptability-scenarios",
                "quarter-plan"):
        box = manager.get_by_label(re.compile(re.escape(story.exercise(key, "title"))))
        if key in ("launch-posts", "campaign-analysis"):
            box.check()
        else:
            box.uncheck()
    story.look(manager, "invite")
    manager.get_by_role("button", name=t("Create the invitation")).click()
    expect(manager.get_by_role("heading", name=t("Invitation created"))).to_be_visible()
    story.look(manager, "invited")
    link = manager.locator("#invitation-link").input_value()

    # The candidate, on a phone, reads the exercises in their language, writes a post and submits.
    phone = _tab(chromium, live_server, locale, PHONE)
    phone.goto(link)
    expect(phone.get_by_text(story.exercise("launch-posts", "title"))).to_be_visible()
    story.look(phone, "candidate-welcome")
    phone.get_by_role("button", name=t("Start the exercises")).click()
    expect(phone.get_by_role("heading", name=story.exercise("launch-posts", "title"))).to_be_visible()
    expect(phone.get_by_text(story.exercise("launch-posts", "platforms.x.prompt"))).to_be_visible()
    post = {"zh": "周六带上空罐，新品燕麦格兰诺拉首次装填立减 20%！https://fillandco.example/granola",
            "hi": "शनिवार को अपना जार लाएँ — नई ग्रेनोला की पहली भराई पर 20% छूट! https://fillandco.example/granola"
            }[language]
    phone.locator("textarea[data-exercise='launch-posts'][data-item='x']").fill(post)
    story.look(phone, "candidate-work")
    phone.once("dialog", lambda dialog: dialog.accept())  # "Submit your answers?", in their language
    phone.get_by_role("button", name=t("Submit my answers")).click()
    expect(phone.get_by_role("button", name=t("Submit anyway"))).to_be_visible()
    story.look(phone, "candidate-submit-anyway")
    phone.get_by_role("button", name=t("Submit anyway")).click()
    expect(phone.get_by_role("heading", name=t("Thank you, your answers are submitted"), level=1)).to_be_visible()
    story.look(phone, "candidate-done")

    # The interviewer reads the interview kit and a scorecard in their language.
    interviewer = _tab(chromium, live_server, locale, viewport)
    _sign_in(interviewer, story, "interviewer@demo.hiring")
    interviewer.goto(f"/openings/{candidate.opening_id}/stages/{candidate.opening.stages[1].id}/kit")
    expect(interviewer.get_by_text(story.rubric("criteria.copywriting.anchors.3"))).to_be_visible()
    story.look(interviewer, "kit")
    interviewer.goto("/scorecards/")
    story.look(interviewer, "my-scorecards")

    # A reviewer opens the candidate's submission: the exercise as the candidate read it, the answer.
    interviewer.goto("/reviews/")
    story.look(interviewer, "review-queue")
    interviewer.get_by_role("row").filter(has_text=t("To do")).first.get_by_role("link").click()
    expect(interviewer.get_by_role("heading", name=t("Your review"))).to_be_visible()
    expect(interviewer.get_by_role("heading", name=story.exercise("launch-posts", "title"))).to_be_visible()
    expect(interviewer.get_by_text(post)).to_be_visible()
    story.look(interviewer, "review")

    # Leadership compares the shortlist and takes the PDF home.
    leader = _tab(chromium, live_server, locale, viewport)
    _sign_in(leader, story, "leader@demo.hiring")
    leader.goto(f"/openings/{candidate.opening_id}/shortlist")
    story.look(leader, "shortlist")
    leader.get_by_role("button", name=t("Compare selected")).click()
    radar = t("Radar chart of criterion means on a %(min)s–%(max)s scale: %(names)s").split("%(")[0]
    expect(leader.get_by_role("img", name=re.compile(re.escape(radar.strip())))).to_be_visible()
    story.look(leader, "compare")
    if shutil.which("pdftotext"):
        with leader.expect_download() as download:
            leader.get_by_role("link", name=t("Download PDF")).click()
        pdf = tmp_path / "comparison.pdf"
        download.value.save_as(pdf)
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "Methodology" not in text and "Candidate comparison" not in text
        if language == "hi":  # shaped Devanagari does not extract as typed (ligatures, reordered marks)
            assert len(re.findall(r"[\u0900-\u097f]", text)) > 500
        else:
            assert story.rubric("criteria.copywriting.name") in " ".join(text.split())
            assert t("Methodology") in text

    problems = list(dict.fromkeys(story.problems))
    assert not problems, f"English on {language} pages:\n" + "\n".join(problems)
