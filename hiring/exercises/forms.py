"""Inviting a candidate to exercises."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectChoice, SelectField, SelectMultipleField
from wtforms.validators import DataRequired
from wtforms.widgets import CheckboxInput, ListWidget

from hiring.exercises.schema import Exercise
from hiring.forms import Form
from hiring.openings.models import Opening
from hiring.rubrics.language import exercise_in


class InviteForm(Form):
    exercises = SelectMultipleField(
        _l("Exercises"), widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        validators=[DataRequired(_l("Choose at least one exercise."))],
    )
    stage = SelectField(_l("Scores count towards the stage"), coerce=int)
    expires_on = DateField(_l("Start by"), validators=[DataRequired()],
                           default=lambda: date.today() + timedelta(days=7),
                           description=_l("The candidate can start any time before the end of this day (UTC). Once "
                                          "started they have the full time limit, even past this date; a link not "
                                          "started by then expires."))

    def for_opening(self, opening: Opening, exercises: list[Exercise], default_stage: int | None):
        names = {c.key: c.name for c in opening.rubric.criteria}
        self.exercises.choices = [
            SelectChoice(e.key, _("%(title)s · %(minutes)s min · %(criteria)s", title=exercise_in(e).title,
                                  minutes=e.time_limit_minutes,
                                  criteria=", ".join(names.get(k, k) for k in e.criteria)))
            for e in exercises
        ]
        self.stage.choices = [SelectChoice(s.id, s.label) for s in opening.stages]
        if self.stage.data is None and default_stage is not None:
            self.stage.data = default_stage
        return self
