"""Exercises translated in the browser (issue 15, with issue 10): the rubric translation editor's page
and download for an exercise's texts, grouped by item; saved by those who may edit the exercise,
audited; read by the builder's preview and by invitations made from then on (one already sent keeps
what it was sent); a translation whose English changed in a new version is not shown."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.exercises import builder, store
from hiring.exercises.schema import load_exercise
from hiring.extensions import db
from hiring.rubrics.language import exercise_in
from hiring.rubrics.models import ContentTranslation
from hiring.rubrics.translations import (
    EXERCISE_TEXTS,
    check_translations,
    load_translation,
    source_hash,
    texts,
)
from tests.exercises.test_builder import _form as _builder_form
from tests.exercises.test_builder import _post
from tests.helpers import CandidateBrowser, _committed, make_candidate, make_invitation
from tests.rubrics.test_translation_editor import _form

SHIPPED = "community-replies"
MINE = "my-replies"


def _shipped(key: str = SHIPPED):
    return load_exercise(Path(current_app.config["EXERCISES_DIR"]) / f"{key}.yaml")


@_committed
def _builder_exercise(author, title: str = "Answering our community"):
    """An exercise made in the browser by `author`: the shipped comment thread under its own key and a
    new title (its other texts are the shipped one's, so it borrows their translations)."""
    exercise = builder.build({**builder.fields_of(_shipped()), "title": title}, _rubric(), key=MINE)[0]
    version, _new = store.save_version(author, exercise, builder.exercise_yaml(exercise), origin="builder",
                                       note="Our own thread.")
    return version


def _rubric():
    from hiring.rubrics.schema import load_rubric

    return load_rubric(Path(current_app.config["RUBRICS_DIR"]) / "social-media-manager.yaml")


def test_the_author_translates_their_exercise_grouped_by_item_and_it_is_audited(browser, scene):
    version = _builder_exercise(scene.manager)
    url = f"/exercises/{MINE}/translations/zh"
    browser.login(scene.manager)
    page = html.unescape(browser.get(url).text)
    assert '<blockquote class="translation-english" lang="en">Answering our community</blockquote>' in page
    # The exercise's own texts, then one group per comment, numbered as on the builder's form.
    headings = re.findall(r'<h2 id="group-\d+">(.*?)</h2>', page)
    comments = version.exercise.comments
    assert headings == ["The exercise", *(f"Comment {n}" for n in range(1, len(comments) + 1))]
    assert '<label for="t-comments-late-order-author">Author</label>' in page
    assert '<label for="t-comments-late-order-text">The comment</label>' in page
    fields = _form(page)
    assert fields["text:title"] == "", "a new English title has no translation"
    assert fields["text:instructions"] != "" and "From another exercise with the same English." in page
    fields["text:title"] = "回应我们的社区"
    assert browser.post(url, fields, token_from=url).status_code == 302
    row = db.session.scalar(select(ContentTranslation).filter_by(kind="exercise", key=MINE, language="zh"))
    assert row.entries == {"title": {"text": "回应我们的社区", "source": source_hash("Answering our community")}}
    assert row.updated_by == scene.manager.id
    event = db.session.scalar(select(AuditEvent).filter_by(action="exercise.translate"))
    assert event.actor_id == scene.manager.id and event.details["written"] == ["title"]
    assert event.details["key"] == MINE and event.details["language"] == "zh"
    assert "Saved here." in html.unescape(browser.get(url).text)
    # The builder's edit page and the versions page say how far each language is, with the links.
    total = len(texts(version.data, EXERCISE_TEXTS))
    for where in (f"/exercises/{MINE}/edit", f"/exercises/{MINE}/versions"):
        status = html.unescape(browser.get(where).text)
        assert re.search(rf'<span lang="zh">中文</span>:\s*{total} of {total} texts translated\s', status), where
        assert f'href="/exercises/{MINE}/translations/zh"' in status
        assert f'href="/exercises/{MINE}/translations/zh.yaml"' in status


def test_who_may_translate_an_exercise(browser, scene):
    _builder_exercise(scene.manager)
    url = f"/exercises/{MINE}/translations/es"
    posted = {"text:title": "Responder a nuestra comunidad", "was:title": "",
              "source:title": source_hash("Answering our community")}
    for user, allowed in ((scene.admin, True), (scene.manager, True), (scene.outsider, False),
                          (scene.interviewer, False)):
        browser.login(user)
        assert browser.get(url).status_code == (200 if allowed else 403), user.role
        assert browser.post(url, posted, token_from="/").status_code == (302 if allowed else 403), user.role
        browser.logout()
    events = db.session.scalars(select(AuditEvent).filter_by(action="exercise.translate")).all()
    assert {e.actor_id for e in events} == {scene.admin.id}, "the manager's save changed nothing: no event"
    # A shipped exercise (no author): admins only.
    browser.login(scene.manager)
    assert browser.get(f"/exercises/{SHIPPED}/translations/es").status_code == 403
    assert f'/exercises/{SHIPPED}/translations/es"' not in browser.get(f"/exercises/{SHIPPED}/versions").text
    browser.logout()
    browser.login(scene.admin)
    assert browser.get(f"/exercises/{MINE}/translations/en").status_code == 404
    assert browser.get("/exercises/no-such-exercise/translations/es").status_code == 404


def test_a_saved_title_shows_in_the_zh_preview_and_new_invitations_while_a_sent_one_keeps_its_own(
        app, browser, scene):
    candidate = make_candidate(scene.opening, name="王芳", language="zh")
    sent, sent_token = make_invitation(candidate, (SHIPPED,))
    before = sent.shown_list[0].title
    assert before == load_translation(Path(app.config["EXERCISES_DIR"]), "zh", SHIPPED).texts["title"].text
    browser.login(scene.admin)
    url = f"/exercises/{SHIPPED}/translations/zh"
    fields = _form(html.unescape(browser.get(url).text))
    assert fields["text:title"] == before and "From the translation file." in html.unescape(browser.get(url).text)
    fields["text:title"] = "回复社区评论（新）"
    assert browser.post(url, fields, token_from=url).status_code == 302
    # The builder's preview in Chinese.
    edit = f"/exercises/{SHIPPED}/edit"
    preview = _post(browser, edit, _builder_form(browser.get(edit).text), "preview:zh").text
    assert "回复社区评论（新）" in preview.split('id="preview"', 1)[1]
    # A new invitation in Chinese copies it, and the candidate reads it.
    fresh, fresh_token = make_invitation(candidate, (SHIPPED,))
    assert fresh.shown_list[0].title == "回复社区评论（新）"
    assert "回复社区评论（新）" in CandidateBrowser(app.test_client(), fresh_token).get("").text
    # The invitation already sent is unchanged.
    db.session.refresh(sent)
    assert sent.shown_list[0].title == before
    old_page = CandidateBrowser(app.test_client(), sent_token).get("").text
    assert before in old_page and "回复社区评论（新）" not in old_page


def test_the_download_is_an_exercise_translation_file_rubrics_check_accepts(app, browser, scene, tmp_path):
    browser.login(scene.admin)
    url = f"/exercises/{SHIPPED}/translations/hi"
    fields = _form(browser.get(url).text)
    fields["text:title"] = "टिप्पणियों का उत्तर (ऐप में)"
    assert browser.post(url, fields, token_from=url).status_code == 302
    download = browser.get(f"/exercises/{SHIPPED}/translations/hi.yaml")
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    assert "rubrics/exercises/translations/hi/community-replies.yaml" in download.text
    folder = tmp_path / "exercises"
    (folder / "translations" / "hi").mkdir(parents=True)
    source = shutil.copy(Path(app.config["EXERCISES_DIR"]) / f"{SHIPPED}.yaml", folder)
    (folder / "translations" / "hi" / f"{SHIPPED}.yaml").write_bytes(download.data)
    exercise = load_exercise(source)
    assert check_translations(source, SHIPPED, exercise.to_dict(), EXERCISE_TEXTS, "exercise", ["hi"]) == []
    assert load_translation(folder, "hi", SHIPPED).texts["title"].text == "टिप्पणियों का उत्तर (ऐप में)"
    # Only those who may edit exercises download it.
    browser.logout()
    browser.login(scene.interviewer)
    assert browser.get(f"/exercises/{SHIPPED}/translations/hi.yaml").status_code == 403


def test_a_translation_whose_english_changed_in_a_new_version_is_not_shown(app, browser, scene):
    _builder_exercise(scene.manager)
    url = f"/exercises/{MINE}/translations/zh"
    browser.login(scene.manager)
    fields = _form(browser.get(url).text)
    fields["text:title"] = "回应我们的社区"
    assert browser.post(url, fields, token_from=url).status_code == 302
    second = _builder_exercise(scene.manager, title="Answering our community, 2027")
    assert second.number == 2
    assert exercise_in(second.exercise, "zh").title == "Answering our community, 2027"
    page = html.unescape(browser.get(url).text)
    assert "Stale:" in page and '<span lang="en">Answering our community</span>' in page
    assert '<span lang="zh">回应我们的社区</span>' in page and _form(page)["text:title"] == ""
    edit = f"/exercises/{MINE}/edit"
    preview = _post(browser, edit, _builder_form(browser.get(edit).text), "preview:zh").text
    assert "回应我们的社区" not in preview and "Answering our community, 2027" in preview.split('id="preview"', 1)[1]
    candidate = make_candidate(scene.opening, name="李明", language="zh")
    fresh, _token = make_invitation(candidate, (MINE,))
    assert fresh.shown_list[0].title == "Answering our community, 2027"
    total = len(texts(second.data, EXERCISE_TEXTS))
    status = html.unescape(browser.get(f"/exercises/{MINE}/versions").text)
    assert re.search(rf'<span lang="zh">中文</span>:\s*{total - 1} of {total} texts translated, 1 stale', status)


@pytest.mark.parametrize("language", ["zh", "hi"])
def test_the_editor_in_another_language_marks_every_english_and_translated_text(browser, scene, language):
    """The page is in the reader's language; the English it translates is marked lang="en", the texts
    being written lang="<language>" (here the reader translates into Spanish), a stale one too."""
    from tests.test_one_language_per_page import EnglishFinder, _data

    _builder_exercise(scene.manager)
    url = f"/exercises/{MINE}/translations/es"
    browser.login(scene.manager)
    fields = _form(browser.get(url).text)
    fields["text:title"] = "Responder a nuestra comunidad"
    browser.post(url, fields, token_from=url, follow_redirects=True)  # (its flash read in English)
    _builder_exercise(scene.manager, title="Answering our community, 2027")  # stale now
    scene.manager.language = language
    db.session.commit()
    page = browser.get(url)
    assert page.status_code == 200 and f'<html lang="{language}"' in page.text
    assert "Responder a nuestra comunidad" in page.text
    finder = EnglishFinder(language, _data())
    assert finder.find(url, page) == []
    for where in (f"/exercises/{MINE}/versions", f"/exercises/{MINE}/edit"):
        assert finder.find(where, browser.get(where)) == []
