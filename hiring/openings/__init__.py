"""Openings: the roles being hired for, their stages, rubric version and hiring team."""
