"""The exercise builder's form, as plain data: an exercise ↔ the form's fields, the builder's actions
(add, remove and reorder the items of a list) and the checks that name the field at fault. Pure: no
Flask, no database. The twin of `hiring.rubrics.builder`.

The form is a flat mapping of field name → text, as a browser posts it (and as a draft is kept):

- ``key`` and ``type`` (a new exercise only), ``rubric``, ``title``, ``time_limit_minutes``,
  ``instructions``, ``criterion_<key>`` ("1") for each criterion of the rubric it evidences and
  ``criteria_order`` (their order in the exercise, keys separated by spaces);
- ``copy``: per task ``task<i>_platform``, ``_prompt``, ``_limit`` (optional);
- ``reply``: per comment ``comment<i>_key``, ``_author``, ``_kind``, ``_text``;
- ``analysis``: ``network_<platform>`` ("1") per network of the data set, ``dataset_posts``,
  ``dataset_weeks``; per question ``question<i>_key``, ``_prompt``, ``_label`` (optional),
  ``_check``, ``_tolerance``; and ``recommendation``;
- ``upload``: ``accept_<kind>`` ("1") per file type, ``upload_max_megabytes``,
  ``upload_max_pixels``, ``upload_rationale``;
- ``scenario``: per prompt ``prompt<i>_key``, ``_text``.

One schema: a form is written as YAML and read by `parse_exercise` against its rubric, the very code
that reads the files in ``rubrics/exercises/``; an exercise is saved only if that succeeds. The
checks here come first only to say what is wrong in the reader's language; whatever the schema
refuses besides is shown at the field whose line of the YAML it names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from hiring.exercises.schema import (
    CHECKS,
    COMMENT_KINDS,
    EXERCISE_KEY,
    ITEM_KEY,
    MAX_LENGTH_LIMIT,
    MAX_POSTS_PER_PLATFORM,
    MAX_TIME_LIMIT,
    MAX_UPLOAD_MEGABYTES,
    MAX_UPLOAD_PIXELS,
    MAX_WEEKS,
    METRICS,
    NUMERIC_CHECKS,
    PLATFORM_KEYS,
    RECOMMENDATION_ITEM,
    TYPES,
    Exercise,
    ExerciseError,
    parse_exercise,
)
from hiring.i18n import N_
from hiring.rubrics.builder import EMPTY, FieldError, as_yaml, reordered
from hiring.rubrics.schema import Rubric
from hiring.validation import typed_text
from hiring.yamlreader import Document

__all__ = ["LISTS", "FieldError", "apply", "build", "check", "clean", "exercise_yaml", "fields_of", "indices"]

#: Each type's lists: the list's field prefix → (its name in the file, the fields of one item).
LISTS: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {
    "copy": {"task": ("platforms", ("platform", "prompt", "limit"))},
    "reply": {"comment": ("comments", ("key", "author", "kind", "text"))},
    "analysis": {"question": ("questions", ("key", "prompt", "label", "check", "tolerance"))},
    "upload": {},
    "scenario": {"prompt": ("prompts", ("key", "text"))},
}
_ITEM_FIELD = re.compile(r"(task|comment|question|prompt)(\d+)_([a-z_]+)")
_COMMON = ("key", "type", "rubric", "criteria_order", "title", "time_limit_minutes", "instructions", "recommendation",
           "dataset_posts", "dataset_weeks", "upload_max_megabytes", "upload_max_pixels", "upload_rationale")
_FLAGS = re.compile(r"(criterion|network|accept)_([a-z0-9_-]+)")
#: The most items one list may have in the builder.
MAX_ITEMS = 40
#: Every check a question may use, as the form offers them.
CHECK_CHOICES = tuple(
    f"{name}:{argument}" for name, wants in CHECKS.items() if wants
    for argument in (PLATFORM_KEYS if wants == "platform" else METRICS)
) + tuple(name for name, wants in CHECKS.items() if not wants)

KEY_RULE = N_("Use lower-case letters, digits and hyphens only, as in launch-posts.")
KEY_TAKEN = N_("An exercise with the key “%(key)s” already exists: choose another, or edit that one.")
DUPLICATE_KEY = N_("Another item of this list already has the key “%(key)s”.")
RESERVED_KEY = N_("This key is kept for the recommendation: choose another.")
WHOLE_RANGE = N_("A whole number from %(min)s to %(max)s.")
NO_CRITERIA = N_("Tick at least one criterion of the rubric.")
NO_ITEMS = N_("Add at least one item to the list.")
NO_CHOICE = N_("Choose at least one.")
CHOOSE = N_("Choose one of the options.")
TOLERANCE_NEEDED = N_("This check has a number for an answer: say how far from the right one an answer may be.")
TOLERANCE_REFUSED = N_("This check has a choice for an answer: leave the tolerance empty.")
TOLERANCE_RULE = N_("A number greater than 0, such as 0.1.")
POSTS_RULE = N_("At least as many posts as weeks: every network posts every week.")
PLATFORM_TWICE = N_("Each network once: another task is for it already.")
UNKNOWN_RUBRIC = N_("Choose a rubric.")
SCHEMA_PROBLEM = N_("The exercise format refuses this: %(problem)s")


_text = typed_text  # line breaks as LF (browsers post CR LF), NFC, stripped


def _whole(text: Any) -> int | None:
    return int(text) if re.fullmatch(r"\s*-?\d{1,12}\s*", str(text or "")) else None


def _number(text: Any) -> int | float | str:
    value = _text(text).replace(",", ".") if re.fullmatch(r"\s*\d+,\d+\s*", str(text or "")) else _text(text)
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    if re.fullmatch(r"-?(\d+\.?\d*|\.\d+)([eE]-?\d+)?", value):
        return float(value)
    return value


# --- exercise ↔ fields ---------------------------------------------------------------------------

def fields_of(exercise: Exercise) -> dict[str, str]:
    """The form's fields for an exercise (to edit it, or to start from a copy)."""
    fields = {"key": exercise.key, "type": exercise.type, "rubric": exercise.rubric, "title": exercise.title,
              "time_limit_minutes": str(exercise.time_limit_minutes), "instructions": exercise.instructions}
    fields.update({f"criterion_{key}": "1" for key in exercise.criteria})
    fields["criteria_order"] = " ".join(exercise.criteria)
    for i, task in enumerate(exercise.platforms):
        fields.update({f"task{i}_platform": task.platform, f"task{i}_prompt": task.prompt,
                       f"task{i}_limit": "" if task.limit is None else str(task.limit)})
    for i, comment in enumerate(exercise.comments):
        fields.update({f"comment{i}_key": comment.key, f"comment{i}_author": comment.author,
                       f"comment{i}_kind": comment.kind, f"comment{i}_text": comment.text})
    if exercise.dataset is not None:
        fields.update({f"network_{platform}": "1" for platform in exercise.dataset.platforms})
        fields.update({"dataset_posts": str(exercise.dataset.posts_per_platform),
                       "dataset_weeks": str(exercise.dataset.weeks)})
    for i, question in enumerate(exercise.questions):
        fields.update({f"question{i}_key": question.key, f"question{i}_prompt": question.prompt,
                       f"question{i}_label": question.label, f"question{i}_check": question.check,
                       f"question{i}_tolerance": "" if question.tolerance is None else repr(question.tolerance)})
    if exercise.type == "analysis":
        fields["recommendation"] = exercise.recommendation
    if exercise.upload is not None:
        fields.update({f"accept_{kind}": "1" for kind in exercise.upload.accept})
        fields.update({"upload_max_megabytes": str(exercise.upload.max_megabytes),
                       "upload_max_pixels": str(exercise.upload.max_pixels),
                       "upload_rationale": exercise.upload.rationale})
    for i, prompt in enumerate(exercise.prompts):
        fields.update({f"prompt{i}_key": prompt.key, f"prompt{i}_text": prompt.text})
    return fields


def blank(kind: str, rubric: str) -> dict[str, str]:
    """A new exercise of type `kind`: its lists with one empty item each, sensible numbers."""
    fields = {"key": "", "type": kind, "rubric": rubric, "title": "", "time_limit_minutes": "20",
              "instructions": ""}
    return with_type_defaults(fields)


def with_type_defaults(fields: Mapping[str, str]) -> dict[str, str]:
    """The fields with what the form's type needs and does not have yet: an item in each empty list,
    the numbers of a data set or an upload."""
    fresh = dict(fields)
    kind = fresh.get("type", "")
    for prefix in LISTS.get(kind, {}):
        if not indices(fresh, prefix):
            fresh = apply(fresh, f"add:{prefix}")
    if kind == "analysis":
        fresh.setdefault("dataset_posts", "6")
        fresh.setdefault("dataset_weeks", "2")
    if kind == "upload":
        fresh.setdefault("upload_max_megabytes", "10")
        fresh.setdefault("upload_max_pixels", "40000000")
    return fresh


def clean(posted: Mapping[str, Any]) -> dict[str, str]:
    """The builder's own fields of a posted form (the CSRF token, the note and the like left out)."""
    return {name: str(value) for name, value in posted.items()
            if name in _COMMON or _ITEM_FIELD.fullmatch(name) or _FLAGS.fullmatch(name)}


def indices(fields: Mapping[str, str], prefix: str) -> list[int]:
    """The items of one list of the form (``task``, ``comment``, ``question``, ``prompt``), in order."""
    found = {int(m.group(2)) for m in map(_ITEM_FIELD.fullmatch, fields) if m and m.group(1) == prefix}
    return sorted(found)


def flags(fields: Mapping[str, str], group: str) -> list[str]:
    """What is ticked in one group of boxes (``criterion``, ``network``, ``accept``), in form order."""
    return [m.group(2) for m in map(_FLAGS.fullmatch, fields) if m and m.group(1) == group and fields[m.group(0)]]


def criteria(fields: Mapping[str, str]) -> list[str]:
    """The criteria ticked, in the exercise's own order (`criteria_order`: the boxes come back in the
    rubric's order, and the order is part of the exercise), any newly ticked after them."""
    order = (fields.get("criteria_order") or "").split()
    ticked = flags(fields, "criterion")
    return sorted(ticked, key=lambda key: (order.index(key) if key in order else len(order), ticked.index(key)))


# --- actions -------------------------------------------------------------------------------------

def _renumber(fields: Mapping[str, str], prefix: str, order: list[int]) -> dict[str, str]:
    rest = {name: value for name, value in fields.items()
            if not ((m := _ITEM_FIELD.fullmatch(name)) and m.group(1) == prefix)}
    for new, old in enumerate(order):
        for name, value in fields.items():
            found = _ITEM_FIELD.fullmatch(name)
            if found and found.group(1) == prefix and int(found.group(2)) == old:
                rest[f"{prefix}{new}_{found.group(3)}"] = value
    return rest


def apply(fields: Mapping[str, str], action: str) -> dict[str, str]:
    """The form after a builder action on one of its lists: "add:<list>" (an empty item at the end),
    "remove:<list>:<i>", "up:<list>:<i>" or "down:<list>:<i>". Anything else changes nothing."""
    verb, _, rest = action.partition(":")
    prefix, _, target = rest.partition(":")
    if not _ITEM_FIELD.fullmatch(f"{prefix}0_x"):
        return dict(fields)
    order = indices(fields, prefix)
    if verb == "add":
        if len(order) >= MAX_ITEMS:
            return dict(fields)
        fresh = _renumber(fields, prefix, order)
        _name, names = next(lists[prefix] for lists in LISTS.values() if prefix in lists)
        new = len(order)
        fresh.update({f"{prefix}{new}_{name}": "" for name in names})
        if prefix == "comment":
            fresh[f"comment{new}_kind"] = COMMENT_KINDS[0]
        if prefix == "task":
            used = {fields.get(f"task{i}_platform") for i in order}
            fresh[f"task{new}_platform"] = next((p for p in PLATFORM_KEYS if p not in used), PLATFORM_KEYS[0])
        return fresh
    moved = reordered(order, verb, target)
    return dict(fields) if moved is None else _renumber(fields, prefix, moved)


# --- checks --------------------------------------------------------------------------------------

def check(fields: Mapping[str, str], rubric: Rubric | None, *, new_key: bool = False,
          taken: frozenset[str] = frozenset()) -> list[FieldError]:
    """Every field at fault that the builder can name in the reader's language, in form order ([]
    when the schema may accept the form). `rubric`: the rubric chosen (None: none usable).
    `new_key`: the key is typed (a new exercise), and must not be one of `taken`."""
    errors: list[FieldError] = []

    def need(name: str) -> str:
        value = _text(fields.get(name))
        if not value:
            errors.append(FieldError(name, EMPTY, {}))
        return value

    def whole(name: str, low: int, high: int, *, optional: bool = False) -> int | None:
        text = _text(fields.get(name))
        if optional and not text:
            return None
        value = _whole(text)
        if value is None or not low <= value <= high:
            errors.append(FieldError(name, WHOLE_RANGE, {"min": low, "max": high}))
            return None
        return value

    def keys(prefix: str, *, reserved: str | None = None) -> None:
        seen: set[str] = set()
        for i in indices(fields, prefix):
            name = f"{prefix}{i}_key"
            key = need(name)
            if key and not ITEM_KEY.fullmatch(key):
                errors.append(FieldError(name, KEY_RULE, {}))
            elif key and key == reserved:
                errors.append(FieldError(name, RESERVED_KEY, {}))
            elif key in seen:
                errors.append(FieldError(name, DUPLICATE_KEY, {"key": key}))
            seen.add(key)

    def some(prefix: str) -> list[int]:
        found = indices(fields, prefix)
        if not found:
            errors.append(FieldError(f"list_{prefix}", NO_ITEMS, {}))
        return found

    kind = _text(fields.get("type"))
    if new_key:
        key = need("key")
        if key and not EXERCISE_KEY.fullmatch(key):
            errors.append(FieldError("key", KEY_RULE, {}))
        elif key in taken:
            errors.append(FieldError("key", KEY_TAKEN, {"key": key}))
    if kind not in TYPES:
        errors.append(FieldError("type", CHOOSE, {}))
    if rubric is None:
        errors.append(FieldError("rubric", UNKNOWN_RUBRIC, {}))
    need("title")
    ticked = flags(fields, "criterion")
    if rubric is not None and not [key for key in ticked if key in rubric.criterion_keys]:
        errors.append(FieldError("criteria", NO_CRITERIA, {}))
    whole("time_limit_minutes", 1, MAX_TIME_LIMIT)
    need("instructions")
    if kind == "copy":
        used: set[str] = set()
        for i in some("task"):
            platform = _text(fields.get(f"task{i}_platform"))
            if platform not in PLATFORM_KEYS:
                errors.append(FieldError(f"task{i}_platform", CHOOSE, {}))
            elif platform in used:
                errors.append(FieldError(f"task{i}_platform", PLATFORM_TWICE, {}))
            used.add(platform)
            need(f"task{i}_prompt")
            whole(f"task{i}_limit", 1, MAX_LENGTH_LIMIT, optional=True)
    elif kind == "reply":
        some("comment")
        keys("comment")
        for i in indices(fields, "comment"):
            need(f"comment{i}_author")
            if _text(fields.get(f"comment{i}_kind")) not in COMMENT_KINDS:
                errors.append(FieldError(f"comment{i}_kind", CHOOSE, {}))
            need(f"comment{i}_text")
    elif kind == "analysis":
        if not flags(fields, "network"):
            errors.append(FieldError("networks", NO_CHOICE, {}))
        posts = whole("dataset_posts", 1, MAX_POSTS_PER_PLATFORM)
        weeks = whole("dataset_weeks", 2, MAX_WEEKS)
        if posts is not None and weeks is not None and posts < weeks:
            errors.append(FieldError("dataset_posts", POSTS_RULE, {}))
        some("question")
        keys("question", reserved=RECOMMENDATION_ITEM)
        for i in indices(fields, "question"):
            need(f"question{i}_prompt")
            check_name = _text(fields.get(f"question{i}_check"))
            if check_name not in CHECK_CHOICES:
                errors.append(FieldError(f"question{i}_check", CHOOSE, {}))
            tolerance = _number(fields.get(f"question{i}_tolerance"))
            numeric = check_name.partition(":")[0] in NUMERIC_CHECKS
            if tolerance == "" and numeric:
                errors.append(FieldError(f"question{i}_tolerance", TOLERANCE_NEEDED, {}))
            elif tolerance != "" and check_name in CHECK_CHOICES and not numeric:
                errors.append(FieldError(f"question{i}_tolerance", TOLERANCE_REFUSED, {}))
            elif tolerance != "" and (isinstance(tolerance, str) or not tolerance > 0):
                errors.append(FieldError(f"question{i}_tolerance", TOLERANCE_RULE, {}))
        need("recommendation")
    elif kind == "upload":
        if not flags(fields, "accept"):
            errors.append(FieldError("accept", NO_CHOICE, {}))
        whole("upload_max_megabytes", 1, MAX_UPLOAD_MEGABYTES)
        whole("upload_max_pixels", 1, MAX_UPLOAD_PIXELS)
        need("upload_rationale")
    elif kind == "scenario":
        some("prompt")
        keys("prompt")
        for i in indices(fields, "prompt"):
            need(f"prompt{i}_text")
    return errors


# --- the one schema --------------------------------------------------------------------------------

def _places(fields: Mapping[str, str]) -> dict[str, tuple[str | int, ...]]:
    """Where each field of the form is in the exercise's file: field name → path."""
    places: dict[str, tuple[str | int, ...]] = {name: (name,) for name in (
        "key", "type", "rubric", "title", "time_limit_minutes", "instructions", "recommendation")}
    places.update({"criteria": ("criteria",), "networks": ("dataset", "platforms"),
                   "dataset_posts": ("dataset", "posts_per_platform"), "dataset_weeks": ("dataset", "weeks"),
                   "accept": ("upload", "accept"), "upload_max_megabytes": ("upload", "max_megabytes"),
                   "upload_max_pixels": ("upload", "max_pixels"), "upload_rationale": ("upload", "rationale")})
    for lists in LISTS.values():
        for prefix, (name, names) in lists.items():
            places[f"list_{prefix}"] = (name,)
            for position, i in enumerate(indices(fields, prefix)):
                places.update({f"{prefix}{i}_{field}": (name, position, field) for field in names})
    return places


def data_of(fields: Mapping[str, str], *, key: str) -> dict[str, Any]:
    """The exercise as a file would hold it (plain data; numbers as numbers; empty optional fields
    left out), fields in the README's order."""
    kind = _text(fields.get("type"))
    time_limit = _whole(fields.get("time_limit_minutes"))
    data: dict[str, Any] = {
        "key": key, "title": _text(fields.get("title")), "type": kind, "rubric": _text(fields.get("rubric")),
        "criteria": criteria(fields),
        "time_limit_minutes": time_limit if time_limit is not None else _text(fields.get("time_limit_minutes")),
        "instructions": _text(fields.get("instructions")),
    }

    def number(name: str) -> Any:
        value = _whole(fields.get(name))
        return value if value is not None else _text(fields.get(name))

    if kind == "copy":
        data["platforms"] = []
        for i in indices(fields, "task"):
            task: dict[str, Any] = {"platform": _text(fields.get(f"task{i}_platform")),
                                    "prompt": _text(fields.get(f"task{i}_prompt"))}
            if _text(fields.get(f"task{i}_limit")):
                task["limit"] = number(f"task{i}_limit")
            data["platforms"].append(task)
    elif kind == "reply":
        data["comments"] = [{field: _text(fields.get(f"comment{i}_{field}")) for field in ("key", "author", "kind",
                                                                                           "text")}
                            for i in indices(fields, "comment")]
    elif kind == "analysis":
        data["dataset"] = {"platforms": flags(fields, "network"), "posts_per_platform": number("dataset_posts"),
                           "weeks": number("dataset_weeks")}
        data["questions"] = []
        for i in indices(fields, "question"):
            question: dict[str, Any] = {"key": _text(fields.get(f"question{i}_key")),
                                        "prompt": _text(fields.get(f"question{i}_prompt"))}
            if _text(fields.get(f"question{i}_label")):
                question["label"] = _text(fields.get(f"question{i}_label"))
            question["check"] = _text(fields.get(f"question{i}_check"))
            if _text(fields.get(f"question{i}_tolerance")):
                question["tolerance"] = _number(fields.get(f"question{i}_tolerance"))
            data["questions"].append(question)
        data["recommendation"] = _text(fields.get("recommendation"))
    elif kind == "upload":
        data["upload"] = {"accept": flags(fields, "accept"), "max_megabytes": number("upload_max_megabytes"),
                          "max_pixels": number("upload_max_pixels"),
                          "rationale": _text(fields.get("upload_rationale"))}
    elif kind == "scenario":
        data["prompts"] = [{"key": _text(fields.get(f"prompt{i}_key")), "text": _text(fields.get(f"prompt{i}_text"))}
                           for i in indices(fields, "prompt")]
    return data


def exercise_yaml(exercise: Exercise) -> str:
    """An exercise as a YAML file `parse_exercise` reads back with the same content hash."""
    return as_yaml(data_of(fields_of(exercise), key=exercise.key))


def build(fields: Mapping[str, str], rubric: Rubric | None, *, key: str
          ) -> tuple[Exercise | None, str, list[FieldError]]:
    """The exercise the form makes, read by the schema against `rubric`, with the YAML text it was
    read from; or None and what the schema refused, each problem at the field on its line."""
    text = as_yaml(data_of(fields, key=key))
    try:
        return parse_exercise(text, f"{key}.yaml", rubric), text, []
    except ExerciseError as err:
        lines = Document(text, f"{key}.yaml", ExerciseError).lines
        at_line = {}
        for name, path in _places(fields).items():
            if path in lines:
                at_line.setdefault(lines[path], name)
        errors = []
        for problem in err.problems:
            field = at_line.get(problem.line, "") if problem.line is not None else ""
            errors.append(FieldError(field, SCHEMA_PROBLEM, {"problem": problem.message}))
        return None, text, errors
