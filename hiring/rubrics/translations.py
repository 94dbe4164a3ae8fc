"""The rubric's and the exercises' text in every language the app is offered in.

A rubric or exercise file is written in English; each other language has a translation file beside
it, in a `translations/<language>/` folder named after its key::

    rubrics/social-media-manager.yaml
    rubrics/translations/zh/social-media-manager.yaml
    rubrics/exercises/launch-posts.yaml
    rubrics/exercises/translations/zh/launch-posts.yaml

A translation file lists, for every text a person reads (`RUBRIC_TEXTS`, `EXERCISE_TEXTS`), the path
of the text, the text in that language and `source`: the first 12 hex digits of the SHA-256 of the
English text it translates. When the English changes, the hashes no longer match: `rubrics check`
reports the translation as stale, and pages show the English text until it is translated again (a
translation of other words would mislead). Keys, weights, levels, checks and data sets are not in
translation files, so every language scores the same thing on the same anchors.

The module is pure: no Flask, no database.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import ConfigDict, TypeAdapter
from pydantic.dataclasses import dataclass

from hiring.i18n import DEFAULT_LANGUAGE, LANGUAGES
from hiring.yamlreader import Choice, Document, Key, Naming, Problem, ProblemsError, Text, read_utf8

#: The languages content is translated into (English is the source).
CONTENT_LANGUAGES = tuple(language for language in LANGUAGES if language != DEFAULT_LANGUAGE)
SOURCE_DIGITS = 12
T = TypeVar("T")
FOLDER = "translations"

#: The texts of a rubric people read, as paths into its stored form (`Rubric.to_dict()`): `*` stands
#: for every item of a list (named by its `key`, or counted from 1 for a list of texts) or mapping.
RUBRIC_TEXTS = (
    "title", "description", "scale.labels.*",
    "criteria.*.name", "criteria.*.description", "criteria.*.anchors.*", "criteria.*.questions.*",
)
#: The texts of an exercise people read, as paths into `Exercise.to_dict()` (fields of other types
#: are simply absent). Comment authors are the handles of a thread in that market.
EXERCISE_TEXTS = (
    "title", "instructions",
    "platforms.*.prompt",
    "comments.*.author", "comments.*.text",
    "questions.*.label", "questions.*.prompt", "recommendation",
    "upload.rationale",
    "prompts.*.text",
)
#: The texts of a calibration set people read, as paths into `CalibrationSet.to_dict()`. The material
#: is not among them: it is evidence, in the language it was written or spoken in.
CALIBRATION_TEXTS = ("title", "description", "items.*.scores.*.rationale")
#: The field naming an item of each list (the rest are counted from 1).
ITEM_KEYS = ("key", "platform")


def source_hash(text: str) -> str:
    """What a translation stores of the English it translates: 12 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:SOURCE_DIGITS]


def translation_path(folder: str | Path, language: str, key: str) -> Path:
    """Where the `language` text of the rubric or exercise `key`, whose file is in `folder`, lives."""
    return Path(folder) / FOLDER / language / f"{key}.yaml"


# --- Texts of a document ---------------------------------------------------------------------------


def _item_name(item: Any, index: int) -> str:
    if isinstance(item, Mapping):
        for field in ITEM_KEYS:
            if isinstance(item.get(field), str):
                return item[field]
    return str(index + 1)


def _walk(value: Any, parts: Sequence[str], path: tuple[str, ...], order: tuple[int, ...]
          ) -> Iterator[tuple[tuple[str, ...], tuple[int, ...], Any]]:
    if not parts:
        yield path, order, value
        return
    head, rest = parts[0], parts[1:]
    if head == "*":
        if isinstance(value, Mapping):
            for index, (name, item) in enumerate(value.items()):
                yield from _walk(item, rest, (*path, str(name)), (*order, index))
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                yield from _walk(item, rest, (*path, _item_name(item, index)), (*order, index))
    elif isinstance(value, Mapping) and head in value:
        yield from _walk(value[head], rest, (*path, head), (*order, list(value).index(head)))


def texts(data: Mapping[str, Any], patterns: Sequence[str]) -> dict[str, str]:
    """Every text of `data` (a stored rubric or exercise) that people read: path → English, in the
    order they come in `data` (a criterion's texts together). Empty optional texts are left out."""
    found = [(order, ".".join(path), value) for pattern in patterns
             for path, order, value in _walk(data, pattern.split("."), (), ())
             if isinstance(value, str) and value]
    return {path: value for _order, path, value in sorted(found, key=lambda item: item[0])}


def _set(data: Any, path: Sequence[str], text: str) -> None:
    *parents, last = path
    for part in parents:
        if isinstance(data, list):
            data = next(item for index, item in enumerate(data) if _item_name(item, index) == part)
        else:
            data = data[part]
    if isinstance(data, list):
        index = next(index for index, item in enumerate(data) if _item_name(item, index) == last)
        data[index] = text
    else:
        data[last] = text


def translated(data: Mapping[str, Any], patterns: Sequence[str], translation: Translation | None) -> dict[str, Any]:
    """A copy of `data` with each text whose translation is current (its `source` is the hash of the
    English in `data`) in the translation's language; the others stay English."""
    result = copy.deepcopy(dict(data))
    if translation is None:
        return result
    for path, english in texts(data, patterns).items():
        entry = translation.texts.get(path)
        if entry is not None and entry.source == source_hash(english):
            _set(result, path.split("."), entry.text)
    return result


# --- Translation files ---------------------------------------------------------------------------

FORMAT = ConfigDict(extra="forbid")


@dataclass(frozen=True, config=FORMAT)
class Entry:
    """One text in another language, and the hash of the English it translates."""

    source: Key(re.compile(f"[0-9a-f]{{{SOURCE_DIGITS}}}"))
    text: Text


@dataclass(frozen=True, config=FORMAT)
class Translation:
    """A translation file: its language and its texts by path."""

    language: Choice(CONTENT_LANGUAGES)
    texts: dict[Annotated[str, Text], Entry]


class TranslationError(ProblemsError):
    """A translation file could not be read; ``problems`` lists everything found."""


class _Naming(Naming):
    def message(self, loc: Any, kind: str, text: str, data: Any, value: Any = None) -> str:
        if len(loc) >= 2 and loc[0] == "texts":  # ("texts", path, field): about one entry
            where = f"text '{loc[1]}': "
            if kind == "missing":
                return f"{where}missing required field '{loc[-1]}'"
            if kind == "unexpected_keyword_argument":
                return f"{where}unknown field '{loc[-1]}'; an entry has source and text"
            if len(loc) == 2:
                return f"{where}must be a mapping of source and text, not {text}"
            return f"{where}{loc[2]} {text}" if kind == "tail" else f"{where}{loc[2]}: {text}"
        return super().message(loc, kind, text, data, value)


NAMING = _Naming(
    article="a translation",
    needs="a translation needs language and texts",
    parts={},
    fields={"": ("language", "texts")},
    lists={},
)
_TRANSLATION = TypeAdapter(Translation)


def parse_translation(text: str, filename: str = "<string>") -> Translation:
    """Parse a translation file; TranslationError lists every problem as file:line: message."""
    document = Document(text, filename, TranslationError)
    return document.validate(_TRANSLATION, NAMING, TranslationError)


@lru_cache(maxsize=256)
def _parsed(text: str, filename: str) -> Translation:
    return parse_translation(text, filename)


def _lines(text: str) -> dict[str, int]:
    """The line of each entry of a translation file (for problems about one entry)."""
    lines, inside = {}, False
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(r"texts\s*:", line):
            inside = True
        elif inside and (match := re.match(r"  (['\"]?)([^\s'\"#][^'\"]*?)\1\s*:\s*$", line)):
            lines[match.group(2)] = number
    return lines


def load_translation(folder: str | Path, language: str, key: str) -> Translation | None:
    """The `language` translation of `key` (whose file is in `folder`); None if there is none or it
    cannot be read (`rubrics check` reports why): the text is then shown in English."""
    path = translation_path(folder, language, key)
    try:
        text = path.read_text(encoding="utf-8")
        translation = _parsed(text, str(path))
    except (OSError, UnicodeDecodeError, TranslationError):
        return None
    return translation if translation.language == language else None


def localize(value: T, patterns: Sequence[str], folder: str | Path, language: str | None,
             rebuild: Callable[[dict[str, Any]], T]) -> T:
    """`value` (a `Rubric` or an `Exercise`, whose file is in `folder`) in `language`, as far as its
    translation is current; `rebuild` makes one from its stored form (`Rubric.from_dict`)."""
    if not language or language not in CONTENT_LANGUAGES:
        return value
    path = translation_path(folder, language, value.key)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return _borrowed(value, tuple(patterns), folder, language, rebuild)
    return _localize(value, tuple(patterns), text, str(path), language, rebuild)


def _borrowed(value: T, patterns: tuple[str, ...], folder: str | Path, language: str,
              rebuild: Callable[[dict[str, Any]], T]) -> T:
    """`value` has no translation file of its own (a rubric made in the app, often as a copy of one
    that has): a translation is of a text, so each text takes the entry another file of the language
    has for the same place with the same English (its `source` hash). A new or reworded text stays
    English, as in a file whose English changed."""
    files = []
    for path in sorted((Path(folder) / FOLDER / language).glob("*.yaml")):
        try:
            files.append((str(path), path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            continue
    return _localize_borrowed(value, patterns, tuple(files), language, rebuild) if files else value


@lru_cache(maxsize=64)
def _localize_borrowed(value: T, patterns: tuple[str, ...], files: tuple[tuple[str, str], ...], language: str,
                       rebuild: Callable[[dict[str, Any]], T]) -> T:
    wanted = {path: source_hash(english) for path, english in texts(value.to_dict(), patterns).items()}
    entries: dict[str, Entry] = {}
    for filename, text in files:
        try:
            translation = _parsed(text, filename)
        except TranslationError:
            continue
        if translation.language != language:
            continue
        for path, entry in translation.texts.items():
            if path not in entries and wanted.get(path) == entry.source:
                entries[path] = entry
    if not entries:
        return value
    return rebuild(translated(value.to_dict(), patterns, Translation(language=language, texts=entries)))


#: Pages ask for the rubric in the reader's language many times a request: the translated value is
#: kept by the value, its translation file's text and the language (all immutable, so sharing is safe).
@lru_cache(maxsize=256)
def _localize(value: T, patterns: tuple[str, ...], text: str, filename: str, language: str,
              rebuild: Callable[[dict[str, Any]], T]) -> T:
    try:
        translation = _parsed(text, filename)
    except TranslationError:
        return value
    if translation.language != language:
        return value
    return rebuild(translated(value.to_dict(), patterns, translation))


# --- Checks ------------------------------------------------------------------------------------


def check_translations(source: str | Path, key: str, data: Mapping[str, Any], patterns: Sequence[str],
                       noun: str, languages: Sequence[str] = CONTENT_LANGUAGES) -> list[Problem]:
    """What is wrong with the translations of one rubric or exercise (`source` is its file, `data` its
    stored form): a language without a file, a text not translated, a translation whose English has
    changed since (stale), a path that is no text of it, a file that cannot be read."""
    english = texts(data, patterns)
    folder = Path(source).parent
    problems: list[Problem] = []
    for language in (language for language in languages if language in CONTENT_LANGUAGES):
        path = translation_path(folder, language, key)
        if not path.exists():
            problems.append(Problem(str(source), None, f"no {LANGUAGES[language]} ({language}) translation: "
                                    f"{path} is missing (`flask rubrics translations {language}` lists "
                                    "the texts to translate)"))
            continue
        try:
            text = read_utf8(path, TranslationError)
            translation = _parsed(text, str(path))
        except TranslationError as exc:
            problems.extend(exc.problems)
            continue
        except OSError as exc:
            problems.append(Problem(str(path), None, f"cannot read: {exc.strerror or exc}"))
            continue
        lines = _lines(text)
        if translation.language != language:
            problems.append(Problem(str(path), lines.get("language"),
                                    f"language is '{translation.language}' but the file is in the "
                                    f"'{language}' folder"))
        for entry_path, entry in translation.texts.items():
            if entry_path not in english:
                problems.append(Problem(str(path), lines.get(entry_path),
                                        f"'{entry_path}' is not a text of {noun} '{key}'; remove it"))
            elif entry.source != source_hash(english[entry_path]):
                problems.append(Problem(str(path), lines.get(entry_path),
                                        f"'{entry_path}' is stale: its English text changed since it was "
                                        f"translated; translate it again and set source: "
                                        f"{source_hash(english[entry_path])}"))
        for missing in (p for p in english if p not in translation.texts):
            problems.append(Problem(str(path), None, f"'{missing}' is not translated"))
    return problems


def untranslated(source: str | Path, key: str, data: Mapping[str, Any], patterns: Sequence[str],
                 language: str) -> dict[str, dict[str, str]]:
    """The texts of one rubric or exercise still to translate into `language`, missing or stale:
    path → {source, english}, what a translator needs to write an entry."""
    english = texts(data, patterns)
    translation = load_translation(Path(source).parent, language, key)  # None: none yet, or broken
    todo = {}
    for text_path, text in english.items():
        entry = translation.texts.get(text_path) if translation else None
        if entry is None or entry.source != source_hash(text):
            todo[text_path] = {"source": source_hash(text), "english": text}
    return todo
