"""The emails a candidate gets, as templates a hiring team can word per opening and language. Pure.

Three kinds (`KINDS`): the invitation to the exercises, the rejection and the next step. A template
is a subject and a body in which `{{name}}` stands for a value: the candidate's name, the opening's
title, the link, the deadline… (`PLACEHOLDERS`; which ones each kind offers is in `Kind.allowed`).

Safe by construction: a placeholder is a plain name looked up in a dict of strings and replaced by
that string, once, as typed (no expression, attribute, filter or format specifier is evaluated,
and a value is never read as a template in its turn). Anything else that looks like a placeholder
(`{{ name.attr }}`, `{{ unknown }}`, a `{{` with no `}}`) is refused when the template is saved,
naming the line and column, so a typo can never reach a candidate as raw braces.

The app's own wording (`DEFAULTS`) is written in the same syntax and translated like every other
message; it is what a candidate gets until the team writes its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from hiring.i18n import N_

#: `{{ name }}`: the only form a placeholder takes (spaces inside the braces are allowed).
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
#: What a broken or unknown placeholder looks like: any `{{ … }}` (on one line), or a lone `{{` / `}}`.
_BRACES = re.compile(r"\{\{[^{}\n]*\}\}|\{\{|\}\}")

#: Every placeholder, with what it stands for (shown beside the editor, in the reader's language).
PLACEHOLDERS = {
    "candidate_name": N_("the candidate's name, as typed"),
    "role": N_("the opening's title"),
    "link": N_("the candidate's personal link to the exercises"),
    "deadline": N_("when the link expires"),
    "minutes": N_("the exercises' time in all, in minutes"),
    "stage": N_("the stage the candidate moves to"),
}

MAX_SUBJECT = 300
MAX_BODY = 10_000


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    allowed: tuple[str, ...]
    #: Placeholders the body must hold exactly once (the invitation's link: without it the email is useless).
    required: tuple[str, ...] = ()
    #: Placeholders never allowed in the subject (a link in a subject line is shown in inbox lists).
    body_only: tuple[str, ...] = field(default=())


KINDS = {kind.key: kind for kind in (
    Kind("invitation", N_("Invitation to the exercises"), ("candidate_name", "role", "link", "deadline", "minutes"),
         required=("link",), body_only=("link",)),
    Kind("next_step", N_("Next step"), ("candidate_name", "role", "stage")),
    Kind("rejection", N_("Rejection"), ("candidate_name", "role")),
)}

#: The app's own wording of each kind: (subject, body) msgids, translated into the candidate's language.
DEFAULTS = {
    "invitation": (
        N_("{{role}}: your exercises"),
        N_("Hello {{candidate_name}},\n\nThank you for applying for {{role}}. As the next step we would like to see "
           "how you work: a few short exercises, {{minutes}} minutes in total, on a phone or a computer.\n\n"
           "Open this link when you are ready (it is valid until {{deadline}}); the clock starts only when you "
           "press “Start the exercises”:\n\n{{link}}\n\nOnce you start, you have the full time, even past this "
           "date. Your answers are saved as you type, so you can open the link again if you lose the "
           "connection.\n\nGood luck!"),
    ),
    "next_step": (
        N_("Your application for {{role}}: the next step"),
        N_("Hello {{candidate_name}},\n\nThank you for your time so far. We would like to take your application "
           "for {{role}} to the next step: {{stage}}. We will write to you soon with the details.\n\n"
           "The hiring team"),
    ),
    "rejection": (
        N_("Your application for {{role}}"),
        N_("Hello {{candidate_name}},\n\nThank you for the time you gave to your application for {{role}}. "
           "We have decided not to continue with it.\n\nWe wish you every success.\n\nThe hiring team"),
    ),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a template: a message (msgid) and its values, and where."""

    part: str  # "subject" or "body"
    message: str
    values: Mapping[str, object]


def _where(text: str, offset: int) -> tuple[int, int]:
    """Line and column (both from 1) of `offset` in `text`."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def problems(kind: str, subject: str, body: str) -> list[Problem]:
    """Everything wrong with a template of `kind`, each naming the part, line and column; [] when fine."""
    spec = KINDS[kind]
    found: list[Problem] = []
    if not subject.strip():
        found.append(Problem("subject", N_("The subject is empty."), {}))
    if "\n" in subject.strip():
        found.append(Problem("subject", N_("The subject must be one line."), {}))
    if len(subject) > MAX_SUBJECT:
        found.append(Problem("subject", N_("The subject can be at most %(limit)s characters."), {"limit": MAX_SUBJECT}))
    if not body.strip():
        found.append(Problem("body", N_("The text is empty."), {}))
    if len(body) > MAX_BODY:
        found.append(Problem("body", N_("The text can be at most %(limit)s characters."), {"limit": MAX_BODY}))
    allowed = ", ".join("{{" + name + "}}" for name in spec.allowed)
    for part, text in (("subject", subject), ("body", body)):
        for match in _BRACES.finditer(text):
            line, column = _where(text, match.start())
            token = match.group()
            name = PLACEHOLDER.fullmatch(token)
            if name is None:
                found.append(Problem(part, N_("Line %(line)s, column %(column)s: “%(token)s” is not a placeholder. "
                                              "Write one as {{name}}, one of: %(allowed)s."),
                                     {"line": line, "column": column, "token": token, "allowed": allowed}))
            elif name.group(1) not in spec.allowed:
                found.append(Problem(part, N_("Line %(line)s, column %(column)s: this email has no placeholder "
                                              "%(token)s. It can use: %(allowed)s."),
                                     {"line": line, "column": column, "token": token, "allowed": allowed}))
            elif part == "subject" and name.group(1) in spec.body_only:
                found.append(Problem(part, N_("%(token)s cannot be in the subject: put it in the text."),
                                     {"token": token}))
    for name in spec.required:
        count = sum(1 for m in PLACEHOLDER.finditer(body) if m.group(1) == name)
        if count != 1:
            found.append(Problem("body", N_("The text must hold {{%(name)s}} exactly once (it holds it %(count)s "
                                            "times)."), {"name": name, "count": count}))
    return found


def fill(text: str, values: Mapping[str, str]) -> str:
    """`text` with each known placeholder replaced by its value, as typed; an unknown one stays as written
    (a saved template has none: `problems` refuses them)."""
    return PLACEHOLDER.sub(lambda m: values[m.group(1)] if m.group(1) in values else m.group(), text)


def one_line(text: str) -> str:
    """A subject as it is sent: one line (a name typed with a line break must not break the header)."""
    return " ".join(text.split())
