"""Exercise files: the work samples kept in ``rubrics/exercises/``, their rules and their snapshots.

An exercise is one timed task a candidate completes from an invitation link: write posts for named
networks (``copy``), answer a comment thread (``reply``), analyse a generated data set
(``analysis``), upload a visual for a design brief (``upload``) or answer open prompts
(``scenario``). Each evidences some criteria of one rubric.

One dataclass per type, tagged by ``type`` (a pydantic discriminated union), each knowing its own
answer slots. Like rubrics, the dataclasses are the one definition of the files, their rules and the
snapshots stored with invitations; ``hiring.yamlreader`` reports problems as ``file:line: message``.
The module is pure: no Flask, no database.

The format, with an example of each type, is documented in ``rubrics/exercises/README.md``.
"""

import hashlib
import json
import logging
import math
import re
from collections.abc import Iterable, Mapping
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    computed_field,
    field_validator,
)
from pydantic.dataclasses import dataclass

from hiring.exercises.platforms import PLATFORMS
from hiring.i18n import N_
from hiring.rubrics.schema import CRITERION_KEY, RUBRIC_KEY, Rubric, known_rubric
from hiring.yamlreader import (
    Choice,
    Document,
    Key,
    Naming,
    OptionalNumber,
    OptionalText,
    Problem,
    ProblemsError,
    Text,
    Whole,
    check_files,
    listed,
    normalise,
    one_of,
    read_utf8,
    reading,
    says,
    tail,
    written,
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
CHECK_FORMS = tuple(f"{name}:<{wants}>" if wants else name for name, wants in CHECKS.items())

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

FORMAT = ConfigDict(extra="forbid")


# --- The parts of an exercise ------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One answer slot the candidate fills in: ``kind`` is "text", "number", "choice" or "file".

    ``label`` is the exercise's own words (a prompt, a network, a comment's author); ``wording``, if
    any, is an app message framing it ("Reply to %(label)s"), translated where it is shown.
    """

    key: str
    label: str
    kind: str
    wording: str = ""


@dataclass(frozen=True, config=FORMAT)
class PlatformTask:
    """``copy``: one post to write for one network. ``limit`` overrides the network's own limit."""

    platform: Choice(PLATFORM_KEYS)
    prompt: Text
    limit: Whole(1, MAX_LENGTH_LIMIT, optional=True) = None


@dataclass(frozen=True, config=FORMAT)
class Comment:
    """``reply``: one comment of the thread, answered on its own."""

    key: Key(ITEM_KEY)
    author: Text
    kind: Choice(COMMENT_KINDS)
    text: Text


@dataclass(frozen=True, config=FORMAT)
class DatasetSpec:
    """``analysis``: the shape of the data set generated for each invitation."""

    platforms: Annotated[tuple[Choice(PLATFORM_KEYS), ...], listed("platform", "platform")]
    posts_per_platform: Whole(1, MAX_POSTS_PER_PLATFORM)
    # The generator needs two weeks at least (week-over-week checks), and a post every week.
    weeks: Whole(2, MAX_WEEKS)

    @field_validator("weeks")
    @classmethod
    def _a_post_every_week(cls, weeks: int, info: ValidationInfo) -> int:
        posts = info.data.get("posts_per_platform")
        if reading(info) and posts is not None and posts < weeks:
            raise says(f"posts_per_platform ({posts}) must be at least weeks ({weeks}): "
                       "every platform posts every week", at="posts_per_platform")
        return weeks


def _check_problem(check: str, platforms: tuple[str, ...] | None) -> str | None:
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
    if platforms is not None and argument not in platforms:
        return f"check '{check}': platform '{argument}' is not in dataset.platforms ({', '.join(platforms)})"
    if argument not in PLATFORM_KEYS:
        return f"check '{check}': the platform must be {one_of(PLATFORM_KEYS)}"
    return None


def _not_reserved(key: str, info: ValidationInfo) -> str:
    if reading(info) and key == RECOMMENDATION_ITEM:
        raise tail(f"'{key}' is taken by the recommendation answer; choose another")
    return key


@dataclass(frozen=True, config=FORMAT)
class Question:
    """``analysis``: an auto-graded question; ``tolerance`` is in the answer's unit (points of %).

    ``label`` is an optional short name for where the prompt would not fit (the reviewer's table of
    auto-graded answers); ``caption`` falls back to the prompt.
    """

    key: Annotated[Key(ITEM_KEY), AfterValidator(_not_reserved)]
    prompt: Text
    check: Text
    tolerance: OptionalNumber = Field(default=None, validate_default=True)
    label: OptionalText = Field(default="", exclude_if=lambda label: not label)

    @field_validator("check")
    @classmethod
    def _check_grammar(cls, check: str, info: ValidationInfo) -> str:
        if reading(info) and (problem := _check_problem(check, info.context.get("platforms"))):
            raise says(problem)
        return check

    @field_validator("tolerance")
    @classmethod
    def _tolerance_fits_the_check(cls, tolerance: float | None, info: ValidationInfo) -> float | None:
        check = info.data.get("check")
        if not reading(info):
            return tolerance
        if tolerance is not None and not (math.isfinite(tolerance) and tolerance > 0):
            raise tail(f"must be greater than 0, not {tolerance:g}")
        if check is None:
            return tolerance
        if check.partition(":")[0] in NUMERIC_CHECKS and tolerance is None:
            raise says(f"check '{check}' has a number for an answer, so it needs a tolerance "
                       "(in percentage points, e.g. tolerance: 0.1)")
        if check.partition(":")[0] not in NUMERIC_CHECKS and tolerance is not None:
            raise says(f"check '{check}' has a choice for an answer; remove the tolerance")
        return tolerance

    @property
    def caption(self) -> str:
        return self.label or self.prompt

    @property
    def numeric(self) -> bool:
        """True for a number answer, False for a choice (a platform or a post_id)."""
        return self.check.partition(":")[0] in NUMERIC_CHECKS


@dataclass(frozen=True, config=FORMAT)
class UploadSpec:
    """``upload``: which files are accepted, how large, and the prompt for the rationale."""

    accept: Annotated[tuple[Choice(UPLOAD_KINDS), ...], listed("file type", "file type")]
    max_megabytes: Annotated[Whole(1, MAX_UPLOAD_MEGABYTES), Field(exclude=True)]
    max_pixels: Whole(1, MAX_UPLOAD_PIXELS)
    rationale: Text

    @computed_field
    @property
    def max_bytes(self) -> int:
        return self.max_megabytes * MEGABYTE


@dataclass(frozen=True, config=FORMAT)
class Prompt:
    """``scenario``: one open question answered in free text."""

    key: Key(ITEM_KEY)
    text: Text


# --- Exercises, one class per type -----------------------------------------------------------------

#: What an exercise of another type has instead of a type's own fields.
_ABSENT = {"platforms": (), "comments": (), "dataset": None, "questions": (), "recommendation": "",
           "upload": None, "prompts": ()}


def _in_the_rubric(key: str, info: ValidationInfo) -> str:
    rubric = (info.context.get("rubrics") or {}).get(info.data.get("rubric")) if reading(info) else None
    if rubric is not None and key not in rubric.criterion_keys:
        known = ", ".join(rubric.criterion_keys)
        raise says(f"criterion '{key}' is not in rubric '{rubric.key}' (its criteria: {known})")
    return key


@dataclass(frozen=True, config=FORMAT)
class Exercise:
    """A complete, valid exercise: the fields every type has. Each type is a subclass (`EXERCISE_TYPES`)."""

    key: Key(EXERCISE_KEY)
    title: Text
    type: Choice(TYPES)
    rubric: Annotated[Key(RUBRIC_KEY), AfterValidator(known_rubric)]
    criteria: Annotated[tuple[Annotated[Key(CRITERION_KEY), AfterValidator(_in_the_rubric)], ...],
                        listed("criterion", "criterion")]
    time_limit_minutes: Whole(1, MAX_TIME_LIMIT)
    instructions: Text

    def __getattr__(self, name: str) -> Any:
        """The fields of other types, empty: ``exercise.dataset is None`` for all but an analysis."""
        try:
            return _ABSENT[name]
        except KeyError:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}") from None

    def items(self) -> list[Item]:
        """The answer slots, in the order the candidate sees them."""
        raise NotImplementedError

    def question(self, key: str) -> Question | None:
        """``analysis``: the question with this key, if there is one."""
        return next((q for q in self.questions if q.key == key), None)

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-able dict that ``from_dict`` reads back exactly (an invitation's snapshot).

        Only the fields of its type, an upload's size in bytes.
        """
        return _ANY.dump_python(self, mode="json")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Exercise":
        """Rebuild an exercise from ``to_dict`` output (e.g. an invitation's JSON snapshot).

        It trusts its input, which was validated when the file was parsed.
        """
        if "upload" in data:
            upload = dict(data["upload"])
            data = {**data, "upload": {**upload, "max_megabytes": upload.pop("max_bytes") // MEGABYTE}}
            del data["upload"]["max_bytes"]
        return _ANY.validate_python(data)

    @property
    def content_hash(self) -> str:
        """SHA-256 (hex) of the canonical JSON of ``to_dict()``.

        Layout, comments and key order in the file do not change it; any change of meaning does.
        """
        canonical = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True, config=FORMAT)
class CopyExercise(Exercise):
    """Write one post per network, answer slot keyed by the platform."""

    type: Literal["copy"]
    platforms: Annotated[tuple[PlatformTask, ...], listed("platform", "platform", key="platform")]

    def items(self) -> list[Item]:
        return [Item(task.platform, PLATFORMS[task.platform].name, "text") for task in self.platforms]


@dataclass(frozen=True, config=FORMAT)
class ReplyExercise(Exercise):
    """Answer each comment of a thread on its own."""

    type: Literal["reply"]
    comments: Annotated[tuple[Comment, ...], listed("comment", "comment key", key="key")]

    def items(self) -> list[Item]:
        return [Item(comment.key, comment.author, "text", N_("Reply to %(label)s")) for comment in self.comments]


@dataclass(frozen=True, config=FORMAT)
class AnalysisExercise(Exercise):
    """Answer auto-graded questions on a generated data set, then recommend what to do."""

    type: Literal["analysis"]
    dataset: DatasetSpec
    questions: Annotated[tuple[Question, ...], listed("question", "question key", key="key")]
    recommendation: Text

    def items(self) -> list[Item]:
        questions = [Item(q.key, q.prompt, "number" if q.numeric else "choice") for q in self.questions]
        return [*questions, Item(RECOMMENDATION_ITEM, self.recommendation, "text")]


@dataclass(frozen=True, config=FORMAT)
class UploadExercise(Exercise):
    """Upload a visual and explain it."""

    type: Literal["upload"]
    upload: UploadSpec

    def items(self) -> list[Item]:
        return [Item(FILE_ITEM, "", "file", N_("Your design")), Item(RATIONALE_ITEM, self.upload.rationale, "text")]


@dataclass(frozen=True, config=FORMAT)
class ScenarioExercise(Exercise):
    """Answer open prompts in free text."""

    type: Literal["scenario"]
    prompts: Annotated[tuple[Prompt, ...], listed("prompt", "prompt key", key="key")]

    def items(self) -> list[Item]:
        return [Item(prompt.key, prompt.text, "text") for prompt in self.prompts]


EXERCISE_TYPES: dict[str, type[Exercise]] = {
    "copy": CopyExercise, "reply": ReplyExercise, "analysis": AnalysisExercise,
    "upload": UploadExercise, "scenario": ScenarioExercise,
}  # fmt: skip
AnyExercise = Annotated[
    CopyExercise | ReplyExercise | AnalysisExercise | UploadExercise | ScenarioExercise,
    Field(discriminator="type"),
]
_ANY = TypeAdapter(AnyExercise)
_ADAPTERS = {name: TypeAdapter(cls) for name, cls in {**EXERCISE_TYPES, None: Exercise}.items()}
_COMMON = tuple(Exercise.__pydantic_fields__)
#: Each type's own fields, and the type they belong to.
TYPE_FIELDS = {name: tuple(field for field in cls.__pydantic_fields__ if field not in _COMMON)
               for name, cls in EXERCISE_TYPES.items()}
_OWNER = {field: name for name, fields in TYPE_FIELDS.items() for field in fields}
_FIELD_ADAPTERS = {
    field: TypeAdapter(Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation)
    for cls in EXERCISE_TYPES.values() for field, info in cls.__pydantic_fields__.items() if field in _OWNER
}

# --- Problems ------------------------------------------------------------------------------------

ExerciseProblem = Problem
"""One thing wrong with an exercise file (file, line, message); str() is ``file:line: message``."""


class ExerciseError(ProblemsError):
    """An exercise could not be read; ``problems`` lists everything found, one per line in str()."""


class _Naming(Naming):
    def message(self, loc: Any, kind: str, text: str, data: Any, value: Any = None) -> str:
        message = super().message(loc, kind, text, data, value)
        if len(loc) == 1 and loc[0] in _OWNER:
            if kind == "unexpected_keyword_argument":
                return f"field '{loc[0]}' is only for {_OWNER[loc[0]]} exercises, not {data['type']}"
            if kind == "missing":
                return f"{message} ({data['type']} exercises need it)"
        return message


NAMING = _Naming(
    article="an exercise",
    needs="an exercise needs " + ", ".join(_COMMON),
    parts={"platforms": "platform", "comments": "comment", "dataset": "dataset", "questions": "question",
           "upload": "upload", "prompts": "prompt"},
    fields={"": (*_COMMON, *_OWNER), **{noun: tuple(cls.__pydantic_fields__) for noun, cls in (
        ("platform", PlatformTask), ("comment", Comment), ("dataset", DatasetSpec), ("upload", UploadSpec),
        ("prompt", Prompt))}, "question": ("key", "label", "prompt", "check", "tolerance")},
    lists={"criteria": "criterion", "platforms": "platform", "comments": "comment", "questions": "question",
           "prompts": "prompt", "accept": "file type"},
    items={"accept": "accept"},
    item_key={"platforms": "platform"},
)

# --- Public entry points -------------------------------------------------------------------------


def _parse(text: str, filename: str, rubrics: Mapping[str, Rubric] | None, other_rubrics_ok: bool) -> Exercise:
    document = Document(text, filename, ExerciseError)
    document.check_root(NAMING, ExerciseError)
    data = document.data
    context: dict[str, Any] = {"rubrics": rubrics, "other_rubrics_ok": other_rubrics_ok, "platforms": None}
    with suppress(ValidationError):  # questions name platforms of the dataset, when the dataset is good
        context["platforms"] = _FIELD_ADAPTERS["dataset"].validate_python(data.get("dataset"), context={}).platforms
    kind = normalise(written(data.get("type")) or "")
    if kind in EXERCISE_TYPES:
        data["type"] = kind  # as written, perhaps with spaces around it
        return document.validate(_ADAPTERS[kind], NAMING, ExerciseError, **context)
    # No usable type: check the common fields, and whichever type's fields are there.
    common = {name: value for name, value in data.items() if name not in _OWNER}
    value, problems = document.check(_ADAPTERS[None], NAMING, common, (), context)
    for field in (name for name in data if name in _OWNER):
        problems += document.check(_FIELD_ADAPTERS[field], NAMING, data[field], (field,), context)[1]
    document.finish(problems, NAMING, ExerciseError)
    return value


def parse_exercise(text: str, filename: str = "<string>", rubric: Rubric | None = None, *,
                   rubrics: Mapping[str, Rubric] | None = None) -> Exercise:
    """Parse and validate exercise YAML; ExerciseError lists every problem found, in file order.

    With a ``rubric``, the exercise must name it and evidence only its criteria; with ``rubrics``
    (key -> rubric), it must name one of them and evidence only that one's criteria.
    """
    return _parse(text, filename, {rubric.key: rubric} if rubric is not None else rubrics, False)


def load_exercise(path: str | Path, rubric: Rubric | None = None) -> Exercise:
    """Read a UTF-8 exercise file and parse it; problems name the file as given."""
    return parse_exercise(read_utf8(path, ExerciseError), str(path), rubric)


#: Pages list a rubric's exercises on every request; like rubrics, parsed exercises are kept by their
#: text, file name and rubrics (they are frozen, so sharing one is safe; a broken file raises each time).
@lru_cache(maxsize=256)
def _parsed(text: str, filename: str, rubrics: tuple[tuple[str, Rubric], ...], other_rubrics_ok: bool) -> Exercise:
    return _parse(text, filename, dict(rubrics), other_rubrics_ok)


def _check(
    paths: Iterable[str | Path], rubrics: Mapping[str, Rubric], other_rubrics_ok: bool
) -> tuple[list[Exercise], list[Problem]]:
    def load(path: Path) -> Exercise:
        return _parsed(read_utf8(path, ExerciseError), str(path), tuple(sorted(rubrics.items())), other_rubrics_ok)

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
