"""Structured debriefs: the team decides together after every rater has scored on their own."""
