"""The radar (spider) chart of criterion means, one module for both outputs.

`radar_drawing` builds a reportlab Drawing (a vector flowable for the PDF); `radar_svg` renders the very
same Drawing to an SVG string to inline in the comparison page, so the two can never disagree.

Geometry: one spoke per axis, clockwise from the top. A value v sits at radius
R·(v − min + 1)/(max − min + 1), so the lowest level is a small ring rather than the centre point and a
candidate rated at the bottom of the scale stays visible. One ring per scale level, numbered on the
first spoke.

Unrated (None) criteria leave a gap: the series polygon joins only the rated axes, no marker is drawn on
an unrated axis, and the outline edge that bridges the gap is dashed, so nobody reads a made-up value
there. The legend (candidate names in any script) is the caller's job; callers use `SERIES_COLOURS` in
the same order as `series` so swatches match.
"""

from __future__ import annotations

import math
import re
from contextvars import ContextVar
from functools import lru_cache

from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from hiring.reports import fonts

# Okabe–Ito palette (colour-blind safe), without its yellow and black, which read poorly on white
# next to the grey grid: blue, orange, bluish green, vermillion, reddish purple, sky blue.
SERIES_COLOURS: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9")
MAX_SERIES = len(SERIES_COLOURS)

GRID = colors.HexColor("#C8CDD3")
INK = colors.HexColor("#2B2F36")
MUTED = colors.HexColor("#6B7280")
LABEL_SIZE = 8.5
LEVEL_SIZE = 6.5
FILL_OPACITY = 0.12


def _radius(value: float, scale_min: int, scale_max: int, r_max: float) -> float:
    return r_max * (value - scale_min + 1) / (scale_max - scale_min + 1)


def _point(cx: float, cy: float, angle: float, r: float) -> tuple[float, float]:
    return cx + r * math.cos(angle), cy + r * math.sin(angle)


def _angles(n: int) -> list[float]:
    # Clockwise from 12 o'clock (reportlab's y axis points up).
    return [math.pi / 2 - 2 * math.pi * i / n for i in range(n)]


def _wrap(label: str, limit: int = 16) -> list[str]:
    """Break a long axis name into at most two lines on spaces."""
    if len(label) <= limit or " " not in label:
        return [label]
    words, first = label.split(), ""
    while words and len(first) + len(words[0]) + 1 <= max(limit, len(words[0])):
        first = f"{first} {words.pop(0)}".strip()
    return [first, " ".join(words)] if words else [first]


def _text(x: float, y: float, text: str, size: float, anchor: str, colour, bold: bool = False,
          limit: float | None = None) -> Group:
    """A line of text as one String per font run, so any script draws with a face that has it;
    with `limit` (the drawing width) the line is shifted to stay inside the drawing."""
    try:
        runs = fonts.script_runs(text)
    except fonts.FontsMissing:
        if not _FOR_BROWSER.get():
            raise
        runs = [("Helvetica", text)]  # only to measure: the browser draws the text with its own fonts
    if bold:
        runs = [(fonts.bold_of(f), s) for f, s in runs]
    widths = [stringWidth(s, f, size) for f, s in runs]
    total = sum(widths)
    start = {"start": x, "middle": x - total / 2, "end": x - total}[anchor]
    if limit is not None:
        start = max(2.0, min(start, limit - 2.0 - total))
    group = Group()
    for (font, s), w in zip(runs, widths, strict=True):
        group.add(String(start, y, s, fontName=font, fontSize=size, fillColor=colour))
        start += w
    return group


def _grid(d: Drawing, cx, cy, angles, scale_min, scale_max, r_max) -> None:
    for level in range(scale_min, scale_max + 1):
        r = _radius(level, scale_min, scale_max, r_max)
        pts = [c for a in angles for c in _point(cx, cy, a, r)]
        d.add(Polygon(pts, strokeColor=GRID, strokeWidth=0.6, fillColor=None))
        d.add(_text(cx + 2.5, cy + r + 1.5, str(level), LEVEL_SIZE, "start", MUTED))
    for a in angles:
        x, y = _point(cx, cy, a, r_max)
        d.add(Line(cx, cy, x, y, strokeColor=GRID, strokeWidth=0.6))


def _labels(d: Drawing, cx, cy, angles, axes, r_max) -> None:
    # Side labels get the horizontal room between the rings and the edge; wrap to fit it.
    room = max(40.0, d.width / 2 - r_max - 12)
    for a, label in zip(angles, axes, strict=True):
        x, y = _point(cx, cy, a, r_max + 9)
        c, s = math.cos(a), math.sin(a)
        anchor = "start" if c > 0.25 else "end" if c < -0.25 else "middle"
        lines = _wrap(label, 16 if anchor == "middle" else max(8, int(room / (LABEL_SIZE * 0.52))))
        step = LABEL_SIZE * 1.15
        # Put the block above the point at the top, below it at the bottom, centred at the sides.
        top = y + (len(lines) - 1) * step if s > 0.25 else y - LABEL_SIZE if s < -0.25 else \
            y + (len(lines) - 1) * step / 2 - LABEL_SIZE / 3
        for i, line in enumerate(lines):
            d.add(_text(x, top - i * step, line, LABEL_SIZE, anchor, INK, limit=d.width))


def _series(d: Drawing, cx, cy, angles, values, colour_hex, scale_min, scale_max, r_max) -> None:
    colour = colors.HexColor(colour_hex)
    pts = [(i, _point(cx, cy, a, _radius(v, scale_min, scale_max, r_max)))
           for i, (a, v) in enumerate(zip(angles, values, strict=True)) if v is not None]
    if not pts:
        return
    flat = [c for _i, p in pts for c in p]
    if len(pts) >= 2:  # a single rated axis is a point: reportlab refuses a one-point polygon
        # Alpha in the colour itself: renderSVG turns that into fill-opacity, renderPDF into a soft fill.
        fill = colors.Color(colour.red, colour.green, colour.blue, alpha=FILL_OPACITY)
        d.add(Polygon(flat, fillColor=fill, fillOpacity=FILL_OPACITY, strokeColor=None, strokeWidth=0))
    n = len(values)
    for k, (i, (x1, y1)) in enumerate(pts):
        j, (x2, y2) = pts[(k + 1) % len(pts)]
        if len(pts) < 2 or (len(pts) == 2 and k == 1):
            break
        bridged = (j - i) % n != 1  # an unrated axis lies between these two points
        d.add(Line(x1, y1, x2, y2, strokeColor=colour, strokeWidth=1.6,
                   strokeDashArray=[3, 2] if bridged else None))
    for _i, (x, y) in pts:
        d.add(Circle(x, y, 2.4, fillColor=colour, strokeColor=colors.white, strokeWidth=0.6))


def radar_drawing(
    axes: list[str],
    series: list[tuple[str, list[float | None]]],
    scale_min: int,
    scale_max: int,
    width: float = 360,
    height: float = 280,
) -> Drawing:
    """A radar chart: a ring per scale level, a spoke per axis, a translucent polygon per series.

    At most `MAX_SERIES` series are drawn (the caller says which were left out); series[i] uses
    SERIES_COLOURS[i].
    """
    if scale_max <= scale_min:
        raise ValueError("scale_max must be above scale_min")
    # initialFontName: else the renderer selects Helvetica first, listing an unembedded font in the PDF.
    d = Drawing(width, height, initialFontName=fonts.SANS)
    if not axes:
        return d
    angles = _angles(len(axes))
    cx, cy = width / 2, height / 2
    # Leave room for labels: wide at the sides (names run sideways), two lines at top and bottom.
    r_max = max(20.0, min(width / 2 - 78, height / 2 - 24))
    _grid(d, cx, cy, angles, scale_min, scale_max, r_max)
    for k, (_name, values) in enumerate(series[:MAX_SERIES]):
        padded = list(values) + [None] * (len(axes) - len(values))
        _series(d, cx, cy, angles, padded[: len(axes)], SERIES_COLOURS[k], scale_min, scale_max, r_max)
    _labels(d, cx, cy, angles, axes, r_max)
    return d


_DECL_RE = re.compile(r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*", re.S)
_FONT_RE = re.compile(r"font-family: [^;\"]+;")


def radar_svg(
    axes: list[str],
    series: list[tuple[str, list[float | None]]],
    scale_min: int,
    scale_max: int,
    width: float = 360,
    height: float = 280,
    label: str | None = None,
) -> str:
    """The same chart as an SVG fragment to inline in HTML: no XML prolog, role="img" with an accessible
    name (<title> and aria-label), width 100 % and a viewBox so it scales; text is XML-escaped.

    The same inputs give the same text, so it is kept (bounded): rendering takes ~10 ms and the
    comparison page is read far more often than its scores change."""
    return _svg_text(tuple(axes), tuple((name, tuple(values)) for name, values in series),
                     scale_min, scale_max, width, height, label)


#: Set while drawing for a page: a page does not need the PDF's fonts to be installed.
_FOR_BROWSER: ContextVar[bool] = ContextVar("for_browser", default=False)


@lru_cache(maxsize=256)
def _svg_text(axes, series, scale_min, scale_max, width, height, label) -> str:
    token = _FOR_BROWSER.set(True)
    try:
        d = radar_drawing(axes, series, scale_min, scale_max, width, height)
    finally:
        _FOR_BROWSER.reset(token)
    if label is None:
        names = ", ".join(name for name, _v in series[:MAX_SERIES])
        label = f"Radar chart of criterion means on a {scale_min}–{scale_max} scale: {names}"
    # useClip=True: a clip attribute instead of a <clipPath id="clip">, whose id would clash between
    # several charts inlined in one page.
    svg = renderSVG.drawToString(d, useClip=True,
                                 svgAttrs={"width": "100%", "role": "img", "aria-label": label})
    svg = svg.replace(' id="group"', "", 1)
    svg = _DECL_RE.sub("", svg)
    # The page's own font stack has the glyphs; reportlab's registered names mean nothing to a browser.
    svg = _FONT_RE.sub("font-family: inherit;", svg)
    svg = re.sub(r'(<svg\b[^>]*?)\sheight="[^"]*"', r"\1", svg, count=1)  # height follows the viewBox
    svg = svg.replace("<title>...</title>", f"<title>{fonts.escape(label)}</title>", 1)
    svg = svg.replace("<desc>...</desc>", "", 1)
    # Presentation attributes instead of style="…": the Content-Security-Policy allows no inline styles.
    svg = _STYLE_RE.sub(_as_attributes, svg)
    return svg.strip()


_STYLE_RE = re.compile(r'\sstyle="([^"]*)"')


def _as_attributes(match: re.Match) -> str:
    pairs = (part.split(":", 1) for part in match.group(1).split(";") if ":" in part)
    return "".join(f' {name.strip()}="{fonts.escape(value.strip())}"' for name, value in pairs)
