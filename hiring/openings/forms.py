"""Forms for openings: details, weights and the hiring team."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DecimalField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.validators import ValidationError as WTFormsValidationError

from hiring.calibration.operations import MAX_TOLERANCE, MIN_TOLERANCE
from hiring.forms import Form
from hiring.i18n import N_
from hiring.openings.models import DEFAULT_STAGES, MAX_DUE_DAYS, TEAM_ROLES
from hiring.privacy.operations import MAX_RETENTION_DAYS
from hiring.rubrics.schema import MAX_WEIGHT, MIN_WEIGHT, Rubric, weight_problem

#: A criterion's kind, capitalised, as the weights form describes it.
KIND_NAMES = {"skill": N_("Skill"), "trait": N_("Trait")}


class OpeningForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    location = StringField(_l("Location"), validators=[Length(max=200)],
                           description=_l("City, country or 'Remote'."))
    stages = TextAreaField(
        _l("Stages"),
        default=lambda: "\n".join(_(stage) for stage in DEFAULT_STAGES),  # in the manager's language
        validators=[DataRequired()],
        description=_l("One per line, in the order candidates go through them."),
        render_kw={"rows": 5},
    )

    def stage_names(self) -> list[str]:
        """The stages as typed; a default stage left as offered is kept as the app's word, so that each
        reader sees it in their own language."""
        defaults = {_(stage): stage for stage in DEFAULT_STAGES}
        return [defaults.get(name.strip(), name) for name in self.stages.data.splitlines()]


class EditOpeningForm(OpeningForm):
    scorecard_due_days = IntegerField(
        _l("Scorecards are due within (days)"),
        validators=[Optional(), NumberRange(min=1, max=MAX_DUE_DAYS, message=_l(
            "Give a number of days from 1 to %(max)d.", max=MAX_DUE_DAYS))],
        description=_l("From the day a rater is asked. They are reminded on the due date and two days after "
                       "(the daily `flask remind`). Leave empty for no due date."),
        render_kw={"inputmode": "numeric", "min": 1, "max": MAX_DUE_DAYS},
    )
    retention_days = IntegerField(
        _l("Keep candidates who are not hired for (days)"),
        validators=[Optional(), NumberRange(min=1, max=MAX_RETENTION_DAYS,
                                            message=_l("Give a number of days from 1 to %(max)d.",
                                                       max=MAX_RETENTION_DAYS))],
        description=_l("Counted from the day each was added; after that the retention purge anonymises them. "
                       "Leave empty to use the purge's default (its --older-than)."),
        render_kw={"inputmode": "numeric", "min": 1, "max": MAX_RETENTION_DAYS},
    )
    calibration_required = BooleanField(
        _l("Raters must calibrate before their first scorecard"),
        description=_l("A rater who has not scored the calibration set within the tolerance is sent to it "
                       "before they can fill in a scorecard for this opening."))
    calibration_tolerance = DecimalField(
        _l("Calibration tolerance (levels)"), places=None,
        validators=[Optional(), NumberRange(min=MIN_TOLERANCE, max=MAX_TOLERANCE, message=_l(
            "Give a number from %(min)s to %(max)s.", min=MIN_TOLERANCE, max=MAX_TOLERANCE))],
        description=_l("How far a rater's mean level may be from the agreed levels on a criterion to count as "
                       "calibrated; an item off by 2 or more never does."),
        render_kw={"step": "0.05", "min": MIN_TOLERANCE, "max": MAX_TOLERANCE, "inputmode": "decimal"},
    )


class NewOpeningForm(OpeningForm):
    rubric = SelectField(_l("Rubric"), validators=[DataRequired()],
                         description=_l("The rubric's current version is pinned to the opening."))


class TeamMemberForm(Form):
    user = SelectField(_l("Person"), coerce=int, validators=[DataRequired()])
    role = SelectField(_l("Role on this opening"), choices=lambda: [SelectChoice(r.value, r.label) for r in TEAM_ROLES])


def _usable_weight(_form, field) -> None:
    if field.data is not None and (problem := weight_problem(float(field.data))):
        raise WTFormsValidationError(_("The weight %(problem)s.", problem=problem))


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
                description=_("%(kind)s · rubric default %(weight)s", kind=_(KIND_NAMES[criterion.kind]),
                              weight=f"{criterion.weight:g}"),
                render_kw={"step": "any", "min": MIN_WEIGHT, "max": MAX_WEIGHT, "inputmode": "decimal"},
            ),
        )
    return WeightsForm()
