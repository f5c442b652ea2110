"""Persistence: engines and sessions, migrations, the single-instance lock and file backups."""
