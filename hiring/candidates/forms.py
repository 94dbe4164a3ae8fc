"""Forms for adding, editing and importing candidates."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import EmailField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from hiring.candidates.phones import PhoneNumber
from hiring.candidates.vocabulary import LANGUAGES, CandidateType
from hiring.emails import EmailAddress
from hiring.forms import Form
from hiring.openings.models import Opening


class CandidateForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)],
                       description=_l("As the candidate writes it, in any script."))
    email = EmailField(_l("Email"), validators=[DataRequired(), EmailAddress(), Length(max=254)])
    phone = StringField(_l("Phone"), validators=[Optional(), PhoneNumber()])
    type = SelectField(_l("Works as"), choices=lambda: [SelectChoice(t.value, t.label) for t in CandidateType])
    language = SelectField(_l("Preferred language"),
                           choices=[SelectChoice(code, name) for code, name in LANGUAGES.items()],
                           description=_l("The candidate's exercise pages use this language."))
    stage = SelectField(_l("Stage"), coerce=int)
    source = StringField(_l("Source"), validators=[Optional(), Length(max=100)],
                         description=_l("Referral, job board, agency list…"))
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=10_000)],
                          render_kw={"rows": 4})

    def for_opening(self, opening: Opening) -> CandidateForm:
        self.stage.choices = [SelectChoice(s.id, s.label) for s in opening.stages]
        return self


class ImportForm(Form):
    file = FileField(_l("Spreadsheet"), validators=[
        FileRequired(_l("Choose a .csv or .xlsx file.")),
        FileAllowed(["csv", "xlsx"], _l("Use a .csv or .xlsx file.")),
    ], description=_l("Columns: %(columns)s.",
                      columns="name, email (required); phone, source, type, language, stage, notes"))
