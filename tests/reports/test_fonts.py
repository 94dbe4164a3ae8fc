"""fonts: discovery errors, script runs, emoji/controls, escaping, and Devanagari shaping by glyph ids."""

from __future__ import annotations

import pytest
import uharfbuzz as hb
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph

from hiring.reports import fonts, pdf

HINDI = "प्रिया शर्मा"


@pytest.fixture(scope="module", autouse=True)
def registered():
    return fonts.register_fonts()


def test_missing_fonts_raise_a_helpful_error(tmp_path):
    with pytest.raises(fonts.FontsMissing) as err:
        fonts.find_fonts([str(tmp_path)])
    message = str(err.value)
    for needle in ("Latin", "Devanagari", "Chinese/Japanese", str(tmp_path), "fonts-noto-core",
                   "fonts-droid-fallback", "HIRING_FONT_DIRS"):
        assert needle in message


def test_cff_files_are_skipped_even_with_the_right_name(tmp_path, registered):
    (tmp_path / "NotoSans-Regular.ttf").write_bytes(b"OTTO" + b"\0" * 64)  # a CFF font, renamed
    with pytest.raises(fonts.FontsMissing, match="Latin"):
        fonts.find_fonts([str(tmp_path)])


def test_env_dirs_are_searched_first(monkeypatch, tmp_path):
    monkeypatch.setenv("HIRING_FONT_DIRS", str(tmp_path))
    assert fonts.font_dirs()[0] == str(tmp_path)


def test_script_runs_split_by_font():
    assert fonts.script_runs("Zoë 王芳 प्रिया 🎉") == [
        (fonts.SANS, "Zoë "), (fonts.CJK, "王芳 "), (fonts.DEVANAGARI, "प्रिया ")]


def test_korean_and_japanese_get_faces_that_have_them():
    assert fonts.script_runs("김민준") == [(fonts.korean_font(), "김민준")]
    assert fonts.script_runs("さくら 田中、はい。") == [(fonts.CJK, "さくら 田中、はい。")]


def test_devanagari_clusters_stay_in_one_run():
    text = "क्\u200dष क्\u200cष अँ"  # ZWJ, ZWNJ and a combining mark
    assert fonts.script_runs(text) == [(fonts.DEVANAGARI, text)]
    assert fonts.script_runs("e\u0301") == [(fonts.SANS, "e\u0301")]


def test_every_character_is_drawn_by_a_font_that_has_it():
    text = "Zoë 王芳 प्रिया 김민준 ✓ ✗ ₹ Ω Ж 𒀀 \ue000 “quoted” — done"
    for font, run in fonts.script_runs(text):
        if font == fonts.KOREAN_CID:
            continue
        cmap = pdfmetrics.getFont(font).face.charToGlyph
        assert all(ord(ch) in cmap for ch in run if ch != "\n"), (font, run)
    joined = "".join(run for _f, run in fonts.script_runs("𒀀 cuneiform"))
    assert joined == "\ufffd cuneiform"  # no font has it: the replacement character, never .notdef


def test_emoji_and_controls_are_removed():
    text = "Great 👍🏽 job 👨\u200d👩\u200d👧 🇮🇳 1️⃣ ☀️ a\x00b\x07c\r\n\td"
    joined = "".join(run for _f, run in fonts.script_runs(text))
    assert joined == "Great  job     abc\n d"
    assert "1" not in joined and "\u200d" not in joined


def _literal(text: str) -> str:
    """What reportlab's paragraph parser makes of markup(text), as plain text."""
    p = Paragraph(fonts.markup(text), pdf.STYLES["body"])
    assert not any(hasattr(f, "cbDefn") for f in p.frags)  # no images or other embedded objects
    return "".join(getattr(f, "text", "") for f in p.frags)


@pytest.mark.parametrize("text", ["x<y and z>w & AT&T", "<b>", "<font color='zz'>", '<img src="/etc/passwd"/>',
                                  "&amp; &lt; &#39; \"quoted\"", "<br/><para>"])
def test_markup_reads_back_literally(text):
    assert _literal(text) == text


def test_markup_keeps_blank_lines_and_fonts():
    m = fonts.markup("one\n\nthree 王")
    assert m.count("<br/>") == 2
    assert f'<font name="{fonts.CJK}">' in m
    assert fonts.markup("Zoë", bold=True) == f'<font name="{fonts.SANS_BOLD}">Zoë</font>'


def test_devanagari_never_shares_a_word_with_another_font():
    # reportlab shapes a whole word with its first run's font: a space keeps Latin out of Devanagari words.
    assert "प्रिया </font>" in fonts.markup("प्रियाJi")


def _hb_glyphs(text: str, path: str) -> list[int]:
    font = hb.Font(hb.Face(hb.Blob.from_file_path(path)))
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(font, buf, {"kern": True, "liga": True, "dlig": True})
    return [info.codepoint for info in buf.glyph_infos]


def test_devanagari_is_shaped_like_harfbuzz(registered):
    """The glyphs reportlab will draw for the Hindi name equal harfbuzz's, and differ from a plain cmap lookup
    (प्र is a conjunct ligature and ि is reordered), so the test fails if shaping is off."""
    p = Paragraph(fonts.markup(HINDI), pdf._shaped(pdf.STYLES["body"]))
    p.wrap(400, 100)
    face = pdfmetrics.getFont(fonts.DEVANAGARI).face
    words = p.blPara.lines[0].words
    assert {w.fontName for w in words} == {fonts.DEVANAGARI}
    drawn = [face.charToGlyph[ord(ch)] for ch in "".join(w.text for w in words).strip()]
    expected = _hb_glyphs(HINDI, registered.devanagari)
    assert drawn == expected
    unshaped = [face.charToGlyph[ord(ch)] for ch in HINDI]
    assert drawn != unshaped
    assert len(expected) < len(HINDI)  # the conjuncts really became fewer glyphs


def test_needs_shaping():
    assert fonts.needs_shaping(HINDI)
    assert not fonts.needs_shaping("Zoë 王芳")
