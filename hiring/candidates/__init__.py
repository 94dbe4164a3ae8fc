"""Candidates for an opening: adding, importing, viewing."""
