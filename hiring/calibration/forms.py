"""The calibration form: a level (with its anchor) and evidence for every criterion of every item,
as on a scorecard, but every one required: a calibration set is scored in full."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from hiring.calibration.operations import Given
from hiring.calibration.schema import Item
from hiring.forms import Form
from hiring.interviews.ratings import evidence_problem
from hiring.rubrics.schema import Rubric


class _CalibrationForm(Form):
    submit = SubmitField(_l("Submit and compare"))

    #: (item, criterion key, field suffix) in the order the page shows them.
    slots: list[tuple[Item, str, str]]

    def level_field(self, suffix: str):
        return self[f"level_{suffix}"]

    def evidence_field(self, suffix: str):
        return self[f"evidence_{suffix}"]

    def given(self) -> dict[tuple[str, str], Given]:
        result = {}
        for item, criterion, suffix in self.slots:
            raw = self.level_field(suffix).data
            level = int(raw) if raw and raw.isdigit() else None
            result[(item.key, criterion)] = Given(level, self.evidence_field(suffix).data or "")
        return result

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        given = self.given()
        for item, criterion, suffix in self.slots:
            level, evidence = given[(item.key, criterion)].level, given[(item.key, criterion)].evidence
            if level is None:
                self.level_field(suffix).errors.append(_("Choose a level."))
                ok = False
            elif problem := evidence_problem(level, evidence):
                self.evidence_field(suffix).errors.append(problem)
                ok = False
        return ok


def calibration_form(rubric: Rubric, items: list[Item]) -> _CalibrationForm:
    """A form for these items' criteria on ``rubric`` (in the reader's language), from the request."""
    levels = [SelectChoice(str(level.value), f"{level.value} · {level.label}") for level in rubric.scale.levels]

    class CalibrationForm(_CalibrationForm):
        pass

    slots = []
    for index, item in enumerate(items):
        for position, criterion in enumerate(item.scores):
            suffix = f"{index}_{position}"
            name = rubric.criterion(criterion).name
            setattr(CalibrationForm, f"level_{suffix}", RadioField(name, choices=levels, validators=[Optional()]))
            setattr(CalibrationForm, f"evidence_{suffix}", TextAreaField(
                _("Evidence for %(criterion)s", criterion=name), validators=[Length(max=20_000)],
                render_kw={"rows": 3}))
            slots.append((item, criterion, suffix))
    form = CalibrationForm()
    form.slots = slots
    return form
