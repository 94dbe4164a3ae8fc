"""Inviting a candidate to exercises."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectChoice, SelectField, SelectMultipleField
from wtforms.validators import DataRequired
from wtforms.widgets import CheckboxInput, ListWidget

from hiring.exercises.schema import Exercise
from hiring.forms import Form
from hiring.i18n import page_zone
from hiring.openings.models import Opening
from hiring.rubrics.language import exercise_in
from hiring.timeutil import end_of_day, today_in, zone_key


class InviteForm(Form):
    exercises = SelectMultipleField(
        _l("Exercises"), widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        validators=[DataRequired(_l("Choose at least one exercise."))],
    )
    stage = SelectField(_l("Scores count towards the stage"), coerce=int)
    #: A day on the inviting manager's calendar: the link works until its end there (`expires_at`).
    expires_on = DateField(_l("Start by"), validators=[DataRequired()],
                           default=lambda: today_in(page_zone()) + timedelta(days=7))

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
        self.expires_on.description = _(
            "The candidate can start any time until the end of this day in your time zone (%(zone)s); their "
            "page and email show that moment in it. Once started they have the full time limit, even past "
            "this date; a link not started by then expires.", zone=zone_key(page_zone()))
        return self

    def expires_at(self) -> datetime:
        """The last moment to start: the end of the chosen day in the inviting manager's time zone (the
        page's), as stored (naive UTC)."""
        return end_of_day(self.expires_on.data, page_zone())
