"""Inviting a candidate to exercises."""

from __future__ import annotations

from datetime import date, timedelta

from wtforms import DateField, SelectChoice, SelectField, SelectMultipleField
from wtforms.validators import DataRequired
from wtforms.widgets import CheckboxInput, ListWidget

from hiring.exercises.schema import Exercise
from hiring.forms import Form
from hiring.openings.models import Opening


class InviteForm(Form):
    exercises = SelectMultipleField(
        "Exercises", widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        validators=[DataRequired("Choose at least one exercise.")],
    )
    stage = SelectField("Scores count towards the stage", coerce=int)
    expires_on = DateField("Start by", validators=[DataRequired()],
                           default=lambda: date.today() + timedelta(days=7),
                           description="The candidate can start any time before the end of this day (UTC). Once "
                                       "started they have the full time limit, even past this date; a link not "
                                       "started by then expires.")

    def for_opening(self, opening: Opening, exercises: list[Exercise], default_stage: int | None):
        self.exercises.choices = [
            SelectChoice(e.key, f"{e.title} · {e.time_limit_minutes} min · {', '.join(e.criteria)}")
            for e in exercises
        ]
        self.stage.choices = [SelectChoice(s.id, s.name) for s in opening.stages]
        if self.stage.data is None and default_stage is not None:
            self.stage.data = default_stage
        return self
