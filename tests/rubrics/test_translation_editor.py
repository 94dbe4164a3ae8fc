"""Translations in the browser (issue 15, point 1, with issue 10): a rubric's texts translated on a
page, kept in the database and shown before the translation file and borrowed translations, as long
as their English is unchanged; saved by those who may edit the rubric, audited, downloadable as a
translation file `rubrics check` accepts."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import event, select

from hiring.audit.models import AuditEvent
from hiring.auth.models import Role
from hiring.extensions import db
from hiring.interviews.operations import assign
from hiring.openings.operations import add_team_member, create_opening
from hiring.rubrics.language import rubric_in
from hiring.rubrics.models import ContentTranslation
from hiring.rubrics.schema import Rubric, load_rubric
from hiring.rubrics.store import latest_version, save_version
from hiring.rubrics.translations import (
    RUBRIC_TEXTS,
    Entry,
    check_translations,
    current_entries,
    load_translation,
    localize,
    source_hash,
    stale_entries,
    texts,
)
from hiring.rubrics.yamlfile import dump_rubric
from tests.helpers import _committed, make_candidate

KEY = "social-media-manager"
NAME = "criteria.copywriting.name"


def _shipped(app) -> Rubric:
    return load_rubric(Path(app.config["RUBRICS_DIR"]) / f"{KEY}.yaml")


def _entry(text: str, english: str) -> Entry:
    return Entry(source=source_hash(english), text=text)


@_committed
def _builder_rubric(author, key: str = "community-manager", change: dict | None = None):
    """A rubric made in the browser by `author`: the shipped one under another key (so it borrows
    the shipped rubric's translations), with `change` (path → English) applied."""
    data = _shipped(current_app).to_dict()
    data["key"] = key
    for path, text in (change or {}).items():
        criterion, field = path.split(".")
        next(c for c in data["criteria"] if c["key"] == criterion)[field] = text
    rubric = Rubric.from_dict(data)
    version, _new = save_version(author, rubric, dump_rubric(rubric), origin="builder",
                                 note="For the Jakarta community role.")
    return version


def _form(page: str) -> dict[str, str]:
    """The editor's fields as the page renders them: text areas, and the hidden was/source fields."""
    fields = {}
    for name, value in re.findall(r'<textarea id="t-[^"]+" name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        fields[name] = html.unescape(value)
    for name, value in re.findall(r'<input type="hidden" name="((?:was|source):[^"]+)" value="([^"]*)"', page):
        fields[name] = html.unescape(value)
    return fields


# --- the lookup order (pure) ---------------------------------------------------------------------

def test_the_app_comes_before_the_file_and_the_file_before_borrowed_ones():
    english = {"a": "Alpha", "b": "Beta", "c": "Gamma", "d": "Delta"}
    app_layer = {"a": _entry("A in the app", "Alpha"), "b": _entry("B in the app, stale", "Beta (old)")}
    file_layer = {"a": _entry("A in the file", "Alpha"), "b": _entry("B in the file", "Beta"),
                  "c": _entry("C in the file, stale", "Gamma (old)")}
    borrowed = {"c": _entry("C borrowed", "Gamma")}
    chosen = current_entries(english, [("app", app_layer), ("file", file_layer), ("borrowed", borrowed)])
    assert chosen == {"a": ("app", app_layer["a"]), "b": ("file", file_layer["b"]), "c": ("borrowed", borrowed["c"])}
    # Stale: only where nothing current is left, the text's own entry first (a borrowed one is another text's).
    stale = stale_entries({**english, "b": "Beta, reworded"}, [("app", app_layer), ("file", file_layer)])
    assert stale == {"b": ("app", app_layer["b"]), "c": ("file", file_layer["c"])}


def test_a_rubric_in_a_language_takes_the_apps_translation_while_its_english_is_unchanged(app):
    rubric, folder = _shipped(app), Path(app.config["RUBRICS_DIR"])
    english = texts(rubric.to_dict(), RUBRIC_TEXTS)[NAME]
    in_file = load_translation(folder, "zh", KEY).texts[NAME].text

    def name_in_zh(stored):
        return localize(rubric, RUBRIC_TEXTS, folder, "zh", Rubric.from_dict, stored).criterion("copywriting").name

    assert name_in_zh(None) == in_file
    assert name_in_zh({NAME: _entry("文案能力（应用内）", english)}) == "文案能力（应用内）"
    assert name_in_zh({NAME: _entry("旧的译文", "Copy writing")}) == in_file, "a stale entry is passed over"
    # A rubric without a file of its own: the app's entry, else a borrowed one, else the English.
    copy = Rubric.from_dict({**rubric.to_dict(), "key": "a-copy"})
    borrowed = localize(copy, RUBRIC_TEXTS, folder, "zh", Rubric.from_dict, None)
    assert borrowed.criterion("copywriting").name == in_file
    ours = localize(copy, RUBRIC_TEXTS, folder, "zh", Rubric.from_dict, {NAME: _entry("写文案", english)})
    assert ours.criterion("copywriting").name == "写文案"
    stale = localize(copy, RUBRIC_TEXTS, folder, "zh", Rubric.from_dict, {NAME: _entry("写文案", "Old")})
    assert stale.criterion("copywriting").name == in_file


# --- the editor ----------------------------------------------------------------------------------

def test_the_author_translates_their_rubric_and_an_interviewer_reads_it_on_the_zh_scorecard(browser, scene):
    version = _builder_rubric(scene.manager, change={"copywriting.name": "Writing for the feed"})
    url = "/rubrics/community-manager/translations/zh"
    browser.login(scene.manager)
    page = html.unescape(browser.get(url).text)
    assert '<blockquote class="translation-english" lang="en">Writing for the feed</blockquote>' in page
    fields = _form(page)
    assert fields[f"text:{NAME}"] == "", "a new English text has no translation"
    assert fields["text:criteria.platform_knowledge.name"] != "", "an unchanged one is borrowed"
    assert "From another rubric with the same English." in page
    fields[f"text:{NAME}"] = "为信息流写作"
    saved = browser.post(url, fields, token_from=url)
    assert saved.status_code == 302
    row = db.session.scalar(select(ContentTranslation).filter_by(kind="rubric", key="community-manager",
                                                                  language="zh"))
    assert row.entries == {NAME: {"text": "为信息流写作", "source": source_hash("Writing for the feed")}}, \
        "only what changed is kept: the borrowed texts stay borrowed"
    assert row.updated_by == scene.manager.id
    event = db.session.scalar(select(AuditEvent).filter_by(action="rubric.translate"))
    assert event.actor_id == scene.manager.id and event.details["written"] == [NAME]
    assert event.details["language"] == "zh" and event.details["key"] == "community-manager"
    assert "Saved here." in html.unescape(browser.get(url).text)

    # An interviewer of an opening on that rubric reads it in Chinese on the next request.
    opening = _committed(create_opening)(scene.manager, title="Community Lead", rubric_key="community-manager",
                                         rubrics_dir=current_app.config["RUBRICS_DIR"])
    assert opening.rubric_version_id == version.id
    _committed(add_team_member)(None, opening, scene.interviewer, Role.INTERVIEWER)
    candidate = make_candidate(opening, name="Lin Wen")
    scorecard = _committed(assign)(None, candidate, opening.stages[0], scene.interviewer)
    scene.interviewer.language = "zh"
    db.session.commit()
    browser.logout()
    browser.login(scene.interviewer)
    scorecard_page = html.unescape(browser.get(f"/scorecards/{scorecard.id}/edit").text)
    assert "为信息流写作" in scorecard_page and "Writing for the feed" not in scorecard_page


def test_who_may_translate(browser, scene):
    _builder_rubric(scene.manager)
    url = "/rubrics/community-manager/translations/es"
    other_manager, interviewer = scene.outsider, scene.interviewer
    for user, allowed in ((scene.admin, True), (scene.manager, True), (other_manager, False), (interviewer, False)):
        browser.login(user)
        assert browser.get(url).status_code == (200 if allowed else 403), user.role
        response = browser.post(url, {f"text:{NAME}": "Redacción", f"was:{NAME}": "",
                                      f"source:{NAME}": source_hash("Copywriting")}, token_from="/")
        assert response.status_code == (302 if allowed else 403), user.role
        browser.logout()
    events = db.session.scalars(select(AuditEvent).filter_by(action="rubric.translate")).all()
    assert {e.actor_id for e in events} == {scene.admin.id}, "the manager's save changed nothing: no event"
    assert browser.get(url).status_code == 302  # signed out: to the sign-in page
    browser.login(scene.admin)
    assert browser.get("/rubrics/community-manager/translations/en").status_code == 404
    assert browser.get("/rubrics/no-such-rubric/translations/es").status_code == 404


def test_a_translation_must_keep_placeholders_and_fit_and_nothing_is_saved_otherwise(browser, scene):
    anchor = "Links to `https://example.com/brief` and names `#F4EEE2`."
    _builder_rubric(scene.manager, change={"copywriting.description": anchor})
    url = "/rubrics/community-manager/translations/id"
    browser.login(scene.manager)
    fields = _form(browser.get(url).text)
    path = "criteria.copywriting.description"
    fields[f"text:{path}"] = "Tautan ke brief dan `#F4EEE2`."  # the address dropped
    fields["text:title"] = "x" * 201
    fields[f"text:{NAME}"] = "Penulisan naskah"
    refused = browser.post(url, fields, token_from=url)
    page = html.unescape(refused.text)
    assert refused.status_code == 200
    assert "Keep https://example.com/brief as the English has it." in page
    assert "At most 200 characters, please (this has 201)." in page
    assert "Tautan ke brief dan `#F4EEE2`." in page and "Penulisan naskah" in page, "what was typed is kept"
    assert db.session.scalar(select(ContentTranslation)) is None, "nothing saved"
    fields[f"text:{path}"] = "Tautan ke `https://example.com/brief` dan warna `#F4EEE2`."
    fields["text:title"] = "Manajer komunitas"
    assert browser.post(url, fields, token_from=url).status_code == 302
    entries = db.session.scalar(select(ContentTranslation)).entries
    assert entries[path]["text"].startswith("Tautan ke `https://") and entries[NAME]["text"] == "Penulisan naskah"


def test_an_english_text_changed_in_a_new_version_flags_the_translation_stale_with_the_old_english(browser, scene):
    _builder_rubric(scene.manager, change={"copywriting.name": "Writing for the feed"})
    url = "/rubrics/community-manager/translations/es"
    browser.login(scene.manager)
    fields = _form(browser.get(url).text)
    fields[f"text:{NAME}"] = "Escribir para el feed"
    browser.post(url, fields, token_from=url)
    # Version 2 rewords the name: the Spanish is stale, pages show the English.
    second = _builder_rubric(scene.manager, change={"copywriting.name": "Writing for feeds and stories"})
    assert second.number == 2
    assert rubric_in(second.english, "es").criterion("copywriting").name == "Writing for feeds and stories"
    page = html.unescape(browser.get(url).text)
    assert "Stale:" in page and '<span lang="en">Writing for the feed</span>' in page
    assert '<span lang="es">Escribir para el feed</span>' in page and _form(page)[f"text:{NAME}"] == ""
    status = html.unescape(browser.get(f"/rubrics/versions/{second.id}").text)
    total = len(texts(second.data, RUBRIC_TEXTS))
    assert re.search(rf'<span lang="es">Español</span>:\s*{total - 1} of {total} texts translated, 1 stale', status)


def test_the_download_is_a_translation_file_rubrics_check_accepts(app, browser, scene, tmp_path):
    browser.login(scene.admin)
    url = f"/rubrics/{KEY}/translations/hi"
    fields = _form(browser.get(url).text)
    fields[f"text:{NAME}"] = "कॉपी लेखन (ऐप में)"
    assert browser.post(url, fields, token_from=url).status_code == 302
    download = browser.get(f"/rubrics/{KEY}/translations/hi.yaml")
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    folder = tmp_path / "rubrics"
    (folder / "translations" / "hi").mkdir(parents=True)
    source = shutil.copy(Path(app.config["RUBRICS_DIR"]) / f"{KEY}.yaml", folder)
    (folder / "translations" / "hi" / f"{KEY}.yaml").write_bytes(download.data)
    rubric = load_rubric(source)
    assert check_translations(source, KEY, rubric.to_dict(), RUBRIC_TEXTS, "rubric", ["hi"]) == []
    assert load_translation(folder, "hi", KEY).texts[NAME].text == "कॉपी लेखन (ऐप में)"
    # Anyone signed in may download it; only an editor sees the link to translate.
    browser.logout()
    browser.login(scene.interviewer)
    assert browser.get(f"/rubrics/{KEY}/translations/hi.yaml").status_code == 200
    page = browser.get(f"/rubrics/versions/{latest_version(KEY).id}").text
    assert f"/rubrics/{KEY}/translations/hi.yaml" in page and f'/rubrics/{KEY}/translations/hi"' not in page


@pytest.mark.parametrize("language", ["zh", "es", "hi", "id"])
def test_the_shipped_rubric_is_complete_in_every_language(browser, scene, language):
    browser.login(scene.admin)
    version = scene.opening.rubric_version
    total = len(texts(version.data, RUBRIC_TEXTS))
    page = html.unescape(browser.get(f"/rubrics/versions/{version.id}").text)
    assert re.search(rf"{total} of {total} texts translated\s", page)
    assert f"/rubrics/{KEY}/translations/{language}" in page


@pytest.mark.parametrize("language", ["zh", "hi"])
def test_the_editor_in_another_language_marks_every_english_and_translated_text(browser, scene, language):
    """The page is in the reader's language; the English it translates is marked lang="en", the texts
    being written lang="<language>" (here the reader translates into Spanish)."""
    from tests.test_one_language_per_page import EnglishFinder, _data

    _builder_rubric(scene.manager, change={"copywriting.name": "Writing for the feed"})
    url = "/rubrics/community-manager/translations/es"
    browser.login(scene.manager)
    fields = _form(browser.get(url).text)
    fields[f"text:{NAME}"] = "Escribir para el feed"
    browser.post(url, fields, token_from=url, follow_redirects=True)  # (its flash read in English)
    _builder_rubric(scene.manager, change={"copywriting.name": "Writing for feeds and stories"})  # stale now
    scene.manager.language = language
    db.session.commit()
    page = browser.get(url)
    assert page.status_code == 200 and f'<html lang="{language}"' in page.text
    finder = EnglishFinder(language, _data())
    assert finder.find(url, page) == []
    assert finder.find("version", browser.get(f"/rubrics/versions/{latest_version('community-manager').id}")) == []


def test_a_saved_translation_is_read_on_the_next_lookup_with_nothing_kept_from_before(app, scene):
    """Nothing between requests (or in another process) holds the rubric as it was translated before:
    what is kept is keyed by the entries themselves."""
    from hiring.rubrics.stored_translations import save_translation

    version = _builder_rubric(scene.manager)
    english = texts(version.data, RUBRIC_TEXTS)
    before = rubric_in(version.english, "zh").criterion("copywriting").name
    _committed(save_translation)(scene.manager, "rubric", "community-manager", "zh", english,
                                 {NAME: ("写文案", source_hash(english[NAME]))}, {})
    assert before != "写文案" and rubric_in(version.english, "zh").criterion("copywriting").name == "写文案"
    _committed(save_translation)(scene.manager, "rubric", "community-manager", "zh", english,
                                 {NAME: ("", source_hash(english[NAME]))}, {})
    assert rubric_in(version.english, "zh").criterion("copywriting").name == before, "emptied: borrowed again"


def test_the_zh_scorecard_reads_the_apps_translations_in_one_query_not_one_per_text(browser, scene):
    from hiring.rubrics.stored_translations import save_translation

    version = _builder_rubric(scene.manager)
    english = texts(version.data, RUBRIC_TEXTS)
    _committed(save_translation)(scene.manager, "rubric", "community-manager", "zh", english,
                                 {path: (f"译文 {n}", source_hash(english[path]))
                                  for n, path in enumerate(sorted(english)[:10])}, {})
    opening = _committed(create_opening)(scene.manager, title="Community Lead", rubric_key="community-manager",
                                         rubrics_dir=current_app.config["RUBRICS_DIR"])
    _committed(add_team_member)(None, opening, scene.interviewer, Role.INTERVIEWER)
    scorecard = _committed(assign)(None, make_candidate(opening, name="Lin Wen"), opening.stages[0],
                                   scene.interviewer)
    scene.interviewer.language = "zh"
    db.session.commit()
    browser.login(scene.interviewer)
    asked = []

    def count(conn, cursor, statement, *args):
        if "content_translations" in statement:
            asked.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        page = browser.get(f"/scorecards/{scorecard.id}/edit")
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert page.status_code == 200 and "译文" in page.text
    assert len(asked) == 1, "the rubric's translations saved in the app: one query a request"
