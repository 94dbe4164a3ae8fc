"""The emails a candidate gets: templates per opening and language (issue 14, point 3)."""
