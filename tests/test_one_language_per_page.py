"""A page in Chinese, Spanish, Hindi or Indonesian has no English on it that a translator would have
translated: no msgid of the catalogue shown as it is, no text of the rubric, the exercises or the run
sheets in its English words.

Every GET route of the URL map is opened as each role in each language with the real catalogues (the
test client, not a browser), and the candidate's pages for a candidate of that language. A msgid
whose translation is the same text (a product name, "%(when)s UTC") is what the language keeps: its
words must be on the glossary's "Keep in English" list (`hiring/translations/<lang>/glossary.md`).
Names, notes and answers stay as typed, so text that is in the database is not English to flag.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import String, Text, select

from hiring.config import PROJECT_ROOT
from hiring.exercises.schema import exercises_for
from hiring.extensions import db
from hiring.interviews.runsheets import runsheets_for
from hiring.rubrics.schema import load_rubric
from hiring.rubrics.translations import (
    CONTENT_LANGUAGES,
    EXERCISE_TEXTS,
    RUBRIC_TEXTS,
    RUNSHEET_TEXTS,
    load_translation,
    source_hash,
    texts,
)
from tests.helpers import Browser, CandidateBrowser, make_candidate, make_invitation
from tests.test_translatable_pages import VisibleText, _more_states, _pages

I18N = PROJECT_ROOT / "hiring" / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")


@cache
def kept_words(language: str) -> frozenset[str]:
    """The words of the glossary's "Keep in English" list, lower case."""
    glossary = (I18N / language / "glossary.md").read_text(encoding="utf-8")
    kept = glossary.split("## Keep in English", 1)[1]
    entries = re.findall(r"^- `([^`]+)`", kept, re.M)
    return frozenset(word.lower() for entry in entries for word in WORD.findall(entry))


@cache
def catalogue(language: str) -> dict[str, str]:
    with (I18N / language / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return {m.id: m.string for m in read_po(f) if isinstance(m.id, str) and m.id}


def _english(message: str) -> bool:
    return bool(WORD.search(PLACEHOLDER.sub("", message)))


@pytest.mark.parametrize("language", CONTENT_LANGUAGES)
def test_what_a_language_keeps_in_english_is_on_its_glossary_list(language):
    """A translation identical to its English must be a choice the glossary records, word by word."""
    kept = kept_words(language)
    unlisted = {msgid: words for msgid, msgstr in catalogue(language).items()
                if msgstr == msgid and _english(msgid)
                and (words := [w for w in WORD.findall(PLACEHOLDER.sub("", msgid)) if w.lower() not in kept])}
    assert not unlisted, f"add these words to the Keep in English list of {language}, or translate: {unlisted}"


class PageText(VisibleText):
    """The page's own words: an element marked as in another language (`lang`, HTML's flag, e.g. the
    exercises as a candidate read them, on a review page) is content, not the page's language."""

    def __init__(self, language: str):
        super().__init__()
        self.language = language

    def _marked(self, attrs):
        lang = dict(attrs).get("lang")
        return [*attrs, ("translate", "no")] if lang and lang != self.language else attrs

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, self._marked(attrs))

    def handle_startendtag(self, tag, attrs):
        super().handle_startendtag(tag, self._marked(attrs))


class EnglishFinder:
    """What on a page of `language` is English a translator would have translated."""

    def __init__(self, language: str, data: set[str]):
        # Data that is one of the app's own messages (a default stage name) is shown translated.
        self.language, self.data = language, data - set(catalogue(language))
        whole, inside = [], []
        for msgid, msgstr in catalogue(language).items():
            if msgstr == msgid or not _english(msgid):
                continue
            pieces = [re.escape(piece) for piece in PLACEHOLDER.split(msgid)]
            pattern = r"\s*.+?\s*".join(pieces)
            whole.append(pattern)
            if len(WORD.findall(PLACEHOLDER.sub("", msgid))) >= 4:  # a sentence: found anywhere
                inside.append(pattern)
        # The rubric's and the exercises' own words, where their translation says something else.
        rubric = load_rubric(PROJECT_ROOT / "rubrics" / "social-media-manager.yaml")
        exercises = exercises_for(PROJECT_ROOT / "rubrics" / "exercises", rubric)
        runsheets = runsheets_for(PROJECT_ROOT / "rubrics" / "runsheets", rubric.key)
        content = [(PROJECT_ROOT / "rubrics", rubric, RUBRIC_TEXTS),
                   *((PROJECT_ROOT / "rubrics" / "exercises", e, EXERCISE_TEXTS) for e in exercises),
                   *((PROJECT_ROOT / "rubrics" / "runsheets", sheet, RUNSHEET_TEXTS) for sheet in runsheets)]
        for folder, value, patterns in content:
            translation = load_translation(folder, language, value.key)
            assert translation is not None, f"no {language} translation of {value.key}"
            for path, english in texts(value.to_dict(), patterns).items():
                entry = translation.texts.get(path)
                assert entry is not None and entry.source == source_hash(english), (language, value.key, path)
                if entry.text != english and _english(english) and "\n" not in english:
                    (inside if len(english.split()) >= 3 else whole).append(re.escape(english))
        whole.sort(key=len, reverse=True)
        inside.sort(key=len, reverse=True)
        self.whole = re.compile("(?:" + "|".join(whole) + ")")
        self.inside = re.compile(r"(?<!\w)(?:" + "|".join(inside) + r")(?!\w)")

    def find(self, where: str, response) -> list[str]:
        if not response.content_type.startswith("text/html") or response.status_code >= 300:
            return []
        return self.find_in(where, response.text)

    def find_in(self, where: str, html: str) -> list[str]:
        parser = PageText(self.language)
        parser.feed(html)
        found = []
        for text in parser.texts:
            text = " ".join(text.split())
            if not text or text in self.data:
                continue
            if self.whole.fullmatch(text) or (match := self.inside.search(text)):
                shown = text if self.whole.fullmatch(text) else match.group(0)
                found.append(f"{where}: {shown[:120]!r}")
        return found


def _data() -> set[str]:
    """What people typed (names, notes, answers, titles): it stays as typed in any language."""
    found: set[str] = set()
    for table in db.metadata.sorted_tables:
        if table.name == "rubric_versions":
            continue
        columns = [c for c in table.columns if isinstance(c.type, String | Text)]
        for row in db.session.execute(select(*columns)) if columns else ():
            found.update(" ".join(value.split()) for value in row if isinstance(value, str))
    return found


@pytest.mark.parametrize("language", CONTENT_LANGUAGES)
def test_no_page_in_another_language_shows_english(app, scene, language):
    extra = _more_states(scene)
    for user in (scene.admin, scene.manager, scene.interviewer, scene.leader):
        user.language = language
    candidate = make_candidate(scene.opening, name="Lin Wen", language=language)
    keys = ("launch-posts", "community-replies", "campaign-analysis", "visual-brief", "adaptability-scenarios",
            "quarter-plan")
    invitation, token = make_invitation(candidate, keys)
    db.session.commit()
    finder = EnglishFinder(language, _data())
    problems: list[str] = []
    page = CandidateBrowser(app.test_client(), token)
    problems += finder.find("candidate's welcome page", page.get(""))
    page.start()
    problems += finder.find("candidate's exercise page", page.get("/work"))
    page.save("campaign-analysis", "er-instagram", "4.2")
    page.save("launch-posts", "x", "✓")
    problems += finder.find("candidate's submit question", page.submit())
    page.submit(confirm=True)
    problems += finder.find("candidate's done page", page.get("/done"))
    browser = Browser(app.test_client())
    for role in ("admin", "manager", "interviewer", "leader"):
        browser.login(getattr(scene, role))
        # The candidate's submission, reviewed: the exercises in their language, graded in the reader's.
        for url in [*_pages(app, scene), *extra, f"/reviews/{scene.invitation.id}", f"/reviews/{invitation.id}"]:
            problems += finder.find(f"{url} ({role})", browser.get(url))
        browser.logout()
    problems = list(dict.fromkeys(problems))
    assert not problems, f"{len(problems)} English texts on {language} pages:\n" + "\n".join(problems)
