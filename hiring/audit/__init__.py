"""The audit trail: every operation that changes state records who did what, when, before → after."""
