"""Every email goes through the outbox: written in the unit of work that causes it, sent by a worker."""
