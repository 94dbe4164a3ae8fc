"""Calibration sets: reference answers with agreed scores, kept in ``rubrics/calibration/``.

A calibration set is pinned to one rubric (its key, its ``version`` label and the first 12 hex
digits of its content hash, all three checked by ``rubrics check``) and lists **items**: a piece of
reference material and, for each criterion it evidences, the level the authors agreed on and a
short rationale that quotes the anchor wording it relies on. An item is

- ``written``: an answer to one answer slot of a shipped exercise (``exercise`` and ``slot``: a
  network of a copy exercise, a comment of a reply exercise, a prompt, ``recommendation`` or
  ``rationale``), written natively in its ``language``: a Chinese post is not a translated English
  post;
- ``excerpt``: a transcript of a candidate's answer to a kit question (``question``:
  ``<criterion>.<number>``, the rubric's question, counted from 1).

The material is never translated (it is the evidence, in the language it was given in); the title,
description and rationales are, by the translation files of ``hiring.rubrics.translations``
(``rubrics/calibration/translations/<language>/<key>.yaml``).

Raters score the items blind and are compared with the agreed scores (``hiring.calibration.measures``).
The module is pure: no Flask, no database. The format is documented in ``rubrics/calibration/README.md``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import ConfigDict, Field, TypeAdapter, ValidationInfo, field_validator
from pydantic.dataclasses import dataclass

from hiring.exercises.schema import EXERCISE_KEY, Exercise
from hiring.i18n import LANGUAGES
from hiring.rubrics.schema import RUBRIC_KEY, Rubric
from hiring.yamlreader import (
    Choice,
    Document,
    Key,
    Naming,
    OptionalText,
    Problem,
    ProblemsError,
    Text,
    Whole,
    check_files,
    describe,
    listed,
    raise_all,
    read_utf8,
    reading,
    says,
    written,
)

log = logging.getLogger(__name__)

KINDS = ("written", "excerpt")
SET_KEY = re.compile(r"[a-z0-9-]+")
ITEM_KEY = re.compile(r"[a-z0-9-]+")
QUESTION = re.compile(r"([a-z][a-z0-9_]*)\.([1-9][0-9]*)")
HASH_DIGITS = 12
#: A quoted phrase counts as anchor wording from this many words on (a single word proves nothing).
MIN_QUOTED_WORDS = 3
FORMAT = ConfigDict(extra="forbid")


def rubric_pin(rubric: Rubric) -> str:
    """What a calibration set writes as ``rubric_hash``: the rubric's content hash, first 12 digits."""
    return rubric.content_hash[:HASH_DIGITS]


# --- Quoting the anchors ----------------------------------------------------------------------------

_QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”')
_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")


def _plain(text: str) -> str:
    return " ".join(text.casefold().split())


def quoted_phrases(text: str) -> list[str]:
    """The phrases ``text`` quotes in double quotes ("…" or “…”), as written."""
    return [match.group(1) or match.group(2) for match in _QUOTED.finditer(text)]


def quotes_anchor(rationale: str, anchor: str) -> bool:
    """Whether ``rationale`` quotes ``anchor``: a phrase of at least MIN_QUOTED_WORDS words in double
    quotes whose every part (an ellipsis leaves words out) is in the anchor, case and spacing aside."""
    plain_anchor = _plain(anchor)
    for phrase in quoted_phrases(rationale):
        parts = [_plain(part).strip(" .,;:") for part in _ELLIPSIS.split(phrase)]
        parts = [part for part in parts if part]
        if parts and sum(len(part.split()) for part in parts) >= MIN_QUOTED_WORDS and all(
                part in plain_anchor for part in parts):
            return True
    return False


# --- The parts of a set -----------------------------------------------------------------------------


def _context(info: ValidationInfo, name: str) -> Any:
    return info.context.get(name) if reading(info) else None


@dataclass(frozen=True, config=FORMAT)
class Score:
    """The agreed level on one criterion, and why: the rationale quotes the anchor it relies on."""

    level: Whole()
    rationale: Text


@dataclass(frozen=True, config=FORMAT)
class Item:
    """One piece of reference material and its agreed scores (criterion key -> Score), in file order."""

    # Fields are validated in this order, and the scores are checked against the exercise or question
    # before them; so material and scores come last, with defaults that are reported when left out
    # ("material is empty", "scores must give ...").
    key: Key(ITEM_KEY)
    kind: Choice(KINDS)
    language: Choice(tuple(LANGUAGES))
    exercise: OptionalText = Field(default="", validate_default=True)
    slot: OptionalText = Field(default="", validate_default=True)
    question: OptionalText = Field(default="", validate_default=True)
    material: Text = Field(default="", validate_default=True)
    scores: dict[Annotated[str, Text], Score] = Field(default_factory=dict, validate_default=True)

    @field_validator("exercise")
    @classmethod
    def _exercise(cls, key: str, info: ValidationInfo) -> str:
        kind = info.data.get("kind")
        if not reading(info) or kind is None:
            return key
        if kind == "excerpt":
            if key:
                raise says("an excerpt answers a kit question, not an exercise: remove exercise and slot, "
                           "give question", at="exercise")
            return key
        if not key:
            raise says("a written item needs exercise (the key of the exercise it answers) and slot")
        if not EXERCISE_KEY.fullmatch(key):
            raise says(f"exercise '{key}' must match {EXERCISE_KEY.pattern}", at="exercise")
        exercises = _context(info, "exercises")
        rubric = _context(info, "rubric")
        if exercises is not None:
            exercise = exercises.get(key)
            if exercise is None:
                known = ", ".join(sorted(exercises)) or "none"
                raise says(f"unknown exercise '{key}' (known exercises: {known})", at="exercise")
            if rubric is not None and exercise.rubric != rubric.key:
                raise says(f"exercise '{key}' is for rubric '{exercise.rubric}', not '{rubric.key}'", at="exercise")
        return key

    @field_validator("slot")
    @classmethod
    def _slot(cls, slot: str, info: ValidationInfo) -> str:
        if not reading(info) or info.data.get("kind") != "written":
            if reading(info) and slot and info.data.get("kind") == "excerpt":
                raise says("an excerpt has no slot: it answers a kit question (question)", at="slot")
            return slot
        exercise = (_context(info, "exercises") or {}).get(info.data.get("exercise") or "")
        if not slot:
            if info.data.get("exercise"):  # without an exercise, that problem is reported already
                raise says("a written item needs slot: the answer it is (a network, comment, prompt, "
                           "'recommendation' or 'rationale' of the exercise)")
            return slot
        if exercise is not None:
            texts = [item.key for item in exercise.items() if item.kind == "text"]
            if slot not in texts:
                raise says(f"slot '{slot}' is not a written answer of exercise '{exercise.key}' "
                           f"(its written answers: {', '.join(texts)})", at="slot")
        return slot

    @field_validator("question")
    @classmethod
    def _question(cls, question: str, info: ValidationInfo) -> str:
        kind = info.data.get("kind")
        if not reading(info) or kind is None:
            return question
        if kind == "written":
            if question:
                raise says("a written item answers an exercise, not a kit question: remove question", at="question")
            return question
        if not question:
            raise says("an excerpt needs question: the kit question it answers, as <criterion>.<number> "
                       "(e.g. live_speaking.1)")
        match = QUESTION.fullmatch(question)
        if match is None:
            raise says(f"question '{question}' must be <criterion>.<number>, e.g. live_speaking.1", at="question")
        rubric = _context(info, "rubric")
        if rubric is not None:
            criterion, number = match.group(1), int(match.group(2))
            if criterion not in rubric.criterion_keys:
                raise says(f"question '{question}': criterion '{criterion}' is not in rubric '{rubric.key}' "
                           f"(its criteria: {', '.join(rubric.criterion_keys)})", at="question")
            count = len(rubric.criterion(criterion).questions)
            if number > count:
                raise says(f"question '{question}': criterion '{criterion}' has {count} kit questions",
                           at="question")
        return question

    @field_validator("scores")
    @classmethod
    def _scores(cls, scores: dict[str, Score], info: ValidationInfo) -> dict[str, Score]:
        if not reading(info):
            return scores
        if not scores:
            raise says("scores must give the agreed level of at least one criterion", at="scores")
        rubric = _context(info, "rubric")
        if rubric is None:
            return scores
        exercise = (_context(info, "exercises") or {}).get(info.data.get("exercise") or "")
        evidenced = exercise.criteria if exercise is not None and info.data.get("kind") == "written" else None
        problems = []
        for criterion, score in scores.items():
            if criterion not in rubric.criterion_keys:
                problems.append(((criterion,), says(f"criterion '{criterion}' is not in rubric '{rubric.key}' "
                                                    f"(its criteria: {', '.join(rubric.criterion_keys)})")))
                continue
            if evidenced is not None and criterion not in evidenced:
                problems.append(((criterion,), says(f"criterion '{criterion}' is not evidenced by exercise "
                                                    f"'{exercise.key}' (its criteria: {', '.join(evidenced)})")))
                continue
            if score.level not in rubric.scale.labels:
                problems.append(((criterion, "level"), says(
                    f"level {score.level} is outside the scale {rubric.scale.min}-{rubric.scale.max}")))
                continue
            anchor = rubric.criterion(criterion).anchors[score.level]
            if not quotes_anchor(score.rationale, anchor):
                opening = " ".join(anchor.split()[:6])
                problems.append(((criterion, "rationale"), says(
                    f"the rationale must quote, in double quotes, at least {MIN_QUOTED_WORDS} words of the "
                    f"level-{score.level} anchor it relies on (it begins \"{opening}\")")))
        raise_all(problems)
        return scores

    def evidences(self, criterion: str) -> bool:
        return criterion in self.scores


@dataclass(frozen=True, config=FORMAT)
class CalibrationSet:
    """A complete, valid calibration set, pinned to one version of one rubric."""

    key: Key(SET_KEY)
    title: Text
    rubric: Key(RUBRIC_KEY)
    rubric_version: Text
    rubric_hash: Key(re.compile(f"[0-9a-f]{{{HASH_DIGITS}}}"))
    items: Annotated[tuple[Item, ...], listed("item", "item key", key="key")]
    description: OptionalText = ""

    @field_validator("rubric")
    @classmethod
    def _known_rubric(cls, key: str, info: ValidationInfo) -> str:
        rubrics = _context(info, "rubrics")
        if rubrics is not None and key not in rubrics:
            raise says(f"unknown rubric '{key}' (known rubrics: {', '.join(sorted(rubrics)) or 'none'})")
        return key

    @field_validator("rubric_version")
    @classmethod
    def _same_version(cls, version: str, info: ValidationInfo) -> str:
        rubric = _context(info, "rubric")
        if rubric is not None and version != rubric.version:
            raise says(f"rubric_version '{version}' is not the version of rubric '{rubric.key}' "
                       f"('{rubric.version}'): check the agreed scores against its anchors, then set "
                       f"rubric_version and rubric_hash to it")
        return version

    @field_validator("rubric_hash")
    @classmethod
    def _same_content(cls, pin: str, info: ValidationInfo) -> str:
        rubric = _context(info, "rubric")
        # A different version label is reported already (the content differs too).
        if rubric is not None and "rubric_version" in info.data and pin != rubric_pin(rubric):
            raise says(f"rubric '{rubric.key}' has changed since this set was agreed (content hash "
                       f"{rubric_pin(rubric)}, the set was agreed on {pin}): check every agreed score "
                       f"against the current anchors, then set rubric_hash: {rubric_pin(rubric)}")
        return pin

    def item(self, key: str) -> Item:
        """The item with this key; KeyError if there is none."""
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(f"calibration set '{self.key}' has no item '{key}'")

    def items_for(self, criterion: str) -> list[Item]:
        """The items with an agreed score on ``criterion``, in file order."""
        return [item for item in self.items if criterion in item.scores]

    def items_in(self, language: str) -> list[Item]:
        """The items a rater reading ``language`` scores: those written or spoken in it, and the English
        ones that evidence a criterion none of those does (so every criterion with material is scored).
        For English, the English items."""
        own = [item for item in self.items if item.language == language]
        covered = {criterion for item in own for criterion in item.scores}
        return [item for item in self.items if item.language == language or (
            item.language == "en" and not covered.issuperset(item.scores))]

    def coverage(self, rubric: Rubric) -> dict[str, list[int]]:
        """For every criterion of ``rubric``, the agreed levels of its items (empty: no calibration
        material yet, as for a criterion a team added to its own copy of the rubric)."""
        return {key: [item.scores[key].level for item in self.items_for(key)] for key in rubric.criterion_keys}

    def without_material(self, rubric: Rubric) -> list[str]:
        """The criteria of ``rubric`` this set has no item for, in the rubric's order."""
        return [key for key, levels in self.coverage(rubric).items() if not levels]

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-able dict that ``from_dict`` reads back exactly."""
        return _SET.dump_python(self, mode="json")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CalibrationSet:
        """Rebuild a set from ``to_dict`` output; it trusts its input, checked when the file was read."""
        return _SET.validate_python(data)

    @property
    def content_hash(self) -> str:
        """SHA-256 (hex) of the canonical JSON of ``to_dict()``: what a rater's attempt was scored against."""
        canonical = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


_SET = TypeAdapter(CalibrationSet)

# --- Problems ------------------------------------------------------------------------------------


class CalibrationError(ProblemsError):
    """A calibration set could not be read; ``problems`` lists everything found, one per line in str()."""


_ITEM_FIELDS = ("key", "kind", "language", "exercise", "slot", "question", "material", "scores")


class _Naming(Naming):
    def message(self, loc: Any, kind: str, text: str, data: Any, value: Any = None) -> str:
        # ("items", i, "scores", criterion, field): about one agreed score.
        if len(loc) >= 4 and loc[0] == "items" and loc[2] == "scores":
            where, _noun, _rest = self.where(loc, data)
            where += f"score for '{loc[3]}': "
            if kind == "says":
                return where + text
            if kind == "missing":
                return f"{where}missing required field '{loc[-1]}'"
            if kind == "unexpected_keyword_argument":
                return f"{where}unknown field '{loc[-1]}'; a score has level and rationale"
            if len(loc) == 4:
                return f"{where}must be a mapping of level and rationale, not {describe(value)}"
            return f"{where}{loc[4]} {text}" if kind == "tail" else f"{where}{loc[4]}: {text}"
        if len(loc) == 3 and loc[0] == "items" and loc[2] == "scores" and kind == "dict_type":
            where, _noun, _rest = self.where(loc, data)
            return f"{where}scores must be a mapping of criterion: level and rationale"
        return super().message(loc, kind, text, data, value)


NAMING = _Naming(
    article="a calibration set",
    needs="a calibration set needs key, title, rubric, rubric_version, rubric_hash and items",
    parts={"items": "item"},
    fields={"": ("key", "title", "rubric", "rubric_version", "rubric_hash", "description", "items"),
            "item": _ITEM_FIELDS},
    lists={"items": "item"},
)


# --- Public entry points -------------------------------------------------------------------------


def parse_calibration_set(text: str, filename: str = "<string>", rubrics: Mapping[str, Rubric] | None = None,
                          exercises: Mapping[str, Exercise] | None = None) -> CalibrationSet:
    """Parse and validate a calibration set; CalibrationError lists every problem found, in file order.

    With ``rubrics`` (key -> rubric), the set must name one of them and match its version and content
    hash, and scores must be on its criteria and scale; with ``exercises`` (key -> exercise), a written
    item must answer a written slot of one of them.
    """
    document = Document(text, filename, CalibrationError)
    document.check_root(NAMING, CalibrationError)
    named = written(document.data.get("rubric"))
    rubric = (rubrics or {}).get(named.strip()) if named else None
    return document.validate(_SET, NAMING, CalibrationError, rubrics=rubrics, rubric=rubric, exercises=exercises)


@lru_cache(maxsize=64)
def _parsed(text: str, filename: str, rubrics: tuple[tuple[str, Rubric], ...],
            exercises: tuple[tuple[str, Exercise], ...] | None) -> CalibrationSet:
    return parse_calibration_set(text, filename, dict(rubrics), None if exercises is None else dict(exercises))


def check_calibration_paths(paths: Iterable[str | Path], rubrics: Mapping[str, Rubric],
                            exercises: Mapping[str, Exercise] | None) -> tuple[list[CalibrationSet], list[Problem]]:
    """Validate every calibration set under ``paths`` against ``rubrics`` and ``exercises`` (for
    ``rubrics check``): the valid sets and all problems, including a set key used by two files."""
    pinned_rubrics = tuple(sorted(rubrics.items()))
    pinned_exercises = None if exercises is None else tuple(sorted(exercises.items()))

    def load(path: Path) -> CalibrationSet:
        return _parsed(read_utf8(path, CalibrationError), str(path), pinned_rubrics, pinned_exercises)

    return check_files(paths, load, lambda calibration: calibration.key, CalibrationError, "calibration set")


def sets_for(folder: str | Path, rubric: Rubric, exercises: Mapping[str, Exercise]) -> list[CalibrationSet]:
    """The valid calibration sets of ``rubric`` in ``folder`` pinned to this very rubric (same content
    hash), sorted by key ([] if there is no folder). Other rubrics' sets, and sets agreed on another
    version, are skipped quietly; broken files with a logged warning (``rubrics check`` says why)."""
    if not Path(folder).is_dir():
        return []
    found, problems = check_calibration_paths([folder], {rubric.key: rubric}, exercises)
    for problem in problems:
        if "unknown rubric" not in problem.message and "has changed since" not in problem.message:
            log.warning("calibration set skipped: %s", problem)
    return sorted((s for s in found if s.rubric == rubric.key), key=lambda calibration: calibration.key)
