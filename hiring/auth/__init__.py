"""People, roles and login."""
