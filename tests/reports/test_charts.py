"""charts: the radar Drawing and its inline SVG."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from reportlab.graphics import renderPDF

from hiring.reports import charts

AXES = ["Platform knowledge", "Copywriting", "Design", "<script>alert(1)</script> & co", "Analytics"]
SERIES = [("Zoë & <b>", [4.0, 3.5, None, 2.0, 5.0]), ("王芳", [2.0, 2.0, 3.0, 3.0, 4.0])]
SVG_NS = "{http://www.w3.org/2000/svg}"


def _svg() -> str:
    return charts.radar_svg(AXES, SERIES, 1, 5)


def test_palette_has_six_distinct_colours():
    assert len(set(charts.SERIES_COLOURS)) == 6 == charts.MAX_SERIES


def test_svg_is_an_inlineable_accessible_fragment():
    svg = _svg()
    assert svg.startswith("<svg") and "<?xml" not in svg and "DOCTYPE" not in svg
    root = ET.fromstring(svg)  # well-formed
    assert root.get("role") == "img"
    assert "Zoë & <b>" in root.get("aria-label")
    assert root.find(f"{SVG_NS}title").text == root.get("aria-label")
    assert root.get("viewBox") == "0 0 360 280"
    assert root.get("width") == "100%" and root.get("height") is None
    assert 'id="' not in svg  # ids would clash between several charts on one page


def test_svg_escapes_text():
    svg = _svg()
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in svg
    texts = [t.text for t in ET.fromstring(svg).iter(f"{SVG_NS}text")]
    assert "<script>alert(1)</script> & co" in texts


def test_one_polygon_per_series_plus_the_grid():
    root = ET.fromstring(_svg())
    polygons = list(root.iter(f"{SVG_NS}polygon"))
    filled = [p for p in polygons if p.get("fill-opacity")]
    assert len(polygons) == 5 + len(SERIES)  # one ring per level 1..5, one polygon per series
    assert len(filled) == len(SERIES)
    # markers only where rated: the unrated Design axis of the first series has none
    assert len(list(root.iter(f"{SVG_NS}circle"))) == 4 + 5
    # the rated vertices of the first series: 4 points
    assert len(re.findall(r"[\d.]+ [\d.]+", filled[0].get("points"))) == 4


def test_gap_is_dashed():
    svg = _svg()
    assert svg.count("stroke-dasharray") >= 1
    full = charts.radar_svg(AXES, [("a", [3.0] * 5)], 1, 5)
    assert "stroke-dasharray" not in full


def test_levels_and_labels_are_drawn():
    texts = [t.text for t in ET.fromstring(_svg()).iter(f"{SVG_NS}text")]
    for level in "12345":
        assert level in texts
    for axis in ("Platform", "Copywriting", "Design", "Analytics"):
        assert any(axis in (t or "") for t in texts)


def test_more_than_six_series_are_cut():
    many = [(f"c{i}", [3.0] * 5) for i in range(9)]
    root = ET.fromstring(charts.radar_svg(AXES, many, 1, 5))
    assert len([p for p in root.iter(f"{SVG_NS}polygon") if p.get("fill-opacity")]) == 6


def test_bad_scale_is_rejected():
    with pytest.raises(ValueError):
        charts.radar_drawing(AXES, SERIES, 3, 3)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
def test_drawing_renders_to_pdf(tmp_path):
    drawing = charts.radar_drawing([*AXES, "王芳の項目"], [(n, [*v, 3.0]) for n, v in SERIES], 1, 5)
    out = tmp_path / "radar.pdf"
    renderPDF.drawToFile(drawing, str(out))
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Copywriting" in text and "王芳の項目" in text
    assert "<script>alert(1)</script>" in " ".join(text.split())


def test_svg_has_no_inline_styles_for_the_content_security_policy():
    svg = charts.radar_svg(["Copywriting", "Design", "Analytics"], [("王芳", [4, 3, None])], 1, 5)
    assert " style=" not in svg
    assert 'fill-opacity="' in svg and 'stroke="' in svg


@pytest.mark.parametrize("values", [[None, 3.0, None, None, None], [None, 3.0, None, 4.0, None]])
def test_a_candidate_rated_on_one_or_two_criteria_is_still_drawn(values):
    """A compared candidate with one rated criterion once made the comparison page answer 500
    (reportlab refuses a one-point polygon): the point is drawn, without an area."""
    root = ET.fromstring(charts.radar_svg(AXES, [("Only some", values)], 1, 5))
    filled = [p for p in root.iter(f"{SVG_NS}polygon") if p.get("fill-opacity")]
    assert len(filled) == (1 if sum(v is not None for v in values) >= 2 else 0)
    assert len(list(root.iter(f"{SVG_NS}circle"))) == sum(v is not None for v in values)
    renderPDF.drawToString(charts.radar_drawing(AXES, [("Only some", values)], 1, 5))  # the PDF draws too
