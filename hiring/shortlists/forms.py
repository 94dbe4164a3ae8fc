"""The decision form leadership fills in on the comparison page."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from hiring.forms import Form
from hiring.shortlists.models import DecisionKind
from hiring.shortlists.operations import CHOOSE_DECISION, MAX_COMMENT


class DecisionForm(Form):
    # No decision is preselected: a form that arrives saying "Advance" records Advance for whoever
    # submits it without looking. The empty first option makes the browser and the server ask for one.
    kind = SelectField(_l("Decision"), choices=lambda: [SelectChoice("", _("Choose a decision…")),
                                                        *(SelectChoice(k.value, k.label) for k in DecisionKind)],
                       default="", validators=[DataRequired(message=CHOOSE_DECISION)])
    comment = TextAreaField(_l("Why"), validators=[DataRequired(message=_l("Say why: the comment is the record of "
                                                                          "this decision.")), Length(max=MAX_COMMENT)],
                            render_kw={"rows": 2})
    #: The page to come back to (a path of this opening's pages; anything else is ignored).
    return_to = HiddenField()
