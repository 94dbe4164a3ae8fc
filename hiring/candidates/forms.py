"""Forms for adding, editing and importing candidates."""

from __future__ import annotations

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import EmailField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from hiring.candidates.phones import PhoneNumber
from hiring.candidates.vocabulary import LANGUAGES, CandidateType
from hiring.emails import EmailAddress
from hiring.forms import Form
from hiring.openings.models import Opening


class CandidateForm(Form):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)],
                       description="As the candidate writes it, in any script.")
    email = EmailField("Email", validators=[DataRequired(), EmailAddress(), Length(max=254)])
    phone = StringField("Phone", validators=[Optional(), PhoneNumber()])
    type = SelectField("Works as", choices=[SelectChoice(t.value, t.label) for t in CandidateType])
    language = SelectField("Preferred language",
                           choices=[SelectChoice(code, name) for code, name in LANGUAGES.items()],
                           description="The candidate's exercise pages use this language.")
    stage = SelectField("Stage", coerce=int)
    source = StringField("Source", validators=[Optional(), Length(max=100)],
                         description="Referral, job board, agency list…")
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=10_000)],
                          render_kw={"rows": 4})

    def for_opening(self, opening: Opening) -> CandidateForm:
        self.stage.choices = [SelectChoice(s.id, s.name) for s in opening.stages]
        return self


class ImportForm(Form):
    file = FileField("Spreadsheet", validators=[
        FileRequired("Choose a .csv or .xlsx file."),
        FileAllowed(["csv", "xlsx"], "Use a .csv or .xlsx file."),
    ], description="Columns: name, email (required); phone, source, type, language, stage, notes.")
