"""Opening, staffing and re-weighting roles. Every change validates, writes and audits."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from hiring.audit.operations import changes, record
from hiring.auth.models import Role, User
from hiring.candidates.models import Candidate
from hiring.extensions import db
from hiring.openings import upgrade
from hiring.openings.models import DEFAULT_STAGES, MAX_DUE_DAYS, TEAM_ROLES, Opening, Stage, TeamMember
from hiring.rubrics import store
from hiring.rubrics.models import RubricVersion
from hiring.rubrics.schema import Rubric, RubricError, weights_problems
from hiring.transactions import operation
from hiring.validation import ValidationError


@operation
def create_opening(
    actor: User | None,
    *,
    title: str,
    rubric_key: str,
    rubrics_dir: str | Path,
    location: str = "",
    weights: Mapping[str, float] | None = None,
    stages: Iterable[str] = DEFAULT_STAGES,
) -> Opening:
    """Open a role, pinning the rubric's current version. `weights` may override some criteria."""
    title = title.strip()
    if not title:
        raise ValidationError(_("A title is required."), field="title")
    try:
        version = store.current_version(rubrics_dir, rubric_key)
    except RubricError as err:
        raise ValidationError(str(err), field="rubric") from err
    opening = Opening(
        title=title,
        location=location.strip(),
        rubric_version=version,
        weights=_checked_weights(version.rubric, weights or {}),
    )
    opening.stages = [Stage(position=i, name=name) for i, name in enumerate(_clean_stages(stages))]
    if actor is not None and actor.role == Role.HIRING_MANAGER:
        opening.team.append(TeamMember(user=actor, role=Role.HIRING_MANAGER))
    db.session.add(opening)
    record(actor, "opening.create", opening, title=title, rubric=version.key,
           rubric_hash=version.content_hash, weights=opening.weights)
    return opening


@operation
def update_opening(actor: User | None, opening: Opening, *, title: str, location: str,
                   stages: Iterable[str]) -> Opening:
    """Rename, relocate and re-stage an opening. A stage that still holds candidates stays."""
    if not title.strip():
        raise ValidationError(_("A title is required."), field="title")
    names = _clean_stages(stages)
    diff = changes(opening, {"title": title.strip(), "location": location.strip()})
    before_stages = [s.name for s in opening.stages]
    _set_stages(opening, names)
    if before_stages != names:
        diff["before"]["stages"], diff["after"]["stages"] = before_stages, names
    record(actor, "opening.update", opening, **diff)
    return opening


@operation
def set_scorecard_due(actor: User | None, opening: Opening, days: int | None) -> Opening:
    """How many days raters have for the scorecards they are asked for from now on (None: no due date)."""
    if days is not None and not 1 <= days <= MAX_DUE_DAYS:
        raise ValidationError(_("Give a number of days from 1 to %(max)d.", max=MAX_DUE_DAYS),
                              field="scorecard_due_days")
    diff = changes(opening, {"scorecard_due_days": days})
    if diff["after"]:
        record(actor, "opening.scorecard_due", opening, **diff)
    return opening


@operation
def set_weights(actor: User | None, opening: Opening, weights: Mapping[str, float]) -> Opening:
    """Replace the opening's weights; every criterion of its rubric version must be given."""
    problems = weights_problems(opening.rubric, weights)
    if problems:
        raise ValidationError("; ".join(problems), field="weights")
    new = {key: float(weights[key]) for key in opening.rubric.criterion_keys}
    diff = changes(opening, {"weights": new})
    record(actor, "opening.weights", opening, **diff)
    return opening


def newer_rubric(opening: Opening, rubrics_dir: str | Path) -> RubricVersion | None:
    """The rubric's current version if it is newer than the one the opening pins (a changed file is
    stored first): offered to the managers, never applied by itself."""
    try:
        version = store.current_version(rubrics_dir, opening.rubric_version.key)
    except RubricError:
        return None
    return version if version.number > opening.rubric_version.number else None


@operation
def upgrade_rubric(actor: User | None, opening: Opening, rubrics_dir: str | Path, *,
                   previewed: int | None = None) -> Opening:
    """Pin the rubric's current version. Explicit only: nothing upgrades by itself.

    Weights the opening had for criteria that remain are kept; new criteria take the rubric's
    default weight; criteria that are gone are dropped (`upgrade.upgraded_weights`). Refused when the
    new scale has another number of levels and the opening has scorecards (`upgrade.refusal`), and,
    given the id of the version a manager `previewed`, when the current version is another one.
    """
    try:
        version = store.current_version(rubrics_dir, opening.rubric_version.key)
    except RubricError as err:
        raise ValidationError(str(err)) from err
    if version.id == opening.rubric_version_id:
        raise ValidationError(_("The opening already uses the rubric's current version."))
    if previewed is not None and version.id != previewed:
        raise ValidationError(_("The rubric has had a newer version since you looked: nothing was changed. "
                                "Review the upgrade again."))
    if problem := upgrade.refusal(opening, version):
        raise ValidationError(problem)
    old, old_weights = opening.rubric_version, dict(opening.weights)
    opening.rubric_version = version
    opening.weights = upgrade.upgraded_weights(old_weights, version.english)
    record(actor, "opening.upgrade_rubric", opening,
           before={"rubric_hash": old.content_hash, "label": old.label, "number": old.number, "weights": old_weights},
           after={"rubric_hash": version.content_hash, "label": version.label, "number": version.number,
                  "weights": opening.weights})
    return opening


@operation
def add_team_member(actor: User | None, opening: Opening, user: User, role: Role | str) -> TeamMember:
    role = Role(role)
    if role not in TEAM_ROLES:
        raise ValidationError(_("Choose hiring manager, interviewer or leadership."), field="role")
    if role == Role.HIRING_MANAGER and user.role not in (Role.ADMIN, Role.HIRING_MANAGER):
        raise ValidationError(
            f"{user.name} is a {user.role.label.lower()}: only hiring managers can manage an opening.",
            field="role",
        )
    if opening.member(user) is not None:
        raise ValidationError(_("%(name)s is already on the team.", name=user.name), field="user")
    member = TeamMember(opening=opening, user=user, role=role)
    db.session.add(member)
    record(actor, "opening.team_add", opening, user=user.email, role=role.value)
    return member


@operation
def remove_team_member(actor: User | None, member: TeamMember) -> None:
    opening = member.opening
    managers = [m for m in opening.team if m.role == Role.HIRING_MANAGER]
    if member.role == Role.HIRING_MANAGER and len(managers) == 1:
        raise ValidationError(_("An opening keeps at least one hiring manager."))
    record(actor, "opening.team_remove", opening, user=member.user.email, role=member.role.value)
    opening.team.remove(member)


def _checked_weights(rubric: Rubric, overrides: Mapping[str, float]) -> dict[str, float]:
    weights = {**rubric.default_weights(), **overrides}
    problems = weights_problems(rubric, weights)
    if problems:
        raise ValidationError("; ".join(problems), field="weights")
    return {key: float(weights[key]) for key in rubric.criterion_keys}


def _clean_stages(names: Iterable[str]) -> list[str]:
    cleaned: list[str] = []
    for name in (n.strip() for n in names):
        if not name:
            continue
        if len(name) > 100:
            raise ValidationError(_("Stage name too long: %(name)s…", name=name[:20]), field="stages")
        if name.casefold() in (c.casefold() for c in cleaned):
            raise ValidationError(_("Stage '%(name)s' is listed twice.", name=name), field="stages")
        cleaned.append(name)
    if not cleaned:
        raise ValidationError(_("An opening needs at least one stage."), field="stages")
    return cleaned


def _set_stages(opening: Opening, names: list[str]) -> None:
    by_name = {s.name.casefold(): s for s in opening.stages}
    kept = []
    for position, name in enumerate(names):
        stage = by_name.pop(name.casefold(), None) or Stage(name=name)
        stage.position, stage.name = position, name
        kept.append(stage)
    for stage in by_name.values():
        in_use = db.session.scalar(
            select(func.count()).select_from(Candidate).where(Candidate.stage_id == stage.id)
        )
        if in_use:
            raise ValidationError(
                ngettext("Stage '%(name)s' still has %(num)d candidate; move them first.",
                         "Stage '%(name)s' still has %(num)d candidates; move them first.", in_use, name=stage.label),
                field="stages",
            )
    opening.stages = kept
