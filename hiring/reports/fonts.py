"""Fonts for the PDF reports, and turning any user text into safe reportlab Paragraph markup.

Job:
- find TrueType-outline fonts on the machine for every script the product meets (Latin/Greek/Cyrillic,
  Devanagari, Chinese and Japanese, Korean) and register them with reportlab once per process;
- split text into runs by the font that has the glyphs (`script_runs`), so names like "Zoë", "王芳",
  "さくら 田中", "김민준" and "प्रिया शर्मा" each come out in a face that can draw them;
- escape text into Paragraph markup (`markup`) so user text is always read literally.

Where fonts come from: the directories in ``HIRING_FONT_DIRS`` (``os.pathsep`` separated, searched first),
then ``/usr/local/share/fonts``, ``/usr/share/fonts`` and ``~/.fonts``; `find_fonts(dirs)` takes the list
explicitly so tests can point it at an empty directory. reportlab can only embed TrueType outlines, so CFF
``.otf`` files and ``.ttc`` collections are skipped (checked by the file's magic number, not its name).

Korean: Debian's DroidSansFallbackFull.ttf has almost no Hangul (3 syllables), so unless a TrueType face
with Hangul is found (NanumGothic, UnDotum, …) Korean is set in reportlab's built-in CID font
``HYGothic-Medium`` (Adobe-Korea1). A CID font is not embedded: the viewer supplies a Korean font, and
text extraction works through the standard Adobe-Korea1 CMap. A viewer without any Korean font (poppler
on a bare Linux box) then shows empty boxes, so installing ``fonts-nanum`` (NanumGothic, picked up
automatically and embedded) is recommended wherever PDFs are generated.

Characters no font can draw:
- emoji (pictographs, with their variation selectors, skin-tone modifiers, ZWJ sequences, flags and
  keycaps) are dropped: a report about a candidate loses nothing by it, and a .notdef box or a
  placeholder word would be worse;
- control characters other than newline and tab are dropped; a tab becomes a space;
- any other character no font has becomes U+FFFD (the standard replacement character, drawn by Noto
  Sans as a diamond with a question mark) so the reader sees that something was there.
Nothing is ever handed to reportlab in a font that lacks the glyph, so no black square or .notdef box.

Shaping: reportlab 5 shapes text with uharfbuzz only when the Paragraph style has ``shaping=1`` and the
style's font is a shapable TTFont. Shaping Latin costs time for nothing, so callers switch it on only for
text where `needs_shaping` is true (it contains Devanagari). reportlab shapes each space-separated word
with the font of the word's first run, so `markup` never lets a Devanagari run touch a run in another
font inside one word: it puts a space between them (rare: "प्रियाJi").

Parser: reportlab 5.1's Paragraph parses markup with ``html.parser`` (paraparser.ParaParser is an
HTMLParser; rl_settings' ``xmlParser='lxml'`` is not used by Paragraph), which understands ``&amp;``,
``&lt;``, ``&gt;``, ``&quot;`` and ``&#39;`` — exactly what `markup` emits.
"""

from __future__ import annotations

import os
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

# Names under which the faces are registered with reportlab.
SANS = "HiringSans"
SANS_BOLD = "HiringSans-Bold"
DEVANAGARI = "HiringDevanagari"
DEVANAGARI_BOLD = "HiringDevanagari-Bold"
CJK = "HiringCJK"
KOREAN_TTF = "HiringKorean"
KOREAN_CID = "HYGothic-Medium"
SYMBOLS = "HiringSymbols"

DEFAULT_DIRS = ("/usr/local/share/fonts", "/usr/share/fonts", "~/.fonts", "~/.local/share/fonts")
DEBIAN_PACKAGES = "fonts-noto-core fonts-droid-fallback"

# Candidate file names per role, best first. Sample characters prove the face really covers the script.
_LATIN = ("NotoSans-Regular.ttf",)
_LATIN_BOLD = ("NotoSans-Bold.ttf",)
_DEVA = ("NotoSansDevanagari-Regular.ttf",)
_DEVA_BOLD = ("NotoSansDevanagari-Bold.ttf",)
_CJK = ("DroidSansFallbackFull.ttf", "DroidSansFallback.ttf")
_KOREAN = ("NanumGothic.ttf", "UnDotum.ttf", "NotoSansKR-Regular.ttf", "DroidSansFallbackFull.ttf")
_KOREAN_BOLD = ("NanumGothicBold.ttf", "UnDotumBold.ttf")
_SYMBOLS = ("DejaVuSans.ttf", "NotoSansSymbols2-Regular.ttf")

_SAMPLES = {"latin": "AZaz éëñ ΑΩ ЖЯ", "devanagari": "कखपरमा्ि", "cjk": "王芳田中さくらカナ", "korean": "김민준한국어"}

REPLACEMENT = "\ufffd"
_TRUETYPE_MAGIC = (b"\x00\x01\x00\x00", b"true")


class FontsMissing(RuntimeError):
    """A font the PDF needs is not installed."""


@dataclass(frozen=True)
class FontSet:
    """Where each face was found; `korean` is None when the built-in CID font is used."""

    latin: str
    latin_bold: str
    devanagari: str
    devanagari_bold: str
    cjk: str
    korean: str | None
    symbols: str | None
    korean_bold: str | None = None


def font_dirs() -> list[str]:
    """The directories searched by default: HIRING_FONT_DIRS first, then the system ones."""
    extra = [d for d in os.environ.get("HIRING_FONT_DIRS", "").split(os.pathsep) if d]
    return [os.path.expanduser(d) for d in (*extra, *DEFAULT_DIRS)]


def _is_truetype(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(4) in _TRUETYPE_MAGIC
    except OSError:
        return False


def _index(dirs: list[str]) -> dict[str, str]:
    """Lower-cased file name → path of the first TrueType-outline file with that name (earlier dirs win)."""
    found: dict[str, str] = {}
    for root in dirs:
        if not os.path.isdir(root):
            continue
        for dirpath, _dirs, files in os.walk(root):
            for name in sorted(files):
                key = name.lower()
                if key.endswith((".ttf", ".otf")) and key not in found:
                    path = os.path.join(dirpath, name)
                    if _is_truetype(path):
                        found[key] = path
    return found


@lru_cache(maxsize=32)
def _face(path: str) -> TTFontFace:
    return TTFontFace(path)


def _covers(path: str, sample: str) -> bool:
    cmap = _face(path).charToGlyph
    return all(ord(ch) in cmap for ch in sample if not ch.isspace())


def _pick(index: dict[str, str], names: tuple[str, ...], sample: str | None) -> str | None:
    for name in names:
        path = index.get(name.lower())
        if path and (sample is None or _covers(path, sample)):
            return path
    return None


def find_fonts(dirs: list[str] | None = None) -> FontSet:
    """Locate every face in `dirs` (default `font_dirs()`), or raise FontsMissing naming what is missing."""
    dirs = font_dirs() if dirs is None else [os.path.expanduser(d) for d in dirs]
    index = _index(dirs)
    latin = _pick(index, _LATIN, _SAMPLES["latin"])
    deva = _pick(index, _DEVA, _SAMPLES["devanagari"])
    cjk = _pick(index, _CJK, _SAMPLES["cjk"])
    missing = [label for label, path in (
        ("Latin/Greek/Cyrillic (Noto Sans)", latin),
        ("Devanagari (Noto Sans Devanagari)", deva),
        ("Chinese/Japanese (Droid Sans Fallback)", cjk),
    ) if path is None]
    if missing:
        raise FontsMissing(
            f"No TrueType font for {', '.join(missing)}. Looked in: {', '.join(dirs) or '(no directories)'}. "
            f"Install the Debian packages {DEBIAN_PACKAGES} (apt-get install {DEBIAN_PACKAGES}), "
            "or put the .ttf files in a directory listed in HIRING_FONT_DIRS. "
            "(fonts-nanum is recommended too: Korean is embedded instead of left to the viewer.)"
        )
    return FontSet(
        latin=latin,
        latin_bold=_pick(index, _LATIN_BOLD, None) or latin,  # bold is nice to have, regular will do
        devanagari=deva,
        devanagari_bold=_pick(index, _DEVA_BOLD, None) or deva,
        cjk=cjk,
        korean=_pick(index, _KOREAN, _SAMPLES["korean"]),
        korean_bold=_pick(index, _KOREAN_BOLD, _SAMPLES["korean"]),
        symbols=_pick(index, _SYMBOLS, "✓✗"),
    )


class _Registry:
    """The registered faces, in the order script_runs tries them, with their bold counterparts."""

    def __init__(self, fontset: FontSet):
        self.fontset = fontset
        self.order: list[str] = []  # regular font names, by priority
        self.cmaps: dict[str, object] = {}  # font name → container answering `ord(ch) in cmap`
        self.bold: dict[str, str] = {}
        self._add(SANS, fontset.latin, SANS_BOLD, fontset.latin_bold)
        self._add(DEVANAGARI, fontset.devanagari, DEVANAGARI_BOLD, fontset.devanagari_bold)
        self._add(CJK, fontset.cjk, None, None)
        if fontset.korean:
            self._add(KOREAN_TTF, fontset.korean, KOREAN_TTF + "-Bold" if fontset.korean_bold else None,
                      fontset.korean_bold)
        else:
            self._add_cid_korean()
        if fontset.symbols:
            self._add(SYMBOLS, fontset.symbols, None, None)
        self.korean = KOREAN_TTF if fontset.korean else KOREAN_CID
        # A Paragraph's <b> maps through font families: make every face bold-able.
        for name in self.order:
            bold = self.bold[name]
            addMapping(name, 0, 0, name)
            addMapping(name, 1, 0, bold)
            addMapping(name, 0, 1, name)
            addMapping(name, 1, 1, bold)
            if bold != name:
                for b, i in ((0, 0), (1, 0), (0, 1), (1, 1)):
                    addMapping(bold, b, i, bold)

    def _add(self, name: str, path: str, bold_name: str | None, bold_path: str | None) -> None:
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, path, shapable=True))
        if bold_name and bold_path and bold_name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(bold_name, bold_path, shapable=True))
        self.order.append(name)
        # A copy: shaping adds private-use code points for ligature glyphs to the live cmap.
        self.cmaps[name] = frozenset(pdfmetrics.getFont(name).face.charToGlyph)
        self.bold[name] = bold_name if bold_name and bold_path else name

    def _add_cid_korean(self) -> None:
        if KOREAN_CID not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(KOREAN_CID))
        self.order.append(KOREAN_CID)
        self.cmaps[KOREAN_CID] = _HangulOnly()
        self.bold[KOREAN_CID] = KOREAN_CID


class _HangulOnly:
    """The CID font covers far more, but we only send it Korean: everything else has a TrueType face."""

    def __contains__(self, cp: int) -> bool:
        return (0xAC00 <= cp <= 0xD7A3 or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F
                or 0xA960 <= cp <= 0xA97F or 0xD7B0 <= cp <= 0xD7FF or cp == 0x20)


_lock = threading.Lock()
_registry: _Registry | None = None


def register_fonts(dirs: list[str] | None = None) -> FontSet:
    """Find and register all faces once per process (later calls are free); returns where they came from."""
    return _get_registry(dirs).fontset


def _get_registry(dirs: list[str] | None = None) -> _Registry:
    global _registry
    if _registry is None:
        with _lock:
            if _registry is None:
                _registry = _Registry(find_fonts(dirs))
    return _registry


def korean_font() -> str:
    """The registered name of the face used for Hangul (a TrueType face, or the built-in CID font)."""
    return _get_registry().korean


def bold_of(font: str) -> str:
    return _get_registry().bold.get(font, font)


# --- cleaning ---------------------------------------------------------------------------------------

_EMOJI_CORE = (
    "\U0001F000-\U0001FAFF"  # mahjong … symbols & pictographs extended-A (includes flags' regional letters)
    "\U0001FC00-\U0001FFFD"
    "\u231A\u231B\u23E9-\u23F3\u23F8-\u23FA\u24C2\u25AA\u25AB\u25B6\u25C0\u25FB-\u25FE"
    "\u2600-\u26FF"  # miscellaneous symbols (☀ ☎ ⚽ …), drawn as emoji by phones
    "\u2700-\u2712\u2714\u2716\u2718-\u27BF"  # dingbats except ✓ ✕ ✗, which we draw
    "\u2B05-\u2B07\u2B1B\u2B1C\u2B50\u2B55\u3030\u303D\u3297\u3299"
)
_EMOJI_TAIL = "\uFE0E\uFE0F\u20E3\U000E0020-\U000E007F\U0001F3FB-\U0001F3FF"
_EMOJI_RE = re.compile(
    f"[{_EMOJI_CORE}][{_EMOJI_TAIL}]*(?:\u200D[{_EMOJI_CORE}][{_EMOJI_TAIL}]*)*"
    "|[0-9#*]\uFE0F?\u20E3"  # keycaps: 1️⃣
    "|[\uFE0E\uFE0F\u20E3]"  # stray variation selectors and keycap marks
)
# Controls (newline kept), lone surrogates and private-use code points (no meaning across fonts).
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff]")


def clean(text: str) -> str:
    """Drop emoji, control and private-use characters (newline kept), tabs → spaces, CRLF → LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _CONTROL_RE.sub("", text)
    return _EMOJI_RE.sub("", text)


# --- runs ---------------------------------------------------------------------------------------------

_JOINERS = "\u200c\u200d"


def _is_neutral(ch: str) -> bool:
    """Spaces, punctuation, marks and format characters: they follow the run around them."""
    return ch == "\n" or unicodedata.category(ch)[0] in "ZPMC"


def _is_attached(ch: str) -> bool:
    """Combining marks and ZWJ/ZWNJ belong to the character before them, whatever font has them."""
    return ch in _JOINERS or unicodedata.category(ch)[0] == "M"


def _covering(reg: _Registry, cp: int) -> str | None:
    for name in reg.order:
        if cp in reg.cmaps[name]:
            return name
    return None


def _assign(reg: _Registry, text: str) -> list[tuple[str, str]]:
    """One (font, char) per character; neutrals are resolved afterwards by `_runs`."""
    out: list[tuple[str | None, str]] = []
    for ch in text:
        if _is_neutral(ch):
            out.append((None, ch))
            continue
        font = _covering(reg, ord(ch))
        if font is None:
            ch, font = REPLACEMENT, _covering(reg, ord(REPLACEMENT)) or SANS
            if font == SANS and ord(REPLACEMENT) not in reg.cmaps[SANS]:
                ch = "?"
        out.append((font, ch))
    return out


def _resolve_neutrals(reg: _Registry, chars: list[tuple[str | None, str]]) -> list[tuple[str, str]]:
    """Give each neutral the font of the previous run when that font has it (or it is a mark), else the
    font of the next strong character, else any font that has it."""
    nxt: list[str | None] = [None] * len(chars)
    following = None
    for i in range(len(chars) - 1, -1, -1):
        nxt[i] = following
        if chars[i][0] is not None:
            following = chars[i][0]
    resolved: list[tuple[str, str]] = []
    prev: str | None = None
    for i, (font, ch) in enumerate(chars):
        if font is None:
            cp = ord(ch)
            if prev and (_is_attached(ch) or ch == "\n" or cp in reg.cmaps[prev]):
                font = prev
            elif nxt[i] and (ch == "\n" or cp in reg.cmaps[nxt[i]]):
                font = nxt[i]
            else:
                font = _covering(reg, cp)
                if font is None:
                    if _is_attached(ch) or unicodedata.category(ch)[0] == "C":
                        continue  # an invisible format character or a lone mark no font knows: drop it
                    font, ch = SANS, REPLACEMENT if ord(REPLACEMENT) in reg.cmaps[SANS] else "?"
        resolved.append((font, ch))
        prev = font
    return resolved


def script_runs(text: str) -> list[tuple[str, str]]:
    """Split cleaned `text` into maximal (registered font name, substring) runs by glyph coverage."""
    reg = _get_registry()
    return _merge(_resolve_neutrals(reg, _assign(reg, clean(text))))


def _merge(chars: list[tuple[str, str]]) -> list[tuple[str, str]]:
    runs: list[tuple[str, list[str]]] = []
    for font, ch in chars:
        if runs and runs[-1][0] == font:
            runs[-1][1].append(ch)
        else:
            runs.append((font, [ch]))
    return [(font, "".join(parts)) for font, parts in runs]


def needs_shaping(text: str) -> bool:
    """True when the text has Devanagari, which reportlab only draws right with shaping switched on."""
    return any("\u0900" <= ch <= "\u097f" or "\ua8e0" <= ch <= "\ua8ff" for ch in text)


# --- markup --------------------------------------------------------------------------------------------

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})


def escape(text: str) -> str:
    """Escape for reportlab's paragraph parser (html.parser based, see module docstring)."""
    return text.translate(_ESCAPES)


def _separate_devanagari(runs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Insert a space where a Devanagari run touches a run in another font without whitespace between,
    because reportlab shapes a whole word with the font of its first run."""
    out = list(runs)
    for i in range(len(out) - 1):
        (fa, a), (fb, b) = out[i], out[i + 1]
        if (DEVANAGARI in (fa, fb)) and a and b and not a[-1].isspace() and not b[0].isspace():
            out[i] = (fa, a + " ")
    return out


@lru_cache(maxsize=8192)
def markup(text: str, bold: bool = False) -> str:
    """Any user text → Paragraph markup read back literally: escaped runs in <font>, newlines → <br/>.

    Cached: the same names and labels recur on every page of a report, and the work is per character.
    """
    runs = script_runs(text or "")
    if needs_shaping(text or ""):
        runs = _separate_devanagari(runs)
    reg = _get_registry()
    parts = []
    for font, run in runs:
        name = reg.bold.get(font, font) if bold else font
        body = escape(run).replace("\n", "<br/>")
        # The paragraph styles' own face needs no tag: fewer fragments for the parser to build.
        parts.append(body if name == SANS else f'<font name="{name}">{body}</font>')
    return "".join(parts)


def font_path(name: str) -> Path | None:
    """The file behind a registered TrueType face (None for the CID font)."""
    font = pdfmetrics.getFont(name)
    face = getattr(font, "face", None)
    filename = getattr(face, "filename", None)
    return Path(filename) if filename else None
