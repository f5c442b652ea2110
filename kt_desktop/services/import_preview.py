"""What an import will do before it does it: every row of the workbook as new, changed
(old → new), unchanged, skipped (why) or in error (where, what, why), with counts. Shared by
the import of department workbooks (services/imports.py) and of the registers of units and
people (services/register_import.py), by the preview dialog and by `main.py import --json`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class RowStatus(StrEnum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    ERROR = "error"


ROW_STATUS_LABELS: dict[RowStatus, str] = {
    RowStatus.NEW: "Mới",
    RowStatus.CHANGED: "Thay đổi",
    RowStatus.UNCHANGED: "Không đổi",
    RowStatus.SKIPPED: "Bỏ qua",
    RowStatus.ERROR: "Lỗi",
}


class ImportKind(StrEnum):
    PACKET = "packet"  # our packet, returned by a unit
    FOREIGN = "foreign"  # a unit's own workbook, read through a column mapping
    UNITS = "units"  # the register of units
    PEOPLE = "people"  # the register of people


@dataclass(frozen=True)
class CellProblem:
    """One bad cell: where it is, what it holds, and why it can't be used (Vietnamese)."""

    sheet: str
    row: int
    column: str  # the column letter, "" when the problem is the whole row
    value: str  # the raw value as typed, shown to the clerk
    reason: str

    @property
    def location(self) -> str:
        cell = f"ô {self.column}{self.row}" if self.column else f"dòng {self.row}"
        return f"Trang “{self.sheet}”, {cell}"

    def as_json(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class FieldChange:
    label: str  # "Tử số"
    old: str  # as shown, "" when there was nothing
    new: str


@dataclass(frozen=True)
class PreviewRow:
    sheet: str
    row: int
    # What the row becomes: "Kết quả", "Sáng kiến", "Đề nghị khen thưởng",
    # "Bình dân học vụ số", "Đơn vị", "Cá nhân".
    target: str
    # How the clerk recognises it: "CT01 – 80% trở lên thủ tục…", "Nguyễn Thị Hồng Nhung".
    key: str
    status: RowStatus
    changes: tuple[FieldChange, ...] = ()
    values: tuple[tuple[str, str], ...] = ()  # (label, value as shown) of what will be written
    reason: str = ""  # why skipped, or a summary of the errors
    problems: tuple[CellProblem, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "target": self.target,
            "key": self.key,
            "status": self.status.value,
            "status_text": ROW_STATUS_LABELS[self.status],
            "changes": [{"field": c.label, "old": c.old, "new": c.new} for c in self.changes],
            "values": dict(self.values),
            "reason": self.reason,
            "errors": [p.as_json() for p in self.problems],
        }


@dataclass(frozen=True)
class ImportPreview:
    """Everything the clerk sees before pressing "Nhập dữ liệu". `plan` is what the service's
    apply function needs to write exactly what was previewed (opaque to the GUI)."""

    file_name: str
    file_sha256: str
    kind: ImportKind
    period_id: int | None = None
    period_name: str = ""
    unit_id: int | None = None
    unit_name: str = ""
    rows: tuple[PreviewRow, ...] = ()
    # Problems of the whole file (a packet for a changed set of criteria, a remembered mapping
    # that no longer fits…), shown above the rows.
    problems: tuple[str, ...] = ()
    plan: Any = field(default=None, compare=False, repr=False)

    @property
    def counts(self) -> dict[RowStatus, int]:
        counted = Counter(row.status for row in self.rows)
        return {status: counted.get(status, 0) for status in RowStatus}

    @property
    def writes_anything(self) -> bool:
        counts = self.counts
        return bool(counts[RowStatus.NEW] or counts[RowStatus.CHANGED])

    @property
    def summary(self) -> str:
        """ "3 mới · 1 thay đổi · 2 không đổi · 2 bỏ qua · 1 lỗi" (thousands dotted: "5.000 mới")"""
        from kt_desktop.text import format_number

        return " · ".join(
            f"{format_number(count)} {ROW_STATUS_LABELS[status].lower()}"
            for status, count in self.counts.items()
        )

    def errors(self) -> list[CellProblem]:
        return [problem for row in self.rows for problem in row.problems]

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file_name,
            "sha256": self.file_sha256,
            "kind": self.kind.value,
            "period": self.period_name,
            "unit": self.unit_name,
            "counts": {status.value: count for status, count in self.counts.items()},
            "problems": list(self.problems),
            "rows": [row.as_json() for row in self.rows],
        }


@dataclass(frozen=True)
class ImportOutcome:
    """What was written, for the message after "Nhập dữ liệu"."""

    written: int
    new: int
    changed: int
    message: str  # a complete Vietnamese sentence
