"""Alembic environment: runs on the connection the app hands over, never from an .ini file."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import kt_desktop.domain.tables  # noqa: F401  (registers every table on SQLModel.metadata)

# No fileConfig() here: it would reset the app's logging configuration.
config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode copies the table instead.
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("Offline migrations are not used by this app.")
run_migrations_online()
