"""Structured interviews: kits per stage, independent scorecards, score import."""
