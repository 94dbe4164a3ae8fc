"""The rubric builder's form, as plain data: a rubric ↔ the form's fields, the builder's actions
(add, remove and reorder criteria) and the checks that name the field at fault. Pure: no Flask.

The form is a flat mapping of field name → text, as a browser posts it (and as a draft is kept):

- ``key`` (a new rubric only), ``title``, ``description``;
- ``scale_min``, ``scale_max``, ``label_<level>`` for each level of the scale;
- per criterion ``c<i>_key``, ``_name``, ``_kind``, ``_weight``, ``_description``, ``_anchor_<level>``
  and ``_questions`` (one question per line), the criteria in the order of ``i``.

One schema: a form that passes the checks below is written as YAML and read by `parse_rubric`, the
very code that reads the files in ``rubrics/``; a rubric is saved only if that succeeds. The checks
here come first only to name the field and to say what is wrong in the reader's language
(messages are msgids, translated where they are shown); they use the schema's own rules
(`CRITERION_KEY`, `RUBRIC_KEY`, `KINDS`, `MAX_LEVELS`, `weight_problem`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML

from hiring.i18n import N_
from hiring.rubrics.schema import (
    CRITERION_KEY,
    KINDS,
    MAX_LEVELS,
    MAX_WEIGHT,
    MIN_WEIGHT,
    RUBRIC_KEY,
    Rubric,
    RubricError,
    parse_rubric,
    weight_problem,
)
from hiring.validation import typed_text

_CRITERION_FIELD = re.compile(r"c(\d+)_(.+)")
#: The most criteria one rubric may have in the builder (a form of 60 criteria is already unreadable).
MAX_CRITERIA = 60

EMPTY = N_("This cannot be empty.")
RUBRIC_KEY_RULE = N_("Use lower-case letters, digits and hyphens only, as in community-manager.")
KEY_TAKEN = N_("A rubric with the key “%(key)s” already exists: choose another, or edit that one.")
CRITERION_KEY_RULE = N_("Start with a lower-case letter, then use lower-case letters, digits and underscores, as "
                        "in live_speaking.")
DUPLICATE_KEY = N_("Another criterion already has the key “%(key)s”.")
KIND_RULE = N_("Choose skill or trait.")
WEIGHT_RULE = N_("A weight is a number from %(min)s to %(max)s.")
WHOLE_RULE = N_("A whole number, please.")
SCALE_ORDER = N_("The lowest level must be below the highest: a scale needs at least two levels.")
SCALE_SIZE = N_("A scale has at most %(count)s levels.")
QUESTIONS_RULE = N_("Write at least one question, one per line.")
NO_CRITERIA = N_("A rubric needs at least one criterion.")
TOO_MANY = N_("A rubric can have at most %(count)s criteria.")
SCHEMA_PROBLEM = N_("The rubric format refuses this: %(problem)s")


@dataclass(frozen=True)
class FieldError:
    """What is wrong with one field (a msgid and its values); `field` "" is the form as a whole."""

    field: str
    message: str
    values: Mapping[str, Any]


_text = typed_text  # line breaks as LF (browsers post CR LF), NFC, stripped


# --- rubric ↔ fields ---------------------------------------------------------------------------

def fields_of(rubric: Rubric) -> dict[str, str]:
    """The form's fields for a rubric (to edit it, or to start from a copy)."""
    fields = {"key": rubric.key, "title": rubric.title, "description": rubric.description,
              "scale_min": str(rubric.scale.min), "scale_max": str(rubric.scale.max)}
    fields.update({f"label_{level}": text for level, text in rubric.scale.labels.items()})
    for i, criterion in enumerate(rubric.criteria):
        fields.update({f"c{i}_key": criterion.key, f"c{i}_name": criterion.name, f"c{i}_kind": criterion.kind,
                       f"c{i}_weight": f"{criterion.weight:g}", f"c{i}_description": criterion.description,
                       f"c{i}_questions": "\n".join(criterion.questions)})
        fields.update({f"c{i}_anchor_{level}": text for level, text in criterion.anchors.items()})
    return fields


def clean(posted: Mapping[str, Any]) -> dict[str, str]:
    """The builder's own fields of a posted form (anything else, such as the CSRF token, left out)."""
    names = ("key", "title", "description", "scale_min", "scale_max")
    return {name: str(value) for name, value in posted.items()
            if name in names or name.startswith("label_") or _CRITERION_FIELD.fullmatch(name)}


def criteria_indices(fields: Mapping[str, str]) -> list[int]:
    """The criteria of the form, in their order."""
    found = {int(m.group(1)) for m in map(_CRITERION_FIELD.fullmatch, fields) if m}
    return sorted(found)


def _whole(text: str) -> int | None:
    return int(text) if re.fullmatch(r"\s*-?\d{1,4}\s*", text or "") else None


def levels(fields: Mapping[str, str]) -> list[int]:
    """The scale's levels as the form gives them; when min/max are not usable yet, the levels that
    have labels (so nothing typed disappears from the form)."""
    low, high = _whole(fields.get("scale_min", "")), _whole(fields.get("scale_max", ""))
    if low is not None and high is not None and low < high and high - low + 1 <= MAX_LEVELS:
        return list(range(low, high + 1))
    written = sorted({int(name[6:]) for name in fields if re.fullmatch(r"label_-?\d+", name)})
    return written or [1, 2, 3, 4, 5]


# --- actions -----------------------------------------------------------------------------------

def _renumber(fields: Mapping[str, str], order: list[int]) -> dict[str, str]:
    """The fields with the criteria in `order` (old indices), numbered 0, 1, 2… again."""
    rest = {name: value for name, value in fields.items() if not _CRITERION_FIELD.fullmatch(name)}
    for new, old in enumerate(order):
        for name, value in fields.items():
            found = _CRITERION_FIELD.fullmatch(name)
            if found and int(found.group(1)) == old:
                rest[f"c{new}_{found.group(2)}"] = value
    return rest


def apply(fields: Mapping[str, str], action: str) -> dict[str, str]:
    """The form after a builder action: "add" (an empty criterion at the end), "remove:<i>",
    "up:<i>" or "down:<i>" (move one place). Anything else changes nothing."""
    order = criteria_indices(fields)
    verb, _, target = action.partition(":")
    if verb == "add":
        if len(order) >= MAX_CRITERIA:
            return dict(fields)
        fresh = _renumber(fields, order)
        fresh.update({f"c{len(order)}_kind": "skill", f"c{len(order)}_weight": "1", f"c{len(order)}_key": "",
                      f"c{len(order)}_name": ""})
        return fresh
    moved = reordered(order, verb, target)
    return dict(fields) if moved is None else _renumber(fields, moved)


def reordered(order: list[int], verb: str, target: str) -> list[int] | None:
    """A list's item indices after "remove", "up" or "down" of the item `target` (its index as
    typed); None when `target` names no item. Both builders' lists move this way."""
    if not target.isdigit() or int(target) not in order:
        return None
    order, position = list(order), order.index(int(target))
    if verb == "remove":
        order.pop(position)
    elif verb == "up" and position > 0:
        order[position - 1], order[position] = order[position], order[position - 1]
    elif verb == "down" and position < len(order) - 1:
        order[position + 1], order[position] = order[position], order[position + 1]
    return order


# --- checks ------------------------------------------------------------------------------------

def check(fields: Mapping[str, str], *, new_key: bool = False, taken: frozenset[str] = frozenset()
          ) -> list[FieldError]:
    """Every field at fault, in form order ([] when the form makes a rubric the schema may accept).
    `new_key`: the key is typed (a new rubric), and must not be one of `taken`."""
    errors: list[FieldError] = []

    def need(name: str) -> str:
        value = _text(fields.get(name))
        if not value:
            errors.append(FieldError(name, EMPTY, {}))
        return value

    if new_key:
        key = need("key")
        if key and not RUBRIC_KEY.fullmatch(key):
            errors.append(FieldError("key", RUBRIC_KEY_RULE, {}))
        elif key in taken:
            errors.append(FieldError("key", KEY_TAKEN, {"key": key}))
    need("title")
    low, high = _whole(fields.get("scale_min", "")), _whole(fields.get("scale_max", ""))
    for name, value in (("scale_min", low), ("scale_max", high)):
        if value is None:
            errors.append(FieldError(name, WHOLE_RULE, {}))
    scale_ok = low is not None and high is not None
    if scale_ok and low >= high:
        errors.append(FieldError("scale_max", SCALE_ORDER, {}))
        scale_ok = False
    elif scale_ok and high - low + 1 > MAX_LEVELS:
        errors.append(FieldError("scale_max", SCALE_SIZE, {"count": MAX_LEVELS}))
        scale_ok = False
    shown = levels(fields)
    if scale_ok:
        for level in shown:
            need(f"label_{level}")
    order = criteria_indices(fields)
    if not order:
        errors.append(FieldError("", NO_CRITERIA, {}))
    if len(order) > MAX_CRITERIA:
        errors.append(FieldError("", TOO_MANY, {"count": MAX_CRITERIA}))
    seen: set[str] = set()
    for i in order:
        key = need(f"c{i}_key")
        if key and not CRITERION_KEY.fullmatch(key):
            errors.append(FieldError(f"c{i}_key", CRITERION_KEY_RULE, {}))
        elif key in seen:
            errors.append(FieldError(f"c{i}_key", DUPLICATE_KEY, {"key": key}))
        seen.add(key)
        need(f"c{i}_name")
        if _text(fields.get(f"c{i}_kind")) not in KINDS:
            errors.append(FieldError(f"c{i}_kind", KIND_RULE, {}))
        if weight_problem(_number(fields.get(f"c{i}_weight", ""))):
            errors.append(FieldError(f"c{i}_weight", WEIGHT_RULE, {"min": f"{MIN_WEIGHT:g}", "max": f"{MAX_WEIGHT:g}"}))
        need(f"c{i}_description")
        if scale_ok:
            for level in shown:
                need(f"c{i}_anchor_{level}")
        if not _questions(fields.get(f"c{i}_questions", "")):
            errors.append(FieldError(f"c{i}_questions", QUESTIONS_RULE, {}))
    return errors


def _number(text: str) -> Any:
    """A weight as typed, as the number it is ("1.5" → 1.5, "2" → 2), or the text when it is none."""
    value = _text(text).replace(",", ".") if re.fullmatch(r"\s*\d+,\d+\s*", text or "") else _text(text)
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    if re.fullmatch(r"-?(\d+\.\d*|\.\d+)", value):
        return float(value)
    return value


def _questions(text: str) -> list[str]:
    return [line for line in (_text(line) for line in (text or "").splitlines()) if line]


# --- the one schema ----------------------------------------------------------------------------

def data_of(fields: Mapping[str, str], *, key: str, version: str) -> dict[str, Any]:
    """The rubric as a file would hold it (plain data; numbers as numbers)."""
    shown = levels(fields)
    return {
        "key": key, "title": _text(fields.get("title")), "version": version,
        "description": _text(fields.get("description")),
        "scale": {"min": _whole(fields.get("scale_min", "")), "max": _whole(fields.get("scale_max", "")),
                  "labels": {level: _text(fields.get(f"label_{level}")) for level in shown}},
        "criteria": [
            {"key": _text(fields.get(f"c{i}_key")), "name": _text(fields.get(f"c{i}_name")),
             "kind": _text(fields.get(f"c{i}_kind")), "weight": _number(fields.get(f"c{i}_weight", "")),
             "description": _text(fields.get(f"c{i}_description")),
             "anchors": {level: _text(fields.get(f"c{i}_anchor_{level}")) for level in shown},
             "questions": _questions(fields.get(f"c{i}_questions", ""))}
            for i in criteria_indices(fields)
        ],
    }


def as_yaml(data: Mapping[str, Any]) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False
    yaml.allow_unicode = True
    yaml.width = 4096
    out = io.StringIO()
    yaml.dump(dict(data), out)
    return out.getvalue()


def build(fields: Mapping[str, str], *, key: str, version: str) -> tuple[Rubric | None, str, list[FieldError]]:
    """The rubric the form makes, read by the schema, with the YAML text it was read from; or None
    and what the schema refused (the builder's checks should have caught it first)."""
    text = as_yaml(data_of(fields, key=key, version=version))
    try:
        return parse_rubric(text, f"{key}.yaml"), text, []
    except RubricError as err:
        return None, text, [FieldError("", SCHEMA_PROBLEM, {"problem": str(problem)}) for problem in err.problems]
