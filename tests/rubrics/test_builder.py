"""The rubric builder (issue 15, point 1): a rubric made or edited in the browser is read by the one
schema, saved as a new version (never overwriting one), audited; bad input names the field and
loses nothing; drafts keep what was typed."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from hiring.audit.models import AuditEvent
from hiring.auth.models import Role
from hiring.extensions import db
from hiring.rubrics import builder
from hiring.rubrics.models import RubricDraft, RubricVersion
from hiring.rubrics.schema import load_rubric, parse_rubric
from hiring.rubrics.store import current_version, latest_version, versions_of
from tests.helpers import make_user

KEY = "social-media-manager"
ANCHORS = ["Could not name one source of community feedback.",
           "Named feedback sources but no example of acting on them.",
           "Gave one example of a reply that calmed a thread.",
           "Moderated a heated thread and set rules the community kept.",
           "Built a volunteer moderator team and a reply playbook others use."]


def _form(page: str) -> dict[str, str]:
    """The builder form's fields as the page renders them (inputs, selected options, text areas)."""
    fields = {}
    for name, value in re.findall(r'<input id="f-[^"]+" name="([^"]+)" type="[^"]+" value="([^"]*)"', page):
        fields[name] = html.unescape(value)
    for name, value in re.findall(r'<textarea id="f-[^"]+" name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        fields[name] = html.unescape(value)
    for name, options in re.findall(r'<select id="f-[^"]+" name="([^"]+)">(.*?)</select>', page, re.S):
        chosen = re.search(r'value="([^"]+)" selected', options) or re.search(r'value="([^"]+)"', options)
        fields[name] = chosen.group(1)
    return fields


def _post(browser, url, fields, action, **extra):
    return browser.post(url, {**fields, "action": action, **extra}, token_from=url)


# --- pure: the form ↔ the rubric --------------------------------------------------------------

def test_the_shipped_rubric_goes_through_the_form_to_the_same_content_hash(app):
    rubric = load_rubric(app.config["RUBRICS_DIR"] + f"/{KEY}.yaml")
    fields = builder.fields_of(rubric)
    assert builder.check(fields) == []
    built, text, problems = builder.build(fields, key=rubric.key, version=rubric.version)
    assert problems == [] and built.content_hash == rubric.content_hash
    assert parse_rubric(text).content_hash == rubric.content_hash  # the YAML it saves is a valid file


def test_line_breaks_posted_as_crlf_are_the_same_content(app):
    """Browsers post a text area's line breaks as CR LF: a multi-line text is the same text (the same
    content hash, so the same version and its translations) whichever it came with."""
    rubric = load_rubric(app.config["RUBRICS_DIR"] + f"/{KEY}.yaml")
    fields = {**builder.fields_of(rubric), "c0_description": "Two paragraphs.\n\nThe second one."}
    typed = {name: value.replace("\n", "\r\n") for name, value in fields.items()}
    assert "\r\n" in typed["c0_description"] and "\r\n" in typed["c0_questions"]
    built = builder.build(fields, key=rubric.key, version=rubric.version)[0]
    posted = builder.build(typed, key=rubric.key, version=rubric.version)[0]
    assert posted.content_hash == built.content_hash
    assert posted.criteria[0].description == "Two paragraphs.\n\nThe second one."


@pytest.mark.parametrize("change, field", [
    ({"c0_anchor_3": "  "}, "c0_anchor_3"),  # an empty anchor
    ({"c2_key": "copywriting"}, "c2_key"),  # a duplicate key (c1 is copywriting)
    ({"c2_weight": "0"}, "c2_weight"),  # weight 0
    ({"c2_weight": "nan"}, "c2_weight"),
    ({"scale_min": "3", "scale_max": "3"}, "scale_max"),  # a scale of one level
    ({"c0_key": "Copy Writing"}, "c0_key"),
    ({"c0_kind": "talent"}, "c0_kind"),
    ({"c3_questions": "\n \n"}, "c3_questions"),
])
def test_bad_input_names_the_field(app, change, field):
    fields = builder.fields_of(load_rubric(app.config["RUBRICS_DIR"] + f"/{KEY}.yaml"))
    fields.update(change)
    assert field in {e.field for e in builder.check(fields)}


def test_actions_add_move_and_remove_criteria():
    fields = {"title": "T", "scale_min": "1", "scale_max": "2", "label_1": "a", "label_2": "b",
              "c0_key": "one", "c1_key": "two", "c2_key": "three"}
    assert [fields[f"c{i}_key"] for i in range(3)] == ["one", "two", "three"]
    moved = builder.apply(fields, "up:2")
    assert [moved[f"c{i}_key"] for i in builder.criteria_indices(moved)] == ["one", "three", "two"]
    removed = builder.apply(moved, "remove:0")
    assert [removed[f"c{i}_key"] for i in builder.criteria_indices(removed)] == ["three", "two"]
    added = builder.apply(removed, "add")
    assert builder.criteria_indices(added) == [0, 1, 2] and added["c2_key"] == ""
    assert builder.apply(added, "down:9") == added  # nothing there: nothing changes


# --- the pages ---------------------------------------------------------------------------------

def test_a_manager_copies_a_rubric_adds_a_criterion_and_saves_version_after_version(browser, scene):
    browser.login(scene.manager)
    source = scene.opening.rubric_version
    page = browser.get(f"/rubrics/new?copy={source.id}").text
    fields = _form(page)
    assert fields["key"] == f"{KEY}-copy" and fields["c1_key"] == "copywriting"
    fields.update(key="community-manager", title="Community manager")
    added = _post(browser, "/rubrics/new", fields, "add").text
    fields = _form(added)
    new = max(builder.criteria_indices(fields))
    fields.update({f"c{new}_key": "community", f"c{new}_name": "Community building", f"c{new}_kind": "skill",
                   f"c{new}_weight": "2", f"c{new}_description": "Grows and moderates a community.",
                   f"c{new}_questions": "Tell me about a heated thread you calmed.\nHow do you find moderators?"})
    fields.update({f"c{new}_anchor_{level}": text for level, text in enumerate(ANCHORS, start=1)})
    fields["c1_weight"] = "3"  # reweighted
    preview = _post(browser, "/rubrics/new", fields, "preview").text
    assert "Preview: the interview kit and the scorecard" in html.unescape(preview)
    assert ANCHORS[3] in html.unescape(preview)
    assert db.session.scalar(select(func.count()).select_from(RubricVersion).filter_by(
        key="community-manager")) == 0, "a preview saves nothing"
    saved = _post(browser, "/rubrics/new", fields, "save", note="For the Jakarta community role.")
    assert saved.status_code == 302
    first = latest_version("community-manager")
    assert (first.number, first.origin, first.author_id, first.note) == (
        1, "builder", scene.manager.id, "For the Jakarta community role.")
    assert first.english.criterion("community").anchors[4] == ANCHORS[3]
    assert first.english.criterion("copywriting").weight == 3
    assert parse_rubric(first.source_text).content_hash == first.content_hash
    event = db.session.scalar(select(AuditEvent).filter_by(action="rubric.save"))
    assert event.actor_id == scene.manager.id and event.details["number"] == 1

    # Version 2: the creator edits it; version 1 stays as it was.
    fields = _form(browser.get("/rubrics/community-manager/edit").text)
    fields["c1_anchor_2"] = "Drafts need heavy edits before they can be posted."
    assert _post(browser, "/rubrics/community-manager/edit", fields, "save", note="Clearer level 2.").status_code == 302
    second = latest_version("community-manager")
    assert second.number == 2 and second.id != first.id
    assert db.session.get(RubricVersion, first.id).english.criterion("copywriting").anchors[2] != fields["c1_anchor_2"]
    # Saving the same content again makes no version.
    fields = _form(browser.get("/rubrics/community-manager/edit").text)
    _post(browser, "/rubrics/community-manager/edit", fields, "save", note="No change.")
    assert latest_version("community-manager").number == 2


def test_bad_input_is_refused_with_the_field_named_and_kept_as_a_draft(browser, scene):
    browser.login(scene.admin)
    url = f"/rubrics/{KEY}/edit"
    fields = _form(browser.get(url).text)
    before = db.session.scalar(select(func.count()).select_from(RubricVersion))
    fields.update(c0_anchor_3="", c2_weight="0", c3_key="copywriting", scale_max="1", scale_min="1")
    refused = _post(browser, url, fields, "save", note="Broken on purpose")
    text = html.unescape(refused.text)
    assert refused.status_code == 200
    assert 'href="#f-c2_weight">A weight is a number from 0.01 to 100.' in text
    assert 'href="#f-c3_key">Another criterion already has the key “copywriting”.' in text
    assert "a scale needs at least two levels" in text
    assert db.session.scalar(select(func.count()).select_from(RubricVersion)) == before, "nothing saved"
    draft = db.session.scalar(select(RubricDraft).filter_by(author_id=scene.admin.id, key=KEY))
    assert draft.fields["c2_weight"] == "0", "what was typed is kept"
    # Coming back later, the draft is restored, and can be discarded.
    again = html.unescape(browser.get(url).text)
    assert "Your unsaved changes from" in again and _form(again)["c2_weight"] == "0"
    browser.post("/rubrics/draft/discard", {"draft_for": KEY}, token_from=url)
    assert db.session.scalar(select(func.count()).select_from(RubricDraft)) == 0


def test_autosave_keeps_a_draft_as_typed(browser, scene):
    browser.login(scene.manager)
    response = browser.post("/rubrics/draft", {"draft_for": "", "title": "Half-typed", "c0_name": "Tone"},
                            token_from="/rubrics/new")
    assert response.status_code == 200 and response.json["saved"] is True
    draft = db.session.scalar(select(RubricDraft).filter_by(author_id=scene.manager.id, key=None))
    assert draft.fields == {"title": "Half-typed", "c0_name": "Tone"}
    assert _form(browser.get("/rubrics/new").text)["title"] == "Half-typed"


def test_who_may_edit(browser, scene, rubrics_dir):
    current_version(rubrics_dir, KEY)
    db.session.commit()
    browser.login(scene.manager)  # a manager did not create the shipped rubric: copy only
    assert browser.get(f"/rubrics/{KEY}/edit").status_code == 403
    assert browser.post("/rubrics/draft", {"draft_for": KEY}, token_from="/rubrics/new").status_code == 403
    index = browser.get("/rubrics/").text
    assert f"/rubrics/{KEY}/edit" not in index and "/rubrics/new?copy=" in index
    browser.logout()
    browser.login(scene.interviewer)
    assert browser.get("/rubrics/new").status_code == 403
    assert "/rubrics/new" not in browser.get("/rubrics/").text
    browser.logout()
    browser.login(scene.admin)
    assert browser.get(f"/rubrics/{KEY}/edit").status_code == 200


def test_the_shipped_rubric_posted_back_with_crlf_line_breaks_and_no_change_is_no_new_version(browser, scene):
    browser.login(scene.admin)
    url = f"/rubrics/{KEY}/edit"
    before = latest_version(KEY)
    fields = {name: value.replace("\n", "\r\n") for name, value in _form(browser.get(url).text).items()}
    assert any("\r\n" in value for value in fields.values()), "the shipped rubric has multi-line texts"
    response = _post(browser, url, fields, "save", note="No change.")
    assert response.status_code == 302
    assert latest_version(KEY).id == before.id and latest_version(KEY).content_hash == before.content_hash
    assert db.session.scalar(select(AuditEvent).filter_by(action="rubric.save")) is None
    # A multi-line description typed in the browser, then the form posted back unchanged: one version.
    fields["c0_description"] = "Writes for each network.\r\n\r\nKnows when not to post."
    assert _post(browser, url, fields, "save", note="Two paragraphs.").status_code == 302
    second = latest_version(KEY)
    assert second.number == before.number + 1
    assert second.english.criteria[0].description == "Writes for each network.\n\nKnows when not to post."
    fields = {name: value.replace("\n", "\r\n") for name, value in _form(browser.get(url).text).items()}
    assert _post(browser, url, fields, "save", note="No change.").status_code == 302
    assert latest_version(KEY).id == second.id


def test_from_low_agreement_to_the_anchors_with_the_evidence_by_level(browser, scene):
    from hiring.auth.models import Role
    from hiring.openings.operations import add_team_member
    from tests.helpers import _committed, make_candidate, make_user, submit_scorecard

    second = make_user(Role.INTERVIEWER)
    _committed(add_team_member)(None, scene.opening, second, Role.INTERVIEWER)
    stage = scene.opening.stages[0]
    # Two raters who read "copywriting" the opposite way round, and agree on everything else.
    for i, (mine, theirs) in enumerate([(1, 5), (5, 1), (2, 4), (4, 2), (1, 4), (5, 2)]):
        person = make_candidate(scene.opening, name=f"Person {i}")
        others = {k: 3 + (i % 2) for k in scene.opening.rubric.criterion_keys if k != "copywriting"}
        submit_scorecard(scene.interviewer, person, stage, {**others, "copywriting": mine},
                         note=f"interviewer-{i}-level-{mine}")
        submit_scorecard(second, person, stage, {**others, "copywriting": theirs}, note=f"second-{i}-level-{theirs}")
    browser.login(scene.admin)
    page = html.unescape(browser.get(f"/openings/{scene.opening.id}").text)
    link = re.search(r'href="(/rubrics/social-media-manager/edit\?[^"]*criterion=copywriting[^"]*)"', page)
    assert link, "the low-agreement criterion links to the builder"
    builder_page = html.unescape(browser.get(link.group(1).replace("&amp;", "&")).text)
    assert 'id="evidence"' in builder_page and re.search(r"Level 5 · \d+ ratings", builder_page)
    assert "interviewer-1-level-5" in builder_page and "second-0-level-5" in builder_page
    # A hiring manager (who may copy the rubric, not edit it) gets it too, less those they owe a scorecard for.
    browser.logout()
    browser.login(scene.manager)
    assert "interviewer-1-level-5" in html.unescape(browser.get(
        f"/rubrics/new?copy={scene.opening.rubric_version_id}&opening={scene.opening.id}&criterion=copywriting").text)
    owed = make_candidate(scene.opening, name="Owed")
    submit_scorecard(scene.interviewer, owed, stage, {"copywriting": 5}, note="about-the-owed-one")
    from hiring.interviews.operations import assign
    _committed(assign)(None, owed, stage, scene.manager)  # the manager now owes a scorecard for them
    shown = html.unescape(browser.get(
        f"/rubrics/new?copy={scene.opening.rubric_version_id}&opening={scene.opening.id}&criterion=copywriting").text)
    assert "about-the-owed-one" not in shown and "interviewer-1-level-5" in shown


def test_a_copy_keeps_the_translations_of_every_text_it_did_not_change(app):
    from hiring.rubrics.language import rubric_in
    from hiring.rubrics.schema import Rubric

    shipped = load_rubric(app.config["RUBRICS_DIR"] + f"/{KEY}.yaml")
    fields = builder.fields_of(shipped)
    fields.update(title="Community manager", c1_anchor_3="Reworded: the post is clear but long.")
    copy, _text, problems = builder.build(fields, key="community-manager", version="1")
    assert problems == [] and copy.key != shipped.key  # no translation file of its own
    chinese, original = rubric_in(copy, "zh"), rubric_in(shipped, "zh")
    assert chinese.criteria[0].anchors[2] == original.criteria[0].anchors[2] != shipped.criteria[0].anchors[2]
    assert chinese.criteria[1].name == original.criteria[1].name  # unchanged: translated
    assert chinese.criteria[1].anchors[3] == "Reworded: the post is clear but long."  # changed: English
    assert chinese.title == "Community manager"
    assert Rubric.from_dict(copy.to_dict()).content_hash == copy.content_hash  # the identity stays English


def test_a_version_saved_by_someone_else_meanwhile_is_not_overwritten(browser, scene):
    """The page posts the version it was typed on: a save made from version 1 after someone saved
    version 2 is refused with the changes kept as a draft (also when the draft comes back later)."""
    other = make_user(Role.ADMIN)
    db.session.commit()
    url = f"/rubrics/{KEY}/edit"
    browser.login(scene.admin)
    page = browser.get(url).text
    assert 'name="base_number" value="1"' in page
    mine = _form(page)
    mine["description"] = "Reworded by the first admin."
    assert browser.post("/rubrics/draft", {**mine, "draft_for": KEY, "base_number": "1"},
                        token_from=url).status_code == 200
    browser.logout()
    browser.login(other)
    theirs = _form(browser.get(url).text)
    theirs["description"] = "Reworded by the other admin."
    assert _post(browser, url, theirs, "save", note="Theirs.", base_number="1").status_code == 302
    browser.logout()
    browser.login(scene.admin)
    restored = browser.get(url).text
    assert 'name="base_number" value="1"' in restored  # the draft was typed on version 1
    refused = _post(browser, url, mine, "save", note="Mine.", base_number="1")
    assert "Version 2 was saved by someone else while you edited" in html.unescape(refused.text)
    assert [v.number for v in versions_of(KEY)] == [2, 1]
    assert 'name="base_number" value="2"' in refused.text  # seen: saving again is deliberate
    assert _post(browser, url, mine, "save", note="Mine.", base_number="2").status_code == 302
    assert [v.number for v in versions_of(KEY)] == [3, 2, 1]
