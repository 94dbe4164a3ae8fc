"""Comparison-PDF benchmark: `python bench/pdf.py`. Prints a table and JSON; exits 1 when missed.

Times `hiring.reports.pdf.build_comparison_pdf` on `tests/reports/sample.py::make_comparison` for 6
and 50 candidates, against a baseline built here with bare reportlab from the same in-memory data:
the same A4 page template with header and footer, the same tables (ranking, scores per criterion,
exercise results and status, recommendations, methodology), the same evidence paragraphs and a radar
Drawing (rings, spokes, a polygon per candidate, labels), in the same registered fonts — each
paragraph simply set in the one face its text needs (Latin, Devanagari shaped, CJK, Korean), without
our markup, escaping and script-run layer. Median of `RUNS` builds after a warm-up.

Target: the app's PDF within 1.5× the baseline (bench/README.md).
"""

from __future__ import annotations

import io
import json
import math
import statistics
import sys
import time
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Line, Polygon, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageBreak, PageTemplate, Paragraph, Table, TableStyle

from hiring.reports import fonts
from hiring.reports.charts import SERIES_COLOURS
from hiring.reports.pdf import build_comparison_pdf
from tests.reports.sample import make_comparison

RUNS = 9  # pairs (app, bare) for the small PDF; 5 for the large one
TARGET = 1.5
SIZES = (6, 50)
W, H = A4
CONTENT_W = W - 36 * mm


def _face(text: str) -> str:
    if any(0xAC00 <= ord(ch) <= 0xD7A3 for ch in text):
        return fonts.korean_font()
    if any(0x0900 <= ord(ch) <= 0x097F for ch in text):
        return fonts.DEVANAGARI
    if any(ord(ch) >= 0x3000 for ch in text):
        return fonts.CJK
    return fonts.SANS


_styles: dict[tuple[str, float], ParagraphStyle] = {}


def p(text: str, size: float = 9) -> Paragraph:
    face = _face(text)
    key = (face, size)
    if key not in _styles:
        _styles[key] = ParagraphStyle(f"{face}-{size}", fontName=face, fontSize=size, leading=size * 1.35,
                                      shaping=1 if face == fonts.DEVANAGARI else 0)
    return Paragraph(escape(text), _styles[key])


def bold(label: str, text: str) -> Paragraph:
    """A cell with a bold label then text (the anchor cells): the bold face is embedded as in the app."""
    para = p(text)
    return Paragraph(f"<b>{escape(label)}:</b> {escape(text)}", para.style) if label else para


def table(rows: list[list], widths: list[float] | None = None) -> Table:
    """Header cells are Paragraphs (as in the app: they wrap and align), body cells as given."""
    rows = [[p(h, 8) if isinstance(h, str) else h for h in rows[0]], *rows[1:]]
    t = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.SANS), ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                           ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E9EEF4")),
                           ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.grey)]
                          + [("BACKGROUND", (0, r), (-1, r), colors.HexColor("#F7F9FB"))
                             for r in range(2, len(rows), 2)]))
    return t


def radar(axes: list[str], series: list[list[float | None]], lo: int, hi: int) -> Drawing:
    d = Drawing(330, 250, initialFontName=fonts.SANS)
    cx, cy, r = 165, 125, 90
    n = len(axes)

    def point(i: int, value: float) -> tuple[float, float]:
        angle = math.pi / 2 - 2 * math.pi * i / n
        f = (value - lo) / (hi - lo)
        return cx + r * f * math.cos(angle), cy + r * f * math.sin(angle)

    for level in range(lo, hi + 1):
        d.add(Polygon([c for i in range(n) for c in point(i, level)], fillColor=None, strokeColor=colors.lightgrey))
    for i, label in enumerate(axes):
        x, y = point(i, hi)
        d.add(Line(cx, cy, x, y, strokeColor=colors.lightgrey))
        d.add(String(x, y, label, fontName=fonts.SANS, fontSize=7, textAnchor="middle"))
    for k, values in enumerate(series):
        colour = colors.HexColor(SERIES_COLOURS[k % len(SERIES_COLOURS)])
        pts = [c for i, v in enumerate(values) for c in point(i, v if v is not None else lo)]
        d.add(Polygon(pts, fillColor=colour, fillOpacity=0.15, strokeColor=colour, strokeWidth=1.2))
    return d


def bare_pdf(c) -> bytes:
    fonts.register_fonts()
    buf = io.BytesIO()

    def furniture(canv, doc):
        canv.saveState()
        canv.setFont(fonts.SANS, 7.5)
        canv.drawString(18 * mm, H - 13 * mm, c.opening_title[:90])
        canv.drawRightString(W - 18 * mm, H - 13 * mm, f"Generated {c.generated_at:%d %b %Y, %H:%M}")
        canv.drawString(18 * mm, 11 * mm, "Confidential — candidate personal data")
        canv.drawRightString(W - 18 * mm, 11 * mm, f"page {doc.page}")
        canv.restoreState()

    doc = BaseDocTemplate(buf, pagesize=A4, initialFontName=fonts.SANS)
    doc.addPageTemplates([PageTemplate("page", [Frame(18 * mm, 20 * mm, CONTENT_W, H - 44 * mm)], onPage=furniture)])
    num = lambda v: "—" if v is None else f"{v:.2f}"  # noqa: E731
    story = [p("Candidate comparison", 20), p(c.opening_title, 12), p("Ranking", 12)]
    story.append(table([["#", "Candidate", "Type", "Total", "Interval", "P(above next)", f"P(top {c.methodology.k})",
                         "Skills", "Traits", "Raters"]]
                       + [[str(x.rank), p(x.name), p(x.type), num(x.total), f"{num(x.low)}–{num(x.high)}",
                           num(x.p_above_next), num(x.p_top_k), num(x.skills), num(x.traits), str(x.n_raters)]
                          for x in c.candidates]))
    shown = c.candidates[:6]
    legend = Table([[p(x.name)] for x in shown])
    story.append(Table([[radar([k.name for k in c.criteria],
                               [[x.scores[k.key].mean for k in c.criteria] for x in shown],
                               c.methodology.scale_min, c.methodology.scale_max), legend]], colWidths=[335, None]))
    story += [p(n) for n in c.notes]
    for x in c.candidates:
        story += [PageBreak(), p(x.name, 16), p(f"Rank {x.rank} · {x.type} · total {num(x.total)}", 8.5)]
        rows = [["Criterion", "Kind", "Weight", "Mean", "Raters", "Spread", "Level", "Anchor for that level"]]
        for k in c.criteria:
            s = x.scores[k.key]
            level = s.levels[0] if len(s.levels) == 1 else None
            rows.append([p(k.name), k.kind, num(k.weight), num(s.mean), str(s.n_raters), num(s.spread),
                         s.level_number or "—",
                         p(s.between_text) if s.between else
                         bold(level.label if level else "", level.anchor if level else "not rated")])
        story.append(table(rows, [92, 34, 38, 34, 36, 38, 30, CONTENT_W - 302]))
        for key, quotes in x.quotes.items():
            story.append(p(c.criterion(key).name, 9.5))
            for q in quotes:
                story += [p(f"{q.rating} · {q.rater} · {q.stage}", 8)] + [p(t) for t in q.text.split("\n\n")]
        story.append(table([["Question", "Answer given", "Expected", "Result", "Note"]]
                           + [[p(e.question), p(e.given), p(e.expected), "correct" if e.correct else "wrong", p(e.note)]
                              for e in x.exercises], [140, 110, 80, 52, CONTENT_W - 382]))
        story.append(table([["Exercise", "Status"]] + [[p(t), p(s)] for t, s in x.exercise_status]))
        labels = list(x.recommendations)
        story.append(table([labels, [str(x.recommendations[k]) for k in labels]]))
        for d in x.decisions:
            story += [p(f"{d.decision} — {d.by}, {d.at:%d %b %Y}", 8), p(d.comment or "No comment.")]
    m = c.methodology
    story += [PageBreak(), p("Methodology", 16),
              table([["Rubric", ""], ["Key", m.rubric_key], ["Title", p(m.rubric_title)], ["Version", m.rubric_version],
                     ["Content hash", m.rubric_hash]]),
              table([["Criterion", "Kind", "Weight"]] + [[p(k.name), k.kind, num(k.weight)] for k in c.criteria]),
              table([["Level", "Label"]] + [[str(k), v] for k, v in sorted(m.scale_labels.items())]),
              table([["Candidate", "Raters"]] + [[p(x.name), str(x.n_raters)] for x in c.candidates])]
    rel = m.reliability
    overall = rel["overall"]
    story.append(table([["Scope", "ICC(2,k)", "90% interval", "ICC(2,1)", "α interval", "α ordinal", "Candidates",
                         "Raters", "Note"]]
                       + [[p("Weighted total (dependability)"), num(overall["dependability"]),
                           f"{num(overall['ci']['low'])}–{num(overall['ci']['high'])}", "", "", "",
                           str(overall["n_candidates"]), str(overall["n_raters"]), p(overall["reason"] or "")]]
                       + [[p(key), num(e["icc2_k"]), f"{num(e['ci']['low'])}–{num(e['ci']['high'])}",
                           num(e["icc2_1"]), num(e["alpha_interval"]), num(e["alpha_ordinal"]), str(e["n_candidates"]),
                           str(e["n_raters"]), p(e["reason"] or "")] for key, e in rel["criteria"].items()]))
    study = m.d_study
    if study is not None and study.by_raters:
        story += [p("How many raters are enough", 12), p(f"With {study.current_raters:.1f} raters per candidate the "
                                                         f"total's reliability is {num(study.current)}.")]
        story.append(table([["Raters per candidate", *[str(n) for n in study.by_raters]],
                            ["Reliability of the total", *[num(v) for v in study.by_raters.values()]]]))
    story += [p("Each rater scores each criterion on the rubric's scale. " * 6) for _ in range(3)]
    doc.build(story)
    return buf.getvalue()


def _interleaved(app, bare, runs: int) -> tuple[float, float, float, int, int]:
    """Median seconds of each, and the median of the per-run ratios. The two run alternately, so a
    slow moment of a shared machine slows both sides of one pair, not one side of the comparison."""
    app_size, bare_size = len(app()), len(bare())  # warm-up: fonts loaded, caches filled
    app_times, bare_times = [], []
    for _ in range(runs):
        for function, times in ((app, app_times), (bare, bare_times)):
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
    ratios = [a / b for a, b in zip(app_times, bare_times, strict=True)]
    return (statistics.median(app_times), statistics.median(bare_times), statistics.median(ratios),
            app_size, bare_size)


def main() -> int:
    figures, missed = {}, []
    print(f"{'candidates':>10} {'app s':>8} {'bare s':>8} {'ratio':>6} {'app KiB':>8} {'bare KiB':>9}")
    for n in SIZES:
        comparison = make_comparison(n)
        app_s, bare_s, ratio, app_size, bare_size = _interleaved(
            lambda c=comparison: build_comparison_pdf(c), lambda c=comparison: bare_pdf(c), RUNS if n < 20 else 5)
        figures[f"pdf_{n}"] = {"app_s": round(app_s, 3), "bare_s": round(bare_s, 3), "ratio": round(ratio, 2),
                               "app_kib": round(app_size / 1024, 1), "bare_kib": round(bare_size / 1024, 1)}
        if ratio > TARGET:
            missed.append(f"pdf_{n}_ratio")
        print(f"{n:>10} {app_s:>8.3f} {bare_s:>8.3f} {ratio:>6.2f} {app_size / 1024:>8.0f} {bare_size / 1024:>9.0f}")
    print(json.dumps({"figures": figures, "target_ratio": TARGET, "missed": missed}, indent=2))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
