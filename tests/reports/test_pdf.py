"""pdf: the comparison PDF checked with real tools (poppler, qpdf)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import replace

import pytest
from PIL import Image, ImageChops
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from hiring.i18n import ENGLISH
from hiring.reports import fonts, pdf
from hiring.reports.dstudy import d_study_sentence
from tests.reports.sample import HOSTILE, NAMES, make_comparison, score

HINDI = "प्रिया शर्मा"
# pdftotext gives the Hindi name back as "या शमा": the conjunct glyphs (प्रि, र्) have no single Unicode
# mapping in the subset font, so extraction cannot be used to check Devanagari; rendering is compared instead.


def _need(*tools: str):
    missing = [t for t in tools if shutil.which(t) is None]
    return pytest.mark.skipif(bool(missing), reason=f"needs {', '.join(missing)} (poppler-utils / qpdf)")


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory):
    comparison = make_comparison(len(NAMES))
    path = tmp_path_factory.mktemp("pdf") / "comparison.pdf"
    path.write_bytes(pdf.build_comparison_pdf(comparison))
    return comparison, path


@pytest.fixture(scope="module")
def hostile_pdf(tmp_path_factory):
    block = "Answer line with x<y and z>w & AT&T inside.\n\n"
    long_answer = (block * (300_000 // len(block) + 1))[:300_000 - 12] + " THE-END-MARK"
    comparison = make_comparison(3, long_answer=long_answer, hostile=True)
    path = tmp_path_factory.mktemp("pdf") / "hostile.pdf"
    path.write_bytes(pdf.build_comparison_pdf(comparison))
    return comparison, path


@_need("pdftotext")
def test_names_extract_exactly(sample_pdf):
    _c, path = sample_pdf
    text = _run("pdftotext", str(path), "-")
    for name in NAMES:
        if name != HINDI:
            assert name in text, name
    assert "\u25a0" not in text and "\ufffd" not in text


@_need("pdftotext", "pdfinfo")
def test_page_n_of_m_on_every_page(sample_pdf):
    _c, path = sample_pdf
    pages = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(path))).group(1))
    assert pages > len(NAMES)  # summary + a page per candidate + appendix
    for n in range(1, pages + 1):
        page = _run("pdftotext", "-f", str(n), "-l", str(n), str(path), "-")
        assert f"page {n} of {pages}" in page
        assert pdf.CONFIDENTIAL in page
        assert "Generated 4 Mar 2026" in page


@_need("pdfinfo")
def test_metadata(sample_pdf):
    info = _run("pdfinfo", str(sample_pdf[1]))
    assert re.search(r"^Title:\s+Candidate comparison — Social Media Manager — Jakarta & Remote$", info, re.M)
    assert re.search(r"^Author:\s+Maya Chen$", info, re.M)
    assert re.search(r"^Subject:\s+Side-by-side comparison of 7 candidates", info, re.M)


@_need("qpdf")
def test_qpdf_check_passes(sample_pdf, hostile_pdf):
    for _c, path in (sample_pdf, hostile_pdf):
        subprocess.run(["qpdf", "--check", str(path)], check=True, capture_output=True)


@_need("pdffonts")
def test_fonts_are_embedded_or_cid(sample_pdf):
    lines = _run("pdffonts", str(sample_pdf[1])).splitlines()[2:]
    assert lines
    for line in lines:
        assert " yes " in line or "CID Type 0" in line, line
    assert not any(line.startswith("Helvetica") for line in lines)


@_need("qpdf")
def test_outline_has_every_candidate(sample_pdf):
    comparison, path = sample_pdf
    data = json.loads(_run("qpdf", "--json", "--json-key=outlines", str(path)))
    titles: list[str] = []

    def walk(items):
        for item in items:
            titles.append(item["title"])
            walk(item.get("kids", []))

    walk(data["outlines"])
    assert titles[:2] == ["Summary", "Candidates"] and titles[-1] == "Methodology"
    assert titles[2:-1] == [c.name for c in comparison.candidates]  # Hindi too: outlines are Unicode strings
    catalog = _run("qpdf", "--show-object=trailer", str(path))
    root = re.search(r"/Root (\d+) 0 R", catalog).group(1)
    assert "/UseOutlines" in _run("qpdf", f"--show-object={root}", str(path))


@_need("pdftotext", "pdfimages")
def test_hostile_text_reads_back_literally(hostile_pdf):
    _c, path = hostile_pdf
    text = " ".join(_run("pdftotext", str(path), "-").split())
    for needle in HOSTILE:
        assert needle in text, needle
    assert "THE-END-MARK" in text  # the 300 KB answer was laid out to its end
    assert text.count("x<y and z>w & AT&T inside.") > 6000
    assert "root:" not in text
    images = _run("pdfimages", "-list", str(path)).splitlines()[2:]
    assert images == []
    assert b"/Subtype /Image" not in path.read_bytes()


@_need("pdfinfo")
def test_long_answer_splits_across_pages(hostile_pdf):
    pages = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(hostile_pdf[1]))).group(1))
    assert pages > 50


@_need("pdftotext")
def test_many_candidates(tmp_path):
    comparison = make_comparison(50)
    path = tmp_path / "many.pdf"
    path.write_bytes(pdf.build_comparison_pdf(comparison))
    text = " ".join(_run("pdftotext", str(path), "-").split())
    assert "The chart shows the top 6 of 50 candidates." in text
    assert "Zoë Dubois 2" in text and "page 1 of" in text  # candidates past the seventh are there too


@_need("pdftotext")
def test_a_mean_halfway_between_levels_is_not_given_either_anchor(tmp_path):
    comparison = make_comparison(2)
    first = comparison.candidates[0]
    scores = {**first.scores, "copy": score(2.5, 0.71, 2, 1.0)}
    comparison = replace(comparison, candidates=[replace(first, scores=scores), *comparison.candidates[1:]])
    path = tmp_path / "between.pdf"
    path.write_bytes(pdf.build_comparison_pdf(comparison))
    # -layout keeps a table row on one line; the first candidate's section comes first.
    section = _run("pdftotext", "-layout", "-enc", "UTF-8", str(path), "-").split("Scores by criterion", 2)[1]
    row = next(line for line in section.splitlines() if line.strip().startswith("Copywriting "))
    assert " 2.50 " in row and " 2–3 Between 2 · Weak and 3 · Adequate" in row
    assert "Weak:" not in row and "Adequate:" not in row  # neither level's anchor is claimed


def test_helpers():
    assert pdf.num(None) == "—" and pdf.num(3.14159) == "3.14"
    chunks = pdf._chunks("word " * 2000, 3000)
    assert len(chunks) > 2 and all(len(c) <= 3000 for c in chunks)
    assert " ".join(chunks).split() == ("word " * 2000).split()


# --- Devanagari by rendering ---------------------------------------------------------------------------

class _Pen:
    """Draws harfbuzz glyph outlines into a reportlab path (fontTools pen protocol)."""

    def __init__(self, path, scale, x, y):
        self.path, self.s, self.x, self.y, self.last = path, scale, x, y, (0, 0)

    def _p(self, pt):
        return self.x + pt[0] * self.s, self.y + pt[1] * self.s

    def moveTo(self, pt):
        self.path.moveTo(*self._p(pt))
        self.last = pt

    def lineTo(self, pt):
        self.path.lineTo(*self._p(pt))
        self.last = pt

    def curveTo(self, c1, c2, pt):
        self.path.curveTo(*self._p(c1), *self._p(c2), *self._p(pt))
        self.last = pt

    def qCurveTo(self, c, pt):
        (x0, y0), (cx, cy), (x1, y1) = self.last, c, pt
        c1 = (x0 + 2 / 3 * (cx - x0), y0 + 2 / 3 * (cy - y0))
        c2 = (x1 + 2 / 3 * (cx - x1), y1 + 2 / 3 * (cy - y1))
        self.curveTo(c1, c2, pt)

    def closePath(self):
        self.path.close()


def _reference_pdf(path, text: str, font_path: str, size: float) -> None:
    import uharfbuzz as hb

    face = hb.Face(hb.Blob.from_file_path(font_path))
    font = hb.Font(face)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(font, buf, {"kern": True, "liga": True, "dlig": True})
    canv = Canvas(str(path), pagesize=(400, 80))
    p = canv.beginPath()
    scale, x = size / face.upem, 20.0
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        font.draw_glyph_with_pen(info.codepoint, _Pen(p, scale, x + pos.x_offset * scale, 30 + pos.y_offset * scale))
        x += pos.x_advance * scale
    canv.drawPath(p, stroke=0, fill=1, fillMode=0)
    canv.save()


def _paragraph_pdf(path, text: str, shaped: bool) -> None:
    style = pdf.STYLES["body"].clone("probe", fontSize=24, leading=30, textColor="black")
    canv = Canvas(str(path), pagesize=(400, 80))
    para = Paragraph(fonts.markup(text), pdf._shaped(style) if shaped else style)
    para.wrap(380, 80)
    para.drawOn(canv, 20, 10)
    canv.save()


def _ink(png) -> Image.Image:
    img = Image.open(png).convert("L")
    inverted = ImageChops.invert(img)
    return img.crop(inverted.point(lambda v: 255 if v > 60 else 0).getbbox())


def _difference(a: Image.Image, b: Image.Image) -> float:
    """Share of pixels that differ strongly, with both ink boxes on one canvas (1.0 if the sizes differ)."""
    if abs(a.width - b.width) > 3 or abs(a.height - b.height) > 3:
        return 1.0
    size = (max(a.width, b.width) + 2, max(a.height, b.height) + 2)
    pa = Image.new("L", size, 255)
    pa.paste(a, (1, 1))
    best = 1.0
    for dx in (0, 1, 2):  # the two rasters may sit a pixel apart: take the best alignment
        for dy in (0, 1, 2):
            pb = Image.new("L", size, 255)
            pb.paste(b, (dx, dy))
            strong = ImageChops.difference(pa, pb).point(lambda v: 255 if v > 128 else 0)
            best = min(best, strong.histogram()[255] / (size[0] * size[1]))
    return best


@_need("pdftoppm")
def test_hindi_renders_like_harfbuzz(tmp_path):
    fontset = fonts.register_fonts()
    images = {}
    for name, make in (("ref", lambda p: _reference_pdf(p, HINDI, fontset.devanagari, 24)),
                       ("shaped", lambda p: _paragraph_pdf(p, HINDI, True)),
                       ("unshaped", lambda p: _paragraph_pdf(p, HINDI, False))):
        out = tmp_path / f"{name}.pdf"
        make(out)
        subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(out), str(tmp_path / name)], check=True)
        images[name] = _ink(tmp_path / f"{name}.png")
    assert _difference(images["ref"], images["shaped"]) < 0.04
    assert _difference(images["ref"], images["unshaped"]) > 0.08  # the check can tell shaping apart


@_need("pdftotext")
def test_hindi_extraction_is_what_we_documented(sample_pdf):
    text = _run("pdftotext", str(sample_pdf[1]), "-")
    assert "या शमा" in text  # see the note at the top of this module


@_need("pdftotext")
def test_ranking_shows_intervals_and_both_probabilities(sample_pdf):
    comparison, path = sample_pdf
    page = " ".join(_run("pdftotext", "-layout", "-f", "1", "-l", "1", str(path), "-").split())
    assert "Total Interval P(above P(top 5) Skills Traits Raters" in page  # every column fits on A4
    first, last = comparison.candidates[0], comparison.candidates[-1]
    assert f"{first.name} In-house 4.60 4.10–4.90 — 0.97 4.40 4.00 3" in page
    assert f"{last.name} In-house {last.total:.2f} {last.low:.2f}–{last.high:.2f} {last.p_above_next:.2f} <0.01" in page
    assert "P(top 5): the probability of being among the opening's 5 best" in page
    assert "bootstrap" not in page and "resampl" not in page
    widths = pdf._ranking(comparison, ENGLISH)._colWidths
    assert len(widths) == 10 and min(widths) > 0 and sum(widths) <= pdf.CONTENT_W + 0.01


@_need("pdftotext")
def test_methodology_has_the_reliability_intervals_the_d_study_and_the_model(sample_pdf):
    comparison, path = sample_pdf
    text = " ".join(_run("pdftotext", "-layout", str(path), "-").split())
    methodology = text[text.rindex("Methodology"):]
    # Reliability: the weighted total's dependability first, then ICC(2,k) with its interval per criterion.
    assert "Scope Reliability 90% ICC(2,1)" in methodology  # "interval" wraps under "90%"
    assert "Weighted total 0.63 0.38–0.83 — — — 6 3 Φ at 2.6 raters per" in methodology
    assert "Platform knowledge 0.82 0.47–0.93 0.61 0.58 0.60 6 3" in methodology
    assert "Live speaking — — — — — 4 2 fewer than 5 rated" in methodology  # withheld, with why
    # How many raters are enough: the dashboard's sentence, and the reliability at 1–8 raters.
    study = comparison.methodology.d_study
    assert "How many raters are enough" in methodology
    assert d_study_sentence(study) in methodology
    assert ("Reliability of the total (Φ) " + " ".join(f"{study.by_raters[n]:.2f}" for n in range(1, 9))
            in methodology)
    # How the figures are computed: the measurement model, not resampling.
    for words in ("one measurement model fitted to every rating of the opening",
                  "(candidate, candidate × criterion, rater leniency, candidate × rater and noise)",
                  "Student's t", "posterior probabilities from the fitted model",
                  "includes a prediction for the criteria nobody has rated yet",
                  "ranked after every fully rated one"):
        assert words in methodology, words
    assert "bootstrap" not in text and "resampl" not in text


def test_d_study_sentence_reads_plainly_at_every_edge():
    from hiring.scoring.model import DStudy

    by = {n: 0.4 * n / (1 + 0.4 * (n - 1)) for n in range(1, 9)}
    assert d_study_sentence(DStudy(2.3636, 0.6424, 0.3069, 0.8678, by, 6)) == (
        "With 2.4 raters per candidate the total's reliability is 0.64 (90% interval 0.31–0.87). "
        "4 raters would reach 0.73; 0.80 needs 6 raters.")
    assert d_study_sentence(DStudy(1.0, 0.4, 0.1, 0.7, by, 6)).startswith(
        "With 1 rater per candidate the total's reliability is 0.40 (90% interval 0.10–0.70). 2 raters")
    assert d_study_sentence(DStudy(8.0, 0.84, 0.7, 0.9, by, 6)) == (
        "With 8 raters per candidate the total's reliability is 0.84 (90% interval 0.70–0.90). 0.80 needs 6 raters.")
    low = {n: 0.1 * n / (1 + 0.1 * (n - 1)) for n in range(1, 9)}
    assert d_study_sentence(DStudy(2.0, 0.18, 0.0, 0.5, low, 36)).endswith(
        "3 raters would reach 0.25; even 8 would reach only 0.47; 0.80 needs 36 raters.")
    assert d_study_sentence(DStudy(2.0, 0.0, 0.0, 0.4, {n: 0.0 for n in by}, None)).endswith(
        "no number of raters reaches 0.80: these ratings do not yet show the candidates differing.")
    assert d_study_sentence(DStudy(1.0, None, None, None, {}, None, "each candidate was rated by one rater")) == (
        "The total's reliability cannot be estimated yet: each candidate was rated by one rater.")
