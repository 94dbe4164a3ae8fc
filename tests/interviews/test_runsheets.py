"""The live segment run sheet: a file checked like the rubric it stages (criteria, levels, timings, at
their line), translated like the exercises, and shown on the kit of the stage that assesses live
speaking, in the reader's language, with a page to print for the raters."""

from __future__ import annotations

import re
import shutil

import pytest

from hiring.config import PROJECT_ROOT
from hiring.extensions import db
from hiring.interviews.operations import set_kit
from hiring.interviews.runsheets import RunSheetError, load_runsheet, parse_runsheet
from hiring.rubrics.schema import load_rubric
from hiring.rubrics.translations import CONTENT_LANGUAGES, RUNSHEET_TEXTS, load_translation, source_hash, texts

SHIPPED = PROJECT_ROOT / "rubrics"
SHEET = SHIPPED / "runsheets" / "live-segment.yaml"
TEXT = SHEET.read_text(encoding="utf-8")
RUBRIC = load_rubric(SHIPPED / "social-media-manager.yaml")


def _line(text: str, needle: str) -> int:
    """The number of the first line that is `needle` (stripped)."""
    return next(number for number, line in enumerate(text.splitlines(), 1) if line.strip() == needle)


def _problems(text: str) -> list[str]:
    with pytest.raises(RunSheetError) as error:
        parse_runsheet(text, "live.yaml", RUBRIC)
    return [str(problem) for problem in error.value.problems]


def test_the_shipped_run_sheet_stages_the_live_speaking_anchors_in_ten_minutes():
    sheet = load_runsheet(SHEET, RUBRIC)
    assert (sheet.rubric, sheet.criterion, sheet.raters, sheet.length) == ("social-media-manager", "live_speaking",
                                                                         2, "10:00")
    keys = [moment.key for moment in sheet.moments]
    assert keys == ["opening", "first-questions", "reluctant-guest", "critical-comment", "disruption", "close",
                    "off-air"]
    # The opening to camera is sixty seconds, the critical comment lands at a fixed minute.
    assert (sheet.moments[0].start, sheet.moments[0].end) == ("0:00", "1:00")
    critical = sheet.moments[3]
    assert critical.script[0].at == critical.start == "5:00" and critical.script[0].who == "chat"
    assert {level for criterion, level in sheet.anchors if criterion == "live_speaking"} == {1, 2, 3, 4, 5}


def test_an_unknown_criterion_is_named_at_its_line():
    text = TEXT.replace("      - criterion: customer_service\n", "      - criterion: charisma\n")
    line = _line(text, "- criterion: charisma")
    assert _problems(text) == [
        f"live.yaml:{line}: moment 'critical-comment': anchor 2: criterion 'charisma' is not in rubric "
        "'social-media-manager' (its criteria: platform_knowledge, copywriting, design, customer_service, "
        "live_speaking, analytics, strategy, adaptability)"]


def test_a_run_sheet_of_an_unknown_rubric_is_refused():
    text = TEXT.replace("rubric: social-media-manager\n", "rubric: community-lead\n")
    assert _problems(text) == [f"live.yaml:{_line(text, 'rubric: community-lead')}: unknown rubric "
                               "'community-lead' (known rubrics: social-media-manager)"]


def test_a_level_off_the_rubrics_scale_is_named_at_its_line():
    text = TEXT.replace("      - criterion: customer_service\n        level: 3\n",
                        "      - criterion: customer_service\n        level: 6\n")
    line = _line(text, "level: 6")
    assert _problems(text) == [f"live.yaml:{line}: moment 'critical-comment': anchor 2: level 6 is not on the "
                               "scale of rubric 'social-media-manager' (1-5)"]


def test_overlapping_moments_are_refused_at_the_later_ones_start():
    text = TEXT.replace('    start: "6:15"\n', '    start: "6:00"\n')
    line = _line(text, 'start: "6:00"')
    assert _problems(text) == [
        f"live.yaml:{line}: moment 'disruption': starts at 6:00, before moment 'critical-comment' ends (6:15); "
        "list the moments in time order, each starting when the one before it has ended or later"]


def test_a_moment_that_ends_before_it_starts_is_refused():
    text = TEXT.replace('    start: "9:00"\n    end: "10:00"\n', '    start: "9:00"\n    end: "8:30"\n')
    line = _line(text, 'end: "8:30"')
    assert _problems(text) == [f"live.yaml:{line}: moment 'off-air': end (8:30) must be after start (9:00)"]


def test_script_lines_out_of_order_or_outside_their_moment_are_refused():
    text = TEXT.replace('      - at: "5:20"\n', '      - at: "5:05"\n').replace('      - at: "9:40"\n',
                                                                                '      - at: "10:30"\n')
    early, late = _line(text, '- at: "5:05"'), _line(text, '- at: "10:30"')
    assert _problems(text) == [
        f"live.yaml:{early}: moment 'critical-comment': script line 3: at 5:05 comes before the line above it "
        "(5:10); list the script in time order",
        f"live.yaml:{late}: moment 'off-air': script line 2: at 10:30 is outside the moment (9:00-10:00)",
    ]


def test_a_time_must_be_minutes_and_seconds():
    text = TEXT.replace('      - at: "1:25"\n', "      - at: 85\n")
    line = _line(text, "- at: 85")
    assert _problems(text) == [
        f"live.yaml:{line}: moment 'first-questions': script line 2: at must be a time from the segment's start "
        "as minutes:seconds, e.g. '1:30', not the number 85"]


@pytest.mark.parametrize("removed, missing, where", [
    ("    title: A critical comment at 5:00\n", "title", "- key: critical-comment"),
    ("    watch_for:\n      - Looks into the camera rather than at notes, and speaks without long pauses.\n"
     "      - Says who they are, what the stream is about and what viewers get by staying.\n"
     "      - Finishes the opening close to sixty seconds, without being cut off.\n", "watch_for", "- key: opening"),
    ("raters: 2\n", "raters", "key: live-segment"),
])
def test_a_missing_field_is_named_where_it_belongs(removed, missing, where):
    assert removed in TEXT
    text = TEXT.replace(removed, "")
    [problem] = _problems(text)
    line = _line(text, where)  # a moment's field: the moment's line; a top-level field: the file's first
    prefix = f"moment '{where.removeprefix('- key: ')}': " if where.startswith("- key: ") else ""
    assert problem == f"live.yaml:{line}: {prefix}missing required field '{missing}'"


def test_a_chat_line_needs_the_viewers_handle():
    text = TEXT.replace('        author: "@jess_k"\n', "")
    line = _line(text, '- at: "5:10"')  # the line's own start: it has no author to point at
    assert _problems(text) == [f"live.yaml:{line}: moment 'critical-comment': script line 2: a chat line needs "
                               "author: the handle of the viewer who posts it"]


# --- rubrics check -----------------------------------------------------------------------------


def test_rubrics_check_passes_on_the_shipped_run_sheet_and_its_translations(runner):
    for path in (SHIPPED, SHIPPED / "runsheets", SHEET):
        result = runner.invoke(args=["rubrics", "check", str(path)])
        assert result.exit_code == 0, result.output
        assert "ok  run sheet live-segment (live_speaking, 7 moments, 10:00)" in result.output


@pytest.fixture()
def copied(tmp_path):
    folder = tmp_path / "rubrics"
    shutil.copytree(SHIPPED, folder)
    return folder


def test_rubrics_check_names_the_file_and_line_of_a_broken_run_sheet(runner, copied):
    broken = copied / "runsheets" / "live-segment.yaml"
    broken.write_text(TEXT.replace("      - criterion: customer_service\n", "      - criterion: charisma\n"),
                      encoding="utf-8")
    line = _line(broken.read_text(encoding="utf-8"), "- criterion: charisma")
    for path in (copied, broken.parent, broken):
        result = runner.invoke(args=["rubrics", "check", str(path)])
        assert result.exit_code == 1, result.output
        assert f"{broken}:{line}: moment 'critical-comment': anchor 2: criterion 'charisma' is not in rubric" in (
            result.output)


def test_rubrics_check_reports_a_stale_run_sheet_translation_at_its_line(runner, copied):
    sheet = copied / "runsheets" / "live-segment.yaml"
    old = "title: Interviewing a reluctant guest"
    sheet.write_text(TEXT.replace(old, "title: Interviewing a shy guest"), encoding="utf-8")
    result = runner.invoke(args=["rubrics", "check", str(copied)])
    assert result.exit_code == 1
    for language in CONTENT_LANGUAGES:
        translation = copied / "runsheets" / "translations" / language / "live-segment.yaml"
        line = _line(translation.read_text(encoding="utf-8"), "moments.reluctant-guest.title:")
        assert (f"{translation}:{line}: 'moments.reluctant-guest.title' is stale: its English text changed since "
                f"it was translated; translate it again and set source: "
                f"{source_hash('Interviewing a shy guest')}") in result.output
    assert result.output.count("is stale") == len(CONTENT_LANGUAGES)
    listed = runner.invoke(args=["rubrics", "translations", "hi", str(copied)])
    assert "moments.reluctant-guest.title:" in listed.output and "english: Interviewing a shy guest" in listed.output


def test_rubrics_check_reports_a_missing_run_sheet_translation(runner, copied):
    (copied / "runsheets" / "translations" / "id" / "live-segment.yaml").unlink()
    result = runner.invoke(args=["rubrics", "check", str(copied / "runsheets")])
    assert result.exit_code == 1
    assert "no Bahasa Indonesia (id) translation" in result.output


# --- The kit page ------------------------------------------------------------------------------


@pytest.fixture()
def staged(scene):
    """The scene's opening with the demo's kits: live speaking at the panel interview only."""
    from hiring.demo import KITS

    stages = {stage.name: stage for stage in scene.opening.stages}
    for name, focus in KITS.items():
        set_kit(None, stages[name], focus=focus, questions={})
    db.session.commit()
    return stages


def _kit(opening, stage) -> str:
    return f"/openings/{opening.id}/stages/{stage.id}/kit"


def test_the_panel_kit_shows_the_run_sheet_and_the_others_do_not(browser, scene, staged):
    browser.login(scene.interviewer)
    panel = browser.get(_kit(scene.opening, staged["Panel interview"]))
    assert panel.status_code == 200
    html = panel.text
    assert 'id="runsheet-live-segment"' in html and "Live segment: the granola launch stream" in html
    assert "2 raters watch this segment and score it independently, each on their own scorecard" in html
    assert f'href="{_kit(scene.opening, staged["Panel interview"])}/runsheet"' in html
    for start, end in (("0:00", "1:00"), ("5:00", "6:15"), ("9:00", "10:00")):
        assert f'<span class="runsheet-time">{start}–{end}</span>' in html
    # A moment names the anchors it evidences in the rubric's own words.
    assert "Live speaking and interviewing, level 5: Sets the bar" in html
    assert RUBRIC.criterion("live_speaking").anchors[5] in html
    assert "Customer service and community, level 3: Meets the bar" in html
    assert '<a href="#runsheet-live-segment">' in html  # from the live speaking criterion
    for name in ("Screen", "Work sample", "Final"):
        other = browser.get(_kit(scene.opening, staged[name])).text
        assert "runsheet" not in other, name
    assert browser.get(_kit(scene.opening, staged["Screen"]) + "/runsheet").status_code == 404


def test_a_kit_of_every_criterion_includes_live_speaking_so_shows_the_run_sheet(browser, scene):
    browser.login(scene.manager)
    stage = scene.opening.stages[0]  # no focus saved: every criterion
    assert 'id="runsheet-live-segment"' in browser.get(_kit(scene.opening, stage)).text


def test_the_print_page_has_the_timings_script_anchors_and_a_notes_column_per_rater(browser, scene, staged):
    browser.login(scene.interviewer)
    page = browser.get(_kit(scene.opening, staged["Panel interview"]) + "/runsheet")
    assert page.status_code == 200
    html = page.text
    sheet = load_runsheet(SHEET)
    table = html.split('<table class="runsheet-table">', 1)[1].split("</table>", 1)[0]
    header, body = table.split("</thead>", 1)
    assert re.findall(r"<th[^>]*>([^<]+)</th>", header) == [
        "When", "Moment and script", "Watch for", "Rater 1: notes", "Rater 2: notes"]
    rows = body.split("<tr>")[1:]
    assert len(rows) == len(sheet.moments)
    for row, moment in zip(rows, sheet.moments, strict=True):
        assert f'<td class="runsheet-when">{moment.start}–{moment.end}</td>' in row
        assert row.count('<td class="runsheet-notes"></td>') == 2
        assert moment.title in row and moment.watch_for[0] in row
    assert "@not_buying_it" in html and "greenwashing for rich people" in html
    # Each row names its anchors; their words are given once, after the table, in the rubric's order.
    assert '<span class="level">5</span> Live speaking and interviewing, level 5: Sets the bar' in rows[2]
    in_full = html.split('class="runsheet-anchors-in-full"', 1)[1]
    assert in_full.count("<li>") == 6 and RUBRIC.criterion("live_speaking").anchors[5] in in_full
    first, second = "Customer service and community, level 3", "Live speaking and interviewing, level 1"
    assert in_full.index(first) < in_full.index(second)
    assert "Print a copy for each rater (A4, landscape): each writes only in their own column." in html
    assert "2 raters watch this segment and score it independently" in html


def test_an_outsider_cannot_open_the_run_sheet(browser, scene, staged):
    browser.login(scene.outsider)
    assert browser.get(_kit(scene.opening, staged["Panel interview"]) + "/runsheet").status_code == 403


@pytest.mark.parametrize("language", CONTENT_LANGUAGES)
def test_the_kit_and_the_print_page_read_in_the_readers_language(browser, scene, staged, language):
    scene.interviewer.language = language
    db.session.commit()
    translation = load_translation(SHIPPED / "runsheets", language, "live-segment")
    browser.login(scene.interviewer)
    english = texts(load_runsheet(SHEET).to_dict(), RUNSHEET_TEXTS)
    for url in (_kit(scene.opening, staged["Panel interview"]),
                _kit(scene.opening, staged["Panel interview"]) + "/runsheet"):
        page = browser.get(url)
        assert page.status_code == 200
        for path in ("title", "moments.critical-comment.script.1.says", "moments.disruption.watch_for.3"):
            assert translation.texts[path].text in page.text, (url, path)
        assert "Live segment: the granola launch stream" not in page.text
        assert 'lang="en"' not in page.text  # everything is translated
        shown = [text for text in english.values() if len(text.split()) >= 3 and text in page.text]
        assert shown == [], url


def test_a_text_whose_english_changed_shows_in_english_marked_as_such(app, browser, scene, staged, tmp_path,
                                                                      monkeypatch):
    folder = tmp_path / "runsheets"
    shutil.copytree(SHIPPED / "runsheets", folder)
    (folder / "live-segment.yaml").write_text(
        TEXT.replace("title: Interviewing a reluctant guest", "title: Interviewing a shy guest"), encoding="utf-8")
    monkeypatch.setitem(app.config, "RUNSHEETS_DIR", str(folder))
    scene.interviewer.language = "zh"
    db.session.commit()
    browser.login(scene.interviewer)
    html = browser.get(_kit(scene.opening, staged["Panel interview"])).text
    assert '<span lang="en">Interviewing a shy guest</span>' in html
    zh = load_translation(folder, "zh", "live-segment")
    assert zh.texts["moments.reluctant-guest.title"].text not in html  # a stale translation is not shown
    assert zh.texts["moments.opening.title"].text in html


def test_an_opening_on_another_rubric_has_no_run_sheet(app, browser, scene, tmp_path, monkeypatch):
    folder = tmp_path / "rubrics"
    folder.mkdir()
    other = (SHIPPED / "social-media-manager.yaml").read_text(encoding="utf-8").replace(
        "key: social-media-manager", "key: community-lead", 1)
    (folder / "social-media-manager.yaml").write_text(other, encoding="utf-8")
    monkeypatch.setitem(app.config, "RUBRICS_DIR", str(folder))
    from hiring.openings.operations import create_opening

    opening = create_opening(scene.manager, title="Community lead", rubric_key="community-lead",
                             rubrics_dir=str(folder))
    db.session.commit()
    browser.login(scene.manager)
    html = browser.get(_kit(opening, opening.stages[0])).text
    assert "Interview kit" in html and "runsheet" not in html


def test_the_demos_panel_kit_shows_the_run_sheet(runner, browser):
    from sqlalchemy import select

    from hiring.auth.models import User
    from hiring.demo import DEMO_PASSWORD
    from hiring.openings.models import Opening

    assert runner.invoke(args=["demo"]).exit_code == 0
    opening = db.session.scalars(select(Opening)).first()
    panel = next(stage for stage in opening.stages if stage.name == "Panel interview")
    interviewer = db.session.scalar(select(User).where(User.email == "interviewer@demo.hiring"))
    browser.login(interviewer.email, DEMO_PASSWORD)
    assert 'id="runsheet-live-segment"' in browser.get(_kit(opening, panel)).text
    screen = next(stage for stage in opening.stages if stage.name == "Screen")
    assert "runsheet" not in browser.get(_kit(opening, screen)).text


def test_a_run_sheet_folder_that_is_missing_shows_nothing(app, browser, scene, staged, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "RUNSHEETS_DIR", str(tmp_path / "none"))
    browser.login(scene.manager)
    assert "runsheet" not in browser.get(_kit(scene.opening, staged["Panel interview"])).text
