"""The demo's comparison PDF, checked with poppler and qpdf as a reader of the file would."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from flask import current_app

from hiring.demo import load_demo
from hiring.reports.dstudy import d_study_sentence
from hiring.scoreboards import opening_scoreboard
from hiring.shortlists.queries import shortlisted

TOOLS = ("pdftotext", "pdffonts", "qpdf")
pytestmark = pytest.mark.skipif(any(shutil.which(t) is None for t in TOOLS),
                                reason="needs poppler-utils (pdftotext, pdffonts) and qpdf")
DEVANAGARI = re.compile(r"[\u0900-\u097f]")


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def test_demo_shortlist_pdf_has_every_name_page_numbers_and_embedded_fonts(runner, tmp_path):
    opening = load_demo(current_app.config["RUBRICS_DIR"])
    names = [c.name for c in shortlisted(opening)]
    assert {"王芳", "José Martínez", "Zoë Dubois", "Siti Rahmawati", "김민지", "प्रिया शर्मा"} <= set(names)
    out = tmp_path / "demo.pdf"
    result = runner.invoke(args=["report", str(opening.id), "--out", str(out)])
    assert result.exit_code == 0, result.output

    text = _run("pdftotext", "-enc", "UTF-8", str(out), "-")
    for name in names:
        if not DEVANAGARI.search(name):  # shaped Devanagari: see tests/reports/test_pdf.py
            assert name in text, name
    pages = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(out))).group(1))
    for n in (1, pages):
        assert f"page {n} of {pages}" in text
    assert "\u25a0" not in text and "\ufffd" not in text

    # The model's figures: P(top k) for the shortlist's size, the total's dependability and the D-study.
    board = opening_scoreboard(opening)
    flat = " ".join(text.split())
    assert f"P(top {board.k})" in flat and board.k == len(names)
    assert "Weighted total (dependability)" in flat
    assert d_study_sentence(board.d_study) in flat
    assert "How many raters are enough" in flat
    assert "bootstrap" not in flat and "resampl" not in flat

    subprocess.run(["qpdf", "--check", str(out)], capture_output=True, check=True)
    fonts = _run("pdffonts", str(out)).splitlines()[2:]
    assert fonts
    for line in fonts:  # name, type, encoding, emb, sub, uni, object, ID
        assert line.split()[-5] == "yes" or "CID" in line, line  # embedded, or a CID font
