"""Rubric files become stored versions; openings keep the version they were created with."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from hiring.audit.models import AuditEvent
from hiring.auth.models import Role
from hiring.config import PROJECT_ROOT
from hiring.extensions import db
from hiring.rubrics.models import RubricVersion
from hiring.rubrics.store import current_version
from tests.helpers import make_opening, make_user

RUBRIC = "social-media-manager.yaml"


def _edit(folder: Path, old: str, new: str) -> None:
    path = folder / RUBRIC
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _versions() -> int:
    return db.session.scalar(select(func.count()).select_from(RubricVersion))


def test_loading_the_same_content_twice_gives_the_same_version(rubrics_dir):
    first = current_version(rubrics_dir, "social-media-manager")
    (rubrics_dir / RUBRIC).write_text("# a comment changes nothing\n" + (rubrics_dir / RUBRIC).read_text(
        encoding="utf-8"), encoding="utf-8")
    again = current_version(rubrics_dir, "social-media-manager")
    assert again.id == first.id
    assert _versions() == 1


def test_a_parsed_rubric_is_reused_until_its_file_changes(rubrics_dir):
    from hiring.rubrics.schema import load_rubric

    path = next(Path(rubrics_dir).glob("*.yaml"))
    first = load_rubric(path)
    assert load_rubric(path) is first
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"title: {first.title}", f"title: {first.title[:-1]}!", 1), encoding="utf-8")
    edited = load_rubric(path)  # same size, and possibly the same modification time: the text is the key
    assert edited is not first and edited.title == first.title[:-1] + "!" and edited.content_hash != first.content_hash


def test_editing_the_file_makes_a_new_version_and_keeps_the_old_one_readable(rubrics_dir):
    opening = make_opening()
    old = opening.rubric_version
    old_anchor = old.rubric.criteria[0].anchors[1]
    _edit(rubrics_dir, "weight: ", "weight: 2")  # a changed weight: a change of meaning
    new = current_version(rubrics_dir, "social-media-manager")
    assert new.id != old.id and new.content_hash != old.content_hash
    assert _versions() == 2
    db.session.expire_all()
    reread = db.session.get(RubricVersion, old.id)
    assert reread.rubric.criteria[0].anchors[1] == old_anchor
    assert reread.source_text != new.source_text
    assert opening.rubric_version_id == old.id, "the opening still uses the version it was made with"


def test_upgrading_an_opening_is_explicit_and_audited(browser, rubrics_dir):
    manager = make_user(Role.HIRING_MANAGER)
    opening = make_opening(manager)
    pinned = opening.rubric_version_id
    browser.login(manager)
    assert "newer version" not in browser.get(f"/openings/{opening.id}").text
    _edit(rubrics_dir, "Platform knowledge", "Platform mechanics")
    page = browser.get(f"/openings/{opening.id}").text
    assert "newer version" in page
    db.session.expire_all()
    assert opening.rubric_version_id == pinned, "seeing a newer file changes nothing by itself"
    browser.post(f"/openings/{opening.id}/upgrade-rubric", {})
    db.session.expire_all()
    assert opening.rubric_version_id != pinned
    assert opening.rubric.criterion("platform_knowledge").name == "Platform mechanics"
    event = db.session.scalar(select(AuditEvent).filter_by(action="opening.upgrade_rubric"))
    assert event.actor_id == manager.id
    assert event.details["before"]["rubric_hash"] != event.details["after"]["rubric_hash"]


def test_rubrics_check_passes_on_the_shipped_rubrics(runner):
    result = runner.invoke(args=["rubrics", "check", str(PROJECT_ROOT / "rubrics")])
    assert result.exit_code == 0, result.output
    assert "social-media-manager" in result.output




def _base(**swap: str) -> str:
    anchors = "\n".join(f"      {n}: Level {n} behaviour seen." for n in range(1, 6))
    labels = "\n".join(f"    {n}: L{n}" for n in range(1, 6))
    text = (
        "key: tiny\ntitle: Tiny\nversion: '1'\nscale:\n  min: 1\n  max: 5\n  labels:\n"
        f"{labels}\ncriteria:\n  - key: copywriting\n    name: Copywriting\n    kind: skill\n"
        f"    weight: 1\n    description: Writes.\n    anchors:\n{anchors}\n"
        "    questions:\n      - Write a bio.\n"
    )
    for old, new in swap.items():
        assert old in text
        text = text.replace(old, new, 1)
    return text


# case → (text replaced in the minimal rubric, its replacement, expected line, message fragment)
CASES = {
    "yaml syntax": ("title: Tiny\n", "title: [Tiny\n", 3, "not valid YAML"),
    "unknown field": ("    weight: 1\n", "    weight: 1\n    colour: blue\n", 18, "colour"),
    "missing field": ("title: Tiny\n", "", 1, "title"),
    "duplicate key": ("    kind: skill\n", "    kind: skill\n    kind: trait\n", 17, "kind"),
    "weight not positive": ("    weight: 1\n", "    weight: 0\n", 17, "weight"),
    "anchor missing": ("      4: Level 4 behaviour seen.\n", "", 19, "4"),
    "scale min >= max": ("  min: 1\n", "  min: 5\n", 5, "min"),
    "kind not skill or trait": ("    kind: skill\n", "    kind: talent\n", 16, "talent"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_rubrics_check_names_file_and_line_of_each_kind_of_problem(runner, tmp_path, case):
    old, new, line, fragment = CASES[case]
    path = tmp_path / "broken.yaml"
    path.write_text(_base(**{old: new}), encoding="utf-8")
    result = runner.invoke(args=["rubrics", "check", str(path)])
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if "broken.yaml:" in line]
    assert lines, result.output
    assert any(f"broken.yaml:{line}:" in entry and fragment in entry for entry in lines), result.output


def test_rubrics_check_passes_a_valid_minimal_file(runner, tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(_base(), encoding="utf-8")
    result = runner.invoke(args=["rubrics", "check", "--languages", "en", str(path)])
    assert result.exit_code == 0, result.output


def test_rubrics_check_names_each_missing_translation_of_a_new_file(runner, tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(_base(), encoding="utf-8")
    result = runner.invoke(args=["rubrics", "check", str(path)])
    assert result.exit_code == 1
    for language in ("zh", "es", "hi", "id"):
        assert f"{path}: no " in result.output
        assert str(tmp_path / "translations" / language / "tiny.yaml") + " is missing" in result.output
    result = runner.invoke(args=["rubrics", "check", "--languages", "en,zh", str(path)])
    assert result.exit_code == 1 and "/zh/" in result.output and "/es/" not in result.output
