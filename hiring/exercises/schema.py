"""Exercise files: read, validate and serialise the work samples kept in ``rubrics/exercises/``.

An exercise is one timed task a candidate completes from an invitation link: write posts for named
networks (``copy``), answer a comment thread (``reply``), analyse a generated data set
(``analysis``), upload a visual for a design brief (``upload``) or answer open prompts
(``scenario``). Each evidences some criteria of one rubric.

This module is pure: text in, immutable values out. It imports neither Flask nor the database.
Files are read with ``hiring.yamlreader``, like rubrics, so problems are reported the same way
(``file:line: message``) and duplicate keys are caught.

The format, with an example of each type, is documented in ``rubrics/exercises/README.md``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node

from hiring.exercises.platforms import PLATFORMS
from hiring.rubrics.schema import CRITERION_KEY, RUBRIC_KEY, Rubric
from hiring.yamlreader import (
    Field,
    Problem,
    ProblemsError,
    Reader,
    check_files,
    compose,
    describe,
    item_name,
    line_of,
    one_of,
    read_utf8,
)

log = logging.getLogger(__name__)

TYPES = ("copy", "reply", "analysis", "upload", "scenario")
PLATFORM_KEYS = tuple(PLATFORMS)  # x, instagram, linkedin, tiktok, facebook, threads, youtube
COMMENT_KINDS = ("complaint", "troll", "question", "crisis")
UPLOAD_KINDS = ("png", "jpeg", "pdf")
METRICS = ("impressions", "reach", "engagements", "clicks")
# Check name -> what follows the colon ("platform", "metric") or None for a check without one.
CHECKS = {
    "engagement_rate": "platform",
    "click_through_rate": "platform",
    "follower_growth": "platform",
    "week_over_week": "metric",
    "best_platform": None,
    "best_post": None,
}
NUMERIC_CHECKS = ("engagement_rate", "click_through_rate", "follower_growth", "week_over_week")
CHECK_FORMS = (
    "engagement_rate:<platform>",
    "click_through_rate:<platform>",
    "follower_growth:<platform>",
    "week_over_week:<metric>",
    "best_platform",
    "best_post",
)

EXERCISE_KEY = re.compile(r"[a-z0-9-]+")
ITEM_KEY = re.compile(r"[a-z0-9-]+")
MAX_TIME_LIMIT = 240  # minutes
MAX_LENGTH_LIMIT = 100_000  # characters, for a platform's `limit`
MAX_POSTS_PER_PLATFORM = 50
MAX_WEEKS = 12
# The app refuses requests over 16 MB (MAX_CONTENT_LENGTH), and an upload travels with a form.
MAX_UPLOAD_MEGABYTES = 15
MEGABYTE = 1024 * 1024
# Below Pillow's decompression-bomb warning (about 89 million pixels).
MAX_UPLOAD_PIXELS = 80_000_000

# Item keys the app uses for fixed answer slots; a question or prompt may not take them.
RECOMMENDATION_ITEM = "recommendation"
FILE_ITEM = "file"
RATIONALE_ITEM = "rationale"


# --- The values other modules use -------------------------------------------------------------


@dataclass(frozen=True)
class PlatformTask:
    """``copy``: one post to write for one network. ``limit`` overrides the network's own limit."""

    platform: str
    prompt: str
    limit: int | None = None


@dataclass(frozen=True)
class Comment:
    """``reply``: one comment of the thread, answered on its own."""

    key: str
    author: str
    kind: str
    text: str


@dataclass(frozen=True)
class DatasetSpec:
    """``analysis``: the shape of the data set generated for each invitation."""

    platforms: tuple[str, ...]
    posts_per_platform: int
    weeks: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "platforms", tuple(self.platforms))


@dataclass(frozen=True)
class Question:
    """``analysis``: an auto-graded question; ``tolerance`` is in the answer's unit (points of %).

    ``label`` is an optional short name for where the prompt would not fit (the reviewer's table of
    auto-graded answers); ``caption`` falls back to the prompt.
    """

    key: str
    prompt: str
    check: str
    tolerance: float | None = None
    label: str = ""

    @property
    def caption(self) -> str:
        return self.label or self.prompt

    @property
    def numeric(self) -> bool:
        """True for a number answer, False for a choice (a platform or a post_id)."""
        return self.check.partition(":")[0] in NUMERIC_CHECKS


@dataclass(frozen=True)
class UploadSpec:
    """``upload``: which files are accepted, how large, and the prompt for the rationale."""

    accept: tuple[str, ...]
    max_bytes: int
    max_pixels: int
    rationale: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "accept", tuple(self.accept))


@dataclass(frozen=True)
class Prompt:
    """``scenario``: one open question answered in free text."""

    key: str
    text: str


@dataclass(frozen=True)
class Item:
    """One answer slot the candidate fills in: ``kind`` is "text", "number", "choice" or "file"."""

    key: str
    label: str
    kind: str


@dataclass(frozen=True)
class Exercise:
    """A complete, valid exercise. Only the fields of its ``type`` are set; the others stay empty."""

    key: str
    title: str
    type: str
    rubric: str
    criteria: tuple[str, ...]
    time_limit_minutes: int
    instructions: str
    platforms: tuple[PlatformTask, ...] = ()
    comments: tuple[Comment, ...] = ()
    dataset: DatasetSpec | None = None
    questions: tuple[Question, ...] = ()
    recommendation: str = ""
    upload: UploadSpec | None = None
    prompts: tuple[Prompt, ...] = ()

    def __post_init__(self) -> None:
        for name in ("criteria", "platforms", "comments", "questions", "prompts"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    def items(self) -> list[Item]:
        """The answer slots, in the order the candidate sees them.

        copy: one per platform (key = platform); reply: one per comment; analysis: one per
        question (number or choice) and "recommendation"; upload: "file" and "rationale";
        scenario: one per prompt.
        """
        if self.type == "copy":
            return [Item(task.platform, PLATFORMS[task.platform].name, "text") for task in self.platforms]
        if self.type == "reply":
            return [Item(comment.key, f"Reply to {comment.author}", "text") for comment in self.comments]
        if self.type == "analysis":
            questions = [Item(q.key, q.prompt, "number" if q.numeric else "choice") for q in self.questions]
            return [*questions, Item(RECOMMENDATION_ITEM, self.recommendation, "text")]
        if self.type == "upload":
            rationale = self.upload.rationale if self.upload else ""
            return [Item(FILE_ITEM, "Your design", "file"), Item(RATIONALE_ITEM, rationale, "text")]
        if self.type == "scenario":
            return [Item(prompt.key, prompt.text, "text") for prompt in self.prompts]
        return []

    def question(self, key: str) -> Question | None:
        """``analysis``: the question with this key, if there is one."""
        return next((q for q in self.questions if q.key == key), None)

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-able dict that ``from_dict`` reads back exactly.

        Empty type-specific fields are left out, so a snapshot holds only what its type uses.
        """
        data: dict[str, Any] = {
            "key": self.key,
            "title": self.title,
            "type": self.type,
            "rubric": self.rubric,
            "criteria": list(self.criteria),
            "time_limit_minutes": self.time_limit_minutes,
            "instructions": self.instructions,
        }
        if self.platforms:
            data["platforms"] = [
                {"platform": task.platform, "prompt": task.prompt, "limit": task.limit}
                for task in self.platforms
            ]
        if self.comments:
            data["comments"] = [
                {"key": c.key, "author": c.author, "kind": c.kind, "text": c.text} for c in self.comments
            ]
        if self.dataset is not None:
            data["dataset"] = {
                "platforms": list(self.dataset.platforms),
                "posts_per_platform": self.dataset.posts_per_platform,
                "weeks": self.dataset.weeks,
            }
        if self.questions:
            data["questions"] = [
                {"key": q.key, "prompt": q.prompt, "check": q.check, "tolerance": q.tolerance,
                 **({"label": q.label} if q.label else {})}
                for q in self.questions
            ]
        if self.recommendation:
            data["recommendation"] = self.recommendation
        if self.upload is not None:
            data["upload"] = {
                "accept": list(self.upload.accept),
                "max_bytes": self.upload.max_bytes,
                "max_pixels": self.upload.max_pixels,
                "rationale": self.upload.rationale,
            }
        if self.prompts:
            data["prompts"] = [{"key": p.key, "text": p.text} for p in self.prompts]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Exercise:
        """Rebuild an exercise from ``to_dict`` output (e.g. an invitation's JSON snapshot).

        It trusts its input, which was validated when the file was parsed.
        """
        dataset = data.get("dataset")
        upload = data.get("upload")
        return cls(
            key=data["key"],
            title=data["title"],
            type=data["type"],
            rubric=data["rubric"],
            criteria=tuple(data["criteria"]),
            time_limit_minutes=int(data["time_limit_minutes"]),
            instructions=data["instructions"],
            platforms=tuple(
                PlatformTask(t["platform"], t["prompt"], None if t.get("limit") is None else int(t["limit"]))
                for t in data.get("platforms", ())
            ),
            comments=tuple(
                Comment(c["key"], c["author"], c["kind"], c["text"]) for c in data.get("comments", ())
            ),
            dataset=None
            if dataset is None
            else DatasetSpec(
                tuple(dataset["platforms"]), int(dataset["posts_per_platform"]), int(dataset["weeks"])
            ),
            questions=tuple(
                Question(
                    q["key"],
                    q["prompt"],
                    q["check"],
                    None if q.get("tolerance") is None else float(q["tolerance"]),
                    q.get("label", ""),
                )
                for q in data.get("questions", ())
            ),
            recommendation=data.get("recommendation", ""),
            upload=None
            if upload is None
            else UploadSpec(
                tuple(upload["accept"]),
                int(upload["max_bytes"]),
                int(upload["max_pixels"]),
                upload["rationale"],
            ),
            prompts=tuple(Prompt(p["key"], p["text"]) for p in data.get("prompts", ())),
        )

    @property
    def content_hash(self) -> str:
        """SHA-256 (hex) of the canonical JSON of ``to_dict()``.

        Layout, comments and key order in the file do not change it; any change of meaning does.
        """
        canonical = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --- Problems ------------------------------------------------------------------------------------

ExerciseProblem = Problem
"""One thing wrong with an exercise file (file, line, message); str() is ``file:line: message``."""


class ExerciseError(ProblemsError):
    """An exercise could not be read; ``problems`` lists everything found, one per line in str()."""


# --- Reading the YAML node tree ------------------------------------------------------------------

# The fields only one type uses: required for it, refused for the others.
TYPE_FIELDS = {
    "copy": ("platforms",),
    "reply": ("comments",),
    "analysis": ("dataset", "questions", "recommendation"),
    "upload": ("upload",),
    "scenario": ("prompts",),
}
# Allowed fields of each mapping: name -> required (type-specific fields are checked separately).
_EXERCISE_FIELDS = {
    "key": True,
    "title": True,
    "type": True,
    "rubric": True,
    "criteria": True,
    "time_limit_minutes": True,
    "instructions": True,
    **{name: False for names in TYPE_FIELDS.values() for name in names},
}
_TASK_FIELDS = {"platform": True, "prompt": True, "limit": False}
_COMMENT_FIELDS = {"key": True, "author": True, "kind": True, "text": True}
_DATASET_FIELDS = {"platforms": True, "posts_per_platform": True, "weeks": True}
_QUESTION_FIELDS = {"key": True, "label": False, "prompt": True, "check": True, "tolerance": False}
_UPLOAD_FIELDS = {"accept": True, "max_megabytes": True, "max_pixels": True, "rationale": True}
_PROMPT_FIELDS = {"key": True, "text": True}


class _Reader(Reader):
    """The generic reader plus the parts of an exercise (see ``hiring.yamlreader.Reader``).

    ``rubrics`` are the rubrics an exercise may name (None: do not check the rubric or criteria).
    With ``other_rubrics_ok``, an exercise naming a rubric outside ``rubrics`` is not a problem
    (``exercises_for`` skips it); otherwise it is.
    """

    def __init__(
        self, filename: str, rubrics: Mapping[str, Rubric] | None, other_rubrics_ok: bool = False
    ) -> None:
        super().__init__(filename)
        self.rubrics = rubrics
        self.other_rubrics_ok = other_rubrics_ok

    def read_exercise(self, root: Node | None) -> Exercise | None:
        if root is None:
            self.problem(None, "the file is empty; an exercise needs " + ", ".join(_required_fields()))
            return None
        if not isinstance(root, MappingNode):
            self.problem(line_of(root), f"an exercise must be a mapping of fields, not {describe(root)}")
            return None
        fields = self.read_fields(root, line_of(root), "", _EXERCISE_FIELDS)
        if fields is None:
            return None
        kind = self.read_choice(fields.get("type"), "", "type", TYPES)
        rubric_key = self.read_key(fields.get("rubric"), "", RUBRIC_KEY, name="rubric")
        rubric = self.resolve_rubric(fields.get("rubric"), rubric_key)
        values: dict[str, Any] = {
            "key": self.read_key(fields.get("key"), "", EXERCISE_KEY),
            "title": self.read_text(fields.get("title"), "", "title"),
            "type": kind,
            "rubric": rubric_key,
            "criteria": self.read_criteria(fields.get("criteria"), rubric),
            "time_limit_minutes": self.read_integer(
                fields.get("time_limit_minutes"), "", "time_limit_minutes", 1, MAX_TIME_LIMIT
            ),
            "instructions": self.read_text(fields.get("instructions"), "", "instructions"),
        }
        values.update(self.read_type_fields(root, fields, kind))
        if None in values.values():
            return None
        return Exercise(**values)

    def resolve_rubric(self, found: Field | None, key: str | None) -> Rubric | None:
        """The rubric the exercise names, when rubrics are given and it is one of them."""
        if self.rubrics is None or key is None:
            return None
        if key in self.rubrics:
            return self.rubrics[key]
        if not self.other_rubrics_ok:
            known = ", ".join(sorted(self.rubrics)) or "none"
            self.problem(found.line, f"unknown rubric '{key}' (known rubrics: {known})")
        return None

    def read_criteria(self, found: Field | None, rubric: Rubric | None) -> tuple[str, ...] | None:
        """Criterion keys, at least one, each once, each a criterion of the rubric if it is known."""

        def read_one(item: Field) -> str | None:
            key = self.read_key(item, "", CRITERION_KEY, name="criterion")
            if key is not None and rubric is not None and key not in rubric.criterion_keys:
                known = ", ".join(rubric.criterion_keys)
                self.problem(
                    item.line, f"criterion '{key}' is not in rubric '{rubric.key}' (its criteria: {known})"
                )
                return None
            return key

        return self.read_distinct(found, "", "criteria", "criterion", read_one)

    def read_type_fields(self, root: Node, fields: Mapping[str, Field], kind: str | None) -> dict[str, Any]:
        """The fields of the exercise's type; fields of other types are refused.

        With an unknown type, whatever type-specific fields are present are still checked, so one
        run reports as much as possible.
        """
        wanted = TYPE_FIELDS.get(kind, ())
        for name in _type_field_names():
            if kind is not None and name in fields and name not in wanted:
                owner = next(type_ for type_, names in TYPE_FIELDS.items() if name in names)
                self.problem(fields[name].line, f"field '{name}' is only for {owner} exercises, not {kind}")
        for name in wanted:
            if name not in fields:
                self.problem(line_of(root), f"missing required field '{name}' ({kind} exercises need it)")
        readable = (
            wanted if kind is not None else tuple(name for name in _type_field_names() if name in fields)
        )
        values: dict[str, Any] = {}
        dataset = None
        if "dataset" in readable:
            dataset = values["dataset"] = self.read_dataset(fields.get("dataset"))
        if "platforms" in readable:
            values["platforms"] = self.read_keyed_list(
                fields.get("platforms"),
                "",
                "platforms",
                "platform",
                self.read_task,
                key="platform",
                label="platform",
            )
        if "comments" in readable:
            values["comments"] = self.read_keyed_list(
                fields.get("comments"), "", "comments", "comment", self.read_comment
            )
        if "questions" in readable:
            values["questions"] = self.read_keyed_list(
                fields.get("questions"),
                "",
                "questions",
                "question",
                lambda node, number: self.read_question(node, number, dataset),
            )
        if "recommendation" in readable:
            values["recommendation"] = self.read_text(fields.get("recommendation"), "", "recommendation")
        if "upload" in readable:
            values["upload"] = self.read_upload(fields.get("upload"))
        if "prompts" in readable:
            values["prompts"] = self.read_keyed_list(
                fields.get("prompts"), "", "prompts", "prompt", self.read_prompt
            )
        return values

    # copy

    def read_task(self, node: Node, number: int) -> PlatformTask | None:
        where = f"platform {item_name(node, number, 'platform')}: "
        fields = self.read_fields(node, line_of(node), where, _TASK_FIELDS)
        if fields is None:
            return None
        platform = self.read_choice(fields.get("platform"), where, "platform", PLATFORM_KEYS)
        prompt = self.read_text(fields.get("prompt"), where, "prompt")
        limit = None
        if "limit" in fields:
            limit = self.read_integer(fields["limit"], where, "limit", 1, MAX_LENGTH_LIMIT)
            if limit is None:
                return None
        if platform is None or prompt is None:
            return None
        return PlatformTask(platform, prompt, limit)

    # reply

    def read_comment(self, node: Node, number: int) -> Comment | None:
        where = f"comment {item_name(node, number)}: "
        fields = self.read_fields(node, line_of(node), where, _COMMENT_FIELDS)
        if fields is None:
            return None
        values = {
            "key": self.read_key(fields.get("key"), where, ITEM_KEY),
            "author": self.read_text(fields.get("author"), where, "author"),
            "kind": self.read_choice(fields.get("kind"), where, "kind", COMMENT_KINDS),
            "text": self.read_text(fields.get("text"), where, "text"),
        }
        return None if None in values.values() else Comment(**values)

    # analysis

    def read_dataset(self, found: Field | None) -> DatasetSpec | None:
        if found is None:
            return None
        where = "dataset: "
        fields = self.read_fields(found.node, found.line, where, _DATASET_FIELDS)
        if fields is None:
            return None
        platforms = self.read_platform_list(fields.get("platforms"), where)
        # The generator needs two weeks at least (week-over-week checks), and a post every week.
        weeks = self.read_integer(fields.get("weeks"), where, "weeks", 2, MAX_WEEKS)
        posts = self.read_integer(
            fields.get("posts_per_platform"), where, "posts_per_platform", 1, MAX_POSTS_PER_PLATFORM
        )
        if posts is not None and weeks is not None and posts < weeks:
            self.problem(
                fields["posts_per_platform"].line,
                f"{where}posts_per_platform ({posts}) must be at least weeks ({weeks}): "
                "every platform posts every week",
            )
            return None
        if platforms is None or weeks is None or posts is None:
            return None
        return DatasetSpec(platforms, posts, weeks)

    def read_platform_list(self, found: Field | None, where: str) -> tuple[str, ...] | None:
        return self.read_distinct(
            found,
            where,
            "platforms",
            "platform",
            lambda item: self.read_choice(item, where, "platform", PLATFORM_KEYS),
        )

    def read_question(self, node: Node, number: int, dataset: DatasetSpec | None) -> Question | None:
        where = f"question {item_name(node, number)}: "
        fields = self.read_fields(node, line_of(node), where, _QUESTION_FIELDS)
        if fields is None:
            return None
        key = self.read_key(fields.get("key"), where, ITEM_KEY)
        if key == RECOMMENDATION_ITEM:
            self.problem(
                fields["key"].line,
                f"{where}key '{key}' is taken by the recommendation answer; choose another",
            )
            key = None
        label = self.read_text(fields.get("label"), where, "label", required=False)
        prompt = self.read_text(fields.get("prompt"), where, "prompt")
        check = self.read_text(fields.get("check"), where, "check")
        if check is not None:
            problem = _check_problem(check, dataset)
            if problem:
                self.problem(fields["check"].line, f"{where}{problem}")
                check = None
        tolerance = None
        if "tolerance" in fields:
            tolerance = self.read_number(fields["tolerance"], where, "tolerance")
            if tolerance is not None and not (math.isfinite(tolerance) and tolerance > 0):
                self.problem(
                    fields["tolerance"].line, f"{where}tolerance must be greater than 0, not {tolerance:g}"
                )
                return None
            if tolerance is None:
                return None
        if check is not None:
            numeric = check.partition(":")[0] in NUMERIC_CHECKS
            if numeric and tolerance is None:
                self.problem(
                    line_of(node),
                    f"{where}check '{check}' has a number for an answer, so it needs a tolerance "
                    "(in percentage points, e.g. tolerance: 0.1)",
                )
                return None
            if not numeric and tolerance is not None:
                self.problem(
                    fields["tolerance"].line,
                    f"{where}check '{check}' has a choice for an answer; remove the tolerance",
                )
                return None
        if key is None or label is None or prompt is None or check is None:
            return None
        return Question(key, prompt, check, tolerance, label)

    # upload

    def read_upload(self, found: Field | None) -> UploadSpec | None:
        if found is None:
            return None
        where = "upload: "
        fields = self.read_fields(found.node, found.line, where, _UPLOAD_FIELDS)
        if fields is None:
            return None
        accept = self.read_distinct(
            fields.get("accept"),
            where,
            "accept",
            "file type",
            lambda item: self.read_choice(item, where, "accept", UPLOAD_KINDS),
        )
        megabytes = self.read_integer(
            fields.get("max_megabytes"), where, "max_megabytes", 1, MAX_UPLOAD_MEGABYTES
        )
        pixels = self.read_integer(fields.get("max_pixels"), where, "max_pixels", 1, MAX_UPLOAD_PIXELS)
        rationale = self.read_text(fields.get("rationale"), where, "rationale")
        if accept is None or megabytes is None or pixels is None or rationale is None:
            return None
        return UploadSpec(accept, megabytes * MEGABYTE, pixels, rationale)

    # scenario

    def read_prompt(self, node: Node, number: int) -> Prompt | None:
        where = f"prompt {item_name(node, number)}: "
        fields = self.read_fields(node, line_of(node), where, _PROMPT_FIELDS)
        if fields is None:
            return None
        key = self.read_key(fields.get("key"), where, ITEM_KEY)
        text = self.read_text(fields.get("text"), where, "text")
        return None if key is None or text is None else Prompt(key, text)


def _required_fields() -> list[str]:
    return [name for name, required in _EXERCISE_FIELDS.items() if required]


def _type_field_names() -> list[str]:
    return [name for name, required in _EXERCISE_FIELDS.items() if not required]


def _check_problem(check: str, dataset: DatasetSpec | None) -> str | None:
    """Why a question's ``check`` is unusable, or None if it is fine.

    A platform must be one of the dataset's; without a usable dataset (a problem reported on its
    own), one of the known platforms.
    """
    name, colon, argument = check.partition(":")
    if name not in CHECKS:
        return f"check '{check}' is not a check; use one of {', '.join(CHECK_FORMS)}"
    wants = CHECKS[name]
    if wants is None:
        return f"check '{name}' takes nothing after it; write '{name}'" if colon else None
    if not argument:
        example = "instagram" if wants == "platform" else "reach"
        return f"check '{name}' needs a {wants}, e.g. '{name}:{example}'"
    if wants == "metric":
        return None if argument in METRICS else f"check '{check}': the metric must be {one_of(METRICS)}"
    if dataset is not None and argument not in dataset.platforms:
        return (
            f"check '{check}': platform '{argument}' is not in dataset.platforms "
            f"({', '.join(dataset.platforms)})"
        )
    if argument not in PLATFORM_KEYS:
        return f"check '{check}': the platform must be {one_of(PLATFORM_KEYS)}"
    return None


# --- Public entry points -------------------------------------------------------------------------


def _parse(
    text: str, filename: str, rubrics: Mapping[str, Rubric] | None, other_rubrics_ok: bool
) -> Exercise:
    reader = _Reader(filename, rubrics, other_rubrics_ok)
    root = compose(text, filename, ExerciseError)
    return reader.finish(reader.read_exercise(root), ExerciseError)


def parse_exercise(text: str, filename: str = "<string>", rubric: Rubric | None = None) -> Exercise:
    """Parse and validate exercise YAML; ExerciseError lists every problem found, in file order.

    With a ``rubric``, the exercise must name it and evidence only its criteria.
    """
    return _parse(text, filename, None if rubric is None else {rubric.key: rubric}, False)


def load_exercise(path: str | Path, rubric: Rubric | None = None) -> Exercise:
    """Read a UTF-8 exercise file and parse it; problems name the file as given."""
    return parse_exercise(read_utf8(path, ExerciseError), str(path), rubric)


def _check(
    paths: Iterable[str | Path], rubrics: Mapping[str, Rubric], other_rubrics_ok: bool
) -> tuple[list[Exercise], list[Problem]]:
    def load(path: Path) -> Exercise:
        return _parse(read_utf8(path, ExerciseError), str(path), rubrics, other_rubrics_ok)

    return check_files(paths, load, lambda exercise: exercise.key, ExerciseError, "exercise")


def check_exercise_paths(
    paths: Iterable[str | Path], rubrics: Mapping[str, Rubric]
) -> tuple[list[Exercise], list[Problem]]:
    """Validate every exercise file under ``paths`` against ``rubrics`` (rubric key -> rubric).

    A folder contributes its ``*.yaml``/``*.yml`` files (not README.md, not sub-folders). Returns
    the valid exercises and all problems, including missing paths, an unknown rubric and an
    exercise key used by more than one file.
    """
    return _check(paths, rubrics, other_rubrics_ok=False)


def exercises_for(folder: str | Path, rubric: Rubric) -> list[Exercise]:
    """The valid exercises of ``rubric`` in ``folder``, sorted by key ([] if there is no folder).

    Exercises of other rubrics are skipped quietly; broken files are skipped with a logged warning
    (``check_exercise_paths`` reports them in full).
    """
    if not Path(folder).is_dir():
        return []
    exercises, problems = _check([folder], {rubric.key: rubric}, other_rubrics_ok=True)
    for problem in problems:
        log.warning("exercise skipped: %s", problem)
    return sorted((e for e in exercises if e.rubric == rubric.key), key=lambda exercise: exercise.key)
