"""Rubric files: the YAML rubrics kept in ``rubrics/``, their rules and their stored form.

A rubric says what a hiring team assesses (criteria, each a skill or a trait), how much each
criterion counts (weights), on which scale (levels with labels) and what a rater must have *seen*
for each level (behavioural anchors), plus the interview questions that draw out that evidence.

The dataclasses below are the one definition of the format: the files are read into them, their
validators are the rules (``hiring.yamlreader`` turns a broken rule into ``file:line: message``), and
``to_dict``/``from_dict`` are the stored versions. The module is pure: no Flask, no database.

The format, with an annotated example, is documented in ``rubrics/README.md``.
"""

import hashlib
import json
import math
import numbers
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic.dataclasses import dataclass
from pydantic_core import PydanticCustomError

from hiring.yamlreader import (
    YAML_SUFFIXES,
    Choice,
    Document,
    Key,
    Naming,
    Number,
    OptionalText,
    Problem,
    ProblemsError,
    Text,
    Whole,
    check_files,
    describe,
    find_yaml_files,
    listed,
    raise_all,
    read_utf8,
    reading,
    required_text,
    says,
    tail,
)

KINDS = ("skill", "trait")
RUBRIC_KEY = re.compile(r"[a-z0-9-]+")
CRITERION_KEY = re.compile(r"[a-z][a-z0-9_]*")
# A behaviourally anchored scale needs words for every level; past a 0-10 scale nobody writes
# (or reads) distinct anchors, and a typo such as `max: 50` would otherwise list 50 missing levels.
MAX_LEVELS = 11
RUBRIC_SUFFIXES = YAML_SUFFIXES
FORMAT = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

#: A criterion's weight, wherever it is given (rubric file, `openings create --weight`, the weights
#: page, the shortlist's what-if weights, a ScoringSpec): a number from MIN_WEIGHT to MAX_WEIGHT.
#: Weights only count relative to each other, so the bounds cap one criterion at 10,000 times another;
#: they are inclusive so that a number input's `min` and `max` can state them exactly.
MIN_WEIGHT = 0.01
MAX_WEIGHT = 100


def _at_most(limit: int) -> AfterValidator:
    """Text of at most ``limit`` characters: as long as a stored version's column (key, title, version
    label) or a rating's (criterion key) holds, so that a file that reads well also stores."""

    def check(text: str, info: ValidationInfo) -> str:
        if reading(info) and len(text) > limit:
            raise tail(f"must be at most {limit} characters, not {len(text)}")
        return text

    return AfterValidator(check)


def weight_problem(weight: Any) -> str | None:
    """Why ``weight`` is not a usable weight (the one rule, see MIN_WEIGHT), or None if it is."""
    if isinstance(weight, bool) or not isinstance(weight, numbers.Real):
        return f"must be a number, not {weight!r}"
    if not (math.isfinite(weight) and MIN_WEIGHT <= weight <= MAX_WEIGHT):
        return f"must be a number from {MIN_WEIGHT:g} to {MAX_WEIGHT:g}, not {weight:g}"
    return None


def _weight(weight: float, info: ValidationInfo) -> float:
    if reading(info) and (problem := weight_problem(weight)):
        raise tail(problem)
    return weight


# --- Levels: a text for every level of the scale ---------------------------------------------------


class LevelTexts(Mapping[int, str]):
    """A text per scale level, lowest level first; frozen and hashable, so that a stored version
    cannot change behind its content hash."""

    __slots__ = ("_texts",)

    def __init__(self, texts: Mapping[Any, str] | Iterable[tuple[Any, str]] = ()) -> None:
        self._texts = dict(sorted((int(level), text) for level, text in dict(texts).items()))

    def __getitem__(self, level: int) -> str:
        return self._texts[level]

    def __iter__(self) -> Iterator[int]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __hash__(self) -> int:
        return hash(tuple(self._texts.items()))

    def __repr__(self) -> str:
        return f"LevelTexts({self._texts!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (LevelTexts, (self._texts,))


def Levels(name: str, levels_of: Callable[[ValidationInfo], list[int] | None]) -> Any:
    """``LevelTexts`` written as a mapping ``level: text``; with a file's rules, one text for every
    level of ``levels_of(info)`` (None when the scale itself is broken: only entries are checked)."""

    def check(value: Any, info: ValidationInfo) -> LevelTexts:
        if isinstance(value, tuple):  # ScaleLevels, from code
            value = {level.value: level.label for level in value}
        if not reading(info):
            return LevelTexts(value)
        if not isinstance(value, Mapping):
            raise tail(f"must be a mapping of level: text, not {describe(value)}")
        texts, written_as, errors = {}, {}, []
        for key, text in value.items():
            if not re.fullmatch(r"-?[0-9]+", key.strip()):
                errors.append(((key,), says(f"{name}: '{key}' is not a level (a whole number)")))
                continue
            level = int(key)
            if level in texts:
                errors.append(((key,), says(f"{name}: level {level} given twice", first=written_as[level])))
                continue
            written_as[level] = key
            try:
                texts[level] = required_text(text, info)
            except PydanticCustomError as exc:
                errors.append(((key,), says(f"{name.removesuffix('s')} for level {level} {exc.message()}")))
                texts[level] = None
        levels = levels_of(info)
        if levels is not None:
            if missing := [level for level in levels if level not in texts]:
                errors.append(((), tail(f"missing for level(s) {', '.join(map(str, missing))}")))
            for level in sorted(texts.keys() - set(levels)):
                errors.append(((written_as[level],),
                               says(f"{name}: level {level} is outside the scale {levels[0]}-{levels[-1]}")))
        raise_all(errors)
        return LevelTexts(texts)

    as_json = PlainSerializer(lambda texts: {str(level): text for level, text in texts.items()})
    schema = WithJsonSchema({"type": "object", "additionalProperties": {"type": "string"}})  # for an editor
    return Annotated[LevelTexts, BeforeValidator(check), as_json, schema]


# --- The values other modules use -------------------------------------------------------------


@dataclass(frozen=True)
class ScaleLevel:
    """One point of a rating scale and the short label raters see next to it."""

    value: int
    label: str


def _scale_levels(info: ValidationInfo) -> list[int] | None:
    low, high = info.data.get("min"), info.data.get("max")
    return None if low is None or high is None else list(range(low, high + 1))


@dataclass(frozen=True, config=FORMAT)
class Scale:
    """The integer rating scale from ``min`` to ``max``, with a label for every level.

    Code may give the labels as ``ScaleLevel``s; files give them as a mapping ``level: label``.
    """

    min: Whole()
    max: Whole()
    labels: Levels("labels", _scale_levels)

    @field_validator("max")
    @classmethod
    def _max(cls, high: int, info: ValidationInfo) -> int:
        low = info.data.get("min")
        if reading(info) and low is not None:
            if low >= high:
                raise says(f"min ({low}) must be less than max ({high})", at="min")
            if high - low + 1 > MAX_LEVELS:
                raise says(f"{high - low + 1} levels is too many to anchor; use at most {MAX_LEVELS}")
        return high

    @property
    def levels(self) -> tuple[ScaleLevel, ...]:
        return tuple(ScaleLevel(value, label) for value, label in self.labels.items())

    @property
    def values(self) -> list[int]:
        """Every level of the scale, lowest first."""
        return list(range(self.min, self.max + 1))

    def label(self, value: int) -> str:
        """The label of a level; ValueError if the value is not on the scale."""
        if value not in self.labels:
            raise ValueError(f"{value!r} is not on the scale {self.min}-{self.max}")
        return self.labels[value]

    def levels_of_mean(self, mean: float) -> tuple[int, ...]:
        """The level a mean rating corresponds to: the nearest level, kept on the scale; or the two levels
        either side, lowest first, when the mean lies exactly halfway between them (2.5 → (2, 3)).

        Halfway is not rounded either way: a panel split between two levels has reached neither anchor,
        and rounding would claim one of them. A mean of integer ratings is exactly halfway or at least
        1/(2n) away from it, so the tolerance below only absorbs floating-point rounding.
        """
        low = math.floor(mean)
        if abs(mean - low - 0.5) < 1e-9 and self.min <= low < self.max:
            return (low, low + 1)
        return (min(self.max, max(self.min, math.floor(mean + 0.5))),)


@dataclass(frozen=True, config=FORMAT)
class Criterion:
    """One thing the rubric assesses, with an anchor per scale level and interview questions.

    ``anchors`` is a read-only mapping from level (int) to what a rater saw at that level.
    """

    key: Annotated[Key(CRITERION_KEY), _at_most(100)]
    name: Text
    kind: Choice(KINDS)
    weight: Annotated[Number, AfterValidator(_weight)]
    description: Text
    anchors: Levels("anchors", lambda info: info.context.get("levels"))
    questions: Annotated[tuple[Text, ...], listed("question")]


@dataclass(frozen=True, config=FORMAT)
class Rubric:
    """A complete, valid rubric.

    ``version`` is the label people read; ``content_hash`` is the rubric's real identity.
    """

    key: Annotated[Key(RUBRIC_KEY), _at_most(100)]
    title: Annotated[Text, _at_most(200)]
    version: Annotated[Text, _at_most(100)]
    scale: Scale
    criteria: Annotated[tuple[Criterion, ...], listed("criterion", "criterion key", key="key")]
    description: OptionalText = ""

    def criterion(self, key: str) -> Criterion:
        """The criterion with this key; KeyError if the rubric has none."""
        for criterion in self.criteria:
            if criterion.key == key:
                return criterion
        raise KeyError(f"rubric '{self.key}' has no criterion '{key}'")

    @property
    def criterion_keys(self) -> list[str]:
        """Criterion keys in the order the file lists them (the order raters see them)."""
        return [criterion.key for criterion in self.criteria]

    def default_weights(self) -> dict[str, float]:
        """The weights from the file, which an opening may override."""
        return {criterion.key: criterion.weight for criterion in self.criteria}

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-able dict that ``from_dict`` reads back.

        Level keys (scale labels and anchors) are decimal strings such as ``"3"``, because JSON
        object keys are strings anyway: the dict looks the same before and after a JSON column.
        """
        return _RUBRIC.dump_python(self, mode="json")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Rubric":
        """Rebuild a rubric from ``to_dict`` output (e.g. a stored version's JSON column).

        It trusts its input, which was validated when the file was parsed.
        """
        return _RUBRIC.validate_python(data)

    @property
    def content_hash(self) -> str:
        """SHA-256 (hex) of the canonical JSON of ``to_dict()``.

        Layout, comments and key order in the file do not change it; any change of meaning does.
        """
        canonical = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


_RUBRIC = TypeAdapter(Rubric)


def known_rubric(key: str, info: ValidationInfo) -> str:
    """The rule of the `rubric` field of a file that belongs to a rubric (an exercise, a run sheet):
    one of the rubrics it is read against (context `rubrics`; None: not checked), unless other
    rubrics are welcome (context `other_rubrics_ok`: a folder read for one rubric skips the others)."""
    rubrics = info.context.get("rubrics") if reading(info) else None
    if rubrics is not None and key not in rubrics and not info.context.get("other_rubrics_ok"):
        raise says(f"unknown rubric '{key}' (known rubrics: {', '.join(sorted(rubrics)) or 'none'})")
    return key
_SCALE = TypeAdapter(Scale)

# --- Problems ------------------------------------------------------------------------------------

RubricProblem = Problem
"""One thing wrong with a rubric file (file, line, message); str() is ``file:line: message``."""


class RubricError(ProblemsError):
    """A rubric could not be read; ``problems`` lists everything found, one per line in str()."""


NAMING = Naming(
    article="a rubric",
    needs="a rubric needs key, title, version, scale and criteria",
    parts={"scale": "scale", "criteria": "criterion"},
    fields={
        "": ("key", "title", "version", "description", "scale", "criteria"),
        "scale": ("min", "max", "labels"),
        "criterion": ("key", "name", "kind", "weight", "description", "anchors", "questions"),
    },
    lists={"criteria": "criterion", "questions": "question"},
    items={"questions": "question {n}"},
    level_fields=("anchors", "labels"),
)


# --- Public entry points -------------------------------------------------------------------------


def parse_rubric(text: str, filename: str = "<string>") -> Rubric:
    """Parse and validate rubric YAML; RubricError lists every problem found, in file order."""
    document = Document(text, filename, RubricError)
    levels = None  # anchors are checked against the scale only when the scale itself is good
    if isinstance(document.data, dict):
        with suppress(ValidationError):
            levels = _SCALE.validate_python(document.data.get("scale"), context={}).values
    return document.validate(_RUBRIC, NAMING, RubricError, levels=levels)


def load_rubric(path: str | Path) -> Rubric:
    """Read a UTF-8 rubric file and parse it; problems name the file as given."""
    return _parsed(read_utf8(path, RubricError), str(path))


#: Pages ask whether the rubric file changed on every request, and parsing the YAML takes ~5 ms where
#: reading it takes microseconds: parsed rubrics are kept by (text, file name). They are frozen, so
#: sharing one is safe; a file with problems is not kept and raises each time.
@lru_cache(maxsize=64)
def _parsed(text: str, filename: str) -> Rubric:
    return parse_rubric(text, filename)


def find_rubric_files(paths: Iterable[str | Path]) -> list[Path]:
    """The rubric files named by ``paths``, each once, in the order given.

    A directory contributes the ``*.yaml``/``*.yml`` files directly inside it, sorted (not those in
    sub-folders such as ``rubrics/exercises/``, nor hidden files); a file stands for itself. Paths
    that do not exist are skipped: ``check_paths`` reports them.
    """
    return find_yaml_files(paths)


def check_paths(paths: Iterable[str | Path]) -> tuple[list[Rubric], list[RubricProblem]]:
    """Validate every rubric file under ``paths`` (for ``rubrics check``).

    Returns the valid rubrics and all problems, including missing paths, folders without rubric
    files and a rubric key used by more than one file.
    """
    return check_files(paths, load_rubric, lambda rubric: rubric.key, RubricError, "rubric")


def weights_problems(rubric: Rubric, weights: Mapping[str, Any]) -> list[str]:
    """Why per-opening weight overrides are unusable for this rubric; empty if they are fine.

    Every criterion needs a weight, each one ``weight_problem`` accepts, and nothing else.
    """
    problems = [
        f"missing weight for criterion '{key}'" for key in rubric.criterion_keys if key not in weights
    ]
    problems += [f"unknown criterion '{key}'" for key in weights if key not in rubric.criterion_keys]
    for key in rubric.criterion_keys:
        if key in weights and (problem := weight_problem(weights[key])):
            problems.append(f"weight for criterion '{key}' {problem}")
    return problems
