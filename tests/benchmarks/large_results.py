"""A large record of results for speed measurements: thousands of units reporting against
every criterion of several periods, with evidence links (reusable, not a test module).

Usage, on a migrated and seeded database (tests.conftest's `db`, or open_record +
ensure_seeded)::

    from tests.benchmarks.large_results import fill_large_results

    filled = fill_large_results(db)  # 3,000 units, 6 periods of 30 criteria, 20,000 links
    filled.period_ids[1]             # the year 2026: a period to measure on

What it adds (fast: INSERT executemany in one transaction, about ten seconds for
the defaults):
- `units` active units, about one department for five villages, codes "DL00001"…;
- in each of the first `periods` periods (the annual ones 2025, 2026…, by year), extra unit
  criteria ("BS01"…, rate, count, yes/no and qualitative in turn) so that exactly
  `criteria_per_period` criteria apply to departments and villages;
- one result per unit and applicable criterion, except about 10% left missing: figures in
  the criterion's kind (numerator and denominator for a rate, a count, yes/no, an
  assessment with reviewer points), about 3% marked "không áp dụng" with a reason, and a
  review status mix of received / in review / accepted / returned (about 5%, with a reason);
- `evidence_links` evidence files (rows only, no bytes on disk), each linked to one result.

Call it once per database: the extra criteria codes would clash on a second call.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, insert
from sqlmodel import Session, col, select

from kt_desktop.domain import Criterion, Period, Unit
from kt_desktop.domain.enums import (
    Comparator,
    CriterionKind,
    CriterionSubject,
    PeriodKind,
    ReviewStatus,
    UnitKind,
)
from kt_desktop.services.database import Database
from kt_desktop.services.figures import applies_to_unit

MISSING_SHARE = 0.10
NOT_APPLICABLE_SHARE = 0.03
RETURNED_SHARE = 0.05
IN_REVIEW_SHARE = 0.15
ACCEPTED_SHARE = 0.45
DEPARTMENT_SHARE = 1 / 6

VILLAGE_BASES = (
    "Thôn Đông",
    "Thôn Tây",
    "Thôn Nam",
    "Thôn Bắc",
    "Thôn Kim Lương",
    "Thôn Lai Khê",
    "Thôn Cổ Dũng",
    "Thôn Tuấn Hưng",
    "Thôn Kim Anh",
    "Thôn Phúc Thành",
    "Thôn Ấp Đông",
    "Thị tứ Kim Thành",
)
DEPARTMENT_BASES = (
    "Phòng Kinh tế",
    "Phòng Văn hóa – Xã hội",
    "Văn phòng HĐND và UBND xã",
    "Trung tâm Phục vụ hành chính công",
    "Ban Chỉ huy Quân sự",
    "Công an",
)
EXTRA_WORDINGS = (
    "Tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng",
    "Số buổi tập huấn kỹ năng số cho người dân",
    "Có chuyên mục chuyển đổi số trên trang thông tin điện tử",
    "Ứng dụng nền tảng số trong quản lý, điều hành",
)
ASSESSMENTS = (
    "Hoàn thành tốt nhiệm vụ, có nhiều cách làm mới",
    "Hoàn thành nhiệm vụ được giao",
    "Triển khai kịp thời, có báo cáo đầy đủ",
    "Còn chậm so với kế hoạch",
)
NOT_APPLICABLE_REASONS = (
    "Đơn vị không phát sinh thủ tục hành chính trong kỳ",
    "Không có doanh nghiệp trên địa bàn",
)
RETURN_REASONS = (
    "Thiếu tài liệu minh chứng",
    "Số liệu tử số lớn hơn số hồ sơ tiếp nhận",
    "Chưa có chữ ký của Thủ trưởng đơn vị",
    "Số liệu không khớp với báo cáo tháng",
)
RESULT_COLUMNS = (
    "period_id",
    "criterion_id",
    "unit_id",
    "numerator",
    "denominator",
    "value",
    "yes_no",
    "assessment",
    "note",
    "not_applicable",
    "not_applicable_reason",
    "source",
    "source_file",
    "source_row",
    "received_on",
    "review_status",
    "return_reason",
    "reviewer_points",
    "verified_note",
)


@dataclass(frozen=True)
class LargeResults:
    """What fill_large_results added."""

    period_ids: list[int]  # the periods filled, by year
    unit_ids: list[int]
    results: int
    evidence_links: int


@dataclass(frozen=True)
class _Criterion:
    id: int
    kind: CriterionKind
    weight: Decimal


def _unit_rows(count: int, rng: random.Random) -> list[dict[str, object]]:
    rows = []
    for number in range(1, count + 1):
        department = rng.random() < DEPARTMENT_SHARE
        bases = DEPARTMENT_BASES if department else VILLAGE_BASES
        base = bases[number % len(bases)]
        rows.append(
            {
                "code": f"DL{number:05d}",
                "name": f"{base} {number}",
                "kind": UnitKind.DEPARTMENT if department else UnitKind.VILLAGE,
                "head_name": "",
                "head_title": "Trưởng phòng" if department else "Trưởng thôn",
                "phone": "",
                "active": True,
            }
        )
    return rows


def _extra_criteria(period_id: int, count: int) -> list[dict[str, object]]:
    kinds = list(CriterionKind)
    rows = []
    for number in range(1, count + 1):
        kind = kinds[(number - 1) % len(kinds)]
        measured = kind in (CriterionKind.RATE, CriterionKind.COUNT)
        rows.append(
            {
                "period_id": period_id,
                "code": f"BS{number:02d}",
                "subject": CriterionSubject.UNIT,
                "kind": kind,
                "wording": f"{EXTRA_WORDINGS[(number - 1) % len(EXTRA_WORDINGS)]} ({number})",
                "section_ref": "III.1.1",
                "comparator": Comparator.AT_LEAST if measured else None,
                "threshold": (Decimal(80) if kind == CriterionKind.RATE else Decimal(4))
                if measured
                else None,
                "numerator_label": "Số hồ sơ trực tuyến" if kind == CriterionKind.RATE else "",
                "denominator_label": "Tổng số hồ sơ" if kind == CriterionKind.RATE else "",
                "weight": Decimal(1 + number % 3),
                "unit_kinds": [UnitKind.DEPARTMENT.value, UnitKind.VILLAGE.value],
                "person_kinds": [],
                "content_area": 1 + number % 7,
                "priority_sector": None,
                "sort_order": 1000 + number,
            }
        )
    return rows


def _figures(criterion: _Criterion, rng: random.Random) -> tuple[object, ...]:
    """(numerator, denominator, value, yes_no, assessment) as stored."""
    if criterion.kind == CriterionKind.RATE:
        denominator = rng.randint(5, 400)
        numerator = min(denominator, round(denominator * rng.uniform(0.5, 1.05)))
        return str(numerator), str(denominator), None, None, ""
    if criterion.kind == CriterionKind.COUNT:
        return None, None, str(rng.randint(0, 30)), None, ""
    if criterion.kind == CriterionKind.YES_NO:
        return None, None, None, int(rng.random() < 0.85), ""
    return None, None, None, None, rng.choice(ASSESSMENTS)


def _result_row(
    period: Period, unit_id: int, criterion: _Criterion, rng: random.Random
) -> tuple[object, ...]:
    received = period.start_date + timedelta(days=rng.randint(30, 330))
    source_row = None
    source, source_file = "manual", ""
    if rng.random() < 0.4:
        source, source_file, source_row = "imported", "ket-qua-don-vi.xlsx", rng.randint(5, 400)
    if rng.random() < NOT_APPLICABLE_SHARE:
        figures: tuple[object, ...] = (None, None, None, None, "")
        na, na_reason = 1, rng.choice(NOT_APPLICABLE_REASONS)
        status, reason, points = ReviewStatus.ACCEPTED, "", None
    else:
        figures = _figures(criterion, rng)
        na, na_reason = 0, ""
        roll = rng.random()
        reason = ""
        if roll < RETURNED_SHARE:
            status, reason = ReviewStatus.RETURNED, rng.choice(RETURN_REASONS)
        elif roll < RETURNED_SHARE + IN_REVIEW_SHARE:
            status = ReviewStatus.IN_REVIEW
        elif roll < RETURNED_SHARE + IN_REVIEW_SHARE + ACCEPTED_SHARE:
            status = ReviewStatus.ACCEPTED
        else:
            status = ReviewStatus.RECEIVED
        points = None
        if status == ReviewStatus.ACCEPTED and criterion.kind in (
            CriterionKind.YES_NO,
            CriterionKind.QUALITATIVE,
        ):
            points = str((criterion.weight * Decimal(rng.randint(5, 10)) / 10).normalize())
    return (
        period.id,
        criterion.id,
        unit_id,
        *figures,
        "",
        na,
        na_reason,
        source,
        source_file,
        source_row,
        received.isoformat(),
        status.value,
        reason,
        points,
        "",
    )


def fill_large_results(
    db: Database,
    units: int = 3000,
    criteria_per_period: int = 30,
    periods: int = 6,
    evidence_links: int = 20000,
    seed: int = 2026,
) -> LargeResults:
    """Fill a seeded database with `units` units and their results (see the module's text)."""
    rng = random.Random(seed)
    with db.session() as session:
        first_unit = int(session.exec(select(func.max(Unit.id))).one() or 0) + 1
        session.execute(insert(Unit), _unit_rows(units, rng))
        unit_rows = session.exec(
            select(Unit.id, Unit.kind).where(col(Unit.id) >= first_unit).order_by(col(Unit.id))
        ).all()
        all_periods = session.exec(select(Period).order_by(col(Period.sort_order))).all()
        annual = [p for p in all_periods if p.kind == PeriodKind.ANNUAL]
        chosen = (annual + [p for p in all_periods if p.kind != PeriodKind.ANNUAL])[:periods]
        criteria_of: dict[int, list[_Criterion]] = {}
        for period in chosen:
            assert period.id is not None
            existing = session.exec(select(Criterion).where(Criterion.period_id == period.id))
            meant = [
                c
                for c in existing
                if applies_to_unit(c.subject, c.unit_kinds, UnitKind.DEPARTMENT)
                and applies_to_unit(c.subject, c.unit_kinds, UnitKind.VILLAGE)
            ][:criteria_per_period]
            extra = criteria_per_period - len(meant)
            if extra > 0:
                session.execute(insert(Criterion), _extra_criteria(period.id, extra))
                meant += list(
                    session.exec(
                        select(Criterion)
                        .where(Criterion.period_id == period.id)
                        .where(col(Criterion.code).startswith("BS"))
                    )
                )
            criteria_of[period.id] = [_Criterion(c.id or 0, c.kind, c.weight) for c in meant]

        rows = []
        for period in chosen:
            for unit_id, _kind in unit_rows:
                for criterion in criteria_of[period.id or 0]:
                    if rng.random() < MISSING_SHARE:
                        continue
                    rows.append(_result_row(period, unit_id or 0, criterion, rng))
        # The DB-API's executemany with values already in their stored form: the column types'
        # Python conversions would cost more than the insert itself.
        connection = session.connection()
        marks = ", ".join("?" for _ in RESULT_COLUMNS)
        connection.exec_driver_sql(
            f"INSERT INTO result ({', '.join(RESULT_COLUMNS)}) VALUES ({marks})", rows
        )
        linked = _fill_evidence(session, [p.id or 0 for p in chosen], evidence_links, rng)
        return LargeResults(
            period_ids=[p.id or 0 for p in chosen],
            unit_ids=[int(unit_id or 0) for unit_id, _ in unit_rows],
            results=len(rows),
            evidence_links=linked,
        )


def _fill_evidence(session: Session, period_ids: list[int], count: int, rng: random.Random) -> int:
    if count <= 0:
        return 0
    connection = session.connection()
    marks = ", ".join("?" for _ in period_ids)
    result_ids = [
        row[0]
        for row in connection.exec_driver_sql(
            f"SELECT id FROM result WHERE not_applicable = 0 AND period_id IN ({marks})",
            tuple(period_ids),
        )
    ]
    chosen = rng.sample(result_ids, min(count, len(result_ids)))
    first_file = int(connection.exec_driver_sql("SELECT max(id) FROM evidence_file").scalar() or 0)
    stamp = datetime(2026, 3, 1, 8, 0, 0)
    files, links = [], []
    for number, result_id in enumerate(chosen, start=1):
        name = f"Minh chứng {number:05d}.pdf"
        when = (stamp + timedelta(minutes=number)).strftime("%Y-%m-%d %H:%M:%S.%f")
        digest = hashlib.sha256(f"kt-large-evidence-{number}".encode()).hexdigest()
        files.append((first_file + number, digest, rng.randint(40_000, 4_000_000), name, when))
        links.append((first_file + number, result_id, name, "", when))
    connection.exec_driver_sql(
        "INSERT INTO evidence_file (id, sha256, size_bytes, original_name, stored_at) "
        "VALUES (?, ?, ?, ?, ?)",
        files,
    )
    connection.exec_driver_sql(
        "INSERT INTO evidence_link (file_id, result_id, file_name, description, attached_at) "
        "VALUES (?, ?, ?, ?, ?)",
        links,
    )
    return len(links)
