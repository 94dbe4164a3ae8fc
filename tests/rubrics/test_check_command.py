"""`rubrics check` on exercise files: a shipped exercise file or folder passes; a broken one names file:line."""

from __future__ import annotations

import shutil

import pytest

from hiring.config import PROJECT_ROOT

SHIPPED = PROJECT_ROOT / "rubrics"
EXERCISE_FILES = sorted((SHIPPED / "exercises").glob("*.yaml"))


@pytest.mark.parametrize("path", EXERCISE_FILES, ids=lambda path: path.name)
def test_author_checks_one_shipped_exercise_file_and_it_passes(runner, path):
    result = runner.invoke(args=["rubrics", "check", str(path)])
    assert result.exit_code == 0, result.output
    assert f"ok  exercise {path.stem}" in result.output


def test_author_checks_the_shipped_exercises_folder_and_every_file_passes(runner):
    result = runner.invoke(args=["rubrics", "check", str(SHIPPED / "exercises")])
    assert result.exit_code == 0, result.output
    for path in EXERCISE_FILES:
        assert f"ok  exercise {path.stem}" in result.output


def test_author_is_told_the_file_and_line_of_a_broken_exercise(runner, tmp_path):
    rubrics = tmp_path / "rubrics"
    (rubrics / "exercises").mkdir(parents=True)
    shutil.copy(SHIPPED / "social-media-manager.yaml", rubrics)
    text = (SHIPPED / "exercises" / "launch-posts.yaml").read_text(encoding="utf-8")
    line = text.splitlines().index("time_limit_minutes: 20") + 1
    broken = rubrics / "exercises" / "broken.yaml"
    broken.write_text(text.replace("time_limit_minutes: 20", "time_limit_minutes: soon"), encoding="utf-8")

    for path in (broken, broken.parent):
        result = runner.invoke(args=["rubrics", "check", str(path)])
        assert result.exit_code == 1, result.output
        problems = [entry for entry in result.output.splitlines() if "broken.yaml:" in entry]
        assert len(problems) == 1, result.output  # checked as an exercise, not as a rubric
        assert f"broken.yaml:{line}: time_limit_minutes must be a whole number" in problems[0]


@pytest.mark.parametrize("folder", ["rubrics", "rubrics/exercises"])
def test_author_is_told_the_line_of_nesting_too_deep_instead_of_a_crash(runner, tmp_path, folder):
    """5,000 nested `[` used to end `rubrics check` in a RecursionError traceback."""
    rubrics = tmp_path / "rubrics"
    (rubrics / "exercises").mkdir(parents=True)
    shutil.copy(SHIPPED / "social-media-manager.yaml", rubrics)
    deep = tmp_path / folder / "deep.yaml"
    deep.write_text("key: deep\nversion: 1\ncriteria:\n  - " + "[" * 5000 + "\n", encoding="utf-8")
    result = runner.invoke(args=["rubrics", "check", str(deep)])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # not a crash
    assert "Traceback" not in result.output and "RecursionError" not in result.output
    assert f"{deep}:4: nesting too deep (limit 50)" in result.output.splitlines()


def test_nesting_up_to_the_limit_is_read_as_usual(tmp_path):
    from hiring.rubrics.schema import RubricError, parse_rubric

    with pytest.raises(RubricError) as error:  # a rubric it is not, but the YAML reads fine
        parse_rubric("criteria: " + "[" * 49 + "]" * 49 + "\n", "nested.yaml")
    assert "nesting too deep" not in str(error.value)
