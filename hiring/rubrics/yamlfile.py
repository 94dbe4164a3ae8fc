"""A rubric as a YAML file people can read, edit and check: the way back from a stored version to a file.

``dump_rubric`` writes a rubric the way `rubrics/README.md` shows one: fields in the README's order,
block style, long texts folded and texts on several lines literal, levels as plain numbers, and any
text a YAML reader could take for something else (``"2026.1"``, ``"yes"``, ``"null"``, ``"1e3"``)
quoted. `parse_rubric` reads the text back to the same rubric, so to the same content hash; tests
check this for generated rubrics full of awkward text.

``rubric_yaml`` is what a download gives: the text a version was stored from, comments and all, when
it still reads as that version; otherwise the dump. ``read_rubric_file`` is the way in: the bytes of
an uploaded or imported file, read by the one schema.

Pure: no Flask, no database.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import RoundTripEmitter
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
)

from hiring.rubrics.schema import Criterion, Rubric, RubricError, parse_rubric
from hiring.rubrics.translations import Entry
from hiring.yamlreader import decode_utf8

#: The largest rubric file taken from a browser. The shipped rubric, five criteria written in full, is
#: about 20 KB; a rubric past this size is not one people can read, and parsing it would hold the request.
MAX_FILE_BYTES = 256 * 1024
#: Folded texts break at the first space past this column, so lines end by about 100, as the README's do.
WIDTH = 88
#: A text on one line longer than this is written folded (``>-``) under its field, as in the README;
#: a shorter one plainly after its field, where it fits on the line (ruamel.yaml would break a plain
#: text longer than the line, and a break in it can change the text).
FOLD_AFTER = 60

#: Characters that YAML reads differently in a block scalar or turns into line breaks (a carriage
#: return, NEL, the Unicode line and paragraph separators, a byte order mark) or may not hold raw (C0
#: and C1 controls but tab and line feed; surrogates; U+FFFE/U+FFFF). Texts holding one are written
#: double-quoted, where YAML escapes them (``"\r"``, ``"\x85"``).
_ESCAPED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
#: YAML 1.1 readers (PyYAML, many editors) take yes/no/on/off for true/false and 1:20 for a number;
#: our reader follows YAML 1.2. A text either version reads as anything but text is quoted.
_RESOLVERS = (VersionedResolver(version=(1, 2)), VersionedResolver(version=(1, 1)))
_STR = "tag:yaml.org,2002:str"


def _looks_like_a_value(text: str) -> bool:
    """Whether a plain (unquoted) ``text`` would be read as a number, true/false or empty by YAML 1.1 or 1.2."""
    return any(resolver.resolve(ScalarNode, text, (True, False)) != _STR for resolver in _RESOLVERS)


def _text(text: str) -> Any:
    """``text`` in the style that reads best and still reads back as the same text."""
    if _ESCAPED.search(text) or text != text.strip(" \t"):
        return DoubleQuotedScalarString(text)
    if "\n" in text:
        if "\t" in text or any(line != line.rstrip(" ") for line in text.split("\n")):
            # A literal block would keep them, but an editor drops trailing spaces unseen; tabs hide too.
            return DoubleQuotedScalarString(text)
        return LiteralScalarString(text)
    if len(text) > FOLD_AFTER:
        # Folding turns each line break back into one space, so text with runs of spaces or tabs is
        # kept on one line instead.
        if "  " in text or "\t" in text:
            return DoubleQuotedScalarString(text)
        return FoldedScalarString(text)
    if _looks_like_a_value(text):  # quoted as the README quotes version: "2026.1"
        return DoubleQuotedScalarString(text)
    return text


def _weight(weight: float) -> int | float:
    """1.0 as 1, as people write it; any other weight as Python's shortest exact form (1.5, 0.01)."""
    return int(weight) if float(weight).is_integer() else float(weight)


def _levels(texts: Any) -> CommentedMap:
    return CommentedMap((int(level), _text(text)) for level, text in texts.items())


def _criterion(criterion: Criterion) -> CommentedMap:
    return CommentedMap([
        ("key", _text(criterion.key)),
        ("name", _text(criterion.name)),
        ("kind", _text(criterion.kind)),
        ("weight", _weight(criterion.weight)),
        ("description", _text(criterion.description)),
        ("anchors", _levels(criterion.anchors)),
        ("questions", CommentedSeq(_text(question) for question in criterion.questions)),
    ])


def rubric_document(rubric: Rubric) -> CommentedMap:
    """The rubric as YAML data, fields in the README's order, each text in the style it reads best in."""
    document = CommentedMap([
        ("key", _text(rubric.key)),
        ("title", _text(rubric.title)),
        ("version", _text(rubric.version)),
    ])
    if rubric.description:
        document["description"] = _text(rubric.description)
    document["scale"] = CommentedMap([("min", rubric.scale.min), ("max", rubric.scale.max),
                                      ("labels", _levels(rubric.scale.labels))])
    document["criteria"] = CommentedSeq(_criterion(criterion) for criterion in rubric.criteria)
    # A blank line before each part of the file, as the README's example has.
    for field in ("scale", "criteria"):
        document.yaml_set_comment_before_after_key(field, before="\n")
    return document


class _Representer(RoundTripRepresenter):
    """Floats as Python's shortest exact form (``0.01``, ``1.5``), never ``1.0e-02`` or rounded."""


_Representer.add_representer(float, lambda self, value: self.represent_scalar("tag:yaml.org,2002:float",
                                                                               repr(value)))


class _Emitter(RoundTripEmitter):
    """Plain and quoted texts each on one line. ruamel.yaml 0.19 breaks long ones across lines, and
    a break can change the text read back: after an escape (``\\x1E``) it adds a space, at a run of
    spaces it drops one. Long texts are folded blocks (``>-``) anyway; only those that cannot be (runs
    of spaces, characters to escape) stay on one long line."""

    def write_plain(self, text: Any, split: Any = True) -> None:
        super().write_plain(text, split=False)

    def write_single_quoted(self, text: Any, split: Any = True) -> None:
        super().write_single_quoted(text, split=False)

    def write_double_quoted(self, text: Any, split: Any = True) -> None:
        super().write_double_quoted(text, split=False)


def _yaml() -> YAML:
    yaml = YAML()
    yaml.Representer = _Representer
    yaml.Emitter = _Emitter
    yaml.width = WIDTH
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    return yaml


def dump_rubric(rubric: Rubric) -> str:
    """The rubric as a YAML file that `parse_rubric` reads back with the same content hash.

    Texts are written as the rubric holds them; a rubric read from a file or the builder has them
    trimmed and in NFC form already (`hiring.yamlreader.normalise`), as the hash requires.
    """
    out = io.StringIO()
    _yaml().dump(rubric_document(rubric), out)
    return out.getvalue()


def rubric_yaml(rubric: Rubric, source_text: str | None = None) -> str:
    """The YAML to hand out for a stored rubric: ``source_text`` (the file it was stored from, with
    its comments and layout) when it still reads as this rubric, else ``dump_rubric``."""
    if source_text:
        try:
            if parse_rubric(source_text).content_hash == rubric.content_hash:
                return source_text
        except RubricError:
            pass
    return dump_rubric(rubric)


def translation_yaml(language: str, entries: Mapping[str, Entry], heading: str = "") -> str:
    """A translation file (`hiring.rubrics.translations`) of `entries` (path → entry, in the order
    given), as `rubrics check` reads it; `heading` is a comment line on top."""
    document = CommentedMap([("language", language), ("texts", CommentedMap(
        (path, CommentedMap([("source", entry.source), ("text", _text(entry.text))])) for path, entry in entries.items()
    ))])
    out = io.StringIO()
    if heading:
        out.write("".join(f"# {line}\n" for line in heading.splitlines()))
    _yaml().dump(document, out)
    return out.getvalue()


def read_rubric_file(data: bytes, filename: str) -> tuple[Rubric, str]:
    """An uploaded or imported rubric file: the rubric and its text. RubricError lists every problem
    as ``filename:line: message``, as `rubrics check` does (not UTF-8 text is one of them)."""
    text = decode_utf8(data, filename, RubricError)
    return parse_rubric(text, filename), text
