"""The one error type operations raise for input they refuse."""

from __future__ import annotations


class ValidationError(Exception):
    """A change was refused. `field` names the form field at fault, when there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
