"""Rubrics: YAML files → validated, versioned, stored."""
