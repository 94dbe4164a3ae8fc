"""Privacy, retention and backups: erasing a candidate, the retention purge, a candidate's data
export, and database backup and restore. `operations.py` holds the state changes (each audited),
`archive.py` builds the export ZIP from plain data, `backups.py` copies databases."""
