"""The exercise builder's one WTForms form: an exercise file from the browser."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import TextAreaField
from wtforms.validators import Length, Optional

from hiring.forms import Form


class ExerciseUploadForm(Form):
    file = FileField(_l("Exercise file"), validators=[
        FileRequired(_l("Choose a .yaml or .yml file.")),
        FileAllowed(["yaml", "yml"], _l("Use a .yaml or .yml file.")),
    ])
    note = TextAreaField(_l("Change note"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 3},
                         description=_l("What changed and why, for whoever reads the versions later."))
