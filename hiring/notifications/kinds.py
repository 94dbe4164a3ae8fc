"""The kinds of notification: what each says and how a person switches its email off. Pure.

Every message is one whole sentence (a msgid), rendered in the reader's language when it is shown
or emailed; its values are data (names, as typed) or words translated where they are shown (a
default stage name, a decision). Times (`due`, `expires`) are stored in UTC and shown in the reader's
time zone.
"""

from __future__ import annotations

from dataclasses import dataclass

from hiring.i18n import N_


@dataclass(frozen=True)
class Kind:
    key: str
    message: str  # the sentence, with %(name)s values
    switch: str  # the profile's switch that turns its email off (a key of SWITCHES)


#: The profile's switches: "Email me when …", each covering one or more kinds.
SWITCHES = {
    "scorecard_requested": N_("I am asked for a scorecard"),
    "scorecard_due": N_("a scorecard I owe is due, and again two days after"),
    "exercises": N_("a candidate of an opening I manage starts or submits the exercises"),
    # A switch of its own: `email_off` lists kinds, so a kind added to "exercises" would reach people
    # who had switched that off (and show it on again).
    "invitation_expiring": N_("an invitation to the exercises of an opening I manage is about to expire unused"),
    "decision_recorded": N_("a decision is recorded on a candidate I rated"),
    "debrief_opened": N_("a debrief opens for a candidate I rated or whose opening I manage"),
}

KINDS = {kind.key: kind for kind in (
    Kind("scorecard_requested", N_("%(asker)s asked you for a %(stage)s scorecard for %(candidate)s."),
         "scorecard_requested"),
    Kind("scorecard_due", N_("Your %(stage)s scorecard for %(candidate)s is due today (%(due)s)."), "scorecard_due"),
    Kind("scorecard_overdue", N_("Your %(stage)s scorecard for %(candidate)s is two days overdue: it was due "
                                 "%(due)s."), "scorecard_due"),
    Kind("exercises_started", N_("%(candidate)s started the exercises for %(opening)s."), "exercises"),
    Kind("exercises_submitted", N_("%(candidate)s submitted the exercises for %(opening)s."), "exercises"),
    Kind("invitation_expiring", N_("%(candidate)s has not started the exercises for %(opening)s, and the "
                                   "invitation expires on %(expires)s."), "invitation_expiring"),
    Kind("decision_recorded", N_("%(who)s recorded a decision on %(candidate)s, whom you rated: %(decision)s."),
         "decision_recorded"),
    Kind("debrief_opened", N_("%(who)s opened a debrief of %(candidate)s: the scorecards are locked until it "
                              "closes."), "debrief_opened"),
)}


def kinds_of(switch: str) -> list[str]:
    """The kinds one switch of the profile covers."""
    return [kind.key for kind in KINDS.values() if kind.switch == switch]
