"""The exercise builder (issue 15, point 2): exercises of every type made or edited in the browser
are read by the one schema, saved as numbered versions (never overwriting one) and audited; bad input
names the field and loses nothing; the preview shows the exercise as a candidate sees it in each
language; what a new invitation copies is the newest version, and a sent invitation never changes."""

from __future__ import annotations

import html
import io
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hiring.audit.models import AuditEvent
from hiring.auth.models import Role
from hiring.exercises import builder, store
from hiring.exercises.schema import load_exercise, parse_exercise
from hiring.exercises.versions import ExerciseDraft, ExerciseVersion
from hiring.extensions import db
from hiring.rubrics.schema import load_rubric
from tests.helpers import make_candidate, make_invitation, make_opening, make_user

RUBRIC = "social-media-manager"
SHIPPED = {"copy": "launch-posts", "reply": "community-replies", "analysis": "campaign-analysis",
           "upload": "visual-brief", "scenario": "adaptability-scenarios"}


@pytest.fixture()
def rubric(app):
    return load_rubric(Path(app.config["RUBRICS_DIR"]) / f"{RUBRIC}.yaml")


def shipped(app, key: str):
    return load_exercise(Path(app.config["EXERCISES_DIR"]) / f"{key}.yaml")


def _form(page: str) -> dict[str, str]:
    """The builder form's fields as the page renders them: inputs, ticked boxes, selects, text areas."""
    fields = {}
    for name, value in re.findall(r'<input id="f-[^"]+" name="([^"]+)" type="[^"]+" value="([^"]*)"', page):
        fields[name] = html.unescape(value)
    for kind, name, value, checked in re.findall(
            r'<input type="(checkbox|hidden)" name="([^"]+)" value="([^"]*)"( checked)?', page):
        if name not in ("csrf_token", "draft_for") and (kind == "hidden" or checked):
            fields[name] = html.unescape(value)
    for name, value in re.findall(r'<textarea id="f-[^"]+" name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        fields[name] = html.unescape(value)
    for name, options in re.findall(r'<select id="f-[^"]+" name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'value="([^"]*)" selected', options) or re.search(r'value="([^"]*)"', options)
        fields[name] = html.unescape(chosen.group(1))
    fields.pop("note", None)
    return fields


def _post(browser, url, fields, action, **extra):
    return browser.post(url, {**fields, "action": action, **extra}, token_from=url)


# --- pure: the form ↔ the exercise, for every type ------------------------------------------------

@pytest.mark.parametrize("kind", sorted(SHIPPED))
def test_every_type_goes_through_the_form_and_back_to_the_same_exercise(app, rubric, kind):
    exercise = shipped(app, SHIPPED[kind])
    fields = builder.fields_of(exercise)
    assert builder.check(fields, rubric) == []
    built, text, problems = builder.build(fields, rubric, key=exercise.key)
    assert problems == [] and built.content_hash == exercise.content_hash
    assert builder.fields_of(built) == fields
    assert parse_exercise(text, rubric=rubric).content_hash == exercise.content_hash  # a valid file


@pytest.mark.parametrize("kind, change, field", [
    ("copy", {"task0_prompt": "  "}, "task0_prompt"),  # an empty prompt
    ("copy", {"task1_platform": "x"}, "task1_platform"),  # a network twice (task 0 is x)
    ("copy", {"task0_limit": "0"}, "task0_limit"),
    ("reply", {"comment1_key": "late-order"}, "comment1_key"),  # a duplicate comment key
    ("reply", {"comment0_text": ""}, "comment0_text"),
    ("analysis", {"question0_tolerance": ""}, "question0_tolerance"),  # numeric check, no tolerance
    ("analysis", {"question0_check": "best_platform"}, "question0_tolerance"),  # choice check with one
    ("analysis", {"question0_tolerance": "-1"}, "question0_tolerance"),
    ("analysis", {"question1_key": "recommendation"}, "question1_key"),
    ("analysis", {"dataset_posts": "1", "dataset_weeks": "3"}, "dataset_posts"),
    ("upload", {"upload_max_megabytes": "99"}, "upload_max_megabytes"),
    ("upload", {"accept_png": "", "accept_jpeg": "", "accept_pdf": ""}, "accept"),
    ("scenario", {"prompt0_text": " "}, "prompt0_text"),
    ("scenario", {"time_limit_minutes": "0"}, "time_limit_minutes"),  # time limit 0
    ("scenario", {"criterion_adaptability": "", "criterion_strategy": ""}, "criteria"),
])
def test_bad_input_names_the_field(app, rubric, kind, change, field):
    fields = builder.fields_of(shipped(app, SHIPPED[kind]))
    fields.update(change)
    assert field in {e.field for e in builder.check(fields, rubric)}


def test_what_only_the_schema_refuses_is_shown_at_the_field_on_its_line(app, rubric):
    fields = builder.fields_of(shipped(app, "campaign-analysis"))
    fields["question0_check"] = "engagement_rate:youtube"  # not a network of the data set
    assert builder.check(fields, rubric) == []
    exercise, _text, problems = builder.build(fields, rubric, key="campaign-analysis")
    assert exercise is None and [p.field for p in problems] == ["question0_check"]
    assert "youtube" in problems[0].values["problem"]


def test_actions_add_move_and_remove_items_of_a_list(app):
    fields = builder.fields_of(shipped(app, "community-replies"))
    keys = [fields[f"comment{i}_key"] for i in builder.indices(fields, "comment")]
    moved = builder.apply(fields, "down:comment:0")
    assert [moved[f"comment{i}_key"] for i in builder.indices(moved, "comment")] == [keys[1], keys[0], *keys[2:]]
    removed = builder.apply(moved, "remove:comment:1")
    assert [removed[f"comment{i}_key"] for i in builder.indices(removed, "comment")] == [keys[1], *keys[2:]]
    added = builder.apply(removed, "add:comment")
    last = builder.indices(added, "comment")[-1]
    assert added[f"comment{last}_key"] == "" and added[f"comment{last}_kind"] == "complaint"
    assert builder.apply(added, "remove:comment:99") == added and builder.apply(added, "explode") == added


# --- versions ----------------------------------------------------------------------------------

def test_files_are_versions_numbered_per_key_a_changed_file_is_a_new_one(app, rubric, tmp_path):
    folder = tmp_path / "exercises"
    shutil.copytree(app.config["EXERCISES_DIR"], folder)
    store.sync_files(folder)
    first = store.latest_version("community-replies")
    assert first.number == 1 and first.origin == "file" and first.rubric_key == RUBRIC and first.type == "reply"
    store.sync_files(folder)  # the same content: the same version
    assert [v.number for v in store.versions_of("community-replies")] == [1]
    path = folder / "community-replies.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("time_limit_minutes: 15", "time_limit_minutes: 16"),
                    encoding="utf-8")
    store.sync_files(folder)
    second = store.latest_version("community-replies")
    assert second.number == 2 and second.exercise.time_limit_minutes == 16
    offered = [e.key for e in store.exercises_of(folder, rubric)]
    assert offered == sorted(offered) and set(SHIPPED.values()) <= set(offered)
    assert next(e for e in store.exercises_of(folder, rubric) if e.key == "community-replies").time_limit_minutes == 16


def test_an_exercise_naming_a_criterion_the_pinned_rubric_lacks_is_not_offered(app, rubric):
    store.sync_files(app.config["EXERCISES_DIR"])
    fewer = rubric.to_dict()
    fewer["criteria"] = [c for c in fewer["criteria"] if c["key"] != "customer_service"]
    from hiring.rubrics.schema import Rubric

    smaller = Rubric.from_dict(fewer)
    keys = [e.key for e in store.exercises_of(app.config["EXERCISES_DIR"], smaller)]
    assert "community-replies" not in keys and "launch-posts" in keys and keys == sorted(keys)


@pytest.mark.parametrize("role, created_by_them, allowed", [
    (Role.ADMIN, False, True),
    (Role.HIRING_MANAGER, True, True),
    (Role.HIRING_MANAGER, False, False),
    (Role.INTERVIEWER, True, False),
])
def test_who_may_edit_an_exercise(app, rubric, role, created_by_them, allowed):
    author = make_user(Role.HIRING_MANAGER, name="Author")
    user = make_user(role)
    exercise = builder.build({**builder.fields_of(shipped(app, "launch-posts")), "title": "Mine"}, rubric,
                             key="my-posts")[0]
    store.save_version(user if created_by_them else author, exercise, "", origin="builder", note="new")
    assert store.can_edit_exercise(user, "my-posts") is allowed
    store.sync_files(app.config["EXERCISES_DIR"])  # a shipped file has no author: admins only
    assert store.can_edit_exercise(user, "launch-posts") is (role == Role.ADMIN)
    assert store.can_edit_exercise(user, "brand-new") is (role in (Role.ADMIN, Role.HIRING_MANAGER))


# --- the pages ------------------------------------------------------------------------------------

def test_a_manager_copies_an_exercise_adds_a_comment_and_saves_version_1_of_a_new_key(app, browser):
    manager = make_user(Role.HIRING_MANAGER, name="Maya Manager")
    db.session.commit()
    browser.login(manager)
    assert "community-replies" in browser.get("/exercises/").text
    source = store.latest_version("community-replies")
    url = f"/exercises/new?copy={source.id}"
    fields = _form(browser.get(url).text)
    assert fields["key"] == "community-replies-copy" and fields["criterion_customer_service"] == "1"
    page = _post(browser, url, fields, "add:comment").text
    fields = _form(page)
    last = builder.indices(fields, "comment")[-1]
    assert db.session.scalar(select(ExerciseDraft).filter_by(author_id=manager.id, key=None)) is not None
    # Saving with the new comment half written: the page names the fields, nothing typed is lost.
    fields.update({f"comment{last}_key": "late-order", f"comment{last}_author": "@newcomer"})
    page = _post(browser, url, fields, "save", note="").text
    assert "Another item of this list already has the key" in page and f'id="e-comment{last}_text"' in page
    assert 'value="@newcomer"' in page and 'id="e-note"' in page
    fields.update({f"comment{last}_key": "new-flavour", f"comment{last}_text": "When is the cocoa one coming?"})
    response = _post(browser, url, fields, "save", note="A question about flavours added.")
    assert response.status_code == 302
    saved = store.latest_version("community-replies-copy")
    assert saved.number == 1 and saved.origin == "builder" and saved.author_id == manager.id
    assert saved.exercise.comments[-1].text == "When is the cocoa one coming?"
    event = db.session.scalar(select(AuditEvent).filter_by(action="exercise.save"))
    assert event.details["key"] == "community-replies-copy" and event.details["number"] == 1
    assert db.session.scalar(select(ExerciseDraft).filter_by(author_id=manager.id)) is None
    # They may edit their own; not the shipped one. The list says who may edit which.
    assert browser.get("/exercises/community-replies-copy/edit").status_code == 200
    assert browser.get("/exercises/community-replies/edit").status_code == 403
    listing = browser.get("/exercises/").text
    assert "Admins and Maya Manager" in listing and "Admins (it comes from a file)" in listing
    assert 'href="/exercises/community-replies-copy/edit"' in listing
    assert 'href="/exercises/community-replies/edit"' not in listing


def test_an_admin_saves_version_2_the_download_reimports_to_the_same_hash(app, browser):
    admin = make_user(Role.ADMIN)
    db.session.commit()
    browser.login(admin)
    url = "/exercises/launch-posts/edit"
    fields = _form(browser.get(url).text)
    assert _post(browser, url, fields, "save", note="Nothing").status_code == 302  # no change: no version
    assert [v.number for v in store.versions_of("launch-posts")] == [1]
    fields["time_limit_minutes"] = "25"
    assert _post(browser, url, fields, "save", note="More time.").status_code == 302
    second = store.latest_version("launch-posts")
    assert second.number == 2 and second.note == "More time."
    for number in (1, 2):
        download = browser.get(f"/exercises/launch-posts/versions/{number}.yaml")
        assert download.headers["Content-Disposition"] == f'attachment; filename="launch-posts-v{number}.yaml"'
        again = parse_exercise(download.text)
        assert again.content_hash == store.numbered_version("launch-posts", number).content_hash
    assert "Version 2" in browser.get("/exercises/launch-posts/versions").text


def test_the_preview_shows_the_exercise_as_a_candidate_reads_it_in_chinese(app, browser):
    admin = make_user(Role.ADMIN)
    db.session.commit()
    browser.login(admin)
    url = "/exercises/community-replies/edit"
    fields = _form(browser.get(url).text)
    page = _post(browser, url, fields, "preview:zh").text
    preview = page.split('id="preview"', 1)[1]
    assert '<div class="candidate-preview" lang="zh">' in preview
    assert "回复评论区" in preview  # the title, from the translation file
    assert "你的回复" in preview or "您的回复" in preview  # the candidate page's own words, in Chinese
    # A new comment has no translation yet: English, marked, with a note in the reader's language.
    fields = _form(_post(browser, url, fields, "add:comment").text)
    last = builder.indices(fields, "comment")[-1]
    fields.update({f"comment{last}_key": "cocoa", f"comment{last}_author": "@cocoa_fan",
                   f"comment{last}_text": "Cocoa flavour when?"})
    preview = _post(browser, url, fields, "preview:zh").text.split('id="preview"', 1)[1]
    assert '<p class="notes" lang="en">Cocoa flavour when?</p>' in preview
    assert 'class="untranslated-note" lang="en">(not translated yet)' in preview  # the reader reads English


def test_a_new_version_is_what_new_invitations_copy_a_sent_one_keeps_its_own(app, browser, rubric):
    manager = make_user(Role.HIRING_MANAGER)
    opening = make_opening(manager)
    candidate = make_candidate(opening)
    sent, _token = make_invitation(candidate, ("community-replies",))
    before = sent.exercises
    admin = make_user(Role.ADMIN)
    db.session.commit()
    browser.login(admin)
    url = "/exercises/community-replies/edit"
    fields = _form(browser.get(url).text)
    fields["title"] = "Answering the comments, 2027"
    assert _post(browser, url, fields, "save", note="New year.").status_code == 302
    browser.login(manager)
    invite = browser.get(f"/candidates/{candidate.id}/invite").text
    assert "Answering the comments, 2027" in invite
    fresh, _token = make_invitation(candidate, ("community-replies",))
    assert fresh.exercise_list[0].title == "Answering the comments, 2027"
    db.session.refresh(sent)
    assert sent.exercises == before and sent.exercise_list[0].title == "Answering the comments"
    assert db.session.scalar(select(func.count()).select_from(ExerciseVersion)
                             .filter_by(key="community-replies")) == 2


# --- uploads ------------------------------------------------------------------------------------

def _upload(browser, text: str, filename: str = "exercise.yaml", note: str = ""):
    return browser.submit("/exercises/upload", {"file": (io.BytesIO(text.encode("utf-8")), filename), "note": note},
                          content_type="multipart/form-data")


def test_an_uploaded_exercise_file_is_a_version_its_problems_are_shown_at_their_lines(app, browser):
    manager = make_user(Role.HIRING_MANAGER)
    db.session.commit()
    browser.login(manager)
    text = (Path(app.config["EXERCISES_DIR"]) / "adaptability-scenarios.yaml").read_text(encoding="utf-8")
    own = text.replace("key: adaptability-scenarios", "key: pivot-scenarios", 1)
    broken = own.replace("time_limit_minutes: 15", "time_limit_minutes: 0", 1).replace(
        "criteria: [adaptability, strategy]", "criteria: [adaptability, charisma]", 1)
    page = _upload(browser, broken, "pivot.yaml").text
    assert "nothing was stored" in page
    assert re.search(r"pivot\.yaml:\d+: criterion &#39;charisma&#39; is not in rubric", page)
    assert re.search(r"pivot\.yaml:\d+: time_limit_minutes", page)
    assert store.latest_version("pivot-scenarios") is None
    response = _upload(browser, own, "pivot.yaml", note="Our own scenarios.")
    assert response.status_code == 302
    stored = store.latest_version("pivot-scenarios")
    assert stored.origin == "upload" and stored.number == 1 and stored.author_id == manager.id
    assert stored.source_text == own
    assert _upload(browser, own, "again.yaml").status_code == 302  # the same content: that version
    assert [v.number for v in store.versions_of("pivot-scenarios")] == [1]
    shipped_again = _upload(browser, text.replace("time_limit_minutes: 15", "time_limit_minutes: 20", 1))
    assert shipped_again.status_code == 403  # a shipped exercise: a manager copies it instead
    assert [v.number for v in store.versions_of("adaptability-scenarios")] == [1]


def test_a_draft_kept_as_typed_comes_back_until_it_is_discarded(app, browser):
    admin = make_user(Role.ADMIN)
    db.session.commit()
    browser.login(admin)
    url = "/exercises/quarter-plan/edit"
    fields = _form(browser.get(url).text)
    fields["title"] = "A plan for the next quarter, half typed"
    response = browser.post("/exercises/draft", {**fields, "draft_for": "quarter-plan"}, token_from=url)
    assert response.status_code == 200 and response.get_json()["saved"] is True
    page = browser.get(url).text
    assert 'value="A plan for the next quarter, half typed"' in page and "Discard them" in page
    assert browser.post("/exercises/draft/discard", {"draft_for": "quarter-plan"}, token_from=url).status_code == 302
    assert 'value="A plan for the next quarter, half typed"' not in browser.get(url).text
    assert [v.number for v in store.versions_of("quarter-plan")] == [1]  # a draft is never a version


def _laughs(depth: int = 9) -> str:
    """A few hundred bytes that, with every alias expanded, would be 9**depth values."""
    lines = ['key: laughs', 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, depth + 1)]
    return "\n".join(lines) + "\n"


def test_an_alias_repeating_a_list_is_refused_at_its_line_not_expanded(app, browser):
    manager = make_user(Role.HIRING_MANAGER)
    db.session.commit()
    browser.login(manager)
    response = _upload(browser, _laughs(5), "laughs.yaml")  # expanded, _laughs(9) would run for hours
    assert response.status_code == 200
    assert "laughs.yaml:3: an alias (*name) may not repeat a list or mapping" in html.unescape(response.text)
    assert store.latest_version("laughs") is None


@pytest.mark.parametrize(("data", "expected"), [
    ("key: x\ntitle: caf\xe9\n".encode("latin-1"), "bad.yaml:2: not UTF-8 text"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "bad.yaml"),
    (b"- one\n- two\n", "bad.yaml:1: "),
])
def test_a_file_that_is_not_an_exercise_is_refused_with_its_name(app, browser, data, expected):
    manager = make_user(Role.HIRING_MANAGER)
    db.session.commit()
    browser.login(manager)
    response = browser.submit("/exercises/upload", {"file": (io.BytesIO(data), "bad.yaml"), "note": ""},
                              content_type="multipart/form-data")
    assert response.status_code == 200 and expected in html.unescape(response.text)


def test_a_rubric_uploaded_as_an_exercise_is_refused_at_its_lines(app, browser):
    manager = make_user(Role.HIRING_MANAGER)
    db.session.commit()
    browser.login(manager)
    text = (Path(app.config["RUBRICS_DIR"]) / f"{RUBRIC}.yaml").read_text(encoding="utf-8")
    response = _upload(browser, text, "rubric.yaml")
    assert response.status_code == 200 and re.search(r"rubric\.yaml:\d+: ", html.unescape(response.text))


def test_a_version_saved_by_someone_else_meanwhile_is_not_overwritten(app, browser):
    """Two admins open the same exercise; the first saves version 2; the second's save, made from
    version 1, is refused with their changes kept as a draft, and a save after that is deliberate."""
    first, second = make_user(Role.ADMIN), make_user(Role.ADMIN)
    db.session.commit()
    url = "/exercises/launch-posts/edit"
    browser.login(second)
    theirs = _form(browser.get(url).text)  # the page as the second admin opened it: version 1
    assert 'name="base_number" value="1"' in browser.get(url).text
    browser.logout()
    browser.login(first)
    fields = _form(browser.get(url).text)
    fields["time_limit_minutes"] = "25"
    assert _post(browser, url, fields, "save", note="More time.", base_number="1").status_code == 302
    browser.logout()
    browser.login(second)
    theirs["title"] = "Launch posts, reworded"
    page = _post(browser, url, theirs, "save", note="Reworded.", base_number="1")
    assert page.status_code == 200
    assert "Version 2 was saved by someone else while you edited" in html.unescape(page.text)
    assert [v.number for v in store.versions_of("launch-posts")] == [2, 1]
    assert 'name="base_number" value="2"' in page.text  # seen: saving again is deliberate
    assert _post(browser, url, theirs, "save", note="Reworded.", base_number="2").status_code == 302
    assert [v.number for v in store.versions_of("launch-posts")] == [3, 2, 1]


def test_a_draft_started_on_an_older_version_does_not_overwrite_a_newer_one(app, browser):
    first, second = make_user(Role.ADMIN), make_user(Role.ADMIN)
    db.session.commit()
    url = "/exercises/launch-posts/edit"
    browser.login(second)
    fields = _form(browser.get(url).text)
    fields["title"] = "Launch posts, half reworded"
    assert browser.post("/exercises/draft", {**fields, "draft_for": "launch-posts", "base_number": "1"},
                        token_from=url).status_code == 200
    browser.logout()
    browser.login(first)
    mine = _form(browser.get(url).text)
    mine["time_limit_minutes"] = "25"
    assert _post(browser, url, mine, "save", note="More time.", base_number="1").status_code == 302
    browser.logout()
    browser.login(second)
    restored = browser.get(url).text
    assert "Launch posts, half reworded" in restored and 'name="base_number" value="1"' in restored
    page = _post(browser, url, _form(restored), "save", note="Reworded.", base_number="1")
    assert "Version 2 was saved by someone else while you edited" in html.unescape(page.text)
    assert [v.number for v in store.versions_of("launch-posts")] == [2, 1]
