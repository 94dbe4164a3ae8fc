"""Shortlists, leadership decisions and the side-by-side comparison of candidates."""
