"""Files and the browser are one thing: any stored version downloads (or exports) as YAML that `rubrics
check` accepts and that uploads (or imports) back to the same content hash; an uploaded file is read by
the same rules, its problems shown at their lines, and stored only by those who may edit the rubric."""

from __future__ import annotations

import html
import io
import re
import shutil
from pathlib import Path

from sqlalchemy import func, select

from hiring.audit.models import AuditEvent
from hiring.auth.models import Role
from hiring.config import PROJECT_ROOT
from hiring.extensions import db
from hiring.rubrics.models import RubricVersion
from hiring.rubrics.schema import Rubric, load_rubric, parse_rubric
from hiring.rubrics.store import current_version, save_version
from hiring.rubrics.yamlfile import MAX_FILE_BYTES, dump_rubric
from tests.helpers import _committed, make_user

SHIPPED = PROJECT_ROOT / "rubrics" / "social-media-manager.yaml"
KEY = "social-media-manager"


def _count(**filters) -> int:
    return db.session.scalar(select(func.count()).select_from(RubricVersion).filter_by(**filters))


def _text(old: str = "", new: str = "") -> str:
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def _own_rubric(key: str = "community-manager", title: str = "Community manager") -> str:
    """The shipped rubric under another key: a new rubric."""
    return _text(f"key: {KEY}", f"key: {key}").replace("title: Social media manager", f"title: {title}", 1)


def _upload(browser, text: str | bytes, filename: str = "rubric.yaml", note: str = "", **kwargs):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return browser.submit("/rubrics/upload", {"file": (io.BytesIO(data), filename), "note": note},
                          content_type="multipart/form-data", **kwargs)


@_committed
def _reweighted_version() -> RubricVersion:
    """A version made in the app, not from a file: its stored text is not the rubric's own."""
    data = load_rubric(SHIPPED).to_dict()
    data["criteria"][1]["weight"] = 1.5
    version, _ = save_version(None, Rubric.from_dict(data), "", origin="builder", note="Copywriting counts more")
    return version


def _rubrics_folder(tmp_path: Path) -> Path:
    """A folder beside the exported file with the shipped translations, which `rubrics check` reads."""
    folder = tmp_path / "exported"
    shutil.copytree(PROJECT_ROOT / "rubrics" / "translations", folder / "translations")
    return folder


# --- The command line ----------------------------------------------------------------------------


def test_the_shipped_rubric_exports_checks_and_imports_to_the_same_hash(runner, tmp_path, rubrics_dir):
    out = _rubrics_folder(tmp_path) / "social-media-manager.yaml"
    exported = runner.invoke(args=["rubrics", "export", KEY, "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    shipped = current_version(rubrics_dir, KEY)
    assert f"{KEY} version 1" in exported.output and shipped.content_hash in exported.output
    assert out.read_text(encoding="utf-8") == SHIPPED.read_text(encoding="utf-8"), "the file itself, comments kept"

    checked = runner.invoke(args=["rubrics", "check", str(out)])
    assert checked.exit_code == 0, checked.output
    assert f"ok  {KEY} 2026.1" in checked.output

    imported = runner.invoke(args=["rubrics", "import", str(out)])
    assert imported.exit_code == 0, imported.output
    assert imported.output.strip() == f"Identical to {KEY} version 1, {shipped.content_hash}; nothing stored."
    assert _count(key=KEY) == 1


def test_a_version_made_in_the_app_exports_as_yaml_that_checks_and_imports_to_the_same_hash(runner, tmp_path,
                                                                                            rubrics_dir):
    current_version(rubrics_dir, KEY)
    made = _reweighted_version()
    out = _rubrics_folder(tmp_path) / "social-media-manager.yaml"
    exported = runner.invoke(args=["rubrics", "export", KEY, "--out", str(out)])  # the newest: version 2
    assert exported.exit_code == 0, exported.output
    assert f"{KEY} version 2 (2026.1), {made.content_hash}" in exported.output
    text = out.read_text(encoding="utf-8")
    assert text == dump_rubric(made.english) and "weight: 1.5" in text
    assert parse_rubric(text).content_hash == made.content_hash

    checked = runner.invoke(args=["rubrics", "check", str(out)])  # translations included: weights are not text
    assert checked.exit_code == 0, checked.output

    imported = runner.invoke(args=["rubrics", "import", str(out)])
    assert imported.output.strip() == f"Identical to {KEY} version 2, {made.content_hash}; nothing stored."
    older = runner.invoke(args=["rubrics", "export", KEY, "--version", "1", "--out", str(tmp_path / "v1.yaml")])
    assert older.exit_code == 0 and (tmp_path / "v1.yaml").read_text(encoding="utf-8") == SHIPPED.read_text(
        encoding="utf-8")
    assert _count(key=KEY) == 2


def test_importing_an_edited_file_stores_the_next_version_from_the_command_line(runner, tmp_path, rubrics_dir):
    edited = tmp_path / "edited.yaml"
    edited.write_text(_text('version: "2026.1"', 'version: "2026.2"'), encoding="utf-8")
    result = runner.invoke(args=["rubrics", "import", str(edited), "--note", "Spring round"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    version = db.session.scalar(select(RubricVersion).filter_by(key=KEY, number=2))
    assert result.output.strip() == f"Stored {KEY} version 2, {version.content_hash}"
    assert (version.origin, version.author_id, version.note, version.label) == (
        "upload", None, "Spring round", "2026.2")
    assert version.source_text == edited.read_text(encoding="utf-8") and version.source_path == "edited.yaml"
    event = db.session.scalar(select(AuditEvent).filter_by(action="rubric.save"))
    assert event.actor_id is None and event.details["number"] == 2 and event.details["origin"] == "upload"


def test_importing_a_broken_file_names_each_problem_at_its_line_and_stores_nothing(runner, tmp_path):
    text = _text("    weight: 1.0\n", "    weight: 0\n").replace("    kind: skill\n", "    kind: talent\n", 1)
    broken = tmp_path / "broken.yaml"
    broken.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    result = runner.invoke(args=["rubrics", "import", str(broken)])
    assert result.exit_code == 1
    assert (f"{broken}:{lines.index('    kind: talent') + 1}: criterion 'platform_knowledge': kind must be "
            "'skill' or 'trait', not 'talent'") in result.output
    assert (f"{broken}:{lines.index('    weight: 0') + 1}: criterion 'platform_knowledge': weight must be a "
            "number from 0.01 to 100, not 0") in result.output
    assert _count() == 0 and db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_exporting_what_does_not_exist_says_what_does(runner, tmp_path, rubrics_dir):
    missing = runner.invoke(args=["rubrics", "export", "no-such-rubric", "--out", str(tmp_path / "x.yaml")])
    assert missing.exit_code == 1 and "No rubric with key 'no-such-rubric'." in missing.output
    too_far = runner.invoke(args=["rubrics", "export", KEY, "--version", "7", "--out", str(tmp_path / "x.yaml")])
    assert too_far.exit_code == 1 and f"Rubric '{KEY}' has no version 7; its versions are 1 to 1." in too_far.output
    assert not (tmp_path / "x.yaml").exists()


# --- Downloads -----------------------------------------------------------------------------------


def test_anyone_signed_in_downloads_a_version_as_the_file_it_came_from(browser, rubrics_dir):
    version = current_version(rubrics_dir, KEY)
    browser.login(make_user(Role.INTERVIEWER))
    page = browser.get(f"/rubrics/versions/{version.id}")
    assert f'href="/rubrics/versions/{version.id}.yaml" download' in page.text
    download = browser.get(f"/rubrics/versions/{version.id}.yaml")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"] == f'attachment; filename="{KEY}-v1.yaml"'
    assert download.content_type == "application/yaml; charset=utf-8"
    assert download.text == SHIPPED.read_text(encoding="utf-8")
    assert browser.get("/rubrics/versions/999999.yaml").status_code == 404


def test_a_version_made_in_the_app_downloads_as_written_out_yaml(browser, rubrics_dir):
    current_version(rubrics_dir, KEY)
    made = _reweighted_version()
    browser.login(make_user(Role.LEADERSHIP))
    download = browser.get(f"/rubrics/versions/{made.id}.yaml")
    assert download.headers["Content-Disposition"] == f'attachment; filename="{KEY}-v2.yaml"'
    assert parse_rubric(download.text).content_hash == made.content_hash


# --- Uploads -------------------------------------------------------------------------------------


def test_admin_uploads_a_new_version_then_the_same_file_again_stores_nothing(browser, rubrics_dir):
    admin = make_user(Role.ADMIN)
    browser.login(admin)
    assert 'href="/rubrics/upload"' in browser.get("/rubrics/").text
    text = _text("Platform knowledge", "Platform mechanics")
    stored = _upload(browser, text, "smm.yaml", note="Clearer name")
    version = db.session.scalar(select(RubricVersion).filter_by(key=KEY, number=2))
    assert stored.status_code == 302 and stored.headers["Location"].endswith(f"/rubrics/versions/{version.id}")
    assert (version.origin, version.author_id, version.note, version.source_path) == (
        "upload", admin.id, "Clearer name", "smm.yaml")
    assert version.source_text == text
    page = browser.get(stored.headers["Location"])
    assert "Stored as version 2 of Social media manager." in page.text
    assert "Platform mechanics" in page.text

    again = _upload(browser, text.replace("# Rubric for", "# A comment changes nothing. Rubric for"), "again.yaml")
    assert again.headers["Location"].endswith(f"/rubrics/versions/{version.id}")
    assert "Social media manager: identical to version 2, so nothing new was stored." in browser.get(
        again.headers["Location"]).text
    assert _count(key=KEY) == 2
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).filter_by(action="rubric.save")) == 1


def test_a_downloaded_version_uploads_back_to_the_same_version(browser, rubrics_dir):
    current_version(rubrics_dir, KEY)
    made = _reweighted_version()
    browser.login(make_user(Role.ADMIN))
    downloaded = browser.get(f"/rubrics/versions/{made.id}.yaml").data
    back = _upload(browser, downloaded, f"{KEY}-v2.yaml")
    assert back.headers["Location"].endswith(f"/rubrics/versions/{made.id}")
    assert _count(key=KEY) == 2


def test_upload_problems_are_listed_with_their_lines_and_nothing_is_stored(browser, rubrics_dir):
    browser.login(make_user(Role.ADMIN))
    text = _text("    weight: 1.0\n", "    weigth: 1.0\n")
    lines = text.splitlines()
    page = _upload(browser, text, "mine.yaml")
    assert page.status_code == 200
    assert "The file has 2 problems, so nothing was stored." in page.text
    problems = [html.unescape(p) for p in re.findall(r'<li><code translate="no">([^<]*)</code></li>', page.text)]
    assert problems == [
        f"mine.yaml:{lines.index('  - key: platform_knowledge') + 1}: criterion 'platform_knowledge': missing "
        "required field 'weight'",
        f"mine.yaml:{lines.index('    weigth: 1.0') + 1}: criterion 'platform_knowledge': unknown field 'weigth' "
        "(did you mean 'weight'?); allowed here: key, name, kind, weight, description, anchors, questions",
    ]
    syntax = _upload(browser, "key: x\ntitle: [broken\n", "syntax.yaml")
    assert "The file has 1 problem, so nothing was stored." in syntax.text
    assert "syntax.yaml:3: not valid YAML" in syntax.text
    latin1 = _upload(browser, "key: x\ntitle: Caf\xe9\n".encode("latin-1"), "latin1.yaml")
    assert "latin1.yaml:2: not UTF-8 text; save the file as UTF-8" in latin1.text
    assert _count() == 0


def test_a_file_over_the_size_limit_is_refused_whole(browser, rubrics_dir):
    browser.login(make_user(Role.ADMIN))
    text = _own_rubric()
    padded = text + "#" * (MAX_FILE_BYTES - len(text.encode("utf-8")) - 1) + "\n"
    assert len(padded.encode("utf-8")) == MAX_FILE_BYTES
    assert _upload(browser, padded).status_code == 302, "up to the limit is fine"
    too_big = _upload(browser, padded.replace("title: Community manager", "title: Community managers") + "#")
    assert too_big.status_code == 200
    assert "The file is larger than 256 KB, the most a rubric file may be. Nothing was stored." in too_big.text
    assert _count(key="community-manager") == 1


def test_only_yaml_files_are_taken_and_a_form_without_its_token_is_refused(browser, rubrics_dir):
    browser.login(make_user(Role.ADMIN))
    page = _upload(browser, _own_rubric(), "rubric.txt")
    assert "Use a .yaml or .yml file." in page.text
    assert "Choose a .yaml or .yml file." in browser.submit("/rubrics/upload", {}).text
    refused = browser.post_without_token("/rubrics/upload", {"file": (io.BytesIO(_own_rubric().encode()), "r.yaml")},
                                         content_type="multipart/form-data")
    assert refused.status_code == 400
    assert _count(key="community-manager") == 0


def test_a_hiring_manager_uploads_a_new_rubric_and_new_versions_of_it_but_not_of_others(browser, rubrics_dir):
    manager, other = make_user(Role.HIRING_MANAGER), make_user(Role.HIRING_MANAGER)
    browser.login(manager)
    created = _upload(browser, _own_rubric(), "community.yaml")
    assert created.status_code == 302
    first = db.session.scalar(select(RubricVersion).filter_by(key="community-manager"))
    assert (first.number, first.author_id) == (1, manager.id)
    assert 'href="/rubrics/upload"' in browser.get(f"/rubrics/versions/{first.id}").text
    assert _upload(browser, _own_rubric(title="Community manager, Indonesia")).status_code == 302
    assert _count(key="community-manager") == 2

    shipped = _upload(browser, _text("Platform knowledge", "Platform mechanics"), "smm.yaml")
    assert shipped.status_code == 403, "a rubric from a file has no author: only admins add versions to it"
    assert f"Only an admin or the person who created the rubric {KEY} may store a new version of it." in shipped.text
    assert _count(key=KEY) == 1
    browser.logout()

    browser.login(other)
    assert 'href="/rubrics/upload"' not in browser.get(f"/rubrics/versions/{first.id}").text
    refused = _upload(browser, _own_rubric(title="Taken over"))
    assert refused.status_code == 403 and "community-manager" in refused.text
    assert _count(key="community-manager") == 2
    assert _upload(browser, _own_rubric("community-manager-copy", "My copy")).status_code == 302, "a copy is theirs"
    browser.logout()

    browser.login(make_user(Role.ADMIN))
    assert _upload(browser, _own_rubric(title="Edited by an admin")).status_code == 302
    assert _count(key="community-manager") == 3


def test_interviewers_and_leadership_cannot_upload_and_are_not_offered_it(browser, rubrics_dir):
    for role in (Role.INTERVIEWER, Role.LEADERSHIP):
        user = make_user(role)
        browser.login(user)
        assert 'href="/rubrics/upload"' not in browser.get("/rubrics/").text
        assert browser.get("/rubrics/upload").status_code == 403
        refused = browser.post("/rubrics/upload", {"file": (io.BytesIO(_own_rubric().encode()), "r.yaml")},
                               content_type="multipart/form-data")
        assert refused.status_code == 403
        browser.logout()
    assert _count(key="community-manager") == 0


def test_a_key_or_title_longer_than_a_version_holds_is_a_problem_at_its_line(browser, rubrics_dir):
    browser.login(make_user(Role.ADMIN))
    text = _own_rubric("k" * 101, "T" * 201)
    lines = text.splitlines()
    page = _upload(browser, text, "long.yaml")
    assert page.status_code == 200
    assert f"long.yaml:{lines.index('key: ' + 'k' * 101) + 1}: key must be at most 100 characters, not 101" in page.text
    assert f"long.yaml:{lines.index('title: ' + 'T' * 201) + 1}: title must be at most 200 characters, not 201" in (
        page.text)
    assert _count() == 0
