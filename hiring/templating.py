"""What every template can use: the navigation for the signed-in user's role."""

from __future__ import annotations

from flask import Flask, request
from flask_babel import get_locale, gettext
from flask_login import current_user

from hiring.auth.models import Role
from hiring.i18n import N_
from hiring.wording import plural

# (endpoint, label, roles that see it (empty = every signed-in user), the pages it covers: a
# blueprint name for all its pages, or single endpoints)
NAVIGATION = (
    ("openings.index", N_("Openings"), (), ("openings", "candidates", "shortlists", "interviews.kit",
                                            "interviews.edit_kit", "interviews.import_scores", "exercises.invite")),
    ("interviews.my_scorecards", N_("My scorecards"), (), ("interviews.edit_scorecard",
                                                       "interviews.show_scorecard")),
    ("exercises.queue", N_("Reviews"), (Role.ADMIN, Role.HIRING_MANAGER, Role.INTERVIEWER),
     ("exercises.review_submission",)),
    ("rubrics.index", N_("Rubrics"), (), ("rubrics",)),
    ("auth.users", N_("Users"), (Role.ADMIN,), ()),
    ("audit.index", N_("Audit"), (Role.ADMIN,), ("audit",)),
)


def register_template_helpers(app: Flask) -> None:
    @app.context_processor
    def navigation():
        if not current_user.is_authenticated:
            return {"nav_items": []}
        items = [
            (endpoint, gettext(label), _is_current(endpoint, sections))
            for endpoint, label, roles, sections in NAVIGATION
            if not roles or current_user.role in roles
        ]
        return {"nav_items": items}

    @app.context_processor
    def page_language():
        return {"page_lang": str(get_locale() or "en")}

    app.jinja_env.filters["plural"] = plural


def _is_current(endpoint: str, sections: tuple[str, ...]) -> bool:
    current = request.endpoint or ""
    return current == endpoint or current in sections or current.split(".")[0] in sections
