"""Rubric files: read, validate and serialise the YAML rubrics kept in ``rubrics/``.

A rubric says what a hiring team assesses (criteria, each a skill or a trait), how much each
criterion counts (weights), on which scale (levels with labels) and what a rater must have *seen*
for each level (behavioural anchors), plus the interview questions that draw out that evidence.

This module is pure: text in, immutable values out. It imports neither Flask nor the database, so
the web app, the ``rubrics check`` command and the tests all share one set of rules.

Reading goes through ``hiring.yamlreader`` (shared with exercise files): it works on the YAML node
tree, so duplicate keys are caught and every problem names the file and line a person must fix.

The format, with an annotated example, is documented in ``rubrics/README.md``.
"""

from __future__ import annotations

import hashlib
import json
import math
import numbers
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from yaml.nodes import MappingNode, Node

from hiring.yamlreader import (
    YAML_SUFFIXES,
    Field,
    Problem,
    ProblemsError,
    Reader,
    check_files,
    compose,
    describe,
    find_yaml_files,
    int_value,
    is_scalar,
    item_field,
    item_name,
    line_of,
    read_utf8,
    written,
)

KINDS = ("skill", "trait")
RUBRIC_KEY = re.compile(r"[a-z0-9-]+")
CRITERION_KEY = re.compile(r"[a-z][a-z0-9_]*")
# A behaviourally anchored scale needs words for every level; past a 0-10 scale nobody writes
# (or reads) distinct anchors, and a typo such as `max: 50` would otherwise list 50 missing levels.
MAX_LEVELS = 11
RUBRIC_SUFFIXES = YAML_SUFFIXES


# --- The values other modules use -------------------------------------------------------------


@dataclass(frozen=True)
class ScaleLevel:
    """One point of a rating scale and the short label raters see next to it."""

    value: int
    label: str


@dataclass(frozen=True)
class Scale:
    """The integer rating scale from ``min`` to ``max``, with a label for every level."""

    min: int
    max: int
    levels: tuple[ScaleLevel, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "levels", tuple(self.levels))

    @property
    def values(self) -> list[int]:
        """Every level of the scale, lowest first."""
        return list(range(self.min, self.max + 1))

    def label(self, value: int) -> str:
        """The label of a level; ValueError if the value is not on the scale."""
        for level in self.levels:
            if level.value == value:
                return level.label
        raise ValueError(f"{value!r} is not on the scale {self.min}-{self.max}")

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


#: A criterion's weight, wherever it is given (rubric file, `openings create --weight`, the weights
#: page, the shortlist's what-if weights, a ScoringSpec): a number from MIN_WEIGHT to MAX_WEIGHT.
#: Weights only count relative to each other, so the bounds cap one criterion at 10,000 times another;
#: they are inclusive so that a number input's `min` and `max` can state them exactly.
MIN_WEIGHT = 0.01
MAX_WEIGHT = 100


def weight_problem(weight: Any) -> str | None:
    """Why ``weight`` is not a usable weight (the one rule, see MIN_WEIGHT), or None if it is."""
    if isinstance(weight, bool) or not isinstance(weight, numbers.Real):
        return f"must be a number, not {weight!r}"
    if not (math.isfinite(weight) and MIN_WEIGHT <= weight <= MAX_WEIGHT):
        return f"must be a number from {MIN_WEIGHT:g} to {MAX_WEIGHT:g}, not {weight:g}"
    return None


@dataclass(frozen=True)
class Criterion:
    """One thing the rubric assesses, with an anchor per scale level and interview questions.

    ``anchors`` is a read-only mapping from level (int) to what a rater saw at that level. It is
    left out of ``hash()`` (a mapping is not hashable) but not out of equality.
    """

    key: str
    name: str
    kind: str
    weight: float
    description: str
    anchors: Mapping[int, str] = field(hash=False)
    questions: tuple[str, ...]

    def __post_init__(self) -> None:
        # Freeze what callers may pass as a dict or a list, so a stored version cannot be changed
        # behind its content hash.
        anchors = {int(level): text for level, text in self.anchors.items()}
        object.__setattr__(self, "anchors", MappingProxyType(dict(sorted(anchors.items()))))
        object.__setattr__(self, "questions", tuple(self.questions))

    def __reduce__(self) -> tuple[Any, ...]:
        # A mappingproxy cannot be pickled or deep-copied; rebuild from a plain dict instead.
        fields = (self.key, self.name, self.kind, self.weight, self.description)
        return (Criterion, (*fields, dict(self.anchors), self.questions))


@dataclass(frozen=True)
class Rubric:
    """A complete, valid rubric.

    ``version`` is the label people read; ``content_hash`` is the rubric's real identity.
    """

    key: str
    title: str
    version: str
    scale: Scale
    criteria: tuple[Criterion, ...]
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "criteria", tuple(self.criteria))

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
        return {
            "key": self.key,
            "title": self.title,
            "version": self.version,
            "description": self.description,
            "scale": {
                "min": self.scale.min,
                "max": self.scale.max,
                "labels": {str(level.value): level.label for level in self.scale.levels},
            },
            "criteria": [
                {
                    "key": criterion.key,
                    "name": criterion.name,
                    "kind": criterion.kind,
                    "weight": criterion.weight,
                    "description": criterion.description,
                    "anchors": {str(level): text for level, text in criterion.anchors.items()},
                    "questions": list(criterion.questions),
                }
                for criterion in self.criteria
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Rubric:
        """Rebuild a rubric from ``to_dict`` output (e.g. a stored version's JSON column).

        It trusts its input, which was validated when the file was parsed; level keys may be
        strings or ints.
        """
        scale = data["scale"]
        levels = sorted((int(value), label) for value, label in scale["labels"].items())
        return cls(
            key=data["key"],
            title=data["title"],
            version=data["version"],
            description=data.get("description", ""),
            scale=Scale(
                min=int(scale["min"]),
                max=int(scale["max"]),
                levels=tuple(ScaleLevel(value, label) for value, label in levels),
            ),
            criteria=tuple(
                Criterion(
                    key=item["key"],
                    name=item["name"],
                    kind=item["kind"],
                    weight=float(item["weight"]),
                    description=item["description"],
                    anchors=item["anchors"],
                    questions=item["questions"],
                )
                for item in data["criteria"]
            ),
        )

    @property
    def content_hash(self) -> str:
        """SHA-256 (hex) of the canonical JSON of ``to_dict()``.

        Layout, comments and key order in the file do not change it; any change of meaning does.
        """
        canonical = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --- Problems ------------------------------------------------------------------------------------

RubricProblem = Problem
"""One thing wrong with a rubric file (file, line, message); str() is ``file:line: message``."""


class RubricError(ProblemsError):
    """A rubric could not be read; ``problems`` lists everything found, one per line in str()."""


# --- Reading the YAML node tree ------------------------------------------------------------------

# Allowed fields of each mapping: name -> required.
_RUBRIC_FIELDS = {
    "key": True,
    "title": True,
    "version": True,
    "description": False,
    "scale": True,
    "criteria": True,
}
_SCALE_FIELDS = {"min": True, "max": True, "labels": True}
_CRITERION_FIELDS = {
    "key": True,
    "name": True,
    "kind": True,
    "weight": True,
    "description": True,
    "anchors": True,
    "questions": True,
}


class _Reader(Reader):
    """The generic reader plus the parts of a rubric (see ``hiring.yamlreader.Reader``)."""

    def read_weight(self, found: Field | None, where: str) -> float | None:
        """A weight the one rule accepts (``weight_problem``)."""
        weight = self.read_number(found, where, "weight")
        if weight is None:
            return None
        problem = weight_problem(weight)
        if problem:
            self.problem(found.line, f"{where}weight {problem}")
            return None
        return weight

    def read_questions(self, found: Field | None, where: str) -> tuple[str, ...] | None:
        """A non-empty list of non-empty questions."""
        nodes = self.read_list(found, where, "questions", "question")
        if nodes is None:
            return None
        items = [
            self.read_text(item_field(item), where, f"question {number}")
            for number, item in enumerate(nodes, start=1)
        ]
        return None if None in items else tuple(items)

    def read_levels(
        self, found: Field | None, where: str, name: str, levels: list[int] | None
    ) -> dict[int, str] | None:
        """A text for every level of the scale, keyed by level.

        ``levels`` is None when the scale itself is broken: then only the entries are checked.
        """
        if found is None:
            return None
        if not isinstance(found.node, MappingNode):
            self.problem(
                found.line,
                f"{where}{name} must be a mapping of level: text, not {describe(found.node)}",
            )
            return None
        texts, lines, ok = {}, {}, True
        for key_node, value_node in found.node.value:
            level = _level(key_node)
            if level is None:
                self.problem(
                    line_of(key_node),
                    f"{where}{name}: {written(key_node)} is not a level (a whole number)",
                )
                ok = False
            elif level in texts:
                self.problem(
                    line_of(key_node),
                    f"{where}{name}: level {level} given twice (first on line {lines[level]})",
                )
                ok = False
            else:
                lines[level] = line_of(key_node)
                entry = f"{name.removesuffix('s')} for level {level}"  # "anchor for level 3"
                texts[level] = self.read_text(Field(lines[level], value_node), where, entry)
                ok = ok and texts[level] is not None
        if levels is None:
            return None
        missing = [level for level in levels if level not in texts]
        if missing:
            self.problem(found.line, f"{where}{name} missing for level(s) {_join(missing)}")
        for level in texts.keys() - set(levels):
            self.problem(
                lines[level],
                f"{where}{name}: level {level} is outside the scale {levels[0]}-{levels[-1]}",
            )
        ok = ok and not missing and texts.keys() <= set(levels)
        return texts if ok else None

    # The parts of a rubric

    def read_scale(self, found: Field | None) -> Scale | None:
        if found is None:
            return None
        where = "scale: "
        fields = self.read_fields(found.node, found.line, where, _SCALE_FIELDS)
        if fields is None:
            return None
        low = self.read_integer(fields.get("min"), where, "min")
        high = self.read_integer(fields.get("max"), where, "max")
        levels = None
        if low is not None and high is not None:
            if low >= high:
                self.problem(fields["min"].line, f"{where}min ({low}) must be less than max ({high})")
            elif high - low + 1 > MAX_LEVELS:
                self.problem(
                    fields["max"].line,
                    f"{where}{high - low + 1} levels is too many to anchor; use at most {MAX_LEVELS}",
                )
            else:
                levels = list(range(low, high + 1))
        labels = self.read_levels(fields.get("labels"), where, "labels", levels)
        if labels is None:
            return None
        return Scale(low, high, tuple(ScaleLevel(value, labels[value]) for value in levels))

    def read_criteria(self, found: Field | None, scale: Scale | None) -> tuple[Criterion, ...] | None:
        return self.read_keyed_list(
            found, "", "criteria", "criterion", lambda node, number: self.read_criterion(node, number, scale)
        )

    def read_criterion(self, node: Node, number: int, scale: Scale | None) -> Criterion | None:
        where = f"criterion {item_name(node, number)}: "
        fields = self.read_fields(node, line_of(node), where, _CRITERION_FIELDS)
        if fields is None:
            return None
        levels = scale.values if scale is not None else None
        values = {
            "key": self.read_key(fields.get("key"), where, CRITERION_KEY),
            "name": self.read_text(fields.get("name"), where, "name"),
            "kind": self.read_choice(fields.get("kind"), where, "kind", KINDS),
            "weight": self.read_weight(fields.get("weight"), where),
            "description": self.read_text(fields.get("description"), where, "description"),
            "anchors": self.read_levels(fields.get("anchors"), where, "anchors", levels),
            "questions": self.read_questions(fields.get("questions"), where),
        }
        if None in values.values():
            return None
        return Criterion(**values)

    def read_rubric(self, root: Node | None) -> Rubric | None:
        if root is None:
            self.problem(None, "the file is empty; a rubric needs key, title, version, scale and criteria")
            return None
        if not isinstance(root, MappingNode):
            self.problem(line_of(root), f"a rubric must be a mapping of fields, not {describe(root)}")
            return None
        fields = self.read_fields(root, line_of(root), "", _RUBRIC_FIELDS)
        if fields is None:
            return None
        scale = self.read_scale(fields.get("scale"))
        values = {
            "key": self.read_key(fields.get("key"), "", RUBRIC_KEY),
            "title": self.read_text(fields.get("title"), "", "title"),
            "version": self.read_text(fields.get("version"), "", "version"),
            "scale": scale,
            "criteria": self.read_criteria(fields.get("criteria"), scale),
            "description": self.read_text(fields.get("description"), "", "description", required=False),
        }
        if None in values.values():
            return None
        return Rubric(**values)


def _level(node: Node) -> int | None:
    """A scale level from a mapping key: ``3`` or, for convenience, the quoted ``"3"``."""
    if is_scalar(node, "int"):
        return int_value(node)
    if is_scalar(node, "str") and re.fullmatch(r"-?[0-9]+", node.value.strip()):
        return int(node.value)
    return None


def _join(values: Iterable[int]) -> str:
    return ", ".join(str(value) for value in values)




# --- Public entry points -------------------------------------------------------------------------


def parse_rubric(text: str, filename: str = "<string>") -> Rubric:
    """Parse and validate rubric YAML; RubricError lists every problem found, in file order."""
    reader = _Reader(filename)
    root = compose(text, filename, RubricError)
    return reader.finish(reader.read_rubric(root), RubricError)


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
