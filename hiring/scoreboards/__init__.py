"""An opening's scoreboard: the one entry point for an opening's figures.

Its submitted ratings are read in one query (`ratings_frame`), turned into a `Scoreboard` by the
scoring model (`hiring.scoring`), and remembered per process, and with REDIS_URL between workers,
under a key that costs no query: `Opening.scores_version` moves with every change to a submitted
rating. Openings, shortlists and the API all read their figures through `opening_scoreboard`.
"""

from hiring.scoreboards.queries import (
    candidates_ratings,
    opening_fit,
    opening_scoreboard,
    ranked_without,
    ratings_frame,
    remembered,
    scoreboard_weights,
    shortlist_size,
    top_k,
    upgraded_scoreboard,
)

__all__ = ["candidates_ratings", "opening_fit", "opening_scoreboard", "ranked_without", "ratings_frame", "remembered",
           "scoreboard_weights", "shortlist_size", "top_k", "upgraded_scoreboard"]
