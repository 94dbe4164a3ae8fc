"""Notifications: what the app tells a person (in the app, and by email through the outbox)."""
