"""A rubric written out as YAML (`hiring.rubrics.yamlfile`) reads back as the same rubric, same hash."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hiring.config import PROJECT_ROOT
from hiring.rubrics.schema import Rubric, load_rubric, parse_rubric
from hiring.rubrics.yamlfile import dump_rubric, rubric_yaml
from hiring.yamlreader import normalise

SHIPPED = PROJECT_ROOT / "rubrics" / "social-media-manager.yaml"
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Texts a YAML writer easily gets wrong: values of other types, YAML's own punctuation, quotes,
#: scripts, emoji, line breaks, and spaces where they are easy to lose.
TRICKY = [
    "yes", "no", "No", "on", "OFF", "y", "n", "null", "Null", "~", "true", "False", "1e3", "2026.1", "2026.10",
    "0x1f", "0o17", "1_000", "1:20", ".inf", "-.NaN", "+1", "12", "2026-12-03", "=", "<<",
    "# not a comment", "a # b", "key: value", "a:b", "ends with colon:", "- a list?", "? a key", "[a, b]",
    "{a: b}", "&anchor", "*alias", "!tag", "%directive", "@at", "`tick", "|", ">", "'", '"', "''", '""',
    "it's", 'say "hi"', "back\\slash", "tab\tinside", "two  spaces", "ends with a space ",
    "微信和微博的内容策略", "हिन्दी में लिखा गया उत्तर", "🙂 emoji 👍🏽", "é", "e\u0301", "\u00a0nbsp",
    "line one\nline two", "para one\n\npara two", "a\n  indented\nline", "trailing space \nnext",
    "crlf\r\nline", "nel\x85x", "ls\u2028ps\u2029", "bom\ufeff", "nul\x00x", "bell\x07", "del\x7f",
    "--- document?", "...", "x" * 300, "word " * 40, "日本語の長い文章" * 20,
]

text_fragments = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=30),
    st.text(string.ascii_letters + " .,:;#'\"-\n", min_size=1, max_size=200),
)


@st.composite
def texts(draw) -> str:
    """A text as the rubric would hold it: trimmed and NFC (what reading any file or form gives)."""
    text = normalise(" ".join(draw(st.lists(text_fragments, min_size=1, max_size=3))))
    return text or draw(st.sampled_from(TRICKY[:20]))


short_texts = texts().filter(lambda text: len(text) <= 100)  # a title or a version label
criterion_keys = st.one_of(st.sampled_from(["true", "null", "yes", "no", "on", "y", "n", "e1", "inf"]),
                           st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True))
rubric_keys = st.one_of(st.sampled_from(["123", "1e3", "0x1f", "null", "true", "2026-12-03", "0-1", "-"]),
                        st.from_regex(r"[a-z0-9-]{1,20}", fullmatch=True))
weights = st.one_of(st.sampled_from([1, 1.0, 1.5, 0.01, 100, 1.25, 2 / 3, 0.1 + 0.2, 99.99]),
                    st.floats(min_value=0.01, max_value=100))


@st.composite
def rubrics(draw) -> Rubric:
    low = draw(st.integers(min_value=-3, max_value=5))
    levels = range(low, low + draw(st.integers(min_value=2, max_value=11)))
    keys = draw(st.lists(criterion_keys, min_size=1, max_size=3, unique=True))
    criteria = [{
        "key": key, "name": draw(texts()), "kind": draw(st.sampled_from(["skill", "trait"])),
        "weight": float(draw(weights)), "description": draw(texts()),
        "anchors": {str(level): draw(texts()) for level in levels},
        "questions": draw(st.lists(texts(), min_size=1, max_size=3)),
    } for key in keys]
    return Rubric.from_dict({
        "key": draw(rubric_keys), "title": draw(short_texts), "version": draw(short_texts),
        "description": draw(st.one_of(st.just(""), texts())),
        "scale": {"min": levels[0], "max": levels[-1], "labels": {str(level): draw(texts()) for level in levels}},
        "criteria": criteria,
    })


@PROPERTY
@given(rubrics())
def test_any_rubric_written_as_yaml_reads_back_as_the_same_rubric(rubric):
    text = dump_rubric(rubric)
    again = parse_rubric(text, "exported.yaml")
    assert again.to_dict() == rubric.to_dict()
    assert again.content_hash == rubric.content_hash


@PROPERTY
@given(texts())
def test_every_tricky_text_survives_in_every_place_a_text_goes(text):
    label = text if len(text) <= 100 else normalise(text[:100]) or "v"  # a title and a label: 100 at most
    everywhere = {"key": "r", "title": label, "version": label, "description": text,
                  "scale": {"min": 1, "max": 2, "labels": {"1": text, "2": text}},
                  "criteria": [{"key": "c", "name": text, "kind": "skill", "weight": 1.0, "description": text,
                                "anchors": {"1": text, "2": text}, "questions": [text, text]}]}
    rubric = Rubric.from_dict(everywhere)
    assert parse_rubric(dump_rubric(rubric)).to_dict() == rubric.to_dict()


@pytest.mark.parametrize("text", [t for t in TRICKY if normalise(t)])
def test_each_tricky_text_survives_as_a_description_and_an_anchor(text):
    data = load_rubric(SHIPPED).to_dict()
    data["description"] = normalise(text)
    data["criteria"][0]["anchors"]["2"] = normalise(text)
    rubric = Rubric.from_dict(data)
    assert parse_rubric(dump_rubric(rubric)).to_dict() == rubric.to_dict()


def test_the_shipped_rubric_is_written_as_people_write_it():
    rubric = load_rubric(SHIPPED)
    text = dump_rubric(rubric)
    lines = text.splitlines()
    fields = [line.split(":")[0] for line in lines if line and not line.startswith((" ", "#"))]
    assert fields == ["key", "title", "version", "description", "scale", "criteria"]
    assert 'version: "2026.1"' in lines
    assert "    1: Not shown" in lines  # levels as plain numbers
    assert "  - key: platform_knowledge" in lines and "    weight: 1" in lines and "    weight: 1.25" in lines
    assert "description: >-" in lines  # a long text folded under its field
    assert max(len(line) for line in lines) <= 110
    assert not any(line.rstrip().endswith(("{", "[")) for line in lines)
    assert parse_rubric(text).content_hash == rubric.content_hash


def test_texts_that_look_like_other_values_are_quoted():
    data = load_rubric(SHIPPED).to_dict()
    data.update(version="2026.10", title="yes")
    data["criteria"][0]["anchors"]["1"] = "null"
    data["criteria"][0]["questions"] = ["1e3", "No", "1:20"]
    lines = dump_rubric(Rubric.from_dict(data)).splitlines()
    assert 'version: "2026.10"' in lines and 'title: "yes"' in lines
    assert '      1: "null"' in lines
    assert {'      - "1e3"', '      - "No"', '      - "1:20"'} <= set(lines)


def test_weights_are_written_as_people_write_them():
    data = load_rubric(SHIPPED).to_dict()
    for criterion, weight in zip(data["criteria"], (1.0, 1.5, 0.01, 100.0), strict=False):
        criterion["weight"] = weight
    lines = dump_rubric(Rubric.from_dict(data)).splitlines()
    assert [line.strip() for line in lines if line.strip().startswith("weight:")][:4] == [
        "weight: 1", "weight: 1.5", "weight: 0.01", "weight: 100"]


def test_text_on_several_lines_is_written_literally():
    data = load_rubric(SHIPPED).to_dict()
    data["criteria"][0]["description"] = "First paragraph.\n\nSecond: with a colon # and a hash."
    text = dump_rubric(Rubric.from_dict(data))
    assert "    description: |-\n      First paragraph.\n\n      Second: with a colon # and a hash.\n" in text


def test_a_download_keeps_the_file_it_came_from_while_it_reads_the_same():
    source = SHIPPED.read_text(encoding="utf-8")
    rubric = parse_rubric(source)
    assert rubric_yaml(rubric, source) == source  # comments and all
    edited = source.replace("title: Social media manager", "title: Social media lead")
    assert rubric_yaml(rubric, edited) == dump_rubric(rubric)  # another rubric: the dump
    assert rubric_yaml(rubric, "key: [broken") == dump_rubric(rubric)
    assert rubric_yaml(rubric, "") == dump_rubric(rubric)
