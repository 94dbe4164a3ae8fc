"""What every template can use: the navigation for the signed-in user's role."""

from __future__ import annotations

from flask import Flask, request
from flask_login import current_user

from hiring.auth.models import Role

# (endpoint, label, roles that see it; empty = every signed-in user)
NAVIGATION = (
    ("openings.index", "Openings", ()),
    ("rubrics.index", "Rubrics", ()),
    ("auth.users", "Users", (Role.ADMIN,)),
)


def register_template_helpers(app: Flask) -> None:
    @app.context_processor
    def navigation():
        if not current_user.is_authenticated:
            return {"nav_items": []}
        items = [
            (endpoint, label, _is_current(endpoint))
            for endpoint, label, roles in NAVIGATION
            if not roles or current_user.role in roles
        ]
        return {"nav_items": items}


def _is_current(endpoint: str) -> bool:
    current = request.endpoint or ""
    return current.split(".")[0] == endpoint.split(".")[0]
