"""A Chinese reader's comparison PDF, as the app makes it, has no English label: read back with
pdftotext, every word in Latin script is typed data (a name, a note), a number, or a term the Chinese
glossary keeps in English."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from sqlalchemy import String, Text, select

from hiring.extensions import db
from hiring.shortlists.operations import add_to_shortlist, record_decision
from tests.helpers import Browser, make_candidate, make_invitation, submit_scorecard
from tests.test_one_language_per_page import kept_words

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
LATIN = re.compile(r"[A-Za-z][A-Za-z'’]*")


def _typed_words() -> set[str]:
    """Every Latin word people typed or the app stored as data (names, notes, stage names, emails)."""
    words: set[str] = set()
    for table in db.metadata.sorted_tables:
        if table.name in ("rubric_versions", "invitations"):
            continue
        columns = [c for c in table.columns if isinstance(c.type, String | Text)]
        for row in db.session.execute(select(*columns)) if columns else ():
            for value in row:
                if isinstance(value, str):
                    words.update(word.lower() for word in LATIN.findall(value))
    return words


def test_the_comparison_pdf_in_chinese_has_no_english_label(app, scene, tmp_path):
    second = make_candidate(scene.opening, name="王芳", language="zh")
    for candidate in (scene.candidate, second):
        for stage in scene.opening.stages[:2]:
            submit_scorecard(scene.interviewer, candidate, stage,
                             {"copywriting": 4, "analytics": 3, "strategy": 4, "design": 2})
            submit_scorecard(scene.manager, candidate, stage, {"copywriting": 3, "analytics": 4, "strategy": 3})
        add_to_shortlist(None, candidate)
    make_invitation(second, ("campaign-analysis",))
    record_decision(None, second, "advance", "很有潜力。")
    scene.leader.language = "zh"
    db.session.commit()
    browser = Browser(app.test_client())
    browser.login(scene.leader)
    response = browser.get(f"/openings/{scene.opening.id}/compare.pdf?c={scene.candidate.id}&c={second.id}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    path = tmp_path / "zh.pdf"
    path.write_bytes(response.data)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "候选人对比" in text or "对比" in text  # it is the Chinese PDF
    allowed = kept_words("zh") | _typed_words()
    text = re.sub(r"\b[0-9a-f]{8,}\b", " ", text)  # the rubric version's hash
    english = sorted({word for word in LATIN.findall(text) if word.lower() not in allowed})
    assert not english, f"English in the Chinese PDF: {english}"
