"""The decision form leadership fills in on the comparison page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from hiring.shortlists.models import DecisionKind
from hiring.shortlists.operations import MAX_COMMENT


class DecisionForm(FlaskForm):
    kind = SelectField("Decision", choices=[SelectChoice(k.value, k.label) for k in DecisionKind],
                       validators=[DataRequired()])
    comment = TextAreaField("Why", validators=[DataRequired(message="Say why: the comment is the record of "
                                                                    "this decision."), Length(max=MAX_COMMENT)],
                            render_kw={"rows": 2})
    #: The page to come back to (a path of this opening's pages; anything else is ignored).
    return_to = HiddenField()
