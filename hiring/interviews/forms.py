"""The scorecard form (one rating and evidence note per kit criterion) and the kit editor."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from hiring.forms import Form
from hiring.interviews.kits import Kit
from hiring.interviews.models import Recommendation
from hiring.interviews.operations import RatingInput
from hiring.interviews.ratings import evidence_problem
from hiring.rubrics.schema import Rubric
from hiring.wording import kind_label

NOT_ASSESSED = ""


class _ScorecardForm(Form):
    revision = HiddenField()
    recommendation = RadioField(
        _l("Overall recommendation"),
        choices=lambda: [SelectChoice(r.value, r.label) for r in Recommendation],
        validators=[Optional()],
    )
    summary = TextAreaField(_l("Summary (optional)"), validators=[Length(max=20_000)], render_kw={"rows": 3})
    save = SubmitField(_l("Save draft"))
    submit = SubmitField(_l("Submit scorecard"))

    kit: Kit

    def expected_revision(self) -> int:
        """The revision the form was opened on; a value that is no revision (a tampered form) can
        match none, so the save is refused as a conflict rather than failing."""
        raw = (self.revision.data or "0").strip()
        return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else -1

    def rating_field(self, key: str):
        return self[f"rating_{key}"]

    def note_field(self, key: str):
        return self[f"note_{key}"]

    def ratings(self) -> dict[str, RatingInput]:
        result = {}
        for key in self.kit.criterion_keys:
            raw = self.rating_field(key).data
            value = int(raw) if raw not in (None, NOT_ASSESSED) else None
            result[key] = RatingInput(value, self.note_field(key).data or "")
        return result

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for key, given in self.ratings().items():
            if problem := evidence_problem(given.value, given.note):
                self.note_field(key).errors.append(problem)
                ok = False
        if self.submit.data and not self.recommendation.data:
            self.recommendation.errors.append(_("Choose a recommendation to submit."))
            ok = False
        return ok


def scorecard_form(kit: Kit, **kwargs) -> _ScorecardForm:
    """A form class built for this kit's criteria, instantiated (from the request, or `obj`)."""
    levels = [SelectChoice(NOT_ASSESSED, _("Not assessed"))] + [
        SelectChoice(str(level.value), f"{level.value} · {level.label}") for level in kit.rubric.scale.levels
    ]

    class ScorecardForm(_ScorecardForm):
        pass

    for item in kit.items:
        key = item.criterion.key
        setattr(ScorecardForm, f"rating_{key}",
                RadioField(item.criterion.name, choices=levels, default=NOT_ASSESSED,
                           validators=[Optional()]))
        setattr(ScorecardForm, f"note_{key}",
                TextAreaField(_("Evidence for %(criterion)s", criterion=item.criterion.name),
                              validators=[Length(max=20_000)],
                              render_kw={"rows": 3}))
    form = ScorecardForm(**kwargs)
    form.kit = kit
    return form


class AssignForm(Form):
    stage = SelectField(_l("Stage"), coerce=int, validators=[DataRequired()])
    rater = SelectField(_l("Interviewer"), coerce=int, validators=[DataRequired()])


class ScoreImportForm(Form):
    file = FileField(_l("Spreadsheet"), validators=[
        FileRequired(_l("Choose a .csv or .xlsx file.")),
        FileAllowed(["csv", "xlsx"], _l("Use a .csv or .xlsx file.")),
    ], description=_l("Columns: %(columns)s.", columns="candidate_email, rater_email, stage, criterion, rating, note"))
    create_raters = BooleanField(_l("Create unknown raters as interviewers on this opening"))


def kit_form(rubric: Rubric, kit: Kit) -> Form:
    """Choose the stage's criteria and edit each criterion's questions (one per line)."""

    class KitForm(Form):
        focus = SelectMultipleField(
            _l("Criteria this stage assesses"),
            choices=[SelectChoice(c.key, _("%(criterion)s (%(kind)s)", criterion=c.name, kind=kind_label(c.kind)))
                     for c in rubric.criteria],
            default=kit.criterion_keys,
            widget=ListWidget(prefix_label=False),
            option_widget=CheckboxInput(),
        )

        def questions(self) -> dict[str, list[str]]:
            return {c.key: self[f"questions_{c.key}"].data.splitlines() for c in rubric.criteria}

    current = {item.criterion.key: item.questions for item in kit.items}
    for criterion in rubric.criteria:
        setattr(KitForm, f"questions_{criterion.key}", TextAreaField(
            _("Questions for %(criterion)s", criterion=criterion.name),
            default="\n".join(current.get(criterion.key, criterion.questions)),
            description=_("One question per line. Leave as is to keep the rubric's questions."),
            render_kw={"rows": 4},
        ))
    return KitForm()
