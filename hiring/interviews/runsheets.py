"""Run sheets: how a panel stages a live segment, minute by minute, the same way for every candidate.

A rubric's live-speaking anchors speak of "the mock live segment" and "a disruption"; a run sheet
(``rubrics/runsheets/*.yaml``) stages them. It belongs to one rubric (``rubric``) and one of its
criteria (``criterion``): the interview kit of every stage that assesses that criterion shows it.
Its moments follow each other in time (``start``–``end``, as ``m:ss``), each with the script the
moderator, the guest, the chat and the screen follow, what the raters watch for, and the anchors
(criterion and level) it gives evidence for. ``raters`` say how many raters watch and score it, each
on their own.

Like exercises, the dataclasses are the one definition of the files and their rules;
``hiring.yamlreader`` reports problems as ``file:line: message``. The format is documented in
``rubrics/runsheets/README.md``. The module is pure: no Flask, no database.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, TypeAdapter, ValidationInfo, field_validator
from pydantic.dataclasses import dataclass

from hiring import yamlreader
from hiring.i18n import N_
from hiring.rubrics.schema import CRITERION_KEY, RUBRIC_KEY, Rubric, known_rubric
from hiring.yamlreader import (
    Choice,
    Document,
    Key,
    Naming,
    OptionalText,
    Problem,
    ProblemsError,
    Scalar,
    Text,
    Whole,
    check_files,
    describe,
    listed,
    normalise,
    raise_all,
    read_utf8,
    reading,
    tail,
    unknown_field,
    written,
)

log = logging.getLogger(__name__)

RUNSHEET_KEY = re.compile(r"[a-z0-9-]+")
MOMENT_KEY = re.compile(r"[a-z0-9-]+")
#: Who acts in a script line: the moderator (a panel member who runs the clock and plays the
#: producer), the guest the candidate interviews, a viewer in the chat, or what the screen shows.
WHO = ("moderator", "guest", "chat", "screen")
#: How the pages name each of them (app messages, translated where shown).
WHO_LABELS = {"moderator": N_("Moderator"), "guest": N_("Guest"), "chat": N_("Chat"), "screen": N_("On screen")}
#: A segment is minutes long; past an hour, a time is a typo (``1:00:00``, ``90:00``).
MAX_MINUTES = 60
#: Raters score the segment, each on their own; the printed sheet has a notes column for each.
MIN_RATERS, MAX_RATERS = 2, 3
CLOCK = re.compile(r"([0-9]{1,2}):([0-5][0-9])")

FORMAT = ConfigDict(extra="forbid")


# --- Times ---------------------------------------------------------------------------------------


def seconds(clock: str) -> int:
    """The seconds from the segment's start of a time written ``m:ss`` ("1:30" → 90)."""
    minutes, secs = clock.split(":")
    return int(minutes) * 60 + int(secs)


def _clock(value: Any, info: ValidationInfo) -> Any:
    if not reading(info):
        return value
    if isinstance(value, Scalar) and value.tag == "null":
        value = None
    match = CLOCK.fullmatch(normalise(value)) if isinstance(value, str) else None
    if match is None:
        shown = f"'{value}'" if isinstance(value, str) else describe(value)
        raise tail(f"must be a time from the segment's start as minutes:seconds, e.g. '1:30', not {shown}")
    minutes, secs = int(match.group(1)), int(match.group(2))
    if minutes * 60 + secs > MAX_MINUTES * 60:
        raise tail(f"must be at most {MAX_MINUTES}:00, not {value}")
    return f"{minutes}:{secs:02d}"


#: A time from the segment's start, written ``m:ss`` and kept in one form ("01:05" becomes "1:05").
Clock = Annotated[str, BeforeValidator(_clock)]


# --- The parts of a run sheet --------------------------------------------------------------------


def _in_the_rubric(key: str, info: ValidationInfo) -> str:
    rubric = info.context.get("rubric") if reading(info) else None
    if rubric is not None and key not in rubric.criterion_keys:
        known = ", ".join(rubric.criterion_keys)
        raise yamlreader.says(f"criterion '{key}' is not in rubric '{rubric.key}' (its criteria: {known})")
    return key


CriterionKey = Annotated[Key(CRITERION_KEY), AfterValidator(_in_the_rubric)]


@dataclass(frozen=True, config=FORMAT)
class Evidence:
    """An anchor a moment gives evidence for: a criterion of the rubric and a level of its scale."""

    criterion: CriterionKey
    level: Whole()

    @field_validator("level")
    @classmethod
    def _on_the_scale(cls, level: int, info: ValidationInfo) -> int:
        rubric = info.context.get("rubric") if reading(info) else None
        if rubric is not None and not rubric.scale.min <= level <= rubric.scale.max:
            raise yamlreader.says(f"level {level} is not on the scale of rubric '{rubric.key}' "
                                  f"({rubric.scale.min}-{rubric.scale.max})")
        return level


@dataclass(frozen=True, config=FORMAT)
class Line:
    """One line of the script: at a time, someone says something (``says``) or does something
    (``does``: a stage direction), or both. A chat line names the viewer who posts it (``author``,
    a handle of that market)."""

    at: Clock
    who: Choice(WHO)
    author: OptionalText = Field(default="", validate_default=True)
    says: OptionalText = ""
    does: OptionalText = Field(default="", validate_default=True)

    @field_validator("author")
    @classmethod
    def _a_chat_line_has_an_author(cls, author: str, info: ValidationInfo) -> str:
        who = info.data.get("who")
        if reading(info) and who == "chat" and not author:
            raise yamlreader.says("a chat line needs author: the handle of the viewer who posts it")
        if reading(info) and who not in (None, "chat") and author:
            raise yamlreader.says(f"author is only for chat lines, not {who} lines", at="author")
        return author

    @field_validator("does")
    @classmethod
    def _says_or_does(cls, does: str, info: ValidationInfo) -> str:
        if reading(info) and not does and not info.data.get("says") and "says" in info.data:
            raise yamlreader.says("a script line needs says (what is said or posted), does (what is done) "
                                  "or both")
        return does


@dataclass(frozen=True, config=FORMAT)
class Moment:
    """One moment of the segment, from ``start`` to ``end``."""

    key: Key(MOMENT_KEY)
    title: Text
    start: Clock
    end: Clock
    situation: Text
    script: Annotated[tuple[Line, ...], listed("script line")]
    watch_for: Annotated[tuple[Text, ...], listed("thing to watch for")]
    evidences: Annotated[tuple[Evidence, ...], listed("anchor")]

    @field_validator("end")
    @classmethod
    def _after_the_start(cls, end: str, info: ValidationInfo) -> str:
        start = info.data.get("start")
        if reading(info) and start is not None and seconds(end) <= seconds(start):
            raise yamlreader.says(f"end ({end}) must be after start ({start})", at="end")
        return end

    @field_validator("script")
    @classmethod
    def _in_time(cls, script: tuple[Line, ...], info: ValidationInfo) -> tuple[Line, ...]:
        start, end = info.data.get("start"), info.data.get("end")
        if not reading(info) or start is None or end is None:
            return script
        errors, previous = [], None
        for index, line in enumerate(script):
            if not seconds(start) <= seconds(line.at) <= seconds(end):
                errors.append(((index, "at"), yamlreader.says(
                    f"at {line.at} is outside the moment ({start}-{end})")))
                continue
            if previous is not None and seconds(line.at) < seconds(previous):
                errors.append(((index, "at"), yamlreader.says(
                    f"at {line.at} comes before the line above it ({previous}); "
                    "list the script in time order")))
            previous = line.at
        raise_all(errors)
        return script


@dataclass(frozen=True, config=FORMAT)
class RunSheet:
    """A complete, valid run sheet."""

    key: Key(RUNSHEET_KEY)
    title: Text
    rubric: Annotated[Key(RUBRIC_KEY), AfterValidator(known_rubric)]
    criterion: CriterionKey
    raters: Whole(MIN_RATERS, MAX_RATERS)
    description: Text
    candidate_brief: Text
    moderator: Text
    guest: Text
    moments: Annotated[tuple[Moment, ...], listed("moment", "moment key", key="key")]

    @field_validator("moments")
    @classmethod
    def _one_after_another(cls, moments: tuple[Moment, ...], info: ValidationInfo) -> tuple[Moment, ...]:
        if not reading(info):
            return moments
        errors = []
        for index, (before, moment) in enumerate(pairwise(moments), start=1):
            if seconds(moment.start) < seconds(before.end):
                errors.append(((index, "start"), yamlreader.says(
                    f"starts at {moment.start}, before moment '{before.key}' ends ({before.end}); list the "
                    "moments in time order, each starting when the one before it has ended or later")))
        raise_all(errors)
        return moments

    @property
    def length(self) -> str:
        """How long the segment runs, from its first moment's start to its last one's end (m:ss)."""
        total = seconds(self.moments[-1].end) - seconds(self.moments[0].start)
        return f"{total // 60}:{total % 60:02d}"

    @property
    def anchors(self) -> list[tuple[str, int]]:
        """Every anchor the moments give evidence for, once, in the order they first come."""
        return list(dict.fromkeys((e.criterion, e.level) for m in self.moments for e in m.evidences))

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-able dict that ``from_dict`` reads back exactly."""
        return _RUNSHEET.dump_python(self, mode="json")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RunSheet:
        """Rebuild a run sheet from ``to_dict`` output (a translated copy, say); it trusts its input."""
        return _RUNSHEET.validate_python(data)


_RUNSHEET = TypeAdapter(RunSheet)


# --- Problems ------------------------------------------------------------------------------------


class RunSheetError(ProblemsError):
    """A run sheet could not be read; ``problems`` lists everything found, one per line in str()."""


#: Lists of mappings inside a moment, and the noun of one of their items.
_INNER = {"script": ("script line", Line), "evidences": ("anchor", Evidence)}


class _Naming(Naming):
    def message(self, loc: Any, kind: str, text: str, data: Any, value: Any = None) -> str:
        """A problem inside a moment's script line or anchor names both: "moment 'chat': script line 2: "."""
        if len(loc) >= 4 and loc[0] == "moments" and loc[2] in _INNER and isinstance(loc[3], int):
            where, _noun, _rest = self.where(loc[:2], data)
            noun, cls = _INNER[loc[2]]
            where += f"{noun} {loc[3] + 1}: "
            rest = loc[4:]
            if kind == "missing":
                return f"{where}missing required field '{loc[-1]}'"
            if kind == "unexpected_keyword_argument":
                return where + unknown_field(str(loc[-1]), tuple(cls.__pydantic_fields__), "here")
            if kind == "says":
                return where + text
            if not rest:
                return f"{where}must be a mapping of fields, not {describe(value)}"
            return f"{where}{rest[0]} {text}" if kind == "tail" else f"{where}{rest[0]}: {text}"
        return super().message(loc, kind, text, data, value)


NAMING = _Naming(
    article="a run sheet",
    needs="a run sheet needs " + ", ".join(RunSheet.__pydantic_fields__),
    parts={"moments": "moment"},
    fields={"": tuple(RunSheet.__pydantic_fields__), "moment": tuple(Moment.__pydantic_fields__)},
    lists={"moments": "moment", "script": "script line", "watch_for": "watch_for", "evidences": "anchor"},
    items={"watch_for": "watch_for {n}"},
)


# --- Public entry points -------------------------------------------------------------------------


def _parse(text: str, filename: str, rubrics: Mapping[str, Rubric] | None, other_rubrics_ok: bool) -> RunSheet:
    document = Document(text, filename, RunSheetError)
    document.check_root(NAMING, RunSheetError)
    key = normalise(written(document.data.get("rubric")) or "")
    rubric = None if rubrics is None else rubrics.get(key)
    return document.validate(_RUNSHEET, NAMING, RunSheetError, rubrics=rubrics, rubric=rubric,
                             other_rubrics_ok=other_rubrics_ok)


def parse_runsheet(text: str, filename: str = "<string>", rubric: Rubric | None = None) -> RunSheet:
    """Parse and validate run sheet YAML; RunSheetError lists every problem found, in file order.

    With a ``rubric``, the run sheet must name it, and its criteria and levels must be the rubric's.
    """
    return _parse(text, filename, None if rubric is None else {rubric.key: rubric}, False)


def load_runsheet(path: str | Path, rubric: Rubric | None = None) -> RunSheet:
    """Read a UTF-8 run sheet file and parse it; problems name the file as given."""
    return parse_runsheet(read_utf8(path, RunSheetError), str(path), rubric)


@lru_cache(maxsize=64)
def _parsed(text: str, filename: str, rubrics: tuple[tuple[str, Rubric], ...] | None,
            other_rubrics_ok: bool) -> RunSheet:
    return _parse(text, filename, None if rubrics is None else dict(rubrics), other_rubrics_ok)


def check_runsheet_paths(paths: Iterable[str | Path], rubrics: Mapping[str, Rubric]
                         ) -> tuple[list[RunSheet], list[Problem]]:
    """Validate every run sheet file under ``paths`` against ``rubrics`` (rubric key -> rubric), for
    ``rubrics check``: the valid run sheets and all problems (missing paths, an unknown rubric, a
    criterion or level the rubric does not have, a key used by more than one file...)."""
    known = tuple(sorted(rubrics.items()))

    def load(path: Path) -> RunSheet:
        return _parsed(read_utf8(path, RunSheetError), str(path), known, False)

    return check_files(paths, load, lambda sheet: sheet.key, RunSheetError, "run sheet")


def runsheets_for(folder: str | Path, rubric_key: str) -> list[RunSheet]:
    """The valid run sheets of the rubric ``rubric_key`` in ``folder``, sorted by key ([] without a
    folder). Broken files are skipped with a logged warning (``rubrics check`` reports them in full).

    They are read without a rubric: an opening's rubric version may differ from the file the sheet
    was checked against, and `shown_evidences` keeps only the anchors that version has.
    """
    if not Path(folder).is_dir():
        return []

    def load(path: Path) -> RunSheet:
        return _parsed(read_utf8(path, RunSheetError), str(path), None, True)

    sheets, problems = check_files([folder], load, lambda sheet: sheet.key, RunSheetError, "run sheet")
    for problem in problems:
        log.warning("run sheet skipped: %s", problem)
    return sorted((s for s in sheets if s.rubric == rubric_key), key=lambda sheet: sheet.key)


def staged_by(sheets: Iterable[RunSheet], criterion_keys: Iterable[str]) -> list[RunSheet]:
    """The run sheets a kit assessing ``criterion_keys`` shows: those staging one of its criteria."""
    keys = set(criterion_keys)
    return [sheet for sheet in sheets if sheet.criterion in keys]


def shown_evidences(moment: Moment, rubric: Rubric) -> list[Evidence]:
    """The anchors of a moment that ``rubric`` (an opening's version) has: its criterion, its level."""
    keys = set(rubric.criterion_keys)
    return [e for e in moment.evidences
            if e.criterion in keys and rubric.scale.min <= e.level <= rubric.scale.max]


def shown_anchors(sheet: RunSheet, rubric: Rubric) -> list[tuple[str, int]]:
    """Every anchor the sheet's moments evidence that ``rubric`` has, once: (criterion key, level), in
    the rubric's order of criteria, lowest level first (the printed sheet's list of anchors in full)."""
    order = {key: index for index, key in enumerate(rubric.criterion_keys)}
    return sorted({(e.criterion, e.level) for moment in sheet.moments for e in shown_evidences(moment, rubric)},
                  key=lambda anchor: (order[anchor[0]], anchor[1]))
