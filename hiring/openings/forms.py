"""Forms for openings: details, weights and the hiring team."""

from __future__ import annotations

from wtforms import DecimalField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.validators import ValidationError as WTFormsValidationError

from hiring.forms import Form
from hiring.openings.models import DEFAULT_STAGES, TEAM_ROLES
from hiring.privacy.operations import MAX_RETENTION_DAYS
from hiring.rubrics.schema import MAX_WEIGHT, MIN_WEIGHT, Rubric, weight_problem


class OpeningForm(Form):
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    location = StringField("Location", validators=[Length(max=200)],
                           description="City, country or 'Remote'.")
    stages = TextAreaField(
        "Stages",
        default="\n".join(DEFAULT_STAGES),
        validators=[DataRequired()],
        description="One per line, in the order candidates go through them.",
        render_kw={"rows": 5},
    )

    def stage_names(self) -> list[str]:
        return self.stages.data.splitlines()


class EditOpeningForm(OpeningForm):
    retention_days = IntegerField(
        "Keep candidates who are not hired for (days)",
        validators=[Optional(), NumberRange(min=1, max=MAX_RETENTION_DAYS,
                                            message=f"Give a number of days from 1 to {MAX_RETENTION_DAYS}.")],
        description="Counted from the day each was added; after that the retention purge anonymises them. "
                    "Leave empty to use the purge's default (its --older-than).",
        render_kw={"inputmode": "numeric", "min": 1, "max": MAX_RETENTION_DAYS},
    )


class NewOpeningForm(OpeningForm):
    rubric = SelectField("Rubric", validators=[DataRequired()],
                         description="The rubric's current version is pinned to the opening.")


class TeamMemberForm(Form):
    user = SelectField("Person", coerce=int, validators=[DataRequired()])
    role = SelectField("Role on this opening", choices=[SelectChoice(r.value, r.label) for r in TEAM_ROLES])


def _usable_weight(_form, field) -> None:
    if field.data is not None and (problem := weight_problem(float(field.data))):
        raise WTFormsValidationError(f"The weight {problem}.")


def weights_form(rubric: Rubric, weights: dict[str, float]) -> Form:
    """A form with one number field per criterion of the rubric, filled with `weights`."""

    class WeightsForm(Form):
        def weights(self) -> dict[str, float]:
            return {c.key: float(self[c.key].data) for c in rubric.criteria}

    for criterion in rubric.criteria:
        setattr(
            WeightsForm,
            criterion.key,
            DecimalField(
                criterion.name,
                places=None,
                default=weights.get(criterion.key, criterion.weight),
                validators=[InputRequired(), _usable_weight],
                description=f"{criterion.kind.capitalize()} · rubric default {criterion.weight:g}",
                render_kw={"step": "any", "min": MIN_WEIGHT, "max": MAX_WEIGHT, "inputmode": "decimal"},
            ),
        )
    return WeightsForm()
