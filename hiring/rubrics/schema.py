"""Rubric files: read, validate and serialise the YAML rubrics kept in ``rubrics/``.

A rubric says what a hiring team assesses (criteria, each a skill or a trait), how much each
criterion counts (weights), on which scale (levels with labels) and what a rater must have *seen*
for each level (behavioural anchors), plus the interview questions that draw out that evidence.

This module is pure: text in, immutable values out. It imports neither Flask nor the database, so
the web app, the ``rubrics check`` command and the tests all share one set of rules.

We build values from the YAML node tree (``yaml.compose``) instead of ``yaml.safe_load`` for two
reasons: PyYAML silently keeps the last of two duplicate keys, and plain Python values forget where
they came from. With nodes we can report every problem with the file and line a person must fix.

The format, with an annotated example, is documented in ``rubrics/README.md``.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import math
import numbers
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

KINDS = ("skill", "trait")
RUBRIC_KEY = re.compile(r"[a-z0-9-]+")
CRITERION_KEY = re.compile(r"[a-z][a-z0-9_]*")
# A behaviourally anchored scale needs words for every level; past a 0-10 scale nobody writes
# (or reads) distinct anchors, and a typo such as `max: 50` would otherwise list 50 missing levels.
MAX_LEVELS = 11
RUBRIC_SUFFIXES = (".yaml", ".yml")


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


@dataclass(frozen=True)
class RubricProblem:
    """One thing wrong with a rubric file, where to find it and what it is."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}: {self.message}"


class RubricError(Exception):
    """A rubric could not be read; ``problems`` lists everything found, one per line in str()."""

    def __init__(self, problems: Iterable[RubricProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


# --- Reading the YAML node tree ------------------------------------------------------------------


class _Field(NamedTuple):
    """A value node with the line of its key, where problems about the whole value point."""

    line: int
    node: Node


_TAG = "tag:yaml.org,2002:"
_CONSTRUCTOR = SafeConstructor()  # turns an int/float scalar node into its Python value

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


def _line(node: Node) -> int:
    """The 1-based line a node starts on (PyYAML counts from 0)."""
    return node.start_mark.line + 1


def _is(node: Node, tag: str) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _TAG + tag


def _describe(node: Node) -> str:
    """What a node is, in words for a message: 'a list', 'text', 'empty'..."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    names = {
        "null": "empty",
        "bool": f"true/false ({node.value})",
        "int": f"the number {node.value}",
        "float": f"the number {node.value}",
    }
    text = node.value if len(node.value) <= 40 else node.value[:39] + "…"
    return names.get(node.tag.removeprefix(_TAG), f"the text '{text}'")


class _Reader:
    """Walks one file's node tree, collecting every problem instead of stopping at the first.

    Each ``read_*`` method returns the value it read, or None if it found a problem (already
    recorded), so callers build a part only when all of its pieces are good.
    """

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[RubricProblem] = []

    def problem(self, line: int | None, message: str) -> None:
        self.problems.append(RubricProblem(self.filename, line, message))

    # Mappings of named fields

    def read_fields(
        self, node: Node, line: int, where: str, spec: Mapping[str, bool]
    ) -> dict[str, _Field] | None:
        """Check a mapping of named fields: no duplicates, no unknown ones, all required present."""
        if not isinstance(node, MappingNode):
            self.problem(line, f"{where}must be a mapping of fields, not {_describe(node)}")
            return None
        fields: dict[str, _Field] = {}
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, ScalarNode) else None
            if name is None:
                self.problem(_line(key_node), f"{where}field names must be plain words")
            elif name in fields:
                first = fields[name].line
                self.problem(_line(key_node), f"{where}duplicate field '{name}' (first on line {first})")
            elif name not in spec:
                place = "here" if where else "at the top level"
                self.problem(_line(key_node), f"{where}{_unknown_field(name, spec, place)}")
            else:
                fields[name] = _Field(_line(key_node), value_node)
        for name, required in spec.items():
            if required and name not in fields:
                self.problem(line, f"{where}missing required field '{name}'")
        return fields

    # Scalars

    def read_text(self, found: _Field | None, where: str, name: str, required: bool = True) -> str | None:
        """Text as written: any scalar counts (``version: 2026.10`` stays "2026.10").

        Empty text is a problem unless the field is optional, where it means "none" ("").
        """
        if found is None:
            return None if required else ""
        node = found.node
        if not isinstance(node, ScalarNode):
            self.problem(found.line, f"{where}{name} must be text, not {_describe(node)}")
            return None
        text = "" if _is(node, "null") else _normalise(node.value)
        if not text and required:
            self.problem(found.line, f"{where}{name} is empty")
            return None
        return text

    def read_key(self, found: _Field | None, where: str, pattern: re.Pattern[str]) -> str | None:
        """A key used in URLs and code: text matching ``pattern``."""
        key = self.read_text(found, where, "key")
        if key is not None and not pattern.fullmatch(key):
            self.problem(found.line, f"{where}key '{key}' must match {pattern.pattern}")
            return None
        return key

    def read_integer(self, found: _Field | None, where: str, name: str) -> int | None:
        if found is None:
            return None
        if not _is(found.node, "int"):
            self.problem(found.line, f"{where}{name} must be a whole number, not {_describe(found.node)}")
            return None
        return _CONSTRUCTOR.construct_yaml_int(found.node)

    def read_weight(self, found: _Field | None, where: str) -> float | None:
        """A finite number greater than 0 (true/false are not numbers, whatever Python thinks)."""
        if found is None:
            return None
        node = found.node
        if _is(node, "int"):
            weight = float(_CONSTRUCTOR.construct_yaml_int(node))
        elif _is(node, "float"):
            weight = _CONSTRUCTOR.construct_yaml_float(node)
        else:
            self.problem(found.line, f"{where}weight must be a number, not {_describe(node)}")
            return None
        problem = _weight_problem(weight)
        if problem:
            self.problem(found.line, f"{where}weight {problem}")
            return None
        return weight

    # Lists and level mappings

    def read_questions(self, found: _Field | None, where: str) -> tuple[str, ...] | None:
        """A non-empty list of non-empty questions."""
        if found is None:
            return None
        if not isinstance(found.node, SequenceNode):
            self.problem(found.line, f"{where}questions must be a list, not {_describe(found.node)}")
            return None
        if not found.node.value:
            self.problem(found.line, f"{where}questions must list at least one question")
            return None
        items = [
            self.read_text(_Field(_line(item), item), where, f"question {number}")
            for number, item in enumerate(found.node.value, start=1)
        ]
        return None if None in items else tuple(items)

    def read_levels(
        self, found: _Field | None, where: str, name: str, levels: list[int] | None
    ) -> dict[int, str] | None:
        """A text for every level of the scale, keyed by level.

        ``levels`` is None when the scale itself is broken: then only the entries are checked.
        """
        if found is None:
            return None
        if not isinstance(found.node, MappingNode):
            self.problem(
                found.line,
                f"{where}{name} must be a mapping of level: text, not {_describe(found.node)}",
            )
            return None
        texts, lines, ok = {}, {}, True
        for key_node, value_node in found.node.value:
            level = _level(key_node)
            if level is None:
                self.problem(
                    _line(key_node),
                    f"{where}{name}: {_written(key_node)} is not a level (a whole number)",
                )
                ok = False
            elif level in texts:
                self.problem(
                    _line(key_node),
                    f"{where}{name}: level {level} given twice (first on line {lines[level]})",
                )
                ok = False
            else:
                lines[level] = _line(key_node)
                entry = f"{name.removesuffix('s')} for level {level}"  # "anchor for level 3"
                texts[level] = self.read_text(_Field(lines[level], value_node), where, entry)
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

    def read_scale(self, found: _Field | None) -> Scale | None:
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

    def read_criteria(self, found: _Field | None, scale: Scale | None) -> tuple[Criterion, ...] | None:
        if found is None:
            return None
        if not isinstance(found.node, SequenceNode):
            self.problem(found.line, f"criteria must be a list, not {_describe(found.node)}")
            return None
        if not found.node.value:
            self.problem(found.line, "criteria must list at least one criterion")
            return None
        criteria, first_line, unique = [], {}, True
        for number, node in enumerate(found.node.value, start=1):
            # Duplicates are checked on the key as written, so they are reported even when the
            # criterion has other problems too.
            key = _written_key(node)
            if key in first_line:
                self.problem(
                    _line(node),
                    f"duplicate criterion key '{key}' (first on line {first_line[key]})",
                )
                unique = False
            elif key is not None:
                first_line[key] = _line(node)
            criteria.append(self.read_criterion(node, number, scale))
        return tuple(criteria) if unique and None not in criteria else None

    def read_criterion(self, node: Node, number: int, scale: Scale | None) -> Criterion | None:
        where = f"criterion {_criterion_name(node, number)}: "
        fields = self.read_fields(node, _line(node), where, _CRITERION_FIELDS)
        if fields is None:
            return None
        levels = scale.values if scale is not None else None
        values = {
            "key": self.read_key(fields.get("key"), where, CRITERION_KEY),
            "name": self.read_text(fields.get("name"), where, "name"),
            "kind": self.read_kind(fields.get("kind"), where),
            "weight": self.read_weight(fields.get("weight"), where),
            "description": self.read_text(fields.get("description"), where, "description"),
            "anchors": self.read_levels(fields.get("anchors"), where, "anchors", levels),
            "questions": self.read_questions(fields.get("questions"), where),
        }
        if None in values.values():
            return None
        return Criterion(**values)

    def read_kind(self, found: _Field | None, where: str) -> str | None:
        kind = self.read_text(found, where, "kind")
        if kind is not None and kind not in KINDS:
            self.problem(found.line, f"{where}kind must be 'skill' or 'trait', not '{kind}'")
            return None
        return kind

    def read_rubric(self, root: Node | None) -> Rubric | None:
        if root is None:
            self.problem(None, "the file is empty; a rubric needs key, title, version, scale and criteria")
            return None
        if not isinstance(root, MappingNode):
            self.problem(_line(root), f"a rubric must be a mapping of fields, not {_describe(root)}")
            return None
        fields = self.read_fields(root, _line(root), "", _RUBRIC_FIELDS)
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


def _normalise(text: str) -> str:
    """Text as we store it: NFC (so visually equal text hashes equally) and trimmed.

    Trimming makes ``>`` and ``>-`` (with or without a final newline) mean the same.
    """
    return unicodedata.normalize("NFC", text).strip()


def _level(node: Node) -> int | None:
    """A scale level from a mapping key: ``3`` or, for convenience, the quoted ``"3"``."""
    if _is(node, "int"):
        return _CONSTRUCTOR.construct_yaml_int(node)
    if _is(node, "str") and re.fullmatch(r"-?[0-9]+", node.value.strip()):
        return int(node.value)
    return None


def _written_key(node: Node) -> str | None:
    """The criterion's ``key`` as written, before any validation (None if it has none)."""
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == "key" and isinstance(value_node, ScalarNode) and value_node.value:
                return value_node.value
    return None


def _criterion_name(node: Node, number: int) -> str:
    """How messages name a criterion: by its key when it has one, else by position."""
    key = _written_key(node)
    return f"'{key}'" if key is not None else f"#{number}"


def _written(node: Node) -> str:
    """A node for a message: a scalar quoted as written, anything else described."""
    return f"'{node.value}'" if isinstance(node, ScalarNode) else _describe(node)


def _unknown_field(name: str, spec: Iterable[str], place: str) -> str:
    allowed = list(spec)
    guess = difflib.get_close_matches(name, allowed, n=1)
    hint = f" (did you mean '{guess[0]}'?)" if guess else ""
    return f"unknown field '{name}'{hint}; allowed {place}: {', '.join(allowed)}"


def _join(values: Iterable[int]) -> str:
    return ", ".join(str(value) for value in values)


def _weight_problem(weight: Any) -> str | None:
    """Why a weight is unusable, or None if it is a finite number greater than 0."""
    if isinstance(weight, bool) or not isinstance(weight, numbers.Real):
        return f"must be a number, not {weight!r}"
    if not math.isfinite(weight):
        return f"must be a finite number, not {weight}"
    if weight <= 0:
        return f"must be greater than 0, not {weight:g}"
    return None


# --- Public entry points -------------------------------------------------------------------------


def parse_rubric(text: str, filename: str = "<string>") -> Rubric:
    """Parse and validate rubric YAML; RubricError lists every problem found, in file order."""
    reader = _Reader(filename)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise RubricError([_syntax_problem(exc, text, filename)]) from exc
    rubric = reader.read_rubric(root)
    if reader.problems:
        # Walk order is nearly file order; sorting makes the report read top to bottom.
        raise RubricError(sorted(reader.problems, key=lambda problem: problem.line or 0))
    return rubric


def _syntax_problem(exc: yaml.YAMLError, text: str, filename: str) -> RubricProblem:
    """One problem for a YAML syntax error, at the line PyYAML marked."""
    if isinstance(exc, yaml.reader.ReaderError):  # a control character, e.g. pasted from a PDF
        line = text[: exc.position].count("\n") + 1
        return RubricProblem(
            filename,
            line,
            f"not valid YAML: control character U+{exc.character:04X} is not allowed",
        )
    if not isinstance(exc, yaml.MarkedYAMLError):
        return RubricProblem(filename, None, f"not valid YAML: {exc}")
    detail = exc.problem or "syntax error"
    if exc.context and exc.context_mark:
        detail += f" ({exc.context} started on line {exc.context_mark.line + 1})"
    elif exc.context:
        detail += f" ({exc.context})"
    mark = exc.problem_mark or exc.context_mark
    return RubricProblem(filename, mark.line + 1 if mark else None, f"not valid YAML: {detail}")


def load_rubric(path: str | Path) -> Rubric:
    """Read a UTF-8 rubric file and parse it; problems name the file as given."""
    path = Path(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problem = RubricProblem(str(path), line, "not UTF-8 text; save the file as UTF-8")
        raise RubricError([problem]) from exc
    return parse_rubric(text, str(path))


def find_rubric_files(paths: Iterable[str | Path]) -> list[Path]:
    """The rubric files named by ``paths``, each once, in the order given.

    A directory contributes the ``*.yaml``/``*.yml`` files directly inside it, sorted (not those in
    sub-folders such as ``rubrics/exercises/``, nor hidden files); a file stands for itself. Paths
    that do not exist are skipped: ``check_paths`` reports them.
    """
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(
                sorted(
                    child
                    for child in path.iterdir()
                    if child.is_file() and child.suffix in RUBRIC_SUFFIXES and not child.name.startswith(".")
                )
            )
        elif path.exists():
            found.append(path)
    # The same file named twice (`rubrics/ rubrics/x.yaml`) must not look like a duplicate key.
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def check_paths(paths: Iterable[str | Path]) -> tuple[list[Rubric], list[RubricProblem]]:
    """Validate every rubric file under ``paths`` (for ``rubrics check``).

    Returns the valid rubrics and all problems, including missing paths, folders without rubric
    files and a rubric key used by more than one file.
    """
    paths = [Path(path) for path in paths]
    problems = [
        RubricProblem(str(path), None, "no such file or folder") for path in paths if not path.exists()
    ]
    problems += [
        RubricProblem(str(path), None, "no *.yaml or *.yml rubric files in this folder")
        for path in paths
        if path.is_dir() and not find_rubric_files([path])
    ]
    rubrics: list[Rubric] = []
    owners: dict[str, Path] = {}
    for path in find_rubric_files(paths):
        try:
            rubric = load_rubric(path)
        except RubricError as exc:
            problems.extend(exc.problems)
            continue
        except OSError as exc:
            problems.append(RubricProblem(str(path), None, f"cannot read: {exc.strerror or exc}"))
            continue
        if rubric.key in owners:
            problems.append(
                RubricProblem(
                    str(path),
                    None,
                    f"rubric key '{rubric.key}' is already used by {owners[rubric.key]}",
                )
            )
            continue
        owners[rubric.key] = path
        rubrics.append(rubric)
    return rubrics, problems


def weights_problems(rubric: Rubric, weights: Mapping[str, Any]) -> list[str]:
    """Why per-opening weight overrides are unusable for this rubric; empty if they are fine.

    Every criterion needs a weight, each a finite number greater than 0, and nothing else.
    """
    problems = [
        f"missing weight for criterion '{key}'" for key in rubric.criterion_keys if key not in weights
    ]
    problems += [f"unknown criterion '{key}'" for key in weights if key not in rubric.criterion_keys]
    for key in rubric.criterion_keys:
        if key in weights and (problem := _weight_problem(weights[key])):
            problems.append(f"weight for criterion '{key}' {problem}")
    return problems
