"""The record's tables and vocabularies: SQLModel classes with no I/O and no Qt.

The package exports the tables start-up needs; a table only some pages use (the register of
outgoing documents) is imported from its own module, keeping it off the start-up path.
`kt_desktop.domain.tables` imports every table, for migrations and schema checks."""

from sqlmodel import SQLModel

# Named constraints let Alembic's batch mode alter SQLite tables later; set before any table.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# isort: split

from kt_desktop.domain.movement import Criterion, Movement, Period, Phase  # noqa: E402
from kt_desktop.domain.participants import Person, Unit  # noqa: E402
from kt_desktop.domain.results import Result  # noqa: E402
from kt_desktop.domain.settings import AppSetting  # noqa: E402

__all__ = [
    "AppSetting",
    "Criterion",
    "Movement",
    "Period",
    "Person",
    "Phase",
    "Result",
    "Unit",
]
