"""What changed between two versions of a rubric, down to the word.

``diff_rubrics(old, new)`` compares two ``Rubric``s (normally two stored versions of one key) and
returns plain data: the title, description and version label; the scale (its bounds and each level's
label); the criteria added, removed and moved; and for every criterion kept (the same key in both)
its name, kind, weight, description, each anchor and each interview question.

Every text change is a word-by-word diff (``word_diff``): the texts are cut into tokens (a word, a run
of spaces, a punctuation mark; in scripts written without spaces, such as Chinese, Japanese or Thai,
each character is a token, so a reworded Chinese anchor shows the characters that changed, not the
whole sentence) and compared with ``difflib``. Nothing is dropped, spaces included: the unchanged and
removed pieces give back the old text exactly, the unchanged and inserted pieces the new one.

A version's words are compared as stored, in English: they are its identity (the content hash);
translations follow them. The module is pure: no Flask, no database.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from hiring.rubrics.schema import Criterion, Rubric, Scale

T = TypeVar("T")

# --- Words ---------------------------------------------------------------------------------------

#: Scripts written without spaces between words: each character is a token of its own.
_UNSPACED = (
    (0x0E00, 0x0EFF),    # Thai, Lao
    (0x0F00, 0x0FFF),    # Tibetan
    (0x1000, 0x109F),    # Myanmar
    (0x1780, 0x17FF),    # Khmer
    (0x2E80, 0x2FDF),    # CJK radicals
    (0x3000, 0x30FF),    # CJK symbols and punctuation, Hiragana, Katakana
    (0x3100, 0x31FF),    # Bopomofo, Katakana extensions
    (0x3400, 0x4DBF),    # CJK extension A
    (0x4E00, 0x9FFF),    # CJK unified ideographs
    (0xF900, 0xFAFF),    # CJK compatibility ideographs
    (0xFF00, 0xFFEF),    # full-width forms (，：（）)
    (0x20000, 0x3FFFF),  # CJK extensions B and later
)
#: Inside a word these join it rather than end it: "don't", "follow-up".
_JOINERS = "'’-"


def _unspaced(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _UNSPACED)


def _in_word(char: str) -> bool:
    """Letters, digits and combining marks (a Devanagari vowel sign belongs to its word)."""
    return unicodedata.category(char)[0] in "LMN" or char == "_"


def tokens(text: str) -> list[str]:
    """``text`` cut into the tokens a diff compares; ``"".join(tokens(text)) == text``.

    A token is a run of whitespace, a word (letters, digits and marks, with inner apostrophes and
    hyphens), one character of a script written without spaces, or one other character
    (punctuation, a symbol)."""
    found: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        j = i + 1
        if char.isspace():
            while j < n and text[j].isspace():
                j += 1
        elif _in_word(char) and not _unspaced(char):
            while j < n:
                if _in_word(text[j]) and not _unspaced(text[j]):
                    j += 1
                elif text[j] in _JOINERS and j + 1 < n and _in_word(text[j + 1]) and not _unspaced(text[j + 1]):
                    j += 2
                else:
                    break
        found.append(text[i:j])
        i = j
    return found


class Part(StrEnum):
    SAME = "same"
    INSERTED = "inserted"
    REMOVED = "removed"


@dataclass(frozen=True)
class Piece:
    """A run of text that is in both versions, only in the new one, or only in the old one."""

    part: Part
    text: str


@dataclass(frozen=True)
class TextDiff:
    """One text in both versions (None: it is not in that version) and the pieces that make both."""

    old: str | None
    new: str | None
    pieces: tuple[Piece, ...]

    @property
    def changed(self) -> bool:
        return self.old != self.new


def word_diff(old: str | None, new: str | None) -> TextDiff:
    """The word-by-word difference of two texts (module doc).

    A space that alone separates two changes is taken into them, so "the quick brown" → "a slow
    brown" reads as "the quick" replaced by "a slow", not as two replacements around a kept space.
    Where a change both removes and inserts, the removed text comes first."""
    a, b = tokens(old or ""), tokens(new or "")
    codes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for index in range(1, len(codes) - 1):  # a lone space between two changes joins them
        tag, i1, i2, j1, j2 = codes[index]
        if tag == "equal" and "".join(a[i1:i2]).isspace() and codes[index - 1][0] != "equal" \
                and codes[index + 1][0] != "equal":
            codes[index] = ("replace", i1, i2, j1, j2)
    pieces: list[Piece] = []
    removed: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if removed:
            pieces.append(Piece(Part.REMOVED, "".join(removed)))
        if inserted:
            pieces.append(Piece(Part.INSERTED, "".join(inserted)))
        removed.clear()
        inserted.clear()

    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal":
            flush()
            pieces.append(Piece(Part.SAME, "".join(a[i1:i2])))
        else:
            removed.extend(a[i1:i2])
            inserted.extend(b[j1:j2])
    flush()
    return TextDiff(old, new, tuple(pieces))


# --- The rubric's parts --------------------------------------------------------------------------


@dataclass(frozen=True)
class Change(Generic[T]):
    """A value that differs between the versions (a weight, a kind)."""

    old: T
    new: T


@dataclass(frozen=True)
class LevelText:
    """The text of one scale level (a label, an anchor) in both versions. ``old_level`` and
    ``new_level`` differ when the scale was renumbered (1–5 became 0–4: old 1 is new 0); one of
    them is None when the level is only in one version."""

    old_level: int | None
    new_level: int | None
    text: TextDiff

    @property
    def changed(self) -> bool:
        return self.text.changed or self.old_level != self.new_level


class Carry(StrEnum):
    """What becomes of the ratings given on the old scale (see ``carry``)."""

    SAME = "same"              # the same levels: every rating stays as it is
    RENUMBERED = "renumbered"  # as many levels, numbered otherwise: each rating moves to the level in its place
    LOST = "lost"              # another number of levels: no rating has a level on the new scale


def carry(old: Scale, new: Scale) -> Carry:
    """Whether ratings given on ``old`` mean something on ``new``.

    A rating is the level whose anchor the rater saw. With the same levels it keeps its meaning (the
    anchors' words may change: the diff shows them). With as many levels numbered otherwise (1–5 →
    0–4), the n-th level is still the n-th: the rating moves to it, which is exactly the linear map
    the scoreboard applies to ratings given under an earlier version (5 of 1–5 is 4 of 0–4). With
    another number of levels (1–5 → 1–10) the linear map lands between levels (3 → 5.5) on a point
    no anchor describes and no rater chose: such ratings cannot be carried over."""
    if (old.min, old.max) == (new.min, new.max):
        return Carry.SAME
    if old.max - old.min == new.max - new.min:
        return Carry.RENUMBERED
    return Carry.LOST


def _level_pairs(old: Scale, new: Scale) -> list[tuple[int | None, int | None]]:
    """Old and new levels side by side: in their order on a renumbered scale, else by number."""
    if carry(old, new) == Carry.RENUMBERED:
        return list(zip(old.values, new.values, strict=True))
    levels = sorted(set(old.values) | set(new.values))
    return [(level if level in old.values else None, level if level in new.values else None) for level in levels]


def _level_texts(pairs: Sequence[tuple[int | None, int | None]], old: dict[int, str] | None,
                 new: dict[int, str] | None) -> tuple[LevelText, ...]:
    return tuple(
        LevelText(o, n, word_diff(None if o is None or old is None else old.get(o),
                                  None if n is None or new is None else new.get(n)))
        for o, n in pairs
    )


@dataclass(frozen=True)
class ScaleDiff:
    old: Scale
    new: Scale
    levels: tuple[LevelText, ...]  # each level's label

    @property
    def bounds_changed(self) -> bool:
        return (self.old.min, self.old.max) != (self.new.min, self.new.max)

    @property
    def carry(self) -> Carry:
        return carry(self.old, self.new)

    @property
    def labels_reworded(self) -> int:
        """Labels of levels in both versions whose words changed."""
        return sum(1 for level in self.levels if level.text.old is not None and level.text.new is not None
                   and level.text.changed)

    @property
    def changed(self) -> bool:
        return self.bounds_changed or any(level.changed for level in self.levels)


@dataclass(frozen=True)
class CriterionDiff:
    """A criterion in both versions (the same key)."""

    key: str
    old: Criterion
    new: Criterion
    old_position: int  # 1, 2, 3… in the rubric's order
    new_position: int
    moved: bool        # out of the order the other kept criteria keep
    name: TextDiff
    description: TextDiff
    kind: Change[str] | None
    weight: Change[float] | None
    anchors: tuple[LevelText, ...]
    questions: tuple[TextDiff, ...]

    @property
    def anchors_reworded(self) -> int:
        """Anchors of levels in both versions whose words changed."""
        return sum(1 for anchor in self.anchors if anchor.text.old is not None and anchor.text.new is not None
                   and anchor.text.changed)

    @property
    def questions_changed(self) -> int:
        """Questions reworded, added or removed."""
        return sum(1 for question in self.questions if question.changed)

    @property
    def changed(self) -> bool:
        return (self.moved or self.name.changed or self.description.changed or self.kind is not None
                or self.weight is not None or any(a.changed for a in self.anchors) or self.questions_changed > 0)


@dataclass(frozen=True)
class RubricDiff:
    old: Rubric
    new: Rubric
    title: TextDiff
    description: TextDiff
    version: TextDiff  # the label people read ("2026-12"): not the identity, but it tells which is which
    scale: ScaleDiff
    added: tuple[Criterion, ...]    # in the new version's order
    removed: tuple[Criterion, ...]  # in the old version's order
    kept: tuple[CriterionDiff, ...]  # in the new version's order, changed or not

    @property
    def moved(self) -> tuple[CriterionDiff, ...]:
        return tuple(c for c in self.kept if c.moved)

    @property
    def changed_criteria(self) -> tuple[CriterionDiff, ...]:
        return tuple(c for c in self.kept if c.changed)

    @property
    def unchanged_criteria(self) -> tuple[CriterionDiff, ...]:
        return tuple(c for c in self.kept if not c.changed)

    @property
    def renamed(self) -> int:
        return sum(1 for c in self.kept if c.name.changed)

    @property
    def kinds_changed(self) -> int:
        return sum(1 for c in self.kept if c.kind is not None)

    @property
    def descriptions_reworded(self) -> int:
        return sum(1 for c in self.kept if c.description.changed)

    @property
    def anchors_reworded(self) -> int:
        return sum(c.anchors_reworded for c in self.kept)

    @property
    def questions_changed(self) -> int:
        return sum(c.questions_changed for c in self.kept)

    @property
    def weights_changed(self) -> tuple[CriterionDiff, ...]:
        return tuple(c for c in self.kept if c.weight is not None)

    @property
    def changed(self) -> bool:
        return (self.title.changed or self.description.changed or self.version.changed or self.scale.changed
                or bool(self.added or self.removed) or any(c.changed for c in self.kept))


def diff_rubrics(old: Rubric, new: Rubric) -> RubricDiff:
    """Everything that differs from ``old`` to ``new`` (module doc)."""
    old_keys, new_keys = old.criterion_keys, new.criterion_keys
    kept_keys = [key for key in new_keys if key in old_keys]
    in_old_order = [key for key in old_keys if key in kept_keys]
    staying = set(_longest_common_subsequence(in_old_order, kept_keys))
    pairs = _level_pairs(old.scale, new.scale)
    kept = tuple(
        _criterion_diff(old.criterion(key), new.criterion(key), old_keys.index(key) + 1, new_keys.index(key) + 1,
                        key not in staying, pairs)
        for key in kept_keys
    )
    return RubricDiff(
        old=old, new=new,
        title=word_diff(old.title, new.title),
        description=word_diff(old.description, new.description),
        version=word_diff(old.version, new.version),
        scale=ScaleDiff(old.scale, new.scale, _level_texts(pairs, dict(old.scale.labels), dict(new.scale.labels))),
        added=tuple(c for c in new.criteria if c.key not in old_keys),
        removed=tuple(c for c in old.criteria if c.key not in new_keys),
        kept=kept,
    )


def _criterion_diff(old: Criterion, new: Criterion, old_position: int, new_position: int, moved: bool,
                    pairs: Sequence[tuple[int | None, int | None]]) -> CriterionDiff:
    return CriterionDiff(
        key=new.key, old=old, new=new, old_position=old_position, new_position=new_position, moved=moved,
        name=word_diff(old.name, new.name),
        description=word_diff(old.description, new.description),
        kind=None if old.kind == new.kind else Change(old.kind, new.kind),
        weight=None if old.weight == new.weight else Change(old.weight, new.weight),
        anchors=_level_texts(pairs, dict(old.anchors), dict(new.anchors)),
        questions=_list_diff(old.questions, new.questions),
    )


def _list_diff(old: Sequence[str], new: Sequence[str]) -> tuple[TextDiff, ...]:
    """Two lists of texts (interview questions) side by side: the same texts matched, each reworded one
    against the one in its place, the rest added or removed."""
    found: list[TextDiff] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, list(old), list(new), autojunk=False).get_opcodes():
        if tag == "equal":
            found.extend(word_diff(text, text) for text in old[i1:i2])
            continue
        before, after = list(old[i1:i2]), list(new[j1:j2])
        paired = min(len(before), len(after))
        found.extend(word_diff(o, n) for o, n in zip(before[:paired], after[:paired], strict=True))
        found.extend(word_diff(o, None) for o in before[paired:])
        found.extend(word_diff(None, n) for n in after[paired:])
    return tuple(found)


def _longest_common_subsequence(a: Sequence[str], b: Sequence[str]) -> list[str]:
    """The longest run of items in the same order in both (the criteria that did not move)."""
    lengths = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            lengths[i][j] = lengths[i + 1][j + 1] + 1 if a[i] == b[j] else max(lengths[i + 1][j], lengths[i][j + 1])
    found, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            found.append(a[i])
            i, j = i + 1, j + 1
        elif lengths[i + 1][j] >= lengths[i][j + 1]:
            i += 1
        else:
            j += 1
    return found


def old_text(pieces: Iterable[Piece]) -> str:
    """The old text again, from a diff's pieces."""
    return "".join(p.text for p in pieces if p.part != Part.INSERTED)


def new_text(pieces: Iterable[Piece]) -> str:
    """The new text again, from a diff's pieces."""
    return "".join(p.text for p in pieces if p.part != Part.REMOVED)
