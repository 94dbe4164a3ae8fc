"""Every staff page can be translated: no English on a page is left out of the catalogue.

Each GET page of the URL map is opened as every role (and the signed-out and error pages as a
visitor), in several states of one scene, with a catalogue that wraps every translated string in
⟦…⟧ (Flask-Babel's and the pure core's alike). What a person would read (text nodes, and the
attributes a screen reader or a tooltip shows) must then be marked, or be data from the database or
the rubric and exercise files (names, notes, answers stay as typed), or sit where HTML says "not to
be translated" (translate="no": codes, keys, paths), or be a Babel-formatted <time>, or be in
`ALLOWED` (empty) / `NOT_YET_MARKED` below. A new page or string that skips `_()` fails here, with
the page, the role and the text.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import flask_babel
import pytest
from babel.support import NullTranslations
from flask import current_app
from sqlalchemy import String, Text, select

import hiring.i18n
from hiring.exercises.markdown import render_markdown
from hiring.extensions import db
from hiring.i18n import LANGUAGES
from hiring.interviews.operations import assign
from hiring.shortlists.operations import add_to_shortlist, record_decision
from tests.auth.test_access import _url_args
from tests.helpers import Browser, Scene, _committed, make_candidate, make_opening, submit_scorecard

OPEN, CLOSE = "⟦", "⟧"

#: Words shown as they are in every language outside any marked string (a product or format name
#: standing alone). Empty: every page passes without one; keep it short.
ALLOWED: set[str] = set()

#: Known English not yet marked, each where it comes from. Empty: keep it so.
NOT_YET_MARKED: set[str] = set()

#: Routes that are not pages: files, JSON, redirects-only, and the candidate's pages (marked already).
SKIPPED_BLUEPRINTS = {"api", "take", "static"}


class MarkerTranslations(NullTranslations):
    """Every msgid comes back as ⟦msgid⟧ (plurals too), so marked text is visible on the page."""

    def gettext(self, message):
        return OPEN + message + CLOSE

    def ngettext(self, singular, plural, n):
        return OPEN + (singular if n == 1 else plural) + CLOSE

    def pgettext(self, context, message):
        return self.gettext(message)

    def npgettext(self, context, singular, plural, n):
        return self.ngettext(singular, plural, n)

    ugettext, ungettext, upgettext, unpgettext = gettext, ngettext, pgettext, npgettext


VISIBLE_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "data-label", "data-confirm"}


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class VisibleText(HTMLParser):
    """The text a person reads: text nodes outside <script>/<style>, and visible attributes.

    The text drawn in an <svg> (the radar chart's axis names and numbers) is left out; its accessible
    name is checked. A <time> is formatted by Babel for the page's locale, so it is left out. So is an element with
    translate="no" (HTML's own flag for "not to be translated": codes, keys, file names), with
    everything in it, and a <textarea> (what was typed)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._open: list[bool] = []  # per open element: whether its content is left out
        self._hidden = 0

    def handle_startendtag(self, tag, attrs):
        self._attributes(tag, attrs)

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return self._attributes(tag, attrs)
        self._attributes(tag, attrs)  # an <svg>'s own accessible name is read, its drawing is not
        skip = tag in ("script", "style", "textarea", "time", "svg") or dict(attrs).get("translate") == "no"
        self._open.append(skip)
        self._hidden += skip

    def _attributes(self, tag, attrs):
        if self._hidden or dict(attrs).get("translate") == "no":
            return
        for name, value in attrs:
            if value and (name in VISIBLE_ATTRIBUTES or (name == "value" and tag == "input"
                                                          and dict(attrs).get("type") in ("submit", "button"))):
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag not in VOID and self._open:
            self._hidden -= self._open.pop()

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.texts.append(data)


_MARKED = re.compile(OPEN + "[^" + OPEN + CLOSE + "]*" + CLOSE)  # innermost first
_LETTERS = re.compile(r"[^\W\d_]")


def unmarked(text: str, data: list[re.Pattern]) -> list[str]:
    """The pieces of `text` outside any ⟦…⟧ that hold letters and are neither data nor allowed."""
    while _MARKED.search(text):  # innermost first: a marked string may hold marked pieces
        text = _MARKED.sub(" ", text)
    for pattern in data:
        text = pattern.sub(" ", text)
    for known in NOT_YET_MARKED:
        text = text.replace(known, " ")
    pieces = []
    for piece in re.split(r"[\s·:;,.()\[\]/|–—\-+×=#%'\"“”‘’?!*…<>]+", text):
        if _LETTERS.search(piece) and piece not in ALLOWED:
            pieces.append(piece)
    return pieces


def _strings_in(value, found: set[str]) -> None:
    if isinstance(value, str):
        found.add(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            _strings_in(k, found)
            _strings_in(v, found)
    elif isinstance(value, list | tuple):
        for v in value:
            _strings_in(v, found)


def database_and_rubric_text() -> list[re.Pattern]:
    """Patterns for what people typed or loaded (names, notes, answers, rubric and exercise files):
    it stays as typed, in any language. Enum-like values (lower-case identifiers) are not data:
    a page must show their label."""
    found: set[str] = set()
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text) or c.type.__class__.__name__ == "JSON"]
        for row in db.session.execute(select(*columns)) if columns else ():
            for value in row:
                _strings_in(value, found)
    from ruamel.yaml import YAML

    for path in [*Path(current_app.config["RUBRICS_DIR"]).rglob("*.yaml")]:
        _strings_in(YAML(typ="safe").load(path.read_text(encoding="utf-8")), found)
    found.update(LANGUAGES.values())
    for value in list(found):  # exercise instructions are Markdown: their text as the page shows it
        if "\n" in value or "**" in value:
            parser = VisibleText()
            parser.feed(render_markdown(value))
            found.update(parser.texts)
    words = set()
    for value in found:
        for line in value.splitlines():
            line = line.strip()
            if len(line) >= 2 and not re.fullmatch(r"[a-z0-9_\-]+", line):
                words.add(line)
    return [re.compile(r"(?<!\w)" + re.escape(w) + r"(?!\w)") for w in sorted(words, key=len, reverse=True)]


def _pages(app, scene: Scene) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        blueprint = rule.endpoint.split(".")[0]
        if "GET" not in rule.methods or blueprint in SKIPPED_BLUEPRINTS or rule.endpoint == "main.favicon":
            continue
        args = _url_args(scene, rule.endpoint)
        urls.append(rule.build({k: v for k, v in args.items() if k in rule.arguments})[1])
    return sorted(set(urls))


@pytest.fixture()
def marked(monkeypatch):
    monkeypatch.setattr(flask_babel.Domain, "get_translations", lambda self: MarkerTranslations())
    monkeypatch.setattr(hiring.i18n, "translations_for", lambda locale: MarkerTranslations())  # the pure core's


def _problems(url: str, response, data) -> list[str]:
    if not response.content_type.startswith("text/html") or response.status_code in (301, 302, 303, 307, 308):
        return []
    html = response.text
    while _MARKED.search(html):  # a marked string may hold markup and data interpolated into it
        html = _MARKED.sub(" ", html)
    parser = VisibleText()
    parser.feed(html)
    return [f"{url}: {' '.join(pieces)!r} in {text.strip()[:160]!r}"
            for text in parser.texts if (pieces := unmarked(text, data))]


@_committed
def _more_states(scene: Scene) -> list[str]:
    """Pages in the states the scene does not show: a second candidate on the shortlist with a
    decision and a draft the interviewer owes, an opening with nobody yet, the edit form of a draft."""
    second = make_candidate(scene.opening, name="Budi Santoso")
    draft = assign(None, second, scene.opening.stages[1], scene.interviewer)
    for candidate in (scene.candidate, second):
        add_to_shortlist(None, candidate)
    record_decision(None, second, "hold", "Wait for the panel.")
    empty = make_opening(scene.manager, title="Community Lead")
    compare = f"/openings/{scene.opening.id}/compare?c={scene.candidate.id}&c={second.id}"
    return [f"/candidates/{second.id}", f"/scorecards/{draft.id}/edit", f"/openings/{empty.id}",
            f"/openings/{empty.id}/shortlist", compare, "/search?q=a", "/search?q=nobody-by-this-name",
            *_debriefs(scene)]


def _debriefs(scene: Scene) -> list[str]:
    """A debrief closed with a re-score (of the scene's candidate, so the comparison shows it), and
    one at the re-score stage (its forms), with the opening's list of debriefs."""
    from hiring.debriefs.operations import advance, open_debrief, rescore

    third = make_candidate(scene.opening, name="Siti Rahmawati")
    submit_scorecard(scene.interviewer, third, scene.opening.stages[2], {"copywriting": 2, "analytics": 4})
    submit_scorecard(scene.manager, third, scene.opening.stages[2], {"copywriting": 4, "analytics": 4})
    closed, open_one = open_debrief(None, scene.candidate), open_debrief(None, third)
    for debrief in (closed, open_one):
        for stage in ("revealed", "discussed", "rescore"):
            advance(None, debrief, stage)
    rescore(scene.interviewer, closed.ratings[0], 3, "Heard the panel's evidence.")
    advance(None, closed, "closed", recommendation="yes", summary="Advance to the final.")
    return [f"/debriefs/{closed.id}", f"/debriefs/{open_one.id}", f"/openings/{scene.opening.id}/debriefs"]


def test_every_staff_page_is_marked_for_translation(app, scene, marked):
    """As a visitor (sign-in, reset, error pages) and as each role: an admin, the opening's hiring
    manager, an interviewer who owes nothing, leadership, and a hiring manager from outside (403s)."""
    browser = Browser(app.test_client())
    problems: list[str] = []
    extra = _more_states(scene)
    data = database_and_rubric_text()
    for url in ("/login", "/reset-password", "/reset-password/not-a-token", "/openings/999999"):
        problems += _problems(url, browser.get(url), data)
    for role in ("admin", "manager", "interviewer", "leader", "outsider"):
        browser.login(getattr(scene, role))
        for url in [*_pages(app, scene), *extra]:
            response = browser.get(url)
            assert response.status_code in (200, 302, 403, 404), (role, url)
            problems += _problems(f"{url} ({role})", response, data)
        browser.logout()
    problems += _form_errors(browser, scene, data)
    problems = list(dict.fromkeys(problems))
    assert not problems, f"{len(problems)} unmarked texts:\n" + "\n".join(problems)


def _form_errors(browser: Browser, scene: Scene, data) -> list[str]:
    """Forms sent back with their errors (WTForms' own messages and ours)."""
    opening = scene.opening.id
    sent = {
        "/admin/users/new": {"email": "not an address", "password": "short"},
        "/openings/new": {"title": "", "stages": ""},
        f"/openings/{opening}/edit": {"title": "x" * 300, "stages": "A\nA", "retention_days": "0"},
        f"/openings/{opening}/weights": {"copywriting": "many"},
        f"/openings/{opening}/candidates/new": {"email": "", "type": "robot", "language": "fr", "stage": "x"},
        f"/openings/{opening}/candidates/import": {},
        f"/openings/{opening}/scores/import": {},
        f"/candidates/{scene.candidate.id}/invite": {"expires_on": "someday"},
        f"/openings/{opening}/team": {"user": "x"},
        "/profile": {"language": "fr"},
        "/rubrics/upload": {"file": (io.BytesIO(b"key: x\ntitle: [broken\n"), "broken.yaml")},
    }
    problems: list[str] = []
    browser.login(scene.admin)
    for url, form in sent.items():
        response = browser.submit(url, form)
        assert response.status_code in (200, 400), url
        problems += _problems(f"POST {url}", response, data)
    browser.logout()
    browser.login(scene.interviewer)
    url = f"/scorecards/{scene.scorecard.id}/edit"
    problems += _problems(f"POST {url}", browser.submit(url, {"rating_copywriting": "9", "submit": "1"}), data)
    browser.logout()
    return problems


def test_the_check_finds_unmarked_english(app):
    data: list[re.Pattern] = []
    assert unmarked("⟦Save⟧", data) == []
    assert unmarked("⟦Created %(name)s ⟦Admin⟧⟧ ·", data) == []
    assert unmarked("Save ⟦changes⟧", data) == ["Save"]
    assert unmarked("Ana Souza", [re.compile("Ana Souza")]) == []
    assert unmarked("3 · 4.5 %", data) == []


@pytest.mark.parametrize("language", sorted(set(LANGUAGES) - {"en"}))
def test_every_staff_page_opens_in_every_language(app, scene, language):
    """With the real catalogues (partly translated: the rest falls back to English), dates and
    numbers in the language's own format: no page breaks."""
    scene.admin.language = language
    db.session.commit()
    browser = Browser(app.test_client())
    browser.login(scene.admin)
    for url in _pages(app, scene):
        response = browser.get(url)
        assert response.status_code in (200, 302), url
        if response.content_type.startswith("text/html") and response.status_code == 200:
            assert f'<html lang="{language}">' in response.text, url
