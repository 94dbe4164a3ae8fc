"""Exercises: timed work samples candidates complete from an invitation link, defined as YAML files."""
