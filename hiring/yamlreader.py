"""Reading hand-written YAML files and reporting every problem as ``file:line: message``.

Rubrics (``hiring.rubrics.schema``) and exercises (``hiring.exercises.schema``) are YAML files that
people edit by hand. Both are read with the machinery here, so both report problems the same way.

We build values from the YAML node tree (``yaml.compose``) instead of ``yaml.safe_load`` for two
reasons: PyYAML silently keeps the last of two duplicate keys, and plain Python values forget where
they came from. With nodes we can report every problem with the file and line a person must fix.

The module is pure: it imports neither Flask nor the database. A format module subclasses `Reader`
with one ``read_*`` method per part of its format, built from the generic ones below.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

YAML_SUFFIXES = (".yaml", ".yml")
TAG = "tag:yaml.org,2002:"
_CONSTRUCTOR = SafeConstructor()  # turns an int/float scalar node into its Python value

T = TypeVar("T")


# --- Problems ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, where to find it and what it is."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}: {self.message}"


class ProblemsError(Exception):
    """A file could not be read; ``problems`` lists everything found, one per line in str().

    Each format subclasses it (``RubricError``, ``ExerciseError``) so callers catch only their own.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


# --- Nodes ---------------------------------------------------------------------------------------


class Field(NamedTuple):
    """A value node with the line of its key, where problems about the whole value point."""

    line: int
    node: Node


def line_of(node: Node) -> int:
    """The 1-based line a node starts on (PyYAML counts from 0)."""
    return node.start_mark.line + 1


def item_field(node: Node) -> Field:
    """A list item as a field: problems about it point at its own line."""
    return Field(line_of(node), node)


def is_scalar(node: Node, tag: str) -> bool:
    """Whether ``node`` is a scalar the YAML core schema resolves to ``tag`` ('int', 'null'...)."""
    return isinstance(node, ScalarNode) and node.tag == TAG + tag


def int_value(node: ScalarNode) -> int:
    """The Python int of a scalar that resolves to 'int' (``0x1F``, ``1_000`` included)."""
    return _CONSTRUCTOR.construct_yaml_int(node)


def describe(node: Node) -> str:
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
    return names.get(node.tag.removeprefix(TAG), f"the text '{text}'")


def written(node: Node) -> str:
    """A node for a message: a scalar quoted as written, anything else described."""
    return f"'{node.value}'" if isinstance(node, ScalarNode) else describe(node)


def normalise(text: str) -> str:
    """Text as we store it: NFC (so visually equal text hashes equally) and trimmed.

    Trimming makes ``>`` and ``>-`` (with or without a final newline) mean the same.
    """
    return unicodedata.normalize("NFC", text).strip()


def written_key(node: Node, name: str = "key") -> str | None:
    """A list item's ``name`` field as written, before any validation (None if it has none)."""
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == name and isinstance(value_node, ScalarNode) and value_node.value:
                return value_node.value
    return None


def item_name(node: Node, number: int, name: str = "key") -> str:
    """How messages name a list item: by its key when it has one, else by position ("#2")."""
    key = written_key(node, name)
    return f"'{key}'" if key is not None else f"#{number}"


def one_of(choices: Sequence[str]) -> str:
    """Choices for a message: "'a' or 'b'", "'a', 'b' or 'c'"."""
    quoted = [f"'{choice}'" for choice in choices]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def unknown_field(name: str, spec: Iterable[str], place: str) -> str:
    """The message for a field the format does not know, with a guess at the intended one."""
    allowed = list(spec)
    guess = difflib.get_close_matches(name, allowed, n=1)
    hint = f" (did you mean '{guess[0]}'?)" if guess else ""
    return f"unknown field '{name}'{hint}; allowed {place}: {', '.join(allowed)}"


# --- The generic reader --------------------------------------------------------------------------


class Reader:
    """Walks one file's node tree, collecting every problem instead of stopping at the first.

    Each ``read_*`` method takes the field to read (None when the field is absent), the prefix of
    every message about it (``where``: "criterion 'copywriting': " or "" at the top level) and
    returns the value it read, or None if it found a problem (already recorded). Callers build a
    part only when all of its pieces are good.
    """

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[Problem] = []

    def problem(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.filename, line, message))

    def finish(self, value: T | None, error: type[ProblemsError]) -> T:
        """The value read, or ``error`` with every problem found, top of the file first."""
        if self.problems or value is None:
            # Walk order is nearly file order; sorting makes the report read top to bottom.
            raise error(sorted(self.problems, key=lambda problem: problem.line or 0))
        return value

    # Mappings of named fields

    def read_fields(
        self, node: Node, line: int, where: str, spec: Mapping[str, bool]
    ) -> dict[str, Field] | None:
        """Check a mapping of named fields: no duplicates, no unknown ones, all required present.

        ``spec`` maps every allowed field name to whether it is required, in the order messages
        list them.
        """
        if not isinstance(node, MappingNode):
            self.problem(line, f"{where}must be a mapping of fields, not {describe(node)}")
            return None
        fields: dict[str, Field] = {}
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, ScalarNode) else None
            if name is None:
                self.problem(line_of(key_node), f"{where}field names must be plain words")
            elif name in fields:
                first = fields[name].line
                self.problem(line_of(key_node), f"{where}duplicate field '{name}' (first on line {first})")
            elif name not in spec:
                place = "here" if where else "at the top level"
                self.problem(line_of(key_node), f"{where}{unknown_field(name, spec, place)}")
            else:
                fields[name] = Field(line_of(key_node), value_node)
        for name, required in spec.items():
            if required and name not in fields:
                self.problem(line, f"{where}missing required field '{name}'")
        return fields

    # Scalars

    def read_text(self, found: Field | None, where: str, name: str, required: bool = True) -> str | None:
        """Text as written: any scalar counts (``version: 2026.10`` stays "2026.10").

        Empty text is a problem unless the field is optional, where it means "none" ("").
        """
        if found is None:
            return None if required else ""
        node = found.node
        if not isinstance(node, ScalarNode):
            self.problem(found.line, f"{where}{name} must be text, not {describe(node)}")
            return None
        text = "" if is_scalar(node, "null") else normalise(node.value)
        if not text and required:
            self.problem(found.line, f"{where}{name} is empty")
            return None
        return text

    def read_key(
        self, found: Field | None, where: str, pattern: re.Pattern[str], name: str = "key"
    ) -> str | None:
        """A key used in URLs and code: text matching ``pattern``."""
        key = self.read_text(found, where, name)
        if key is not None and not pattern.fullmatch(key):
            self.problem(found.line, f"{where}{name} '{key}' must match {pattern.pattern}")
            return None
        return key

    def read_choice(self, found: Field | None, where: str, name: str, choices: Sequence[str]) -> str | None:
        """Text that must be one of ``choices``."""
        value = self.read_text(found, where, name)
        if value is not None and value not in choices:
            self.problem(found.line, f"{where}{name} must be {one_of(choices)}, not '{value}'")
            return None
        return value

    def read_integer(
        self,
        found: Field | None,
        where: str,
        name: str,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        """A whole number (not true/false, not 2.0), optionally within ``minimum``-``maximum``."""
        if found is None:
            return None
        if not is_scalar(found.node, "int"):
            self.problem(found.line, f"{where}{name} must be a whole number, not {describe(found.node)}")
            return None
        value = int_value(found.node)
        too_low = minimum is not None and value < minimum
        too_high = maximum is not None and value > maximum
        if too_low or too_high:
            if maximum is None:
                bounds = f"at least {minimum}"
            elif minimum is None:
                bounds = f"at most {maximum}"
            else:
                bounds = f"from {minimum} to {maximum}"
            self.problem(found.line, f"{where}{name} must be {bounds}, not {value}")
            return None
        return value

    def read_number(self, found: Field | None, where: str, name: str) -> float | None:
        """A number, whole or not (true/false are not numbers, whatever Python thinks)."""
        if found is None:
            return None
        node = found.node
        if is_scalar(node, "int"):
            return float(int_value(node))
        if is_scalar(node, "float"):
            return _CONSTRUCTOR.construct_yaml_float(node)
        self.problem(found.line, f"{where}{name} must be a number, not {describe(node)}")
        return None

    # Lists

    def read_list(self, found: Field | None, where: str, name: str, singular: str) -> list[Node] | None:
        """The items of a non-empty list (``singular`` names one item in the message)."""
        if found is None:
            return None
        if not isinstance(found.node, SequenceNode):
            self.problem(found.line, f"{where}{name} must be a list, not {describe(found.node)}")
            return None
        if not found.node.value:
            self.problem(found.line, f"{where}{name} must list at least one {singular}")
            return None
        return list(found.node.value)

    def check_unique(self, items: Iterable[tuple[int, str | None]], where: str, label: str) -> bool:
        """Report every value given twice, as ``duplicate <label> 'value' (first on line N)``.

        ``items`` are (line, value) pairs; None values (unreadable ones) are skipped.
        """
        first_line: dict[str, int] = {}
        unique = True
        for line, value in items:
            if value is None:
                continue
            if value in first_line:
                self.problem(line, f"{where}duplicate {label} '{value}' (first on line {first_line[value]})")
                unique = False
            else:
                first_line[value] = line
        return unique

    def read_distinct(
        self,
        found: Field | None,
        where: str,
        name: str,
        singular: str,
        read_one: Callable[[Field], str | None],
    ) -> tuple[str, ...] | None:
        """A non-empty list of values, each read by ``read_one(item)`` and given once."""
        nodes = self.read_list(found, where, name, singular)
        if nodes is None:
            return None
        values = [read_one(item_field(node)) for node in nodes]
        unique = self.check_unique(
            ((line_of(node), value) for node, value in zip(nodes, values, strict=True)), where, singular
        )
        return tuple(values) if unique and None not in values else None

    def read_keyed_list(
        self,
        found: Field | None,
        where: str,
        name: str,
        singular: str,
        read_item: Callable[[Node, int], T | None],
        key: str = "key",
        label: str | None = None,
    ) -> tuple[T, ...] | None:
        """A non-empty list of mappings, each read by ``read_item(node, number)``, unique on ``key``.

        Duplicates are checked on the key as written, so they are reported even when an item has
        other problems too. ``label`` names the key in the message (default "<singular> key").
        """
        nodes = self.read_list(found, where, name, singular)
        if nodes is None:
            return None
        unique = self.check_unique(
            ((line_of(node), written_key(node, key)) for node in nodes), where, label or f"{singular} key"
        )
        items = [read_item(node, number) for number, node in enumerate(nodes, start=1)]
        return tuple(items) if unique and None not in items else None


# --- Files ---------------------------------------------------------------------------------------


#: Lists and mappings inside each other, at most. Hand-written files need a handful; PyYAML's
#: composer recurses (three Python frames a level), so thousands of `[` would crash the reader.
MAX_NESTING = 50


class NestingTooDeep(yaml.MarkedYAMLError):
    pass


class _Loader(yaml.SafeLoader):
    """The safe loader, refusing nesting deeper than `MAX_NESTING` at the line where it happens."""

    _depth = 0

    def compose_node(self, parent, index):
        self._depth += 1
        try:
            if self._depth > MAX_NESTING:
                raise NestingTooDeep(problem=f"nesting too deep (limit {MAX_NESTING})",
                                     problem_mark=self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def compose(text: str, filename: str, error: type[ProblemsError]) -> Node | None:
    """The node tree of one YAML document (None if empty); ``error`` with the line on a syntax error
    or on nesting deeper than `MAX_NESTING`."""
    try:
        return yaml.compose(text, Loader=_Loader)
    except NestingTooDeep as exc:
        raise error([Problem(filename, exc.problem_mark.line + 1, exc.problem)]) from None
    except yaml.YAMLError as exc:
        raise error([syntax_problem(exc, text, filename)]) from exc


def syntax_problem(exc: yaml.YAMLError, text: str, filename: str) -> Problem:
    """One problem for a YAML syntax error, at the line PyYAML marked."""
    if isinstance(exc, yaml.reader.ReaderError):  # a control character, e.g. pasted from a PDF
        line = text[: exc.position].count("\n") + 1
        return Problem(
            filename,
            line,
            f"not valid YAML: control character U+{exc.character:04X} is not allowed",
        )
    if not isinstance(exc, yaml.MarkedYAMLError):
        return Problem(filename, None, f"not valid YAML: {exc}")
    detail = exc.problem or "syntax error"
    if exc.context and exc.context_mark:
        detail += f" ({exc.context} started on line {exc.context_mark.line + 1})"
    elif exc.context:
        detail += f" ({exc.context})"
    mark = exc.problem_mark or exc.context_mark
    return Problem(filename, mark.line + 1 if mark else None, f"not valid YAML: {detail}")


def read_utf8(path: str | Path, error: type[ProblemsError]) -> str:
    """A file's text; ``error`` naming the line if it is not UTF-8. OSError if it cannot be read."""
    path = Path(path)
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error([Problem(str(path), line, "not UTF-8 text; save the file as UTF-8")]) from exc


def find_yaml_files(paths: Iterable[str | Path]) -> list[Path]:
    """The YAML files named by ``paths``, each once, in the order given.

    A directory contributes the ``*.yaml``/``*.yml`` files directly inside it, sorted (not those in
    sub-folders, nor hidden files); a file stands for itself. Paths that do not exist are skipped:
    ``check_files`` reports them.
    """
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(
                sorted(
                    child
                    for child in path.iterdir()
                    if child.is_file() and child.suffix in YAML_SUFFIXES and not child.name.startswith(".")
                )
            )
        elif path.exists():
            found.append(path)
    # The same file named twice (`rubrics/ rubrics/x.yaml`) must not look like a duplicate key.
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def check_files(
    paths: Iterable[str | Path],
    load: Callable[[Path], T],
    key: Callable[[T], str],
    error: type[ProblemsError],
    noun: str,
) -> tuple[list[T], list[Problem]]:
    """Load every YAML file under ``paths`` with ``load``; return the good values and all problems.

    Problems include missing paths, folders without YAML files, unreadable files and a key (given
    by ``key(value)``) used by more than one file; ``noun`` ("rubric", "exercise") names the kind of
    file in those messages.
    """
    paths = [Path(path) for path in paths]
    problems = [Problem(str(path), None, "no such file or folder") for path in paths if not path.exists()]
    problems += [
        Problem(str(path), None, f"no *.yaml or *.yml {noun} files in this folder")
        for path in paths
        if path.is_dir() and not find_yaml_files([path])
    ]
    values: list[Any] = []
    owners: dict[str, Path] = {}
    for path in find_yaml_files(paths):
        try:
            value = load(path)
        except error as exc:
            problems.extend(exc.problems)
            continue
        except OSError as exc:
            problems.append(Problem(str(path), None, f"cannot read: {exc.strerror or exc}"))
            continue
        if key(value) in owners:
            problems.append(
                Problem(str(path), None, f"{noun} key '{key(value)}' is already used by {owners[key(value)]}")
            )
            continue
        owners[key(value)] = path
        values.append(value)
    return values, problems
