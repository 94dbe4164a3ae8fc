"""The candidate comparison as a PDF a CMO can take into a meeting.

`build_comparison_pdf(comparison)` lays out, on A4 with reportlab platypus:
1. a summary page: the ranked table, a radar overlay of the top candidates with a legend, the caveats;
2. a section per candidate, each on a new page with an outline entry: criterion scores with the anchor
   text of the level reached (or the two levels a mean lies exactly between), evidence quotes, exercise
   results, recommendations and decisions;
3. a methodology appendix: rubric identity, weights, scale, raters, reliability, how many raters are
   enough (the D-study) and how totals, intervals and probabilities are computed.
Every page has a header (opening, when it was generated, in the reader's time zone) and a footer
(confidentiality, "page N of M").

All user text goes through `fonts.markup` inside Paragraphs, so it is read literally in a face that has
its glyphs. Free text that may be long (quotes, long answers, comments) is laid out as separate
Paragraphs, never as one giant table cell, because a table row cannot split across pages.

"page N of M" without a second build: each page draws "page N of " and then a form XObject that is only
defined when the canvas is saved and the page count is known (PDF allows forward references).
"""

from __future__ import annotations

import io
from contextvars import ContextVar
from datetime import UTC, datetime, tzinfo
from decimal import Decimal

from babel.dates import format_datetime
from babel.numbers import format_decimal, format_percent
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from hiring.i18n import ENGLISH, KIND_LABELS, N_, Translator
from hiring.reports import charts, fonts
from hiring.reports.comparison import CandidateColumn, Comparison
from hiring.reports.dstudy import d_study_parts
from hiring.timeutil import as_utc, with_zone

PAGE_W, PAGE_H = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 20 * mm
CONTENT_W = PAGE_W - 2 * MARGIN_X

INK = colors.HexColor("#1F2937")
MUTED = colors.HexColor("#6B7280")
ACCENT = colors.HexColor("#1F4E79")
RULE = colors.HexColor("#D1D5DB")
HEAD_BG = colors.HexColor("#E9EEF4")
ZEBRA = colors.HexColor("#F7F9FB")
WARN = colors.HexColor("#B45309")

DASH = "—"
LONG_CELL = 600  # characters: longer free text leaves the table and follows it as paragraphs
CHUNK = 3000  # characters per Paragraph when a text is very long: keeps splitting across pages linear
CONFIDENTIAL = N_("Confidential — candidate personal data")


# --- styles -------------------------------------------------------------------------------------------

def _style(name: str, size: float, leading: float, **kw) -> ParagraphStyle:
    kw.setdefault("textColor", INK)
    kw.setdefault("bulletFontName", fonts.SANS)  # the default, Helvetica, would not be embedded
    kw.setdefault("bulletFontSize", size)
    return ParagraphStyle(name, fontName=fonts.SANS, fontSize=size, leading=leading, **kw)


STYLES = {
    "title": _style("title", 20, 25, textColor=ACCENT, spaceAfter=2),
    "subtitle": _style("subtitle", 12, 16, spaceAfter=4),
    "h1": _style("h1", 16, 21, textColor=ACCENT, spaceAfter=4),
    "h2": _style("h2", 12, 16, textColor=ACCENT, spaceBefore=10, spaceAfter=4),
    "h3": _style("h3", 9.5, 13, spaceBefore=6, spaceAfter=2),
    "body": _style("body", 9, 12.5, spaceAfter=4),
    "meta": _style("meta", 8.5, 11.5, textColor=MUTED, spaceAfter=6),
    "quote_meta": _style("quote_meta", 8, 10.5, textColor=MUTED, leftIndent=10, spaceBefore=3),
    "quote": _style("quote", 9, 12.5, leftIndent=10, spaceAfter=2),
    "cell": _style("cell", 8.5, 10.5),
    "cell_num": _style("cell_num", 8.5, 10.5, alignment=TA_RIGHT),
    "cell_head": _style("cell_head", 8, 10, textColor=ACCENT),
    "cell_head_r": _style("cell_head_r", 8, 10, textColor=ACCENT, alignment=TA_RIGHT),
    "cell_small": _style("cell_small", 7.5, 9.5, textColor=MUTED),
    "note": _style("note", 8.5, 11.5, leftIndent=10, bulletIndent=0, spaceAfter=2),
    "header": _style("header", 8, 10, textColor=MUTED),
}
_SHAPED: dict[str, ParagraphStyle] = {}


def _shaped(style: ParagraphStyle) -> ParagraphStyle:
    """The same style with harfbuzz shaping on (only used for text with Devanagari: shaping costs time)."""
    if style.name not in _SHAPED:
        _SHAPED[style.name] = ParagraphStyle(style.name + "-shaped", parent=style, shaping=1)
    return _SHAPED[style.name]


# --- text helpers ---------------------------------------------------------------------------------------

#: The locale of the PDF being built (`build_comparison_pdf` sets it): numbers are written in it.
_LOCALE: ContextVar[str] = ContextVar("pdf_locale", default="en")
#: The time zone its reader reads times in (`build_comparison_pdf` sets it; UTC for a command's).
_ZONE: ContextVar[tzinfo] = ContextVar("pdf_zone", default=UTC)


def num(value: float | None, digits: int = 2) -> str:
    """A figure to `digits` decimals in the PDF's locale ("3.25", "3,25"), rounded as "%.2f" rounds."""
    if value is None:
        return DASH
    exact = Decimal(value) if isinstance(value, float) else value
    return format_decimal(exact, "0." + "0" * digits if digits else "0", locale=_LOCALE.get())


def share(value: float) -> str:
    """A share as a whole percentage in the PDF's locale ("42%")."""
    return format_percent(Decimal(value) if isinstance(value, float) else value, "0%", locale=_LOCALE.get())


def span(low: float | None, high: float | None) -> str:
    """An interval, "3.10–3.90"; a dash when either end is missing."""
    return DASH if low is None or high is None else f"{num(low)}–{num(high)}"


def prob(value: float | None) -> str:
    """A probability to two decimals; never a certain-looking 0.00 or 1.00 (they come from draws)."""
    if value is None:
        return DASH
    return "<" + num(0.01) if value < 0.005 else ">" + num(0.99) if value >= 0.995 else num(value)


def when(value: datetime, locale: str = "en") -> str:
    """A moment (stored naive UTC) in the reader's zone, the zone named, with the month's name in
    `locale`: "4 Mar 2026, 17:30 (Asia/Shanghai)"."""
    zone = _ZONE.get()
    return with_zone(format_datetime(as_utc(value), "d MMM y, HH:mm", tzinfo=zone, locale=locale), zone)


def _kind(kind: str, t: Translator) -> str:
    """A criterion's kind ("skill", "trait") in `t`'s language."""
    return t.gettext(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def para(*parts: str | tuple[str, bool], style: str = "body") -> Paragraph:
    """A Paragraph of text parts, each escaped by fonts.markup; a (text, True) part is bold."""
    raw, marks = [], []
    for part in parts:
        text, bold = part if isinstance(part, tuple) else (part, False)
        raw.append(text)
        marks.append(fonts.markup(text, bold))
    st = STYLES[style]
    return Paragraph("".join(marks), _shaped(st) if fonts.needs_shaping("".join(raw)) else st)


def _chunks(text: str, size: int = CHUNK) -> list[str]:
    """Cut a long text into pieces of about `size` characters, at a newline or a space when possible."""
    out, start = [], 0
    while len(text) - start > size:
        end = start + size
        cut = text.rfind("\n", start + size // 2, end)
        if cut < 0:
            cut = text.rfind(" ", start + size // 2, end)
        if cut < 0:
            cut = end
            out.append(text[start:cut])
            start = cut
        else:
            out.append(text[start:cut])
            start = cut + 1  # the newline or space becomes the paragraph boundary
    out.append(text[start:])
    return out


def long_text(text: str, style: str = "body") -> list[Paragraph]:
    """Free text of any length as Paragraphs that split across pages."""
    return [para(chunk, style=style) for chunk in _chunks(text)] if text else []


# --- tables ---------------------------------------------------------------------------------------------

def _table(rows: list[list], widths: list[float], numeric_from: int | None = None, zebra: bool = True,
           extra: list | None = None) -> Table:
    """A table with a shaded header row that repeats on every page and splits by row."""
    style = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.SANS),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("TEXTCOLOR", (0, 0), (-1, 0), ACCENT),
        ("FONTSIZE", (0, 0), (-1, 0), 8),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
        ("LINEBELOW", (0, -1), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if numeric_from is not None:
        style.append(("ALIGN", (numeric_from, 0), (-1, -1), "RIGHT"))
    if zebra:
        style += [("BACKGROUND", (0, r), (-1, r), ZEBRA) for r in range(2, len(rows), 2)]
    table = Table(rows, colWidths=widths, repeatRows=1, splitByRow=1, hAlign="LEFT")
    table.setStyle(TableStyle(style + (extra or [])))
    return table


def _head(*labels: str, right_from: int | None = None) -> list[Paragraph]:
    """Header cells; columns from `right_from` on hold numbers, so their headers align right too."""
    return [para(label, style="cell_head_r" if right_from is not None and i >= right_from else "cell_head")
            for i, label in enumerate(labels)]


# --- page furniture ---------------------------------------------------------------------------------------

def _paged_canvas(t: Translator) -> type[Canvas]:
    """A canvas class that writes "page N of M" on every page once M is known: pages are kept until
    the document is saved, so the whole sentence is one message, in any language's word order."""

    class PagedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._kept: list[dict] = []

        def showPage(self):
            self._kept.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            pages = len(self._kept)
            for number, state in enumerate(self._kept, start=1):
                self.__dict__.update(state)
                label = t.gettext("page %(page)s of %(pages)s") % {"page": number, "pages": pages}
                self.saveState()
                self.setFont(fonts.SANS, 7.5)
                self.setFillColor(MUTED)
                self.drawRightString(PAGE_W - MARGIN_X, 11 * mm, label)
                self.restoreState()
                super().showPage()
            super().save()

    return PagedCanvas


def _furniture(comparison: Comparison, t: Translator, locale: str):
    title = comparison.opening_title
    if len(title) > 90:
        title = title[:88].rstrip() + "…"
    stamp = t.gettext("Generated %(when)s") % {"when": when(comparison.generated_at, locale)}
    header = para(title, style="header")
    # Wrapped once, drawn on every page, beside the stamp (whose zone's name may be long).
    header.wrap(min(CONTENT_W * 0.7, CONTENT_W - stringWidth(stamp, fonts.SANS, 7.5) - 6 * mm), 30)
    confidential = t.gettext(CONFIDENTIAL)

    def on_page(canv: Canvas, doc) -> None:
        canv.saveState()
        if doc.page == 1:
            canv.showOutline()  # open the bookmarks panel in viewers that honour PageMode
        top = PAGE_H - 13 * mm
        header.drawOn(canv, MARGIN_X, top - header.height + 10)
        canv.setFont(fonts.SANS, 7.5)
        canv.setFillColor(MUTED)
        canv.drawRightString(PAGE_W - MARGIN_X, top, stamp)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, top - 4, PAGE_W - MARGIN_X, top - 4)
        bottom = 11 * mm
        canv.line(MARGIN_X, bottom + 9, PAGE_W - MARGIN_X, bottom + 9)
        canv.drawString(MARGIN_X, bottom, confidential)  # "page N of M": `_paged_canvas`, at the end
        canv.restoreState()

    return on_page


class _Doc(BaseDocTemplate):
    """Adds an outline entry for every flowable marked with `_outline = (key, title, level)`."""

    def afterFlowable(self, flowable) -> None:
        for key, title, level in getattr(flowable, "_outline", ()):
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=level, closed=False)


def _bookmark(flowable, *entries: tuple[str, str, int]):
    flowable._outline = entries
    return flowable


def _outline_title(text: str) -> str:
    return " ".join(fonts.clean(text).split()) or "(unnamed)"


# --- summary --------------------------------------------------------------------------------------------

def _summary(c: Comparison, t: Translator) -> list:
    m = c.methodology
    story = [
        _bookmark(para(t.gettext("Candidate comparison"), style="title"), ("summary", t.gettext("Summary"), 0)),
        para(c.opening_title, style="subtitle"),
        para(" · ".join(x for x in (c.opening_location,
                                    t.ngettext("%(num)d candidate", "%(num)d candidates", len(c.candidates))
                                    % {"num": len(c.candidates)},
                                    t.gettext("rubric %(title)s v%(version)s") % {"title": m.rubric_title,
                                                                                   "version": m.rubric_version},
                                    t.gettext("prepared for %(name)s") % {"name": c.author} if c.author else "")
                        if x), style="meta"),
        para(t.gettext("Ranking"), style="h2"),
        _ranking(c, t),
        para(t.gettext("Interval: the range the candidate's true score (what the rubric would give over many raters) "
                       "lies in %(level)s of cases. P(above next): the probability that the candidate's true score is "
                       "above the next one's. P(top %(k)s): the probability of being among the opening's %(k)s best "
                       "(k = %(k)s: the shortlist's size, or 5 without one). * incomplete: the criteria nobody rated "
                       "yet are predicted from the candidate's other ratings and the rest of the opening, and such "
                       "candidates rank after fully rated ones. Scores are on the %(min)s–%(max)s scale.")
             % {"level": share(m.interval_level), "k": m.k, "min": m.scale_min, "max": m.scale_max}, style="meta"),
    ]
    story += _radar_block(c, t)
    notes = ([m.weights_note] if m.weights_note else []) + list(c.notes)
    if notes:
        story.append(para(t.gettext("Caveats"), style="h2"))
        story += [Paragraph(fonts.markup(n), _shaped(STYLES["note"]) if fonts.needs_shaping(n) else STYLES["note"],
                            bulletText="•") for n in notes]
    return story


def _ranking(c: Comparison, t: Translator) -> Table:
    rows = [_head("#", t.gettext("Candidate"), t.gettext("Type"), t.gettext("Total"), t.gettext("Interval"),
                  t.gettext("P(above next)"), t.gettext("P(top %(k)s)") % {"k": c.methodology.k},
                  t.gettext("Skills"), t.gettext("Traits"), t.gettext("Raters"), right_from=3)]
    for cand in c.candidates:
        name = [para(cand.name, style="cell")]
        if cand.incomplete:
            missing = ", ".join(_criterion_name(c, k) for k in cand.missing)
            name.append(para(t.gettext("incomplete: %(criteria)s not rated") % {"criteria": missing} if missing
                             else t.gettext("incomplete"), style="cell_small"))
        interval = span(cand.low, cand.high)
        rows.append([str(cand.rank) if cand.rank is not None else DASH, name, para(cand.type, style="cell"),
                     num(cand.total) + ("*" if cand.incomplete else ""), interval, prob(cand.p_above_next),
                     prob(cand.p_top_k), num(cand.skills), num(cand.traits), str(cand.n_raters)])
    widths = [18, 108, 52, 40, 58, 50, 44, 36, 36, 0]
    widths[-1] = CONTENT_W - sum(widths)
    bold_total = [("TEXTCOLOR", (3, 1), (3, -1), ACCENT)]
    return _table(rows, widths, numeric_from=3, extra=[*bold_total, ("ALIGN", (0, 0), (0, -1), "RIGHT")])


def _criterion_name(c: Comparison, key: str) -> str:
    try:
        return c.criterion(key).name
    except StopIteration:
        return key


def _radar_block(c: Comparison, t: Translator) -> list:
    shown = c.candidates[: charts.MAX_SERIES]
    if not shown or not c.criteria:
        return []
    m = c.methodology
    axes, series = c.radar(charts.MAX_SERIES)
    drawing = charts.radar_drawing(axes, series, m.scale_min, m.scale_max, width=330, height=250)
    legend = _legend(shown)
    story = [CondPageBreak(290), para(t.gettext("Criterion means"), style="h2")]
    if len(c.candidates) > len(shown):
        story.append(para(t.gettext("The chart shows the top %(shown)s of %(total)s candidates.")
                          % {"shown": len(shown), "total": len(c.candidates)}, style="meta"))
    layout = Table([[drawing, legend]], colWidths=[335, CONTENT_W - 335], hAlign="LEFT")
    layout.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                ("FONTNAME", (0, 0), (-1, -1), fonts.SANS)]))  # else Helvetica is referenced
    story.append(KeepTogether([layout, para(t.gettext("Dashed edges bridge a criterion the candidate has no "
                                                      "rating for."), style="meta")]))
    return story


def _swatch(colour: str) -> Drawing:
    d = Drawing(10, 10, initialFontName=fonts.SANS)
    d.add(Rect(0, 0, 10, 10, fillColor=colors.HexColor(colour), strokeColor=None))
    return d


def _legend(shown: list[CandidateColumn]) -> Table:
    rows = [[_swatch(charts.SERIES_COLOURS[i]), para(cand.name, style="cell")] for i, cand in enumerate(shown)]
    legend = Table(rows, colWidths=[16, CONTENT_W - 335 - 16], hAlign="LEFT")
    legend.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 3),
                                ("FONTNAME", (0, 0), (-1, -1), fonts.SANS),
                                ("BOTTOMPADDING", (0, 0), (-1, -1), 3), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return legend


# --- candidate pages --------------------------------------------------------------------------------------

def _candidate(c: Comparison, cand: CandidateColumn, index: int, t: Translator, locale: str) -> list:
    key = f"cand{cand.id}-{index}"
    entries = [(key, _outline_title(cand.name), 1)]
    if index == 0:
        entries.insert(0, ("candidates", t.gettext("Candidates"), 0))
    facts = [t.gettext("Rank %(rank)s") % {"rank": cand.rank} if cand.rank is not None else t.gettext("Unranked"),
             cand.type]
    if cand.stage:
        facts.append(t.gettext("stage: %(stage)s") % {"stage": cand.stage})
    if cand.low is None or cand.high is None:
        facts.append(t.gettext("total %(total)s") % {"total": num(cand.total)})
    else:
        facts.append(t.gettext("total %(total)s (interval %(low)s–%(high)s)")
                     % {"total": num(cand.total), "low": num(cand.low), "high": num(cand.high)})
    if cand.adjusted is not None:
        if cand.adjusted_low is None or cand.adjusted_high is None:
            facts.append(t.gettext("adjusted for rater leniency %(total)s") % {"total": num(cand.adjusted)})
        else:
            facts.append(t.gettext("adjusted for rater leniency %(total)s (%(low)s–%(high)s)")
                         % {"total": num(cand.adjusted), "low": num(cand.adjusted_low),
                            "high": num(cand.adjusted_high)})
    facts += [t.gettext("skills %(value)s") % {"value": num(cand.skills)},
              t.gettext("traits %(value)s") % {"value": num(cand.traits)},
              t.ngettext("%(num)d rater", "%(num)d raters", cand.n_raters) % {"num": cand.n_raters}]
    if cand.incomplete:
        facts.append(t.gettext("incomplete"))
    if cand.withheld:
        facts.append(t.gettext("you owe a scorecard for this candidate: figures hidden until you submit yours"))
    story = [PageBreak(), _bookmark(para((cand.name, True), style="h1"), *entries), para(" · ".join(facts),
                                                                                          style="meta")]
    story += [para(t.gettext("Scores by criterion"), style="h2"), _scores(c, cand, t)]
    story += _quotes(c, cand, t)
    story += _exercises(cand, t)
    story += _recommendations(cand, t)
    story += _debrief(cand, t, locale)
    story += _decisions(cand, t, locale)
    return story


def _scores(c: Comparison, cand: CandidateColumn, t: Translator) -> Table:
    flagged = {k for k, _spread in cand.flags}
    rows = [_head(t.gettext("Criterion"), t.gettext("Kind"), t.gettext("Weight"), t.gettext("Mean"),
                  t.gettext("Raters"), t.gettext("Spread"), t.gettext("Level"), t.gettext("Anchor for that level"),
                  right_from=2)]
    rows[0][-1] = para(t.gettext("Anchor for that level"), style="cell_head")
    extra = []
    for r, crit in enumerate(c.criteria, start=1):
        s = cand.scores.get(crit.key)
        if s is None or s.mean is None:
            rows.append([para(crit.name, style="cell"), _kind(crit.kind, t), num(crit.weight), DASH, "0", DASH, DASH,
                         para(t.gettext("not rated"), style="cell_small")])
            continue
        level = s.level_number or DASH
        if s.between:
            anchor = [para((s.between_text(t), True), style="cell")]
        elif s.levels:
            label, text = s.levels[0].label, s.levels[0].anchor
            anchor = [para((label + ": ", True) if label else "", text or DASH, style="cell")]
        else:
            anchor = [para(DASH, style="cell")]
        rows.append([para(crit.name, style="cell"), _kind(crit.kind, t), num(crit.weight), num(s.mean),
                     str(s.n_raters),
                     num(s.spread), level, anchor])
        if crit.key in flagged:
            extra.append(("TEXTCOLOR", (5, r), (5, r), WARN))
    widths = [92, 34, 38, 34, 36, 38, 30, 0]
    widths[-1] = CONTENT_W - sum(widths)
    table = _table(rows, widths, numeric_from=2, extra=[*extra, ("ALIGN", (7, 0), (7, -1), "LEFT")])
    if flagged:
        return KeepTogether([table, para(t.gettext("Spreads in orange: the raters disagree on that criterion."),
                                         style="meta")])
    return table


def _quotes(c: Comparison, cand: CandidateColumn, t: Translator) -> list:
    story = []
    for crit in c.criteria:
        quotes = cand.quotes.get(crit.key) or []
        if not quotes:
            continue
        block = [para(crit.name, style="h3")]
        for q in quotes:
            block.append(para(f"{q.rating} · ", (q.rater, True), f" · {q.stage}", style="quote_meta"))
            block += long_text(q.text, style="quote")
        story += block
    if story:
        story.insert(0, para(t.gettext("Evidence"), style="h2"))
    return story


def _cell(text: str, label: str, overflow: list, t: Translator) -> Paragraph:
    """A table cell for free text; text too long for a cell goes to `overflow` to follow the table."""
    if len(text) <= LONG_CELL:
        return para(text, style="cell")
    overflow.append((label, text))
    return para(t.gettext("%(count)s characters, shown in full below the table") % {"count": f"{len(text):,}"},
                style="cell_small")


def _exercises(cand: CandidateColumn, t: Translator) -> list:
    story = []
    if cand.exercises:
        story.append(para(t.gettext("Exercise results"), style="h2"))
        rows = [_head(t.gettext("Question"), t.gettext("Answer given"), t.gettext("Expected"), t.gettext("Result"),
                      t.gettext("Note"))]
        overflow: list[tuple[str, str]] = []
        extra = []
        for r, ex in enumerate(cand.exercises, start=1):
            where = t.gettext("%(exercise)s, question %(number)s") % {"exercise": ex.exercise, "number": r}
            question = [para(ex.exercise, style="cell_small"),
                        _cell(ex.question, where + t.gettext(" (question)"), overflow, t)]
            result = t.gettext("correct") if ex.correct else t.gettext("wrong")
            if fonts.register_fonts().symbols is not None:  # the marks need the symbols face
                result = ("✓ " if ex.correct else "✗ ") + result
            rows.append([question, _cell(ex.given, where + t.gettext(" (answer)"), overflow, t),
                         _cell(ex.expected, where + t.gettext(" (expected)"), overflow, t), para(result, style="cell"),
                         _cell(ex.note, where + t.gettext(" (note)"), overflow, t)])
            extra.append(("BACKGROUND", (3, r), (3, r), colors.HexColor("#E7F4EC" if ex.correct else "#FBEAEA")))
        story.append(_table(rows, [140, 110, 80, 52, CONTENT_W - 382], extra=extra, zebra=False))
        for label, text in overflow:
            story.append(para(label, style="h3"))
            story += long_text(text)
    if cand.exercise_status:
        story.append(para(t.gettext("Exercise status"), style="h3"))
        rows = [_head(t.gettext("Exercise"), t.gettext("Status"))] + [
            [para(title, style="cell"), para(t.gettext(status), style="cell")]
            for title, status in cand.exercise_status]
        story.append(_table(rows, [220, CONTENT_W - 220]))
    return story


def _recommendations(cand: CandidateColumn, t: Translator) -> list:
    if not cand.recommendations:
        return []
    labels = list(cand.recommendations)
    width = min(80.0, CONTENT_W / len(labels))
    rows = [_head(*labels, right_from=0), [str(cand.recommendations[k]) for k in labels]]
    table = _table(rows, [width] * len(labels), numeric_from=0, zebra=False)
    return [KeepTogether([para(t.gettext("Recommendations"), style="h2"), table])]


def _debrief(cand: CandidateColumn, t: Translator, locale: str) -> list:
    """The debrief beside the independent scores: its stage, the team's recommendation, and each
    changed rating (who, what, from which to which, why). The figures above use the independent ones."""
    d = cand.debrief
    if d is None:
        return []
    head = t.gettext("Debrief: %(stage)s") % {"stage": d.status}
    if d.recommendation:
        head += " · " + t.gettext("the team's recommendation: %(recommendation)s") % {
            "recommendation": d.recommendation}
    if d.closed_at is not None:
        head += f", {when(d.closed_at, locale)}"
    story = [para(t.gettext("Debrief"), style="h2"), para(head, style="meta")]
    if d.summary:
        story += long_text(d.summary, style="quote")
    if not d.changes:
        story.append(para(t.gettext("No rating was changed in the debrief."), style="meta"))
        return story
    story.append(para(t.gettext("Ratings changed in the debrief; the scores above keep the independent ratings."),
                      style="meta"))
    for change in d.changes:
        story.append(para((change.rater, True), f" · {change.criterion} · {change.stage} · ",
                          f"{change.independent} → {change.rescored}", style="quote_meta"))
        story += long_text(change.reason, style="quote")
    return story


def _decisions(cand: CandidateColumn, t: Translator, locale: str) -> list:
    if not cand.decisions:
        return []
    story = [para(t.gettext("Decisions"), style="h2"), para(t.gettext("Newest first."), style="meta")]
    for d in sorted(cand.decisions, key=lambda d: d.at, reverse=True):
        story.append(para((d.decision, True), " — ", d.by, f", {when(d.at, locale)}", style="quote_meta"))
        story += (long_text(d.comment, style="quote") if d.comment
                  else [para(t.gettext("No comment."), style="quote_meta")])
    return story


# --- methodology ----------------------------------------------------------------------------------------

def _methodology(c: Comparison, t: Translator) -> list:
    m = c.methodology
    story = [PageBreak(), _bookmark(para(t.gettext("Methodology"), style="h1"),
                                    ("methodology", t.gettext("Methodology"), 0))]
    ident = [_head(t.gettext("Rubric"), ""),
             [para(t.gettext("Key"), style="cell"), para(m.rubric_key, style="cell")],
             [para(t.gettext("Title"), style="cell"), para(m.rubric_title, style="cell")],
             [para(t.gettext("Version"), style="cell"), para(m.rubric_version, style="cell")],
             [para(t.gettext("Content hash"), style="cell"), para(m.rubric_hash, style="cell")]]
    story.append(_table(ident, [90, CONTENT_W - 90], zebra=False))
    story += _weights(c, t)
    story += _scale(m, t)
    story += _raters(c, t)
    story += _reliability(c, t)
    story += _d_study(m, t)
    story += [para(t.gettext("How totals, intervals and probabilities are computed"), style="h2"),
              *_explanation(m, t)]
    return story


def _weights(c: Comparison, t: Translator) -> list:
    total = sum(crit.weight for crit in c.criteria) or 1.0
    rows = [_head(t.gettext("Criterion"), t.gettext("Kind"), t.gettext("Weight"), t.gettext("Share"), right_from=2)]
    rows += [[para(crit.name, style="cell"), _kind(crit.kind, t), num(crit.weight), share(crit.weight / total)]
             for crit in c.criteria]
    story = [para(t.gettext("Weights"), style="h2")]
    if c.methodology.weights_note:
        story.append(para(c.methodology.weights_note, style="meta"))
    return [*story, _table(rows, [200, 60, 60, 60], numeric_from=2)]


def _scale(m, t: Translator) -> list:
    rows = [_head(t.gettext("Level"), t.gettext("Label"))] + [[str(level), para(label, style="cell")]
                                                             for level, label in sorted(m.scale_labels.items())]
    return [para(t.gettext("Scale (%(min)s–%(max)s)") % {"min": m.scale_min, "max": m.scale_max}, style="h2"),
            _table(rows, [50, 200])]


def _raters(c: Comparison, t: Translator) -> list:
    rows = [_head(t.gettext("Candidate"), t.gettext("Raters"), right_from=1)] + [
        [para(cand.name, style="cell"), str(cand.n_raters)] for cand in c.candidates]
    return [para(t.gettext("Raters per candidate"), style="h2"), _table(rows, [250, 60], numeric_from=1)]


def _reliability(c: Comparison, t: Translator) -> list:
    rel = c.methodology.reliability or {}
    rows = [_head(t.gettext("Scope"), t.gettext("Reliability"), t.gettext("90%% interval") % {}, "ICC(2,1)",
                  t.gettext("α interval"), t.gettext("α ordinal"), t.gettext("Candidates"), t.gettext("Raters"),
                  t.gettext("Note"), right_from=1)]
    rows[0][-1] = para(t.gettext("Note"), style="cell_head")

    def interval(ci: dict | None) -> str:
        low, high = (ci or {}).get("low"), (ci or {}).get("high")
        return span(low, high)

    def row(label: str, value, ci, entry: dict, note: str, bold: bool = False) -> list:
        return [para((label, bold), style="cell"), num(value), interval(ci) if value is not None else DASH,
                num(entry.get("icc2_1")), num(entry.get("alpha_interval")), num(entry.get("alpha_ordinal")),
                _int(entry.get("n_candidates")), _int(entry.get("n_raters")), para(note, style="cell_small")]

    overall = rel.get("overall")
    if overall is not None:
        per_candidate = overall.get("raters_per_candidate")
        note = t.gettext(overall["reason"]) if overall.get("reason") else (
            t.gettext("Φ at %(raters)s raters per candidate") % {"raters": num(per_candidate, 1)}
            if per_candidate is not None else "")
        rows.append(row(t.gettext("Weighted total (dependability)"), overall.get("dependability"), overall.get("ci"),
                        overall, note, bold=True))
    per = rel.get("criteria") or {}
    for crit in c.criteria:
        if crit.key in per:
            entry = per[crit.key]
            rows.append(row(crit.name, entry.get("icc2_k"), entry.get("ci"), entry,
                            t.gettext(entry["reason"]) if entry.get("reason") else ""))
    widths = [96, 46, 54, 38, 40, 40, 54, 34, 0]
    widths[-1] = CONTENT_W - sum(widths)
    story = [CondPageBreak(160), para(t.gettext("Inter-rater reliability"), style="h2"),
             para(t.gettext("Reliability: for a criterion, ICC(2,k), how well the mean of its raters agrees with what "
                            "many raters would give; for the weighted total, the dependability Φ of the total at the "
                            "opening's raters per candidate (generalizability theory). Each with its 90%% interval. "
                            "ICC(2,1): the same for a single rater; Krippendorff's α treating ratings as interval and "
                            "as ordinal data. 1 is perfect agreement, 0 no better than chance. “—” means the ratings "
                            "cannot estimate the figure (for example fewer than 5 rated candidates); the note says "
                            "why.") % {}, style="meta")]
    if len(rows) == 1:
        return [*story, para(t.gettext("No reliability figures are available."), style="body")]
    return [*story, _table(rows, widths, numeric_from=1, extra=[("ALIGN", (8, 0), (8, -1), "LEFT")])]


def _d_study(m, t: Translator) -> list:
    """How many raters are enough: the dashboard's sentence, and Φ for 1–8 raters per candidate."""
    study = getattr(m, "d_study", None)
    story = [para(t.gettext("How many raters are enough"), style="h2"), para(*d_study_parts(study, t, num))]
    by_raters = dict(getattr(study, "by_raters", None) or {})
    if by_raters:
        sizes = sorted(by_raters)
        rows = [_head(t.gettext("Raters per candidate"), *(str(n) for n in sizes), right_from=1),
                [para(t.gettext("Reliability of the total (Φ)"), style="cell"), *(num(by_raters[n]) for n in sizes)]]
        first = 130
        widths = [first] + [min(44.0, (CONTENT_W - first) / len(sizes))] * len(sizes)
        extra = [("TEXTCOLOR", (i, 1), (i, 1), ACCENT) for i, n in enumerate(sizes, start=1) if by_raters[n] >= 0.8]
        story.append(KeepTogether([_table(rows, widths, numeric_from=1, zebra=False, extra=extra),
                                   para(t.gettext("Φ is the share of the differences between candidates' totals that "
                                                  "is real rather than the luck of which raters they got; 0.80 is a "
                                                  "common bar for decisions about people. Sizes that reach it are in "
                                                  "blue."), style="meta")]))
    return story


def _int(value) -> str:
    return DASH if value is None else str(int(value))


def _explanation(m, t: Translator) -> list:
    level = share(m.interval_level)
    values = {"min": m.scale_min, "max": m.scale_max, "level": level, "k": m.k}
    texts = [
        t.gettext("Each rater scores each criterion on the rubric's %(min)s–%(max)s scale; a rater who scored a "
                  "criterion at two stages counts once, with the mean of the two. A candidate's total is the weighted "
                  "mean of the criterion means, on the same scale, using the weights above. It estimates the "
                  "candidate's true score: what the rubric would give over many raters.") % values,
        t.gettext("Totals, intervals and probabilities come from one measurement model fitted to every rating of the "
        "opening. A rating is the criterion's level plus the candidate's general level, the candidate's level on "
        "that criterion, the rater's leniency, the rater's reaction to that candidate and noise; the variance of "
        "each of these components (candidate, candidate × criterion, rater leniency, candidate × rater and noise) "
        "is estimated from the whole opening, so a candidate with two raters borrows what everyone else's ratings "
        "say about noise and leniency."),
        t.gettext("The %(level)s interval is the total plus or minus Student's t times its standard error, the error "
        "variance "
        "the model gives for this candidate's own raters and criteria (t with Satterthwaite's degrees of freedom). "
        "It holds the true score %(level)s of the time, also with one or two raters, where it is wide. The total "
        "adjusted for rater leniency subtracts each rater's estimated leniency first; its interval keeps the "
        "uncertainty of those estimates.") % values,
        t.gettext("P(above next) and P(top %(k)s) are posterior probabilities from the fitted model, given all the "
        "ratings: that the candidate's true score is above that of the next one listed, and that it is among the "
        "opening's %(k)s best (k is the shortlist's size, or 5 without one). Around 0.50 two candidates are "
        "effectively tied; a probability of 0.80 comes true about 8 times in 10.") % values,
        t.gettext("A total marked incomplete (*) includes a prediction for the criteria nobody has rated yet, made "
        "from the candidate's other ratings and the rest of the opening; its interval is wider for that. Incomplete "
        "candidates are ranked after every fully rated one, whatever their total."),
    ]
    return [para(text) for text in texts]


# --- entry point ----------------------------------------------------------------------------------------

def build_comparison_pdf(comparison: Comparison, t: Translator = ENGLISH, locale: str = "en",
                         zone: tzinfo = UTC) -> bytes:
    """The comparison as PDF bytes (A4): labels and methodology in `t`'s language, dates and numbers
    in `locale`'s, times in `zone` (the reader's), named. Names, notes and answers stay as typed."""
    fonts.register_fonts()
    token, zone_token = _LOCALE.set(locale), _ZONE.set(zone)
    try:
        return _build(comparison, t, locale)
    finally:
        _ZONE.reset(zone_token)
        _LOCALE.reset(token)


def _build(comparison: Comparison, t: Translator, locale: str) -> bytes:
    buf = io.BytesIO()
    title = t.gettext("Candidate comparison — %(title)s") % {"title": _outline_title(comparison.opening_title)}
    subject = t.ngettext("Side-by-side comparison of %(num)d candidate, generated %(when)s",
                         "Side-by-side comparison of %(num)d candidates, generated %(when)s",
                         len(comparison.candidates)) % {"num": len(comparison.candidates),
                                                        "when": when(comparison.generated_at, locale)}
    doc = _Doc(buf, pagesize=A4, title=title, author=comparison.author or "", creator="hiring", subject=subject,
               leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
               initialFontName=fonts.SANS)  # else an unused, unembedded Helvetica is listed
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_W, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_furniture(comparison, t, locale))])
    story = _summary(comparison, t)
    for i, cand in enumerate(comparison.candidates):
        story += _candidate(comparison, cand, i, t, locale)
    story += _methodology(comparison, t)
    doc.build(story, canvasmaker=_paged_canvas(t))
    return buf.getvalue()
