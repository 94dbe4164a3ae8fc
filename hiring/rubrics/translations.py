"""The rubric's, the exercises' and the run sheets' text in every language the app is offered in.

A rubric, exercise or run sheet file is written in English; each other language has a translation
file beside it, in a `translations/<language>/` folder named after its key::

    rubrics/social-media-manager.yaml
    rubrics/translations/zh/social-media-manager.yaml
    rubrics/exercises/launch-posts.yaml
    rubrics/exercises/translations/zh/launch-posts.yaml
    rubrics/runsheets/live-segment.yaml
    rubrics/runsheets/translations/zh/live-segment.yaml

A translation file lists, for every text a person reads (`RUBRIC_TEXTS`, `EXERCISE_TEXTS`,
`RUNSHEET_TEXTS`), the path of the text, the text in that language and `source`: the first 12 hex
digits of the SHA-256 of the English text it translates. When the English changes, the hashes no
longer match: `rubrics check` reports the translation as stale, and pages show the English text
until it is translated again (a translation of other words would mislead). Keys, weights, levels,
checks, data sets and timings are not in translation files, so every language scores the same thing
on the same anchors.

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

from hiring.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_
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
#: The texts of a run sheet people read, as paths into `RunSheet.to_dict()`: a moment is named by its
#: key, a script line and a thing to watch for are counted from 1. Chat authors are the handles of a
#: chat in that market, and the chat and the guest speak as people there do.
RUNSHEET_TEXTS = (
    "title", "description", "candidate_brief", "moderator", "guest",
    "moments.*.title", "moments.*.situation",
    "moments.*.script.*.author", "moments.*.script.*.says", "moments.*.script.*.does",
    "moments.*.watch_for.*",
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


#: Where a text's translation comes from, first first: written in the app (the database), the
#: rubric's or exercise's own translation file, else an entry another file of the language has for the
#: same place with the same English (`borrowed_entries`).
ORIGINS = ("app", "file", "borrowed")
Layer = tuple[str, Mapping[str, Entry]]


def localize(value: T, patterns: Sequence[str], folder: str | Path, language: str | None,
             rebuild: Callable[[dict[str, Any]], T], stored: Mapping[str, Entry] | None = None) -> T:
    """`value` (a `Rubric` or an `Exercise`, whose file is in `folder`) in `language`, as far as its
    translation is current; `rebuild` makes one from its stored form (`Rubric.from_dict`). `stored`:
    the entries written in the app for this value and language (they come first, see ORIGINS)."""
    if not language or language not in CONTENT_LANGUAGES:
        return value
    english = _english(value, tuple(patterns))
    chosen = current_entries(english, translation_layers(english, folder, language, value.key, stored))
    return _apply(value, tuple(patterns), language, rebuild,
                  tuple(sorted((path, entry) for path, (_origin, entry) in chosen.items())))


@lru_cache(maxsize=256)
def _english(value: Any, patterns: tuple[str, ...]) -> dict[str, str]:
    """`texts` of a value, kept by the value (immutable): pages ask for it many times. Read only."""
    return texts(value.to_dict(), patterns)


def translation_layers(english: Mapping[str, str], folder: str | Path, language: str, key: str,
                       stored: Mapping[str, Entry] | None = None) -> list[Layer]:
    """The translations of one value's texts (`english`: path → English) into `language`, in the order
    they are looked up (ORIGINS): the app's entries, then its own file; a value with no file of its
    own (made in the app) borrows instead. A file that cannot be read counts as empty."""
    layers: list[Layer] = [("app", dict(stored))] if stored else []
    path = translation_path(folder, language, key)
    if path.exists():
        own = load_translation(folder, language, key)
        layers.append(("file", own.texts if own is not None else {}))
    else:
        wanted = {text_path: source_hash(text) for text_path, text in english.items()}
        layers.append(("borrowed", borrowed_entries(folder, language, wanted)))
    return layers


def current_entries(english: Mapping[str, str], layers: Sequence[Layer]) -> dict[str, tuple[str, Entry]]:
    """For each text (path → English as it is now), the first entry of `layers` that translates this
    English (its `source` is the English's hash), with the origin it came from. A stale entry is
    passed over: the next layer's current one, or the English, is shown instead."""
    chosen: dict[str, tuple[str, Entry]] = {}
    for path, text in english.items():
        wanted = source_hash(text)
        for origin, entries in layers:
            entry = entries.get(path)
            if entry is not None and entry.source == wanted:
                chosen[path] = (origin, entry)
                break
    return chosen


def stale_entries(english: Mapping[str, str], layers: Sequence[Layer]) -> dict[str, tuple[str, Entry]]:
    """The texts with no current translation but a stale one of their own (in the app or the file:
    borrowed entries are other texts'), each with the first such entry and its origin."""
    current = current_entries(english, layers)
    stale: dict[str, tuple[str, Entry]] = {}
    for path in english:
        if path in current:
            continue
        for origin, entries in layers:
            if origin != "borrowed" and (entry := entries.get(path)) is not None:
                stale[path] = (origin, entry)
                break
    return stale


def stored_entries(data: Any) -> dict[str, Entry]:
    """Entries as the database keeps them (`{path: {"text": ..., "source": ...}}`); anything that is
    not a readable entry is left out (the English is shown)."""
    entries: dict[str, Entry] = {}
    for path, value in (data.items() if isinstance(data, Mapping) else ()):
        try:
            entries[str(path)] = Entry(source=value["source"], text=value["text"])
        except (TypeError, KeyError, ValueError):
            continue
    return entries


def borrowed_entries(folder: str | Path, language: str, wanted: Mapping[str, str]) -> dict[str, Entry]:
    """A value with no translation file of its own (a rubric made in the app, often as a copy of one
    that has): a translation is of a text, so each text (`wanted`: path → hash of its English) takes
    the entry another file of the language has for the same place with the same English. A new or
    reworded text stays English, as in a file whose English changed."""
    entries: dict[str, Entry] = {}
    for path in sorted((Path(folder) / FOLDER / language).glob("*.yaml")):
        try:
            translation = _parsed(path.read_text(encoding="utf-8"), str(path))
        except (OSError, UnicodeDecodeError, TranslationError):
            continue
        if translation.language != language:
            continue
        for text_path, entry in translation.texts.items():
            if text_path not in entries and wanted.get(text_path) == entry.source:
                entries[text_path] = entry
    return entries


#: Pages ask for the rubric in the reader's language many times a request: the translated value is
#: kept by the value, the language and the entries chosen (all immutable, so sharing is safe, and a
#: translation saved or a file changed is a new key: nothing to clear).
@lru_cache(maxsize=256)
def _apply(value: T, patterns: tuple[str, ...], language: str, rebuild: Callable[[dict[str, Any]], T],
           chosen: tuple[tuple[str, Entry], ...]) -> T:
    if not chosen:
        return value
    return rebuild(translated(value.to_dict(), patterns, Translation(language=language, texts=dict(chosen))))


# --- Writing translations in the app --------------------------------------------------------------

#: What a translation keeps as the English has it: web addresses and placeholders a program fills
#: in (`%(name)s`, `{name}`) exactly; code spans (`#F4EEE2`) in the same number, as a number in one
#: may be written the language's way (`4,7`). Bold and italic words are words, translated like others.
KEPT = re.compile(r"https?://[^\s<>()`]+[^\s<>()`.,;:!?]|%\(\w+\)[sd]|\{\w+\}")
CODE = re.compile(r"`[^`\n]+`")


KEEP_PLACEHOLDERS = N_("Keep %(kept)s as the English has it.")
KEEP_CODE = N_("The English has %(english)s code spans (text between backticks, `like this`) and the translation "
               "%(translation)s: keep each one.")


def placeholder_problem(english: str, text: str) -> tuple[str, dict[str, Any]] | None:
    """What a translation `text` of `english` fails to keep (see KEPT), as a message (a msgid, in
    English, translated where it is shown) and its values; None if it keeps everything."""
    missing = sorted(set(KEPT.findall(english)) - set(KEPT.findall(text)))
    if missing:
        return KEEP_PLACEHOLDERS, {"kept": ", ".join(missing)}
    if len(CODE.findall(english)) != len(CODE.findall(text)):
        return KEEP_CODE, {"english": len(CODE.findall(english)), "translation": len(CODE.findall(text))}
    return None


#: The longest translation of one text: a title as long as a stored title may be (the schema's
#: limit), any other text four times its English and at least 2,000 characters (scripts differ in length).
TITLE_CHARS = 200
MIN_TEXT_CHARS = 2000


def longest(path: str, english: str) -> int:
    """The most characters a translation of `english` (the text at `path`) may have."""
    return TITLE_CHARS if path == "title" else max(MIN_TEXT_CHARS, 4 * len(english))


TOO_LONG = N_("At most %(count)s characters, please (this has %(length)s).")


def entry_problem(path: str, english: str, text: str) -> tuple[str, dict[str, Any]] | None:
    """What is wrong with `text` as the translation of `english` (the text at `path`): too long, or a
    placeholder not kept; a message (msgid) and its values, or None. An empty text is no translation."""
    if len(text) > (limit := longest(path, english)):
        return TOO_LONG, {"count": limit, "length": len(text)}
    return placeholder_problem(english, text)


def english_by_source(versions: Sequence[Mapping[str, Any]], patterns: Sequence[str]) -> dict[tuple[str, str], str]:
    """(path, source hash) → the English it was, over the stored forms of a value's versions: what a
    stale entry translated, to show beside the English it must now translate."""
    found: dict[tuple[str, str], str] = {}
    for data in versions:
        for path, english in texts(data, patterns).items():
            found.setdefault((path, source_hash(english)), english)
    return found


def completeness(english: Mapping[str, str], layers: Sequence[Layer]) -> tuple[int, int, int]:
    """How far a language is: (texts translated, texts whose only translation is stale, texts)."""
    return (len(current_entries(english, layers)), len(stale_entries(english, layers)), len(english))


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
            elif (kept := placeholder_problem(english[entry_path], entry.text)) is not None:
                message, values = kept
                problems.append(Problem(str(path), lines.get(entry_path), f"'{entry_path}': {message % values}"))
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
