"""Reading hand-written YAML files into the schema's dataclasses, every problem as ``file:line: message``.

Rubrics (``hiring.rubrics.schema``) and exercises (``hiring.exercises.schema``) are YAML files that
people edit by hand. Their structure and rules are pydantic dataclasses, one definition for the
files, the checks and the stored snapshots. This module does the two things pydantic cannot:

- read a file into plain data that remembers the line of every value (ruamel.yaml's node tree), with
  duplicate keys refused instead of silently overwritten, and nesting deeper than `MAX_NESTING`
  refused instead of crashing;
- turn pydantic's errors back into messages that name the line a person must fix.

The validators below (`Text`, `Key`, `Choice`, `Whole`, `Number`, `listed`) are the rules fields share.
They apply only when validation has a context, as when a file is read; a stored snapshot, validated
without one, is trusted as it was checked when its file was read.

The module is pure: it imports neither Flask nor the database.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BeforeValidator, TypeAdapter, ValidationError, ValidationInfo, WrapValidator
from pydantic_core import InitErrorDetails, PydanticCustomError
from ruamel.yaml import YAML
from ruamel.yaml.composer import MaxDepthExceededError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

YAML_SUFFIXES = (".yaml", ".yml")
#: Lists and mappings inside each other, at most. Hand-written files need a handful; the composer
#: recurses (three Python frames a level), so thousands of `[` would crash the reader. ruamel.yaml
#: counts every node on the way down, the root mapping included.
MAX_NESTING = 50
T = TypeVar("T")
Loc = tuple[str | int, ...]


# --- Problems ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, where to find it and what it is."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}" if self.line is None else f"{self.file}:{self.line}: {self.message}"


class ProblemsError(Exception):
    """A file could not be read; ``problems`` lists everything found, one per line in str().

    Each format subclasses it (``RubricError``, ``ExerciseError``) so callers catch only their own.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


# --- Values as written ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scalar:
    """A YAML scalar that is not plain text (a number, true/false, empty), kept as written.

    Text fields take it as typed (``version: 2026.10`` stays "2026.10"); number fields take its value
    (YAML 1.2: ``yes`` is text, ``1e3`` a number).
    """

    text: str
    tag: str  # "int", "float", "bool", "null" (or a custom tag)

    def number(self) -> int | float | None:
        """The value of an int or float (YAML 1.2 core schema, ``1_000`` allowed); None otherwise."""
        text = self.text.replace("_", "")
        if self.tag == "int":
            return int(text, 0) if not re.fullmatch(r"[-+]?0[0-9]+", text) else int(text)
        if self.tag == "float":
            return float(text.lower().replace(".inf", "inf").replace(".nan", "nan"))
        return None


def describe(value: Any) -> str:
    """What a value is, in words for a message: 'a list', 'the text ...', 'empty'..."""
    if isinstance(value, Scalar):
        if value.tag in ("int", "float"):
            return f"the number {value.text}"
        if value.tag == "bool":
            return f"true/false ({value.text})"
        if value.tag == "null":
            return "empty"
        value = value.text
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"true/false ({value})"
    if isinstance(value, int | float):
        return f"the number {value}"
    text = str(value)
    return f"the text '{text if len(text) <= 40 else text[:39] + '…'}'"


def written(value: Any) -> str | None:
    """A scalar as written (None for a list, a mapping or nothing)."""
    if isinstance(value, Scalar):
        value = value.text
    return value if isinstance(value, str) and value else None


def normalise(text: str) -> str:
    """Text as we store it: NFC (so visually equal text hashes equally) and trimmed.

    Trimming makes ``>`` and ``>-`` (with or without a final newline) mean the same.
    """
    return unicodedata.normalize("NFC", text).strip()


def one_of(choices: Sequence[str]) -> str:
    """Choices for a message: "'a' or 'b'", "'a', 'b' or 'c'"."""
    quoted = [f"'{choice}'" for choice in choices]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def unknown_field(name: str, allowed: Sequence[str], place: str) -> str:
    """The message for a field the format does not know, with a guess at the intended one."""
    guess = difflib.get_close_matches(name, allowed, n=1)
    hint = f" (did you mean '{guess[0]}'?)" if guess else ""
    return f"unknown field '{name}'{hint}; allowed {place}: {', '.join(allowed)}"


# --- The rules of a file, as pydantic validators --------------------------------------------------


def tail(message: str, **ctx: Any) -> PydanticCustomError:
    """A problem worded after the field's name: ``weight`` + "must be a number, not ..."."""
    return PydanticCustomError("tail", message, ctx or None)


def says(message: str, **ctx: Any) -> PydanticCustomError:
    """A problem worded in full (after the part it is in: "criterion 'x': ").

    ctx ``at``: a sibling field whose line the problem points at; ``first``: a sibling whose line is
    given as "(first on line N)"; ``plain``: about a list item as a whole, so not named by it.
    """
    return PydanticCustomError("says", message, ctx or None)


def raise_all(errors: list[tuple[Loc, PydanticCustomError]], caught: ValidationError | None = None) -> None:
    """Raise several problems at once (pydantic merges them into the caller's errors)."""
    details = [InitErrorDetails(type=error, loc=loc, input=None) for loc, error in errors]
    for found in caught.errors() if caught else ():
        kind = PydanticCustomError(found["type"], found["msg"], found.get("ctx"))
        details.append(InitErrorDetails(type=kind, loc=found["loc"], input=found["input"]))
    if details:
        raise ValidationError.from_exception_data("file", details)


def reading(info: ValidationInfo) -> bool:
    """Whether a file is being read (rules apply) rather than a stored snapshot rebuilt."""
    return info.context is not None


def _text(value: Any, info: ValidationInfo) -> Any:
    if not reading(info):
        return value
    if isinstance(value, Scalar):
        value = "" if value.tag == "null" else value.text
    if not isinstance(value, str):
        raise tail(f"must be text, not {describe(value)}")
    return normalise(value)


def _filled(value: str, info: ValidationInfo) -> str:
    if reading(info) and not value:
        raise tail("is empty")
    return value


def required_text(value: Any, info: ValidationInfo) -> str:
    """Text as written, normalised and not empty."""
    return _filled(_text(value, info), info)


#: Text as written, normalised; ``OptionalText`` may be empty.
OptionalText = Annotated[str, BeforeValidator(_text)]
Text = Annotated[str, BeforeValidator(_text), AfterValidator(_filled)]


def Key(pattern: re.Pattern[str]) -> Any:
    """A key used in URLs and code: text matching ``pattern``."""

    def check(key: str, info: ValidationInfo) -> str:
        if reading(info) and not pattern.fullmatch(key):
            raise tail(f"'{key}' must match {pattern.pattern}")
        return key

    return Annotated[Text, AfterValidator(check)]


def Choice(choices: Sequence[str]) -> Any:
    """Text that must be one of ``choices``."""

    def check(value: str, info: ValidationInfo) -> str:
        if reading(info) and value not in choices:
            raise tail(f"must be {one_of(choices)}, not '{value}'")
        return value

    return Annotated[Text, AfterValidator(check)]


def Whole(minimum: int | None = None, maximum: int | None = None, optional: bool = False) -> Any:
    """A whole number (not true/false, not 2.0), optionally within ``minimum``-``maximum``.

    ``optional``: None (the field left out) is allowed too.
    """

    def check(value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, Scalar) and value.tag == "int":
            value = value.number()
        if not reading(info) or (optional and value is None):
            return value
        if isinstance(value, bool) or not isinstance(value, int):
            raise tail(f"must be a whole number, not {describe(value)}")
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            bounds = (f"at least {minimum}" if maximum is None else f"at most {maximum}" if minimum is None
                      else f"from {minimum} to {maximum}")
            raise tail(f"must be {bounds}, not {value}")
        return value

    return Annotated[int | None if optional else int, BeforeValidator(check)]


def _number(value: Any, info: ValidationInfo) -> Any:
    if isinstance(value, Scalar) and value.tag in ("int", "float"):
        value = float(value.number())
    if reading(info) and value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise tail(f"must be a number, not {describe(value)}")
    return value


#: A number, whole or not (true/false are not numbers, whatever Python thinks); None left out.
Number = Annotated[float, BeforeValidator(_number)]
OptionalNumber = Annotated[float | None, BeforeValidator(_number)]


def listed(singular: str, duplicate: str | None = None, key: str | None = None) -> WrapValidator:
    """A list of at least one item; with ``duplicate``, its items (their ``key`` field, for a list of
    mappings) are given once each, reported as "duplicate <duplicate> 'value' (first on line N)".

    Both are checked on the list as written, so they are reported even when an item has other problems.
    """

    def check(items: Any, handler: Callable[[Any], Any], info: ValidationInfo) -> Any:
        if not reading(info) or not isinstance(items, list):
            return handler(items)
        if not items:
            raise tail(f"must list at least one {singular}")
        caught, broken = None, set()
        try:
            value = handler(items)
        except ValidationError as exc:
            caught, broken = exc, {error["loc"][0] for error in exc.errors() if error["loc"]}
        problems: list[tuple[Loc, PydanticCustomError]] = []
        first: dict[str, int] = {}
        for index, item in enumerate(items if duplicate else ()):
            # A mapping's key as written, even if the item is broken; a value only if it is good.
            given = written(item.get(key) if isinstance(item, Mapping) else None) if key else (
                None if index in broken else written(item))
            if given is not None and given in first:
                message = says(f"duplicate {duplicate} '{given}'", first=first[given], plain=True)
                problems.append(((index,), message))
            first.setdefault(given, index)
        raise_all(problems, caught)
        return value

    return WrapValidator(check)


# --- Files ---------------------------------------------------------------------------------------


class Document:
    """One YAML file read into plain data, with the line of every value and every key given twice.

    ``lines`` maps a path (("criteria", 1, "weight")) to the line of the value's key, or of the list
    item itself; ``data`` is dicts, lists, ``str`` for text and `Scalar` for other scalars.
    """

    def __init__(self, text: str, filename: str, error: type[ProblemsError]) -> None:
        self.filename = filename
        self.lines: dict[Loc, int] = {}
        self.duplicates: list[tuple[Loc, str, int]] = []  # (mapping path, key, line)
        self.error = error
        self.built: set[int] = set()  # the lists and mappings read so far (an alias repeats one)
        yaml = YAML(typ="safe", pure=True)
        yaml.max_depth = MAX_NESTING
        try:
            root = yaml.compose(text)
        except YAMLError as exc:
            raise error([self.syntax_problem(exc, text)]) from None
        self.root_line = None if root is None else root.start_mark.line + 1
        self.data = None if root is None else self.build(root, ())

    def build(self, node: Node, path: Loc) -> Any:
        """Plain data for ``node`` at ``path``; a key given twice keeps its first value, and is recorded."""
        if isinstance(node, (MappingNode, SequenceNode)):
            # An alias (`*name`) is the anchored node again: nested ones ("billion laughs") would make a
            # few hundred bytes into billions of values. Hand-written files need none: refuse them.
            if id(node) in self.built:
                message = "an alias (*name) may not repeat a list or mapping given earlier: write it out"
                raise self.error([Problem(self.filename, self.line(path), message)])
            self.built.add(id(node))
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, MappingNode):
            data: dict[str, Any] = {}
            for key_node, value_node in node.value:
                name = key_node.value if isinstance(key_node, ScalarNode) else repr(key_node.value)
                if name in data:
                    self.duplicates.append((path, name, key_node.start_mark.line + 1))
                else:
                    self.lines[(*path, name)] = key_node.start_mark.line + 1
                    data[name] = self.build(value_node, (*path, name))
            return data
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        tag = node.tag.removeprefix("tag:yaml.org,2002:")
        return node.value if tag == "str" else Scalar(node.value, tag)

    def syntax_problem(self, exc: YAMLError, text: str) -> Problem:
        """One problem for a YAML syntax error, at the line the parser marked."""
        if isinstance(exc, ReaderError):  # a control character, e.g. pasted from a PDF
            line = text[: exc.position].count("\n") + 1
            message = f"not valid YAML: control character U+{exc.character:04X} is not allowed"
            return Problem(self.filename, line, message)
        if not isinstance(exc, MarkedYAMLError):
            return Problem(self.filename, None, f"not valid YAML: {exc}")
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        if isinstance(exc, MaxDepthExceededError):
            return Problem(self.filename, line, f"nesting too deep (limit {MAX_NESTING})")
        detail = exc.problem or "syntax error"
        if exc.context and exc.context_mark:
            detail += f" ({exc.context} started on line {exc.context_mark.line + 1})"
        elif exc.context:
            detail += f" ({exc.context})"
        return Problem(self.filename, line, f"not valid YAML: {detail}")

    def line(self, loc: Loc) -> int | None:
        """The line of a path's value, or of the nearest enclosing one that was written."""
        while loc not in self.lines and loc:
            loc = loc[:-1]
        return self.lines.get(loc, self.root_line)

    def check_root(self, naming: Naming, error: type[ProblemsError]) -> None:
        """``error`` unless the file holds a mapping of fields."""
        if self.data is None:
            raise error([Problem(self.filename, None, f"the file is empty; {naming.needs}")])
        if not isinstance(self.data, dict):
            message = f"{naming.article} must be a mapping of fields, not {describe(self.data)}"
            raise error([Problem(self.filename, self.root_line, message)])

    def check(self, adapter: TypeAdapter[T], naming: Naming, data: Any, prefix: Loc,
              context: dict[str, Any]) -> tuple[T | None, list[Problem]]:
        """``data`` (found at ``prefix``) as ``adapter``'s type, or None and the problems found."""
        try:
            return adapter.validate_python(data, context=context), []
        except ValidationError as exc:
            problems = []
            # As a mapping is read: an unknown field, what is missing (perhaps for the typo), then values.
            order = {"unexpected_keyword_argument": 0, "missing": 1}
            errors = sorted(exc.errors(include_url=False), key=lambda error: order.get(error["type"], 2))
            for found in errors:
                loc, ctx = (*prefix, *found["loc"]), found.get("ctx") or {}
                line = self.line((*loc[:-1], ctx["at"]) if "at" in ctx else loc)
                if ctx.get("plain"):  # about an item, not inside it: no "criterion 'x': " before it
                    message = naming.message(loc[:-1], "says", found["msg"], self.data)
                else:
                    message = naming.message(loc, found["type"], found["msg"], self.data, found["input"])
                if "first" in ctx:
                    message += f" (first on line {self.line((*loc[:-1], ctx['first']))})"
                problems.append(Problem(self.filename, line, message))
            return None, problems

    def finish(self, problems: list[Problem], naming: Naming, error: type[ProblemsError]) -> None:
        """``error`` with the problems found and every key given twice, top of the file first."""
        problems = problems + [
            Problem(self.filename, line, naming.message(path, "says", naming.duplicate(path, name), self.data)
                    + f" (first on line {self.lines[(*path, name)]})")
            for path, name, line in self.duplicates
        ]
        if problems:
            # Validation order is nearly file order; sorting makes the report read top to bottom.
            raise error(sorted(problems, key=lambda problem: problem.line or 0))

    def validate(self, adapter: TypeAdapter[T], naming: Naming, error: type[ProblemsError], **context: Any) -> T:
        """The file's data as ``adapter``'s type; ``error`` with every problem, top of the file first."""
        self.check_root(naming, error)
        value, problems = self.check(adapter, naming, self.data, (), context)
        self.finish(problems, naming, error)
        return value


@dataclass(frozen=True)
class Naming:
    """How a format's messages name the places in its files.

    ``parts``: top-level fields holding a mapping ("scale") or a list of mappings ("criteria"), with
    the noun of one ("criterion"); messages about them start "scale: " or "criterion 'copywriting': ".
    ``fields``: allowed field names per part noun ("" for the top level), in the order messages list
    them. ``lists``: list fields and the noun of one item; ``items`` overrides how an item of a list
    of text is named ("question {n}"). ``item_key``: the field naming a list part's item ("key").
    """

    article: str  # "a rubric"
    needs: str  # "a rubric needs key, title, ..."
    parts: Mapping[str, str]
    fields: Mapping[str, Sequence[str]]
    lists: Mapping[str, str]
    items: Mapping[str, str] = dataclass_field(default_factory=dict)
    item_key: Mapping[str, str] = dataclass_field(default_factory=dict)
    level_fields: Sequence[str] = ()  # mappings of level: text, whose keys are levels, not fields

    def duplicate(self, path: Loc, name: str) -> str:
        if path and path[-1] in self.level_fields:
            return f"{path[-1]}: level {name} given twice"
        return f"duplicate field '{name}'"

    def where(self, loc: Loc, data: Any) -> tuple[str, str, Loc]:
        """The prefix naming the part ``loc`` is in, the part's noun and the rest of ``loc``."""
        if not loc or loc[0] not in self.parts:
            return "", "", loc
        noun = self.parts[loc[0]]
        if loc[0] in self.lists:  # a list of parts: each item is named, the list itself is not
            if len(loc) == 1:
                return "", "", loc
        else:
            return f"{noun}: ", noun, loc[1:]
        item = data[loc[0]][loc[1]]
        key = written(item.get(self.item_key.get(loc[0], "key"))) if isinstance(item, dict) else None
        named = f"'{key}'" if key is not None else f"#{loc[1] + 1}"
        return f"{noun} {named}: ", noun, loc[2:]

    def message(self, loc: Loc, kind: str, text: str, data: Any, value: Any = None) -> str:
        """The message of one problem of ``kind`` (pydantic's error type, "says" or "tail")."""
        where, noun, rest = self.where(loc, data)
        field = str(rest[0]) if rest else ""
        name = field
        if len(rest) > 1 and isinstance(rest[1], int):
            name = self.items.get(field, self.lists.get(field, field)).format(n=rest[1] + 1)
        if kind == "says":
            return where + text
        if kind == "tail":
            return f"{where}{name} {text}"
        if kind in ("missing", "unexpected_keyword_argument"):  # named in the mapping they belong to
            where, noun, _ = self.where(loc[:-1], data)
            if kind == "missing":
                return f"{where}missing required field '{loc[-1]}'"
            return where + unknown_field(str(loc[-1]), self.fields[noun], "here" if where else "at the top level")
        if kind in ("tuple_type", "list_type"):
            return f"{where}{name} must be a list, not {describe(value)}"
        if kind in ("dataclass_type", "dataclass_args_type", "model_type", "dict_type"):
            return f"{where}must be a mapping of fields, not {describe(value)}"
        return f"{where}{name}: {text}"


def read_utf8(path: str | Path, error: type[ProblemsError]) -> str:
    """A file's text; ``error`` naming the line if it is not UTF-8. OSError if it cannot be read."""
    path = Path(path)
    return decode_utf8(path.read_bytes(), str(path), error)


def decode_utf8(data: bytes, filename: str, error: type[ProblemsError]) -> str:
    """The text of a file's bytes (an upload's, say); ``error`` naming the line if it is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error([Problem(filename, line, "not UTF-8 text; save the file as UTF-8")]) from exc


def find_yaml_files(paths: Iterable[str | Path]) -> list[Path]:
    """The YAML files named by ``paths``, each once, in the order given.

    A directory contributes the ``*.yaml``/``*.yml`` files directly inside it, sorted (not those in
    sub-folders, nor hidden files); a file stands for itself. Paths that do not exist are skipped:
    ``check_files`` reports them.
    """
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(child for child in path.iterdir() if child.is_file()
                                and child.suffix in YAML_SUFFIXES and not child.name.startswith(".")))
        elif path.exists():
            found.append(path)
    # The same file named twice (`rubrics/ rubrics/x.yaml`) must not look like a duplicate key.
    unique_paths: dict[Path, Path] = {}
    for path in found:
        unique_paths.setdefault(path.resolve(), path)
    return list(unique_paths.values())


def check_files(
    paths: Iterable[str | Path], load: Callable[[Path], T], key: Callable[[T], str],
    error: type[ProblemsError], noun: str,
) -> tuple[list[T], list[Problem]]:
    """Load every YAML file under ``paths`` with ``load``; return the good values and all problems.

    Problems include missing paths, folders without YAML files, unreadable files and a key (given
    by ``key(value)``) used by more than one file; ``noun`` ("rubric", "exercise") names the kind of
    file in those messages.
    """
    paths = [Path(path) for path in paths]
    problems = [Problem(str(path), None, "no such file or folder") for path in paths if not path.exists()]
    problems += [Problem(str(path), None, f"no *.yaml or *.yml {noun} files in this folder")
                 for path in paths if path.is_dir() and not find_yaml_files([path])]
    values: list[T] = []
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
            message = f"{noun} key '{key(value)}' is already used by {owners[key(value)]}"
            problems.append(Problem(str(path), None, message))
            continue
        owners[key(value)] = path
        values.append(value)
    return values, problems
