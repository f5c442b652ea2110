"""The demo commune's results: 2025 complete and reviewed, 2026 under way (some units late,
some results returned), a few figures verified by an inspection."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import insert
from sqlmodel import col, select

from kt_desktop.domain import Criterion, Result, Unit
from kt_desktop.domain.enums import CriterionKind, ResultSource, ReviewStatus, UnitKind
from kt_desktop.services.database import Database
from kt_desktop.services.figures import applies_to_unit
from kt_desktop.services.movement import list_periods

QUALITATIVE_ASSESSMENTS = (
    "Hoàn thành đúng hạn các nhiệm vụ được giao; báo cáo định kỳ đầy đủ.",
    "Triển khai kịp thời kế hoạch của UBND xã; còn chậm một số báo cáo quý.",
    "Chủ động tham mưu, có mô hình mới được nhân rộng trong xã.",
    "Thực hiện tốt, được Đoàn kiểm tra của xã đánh giá cao.",
    "Tổ chức phong trào thiết thực; có sáng kiến được công nhận cấp cơ sở.",
)
CONTRIBUTOR_ASSESSMENTS = (
    "Tích cực hỗ trợ người dân cài đặt, sử dụng VNeID và dịch vụ công trực tuyến.",
    "Tài trợ thiết bị, đường truyền cho lớp “Bình dân học vụ số”.",
    "Tham gia Tổ công nghệ số cộng đồng, hướng dẫn thanh toán không dùng tiền mặt.",
    "Ứng dụng phần mềm quản lý, hóa đơn điện tử trong sản xuất, kinh doanh.",
)
NOT_APPLICABLE_REASONS = {
    "CT03": "Đơn vị không tiếp nhận thủ tục hành chính liên quan đến doanh nghiệp.",
    "CT05": "Đơn vị không trực tiếp giải quyết thủ tục hành chính.",
    "CT10": "Thôn không thuộc diện báo cáo chỉ tiêu kinh tế – xã hội lên hệ thống.",
}
RETURN_REASONS = (
    "Số liệu chưa khớp với báo cáo của Trung tâm Phục vụ hành chính công.",
    "Thiếu biểu mẫu có chữ ký, đóng dấu của người đứng đầu.",
    "Mẫu số chưa đúng hướng dẫn (phải là tổng hồ sơ tiếp nhận cả năm).",
)
# Typical denominators per criterion for a department and for a village.
DENOMINATORS = {
    "CT01": (1200, 160),
    "CT02": (180, 40),
    "CT03": (45, 6),
    "CT04": (60, 15),
    "CT05": (120, 25),
    "CT06": (900, 140),
    "CT07": (2400, 260),
    "CT08": (350, 60),
    "CT09": (1800, 150),
    "CT10": (24, 12),
    "CT11": (12, 4),
}


def _rate_counts(
    rng: random.Random, code: str, kind: UnitKind, threshold: Decimal, strength: float
) -> tuple[int, int]:
    department, village = DENOMINATORS.get(code, (100, 20))
    base = department if kind == UnitKind.DEPARTMENT else village
    denominator = max(1, int(base * rng.uniform(0.7, 1.3)))
    # Strong units mostly meet the target; weak ones fall a little short.
    target_share = float(threshold) / 100
    if rng.random() < strength:
        share = rng.uniform(target_share, 1.0) if target_share < 1 else 1.0
    else:
        share = max(0.0, target_share - rng.uniform(0.03, 0.25))
    numerator = min(denominator, round(denominator * share))
    return numerator, denominator


def _points(rng: random.Random, weight: Decimal, strength: float) -> Decimal:
    share = Decimal(str(round(rng.uniform(0.55, 0.8) + strength * 0.2, 2)))
    return min(weight, (weight * share).quantize(Decimal("0.5"), rounding=ROUND_HALF_UP))


def _rows_for_period(
    rng: random.Random,
    period_id: int,
    criteria: list[Criterion],
    units: list[Any],
    *,
    complete: bool,
    received_from: date,
    received_days: int,
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for unit_id, code, kind in units:
        strength = rng.uniform(0.45, 0.98)
        late_unit = not complete and rng.random() < 0.2
        for criterion in criteria:
            if not applies_to_unit(criterion.subject, criterion.unit_kinds, kind):
                continue
            if not complete and ((late_unit and rng.random() < 0.6) or rng.random() < 0.06):
                continue  # not sent yet
            received = received_from + timedelta(days=rng.randint(0, received_days))
            row: dict[str, Any] = {
                "period_id": period_id,
                "criterion_id": criterion.id,
                "unit_id": unit_id,
                "person_id": None,
                "numerator": None,
                "denominator": None,
                "value": None,
                "yes_no": None,
                "assessment": "",
                "note": "",
                "not_applicable": False,
                "not_applicable_reason": "",
                "source": ResultSource.MANUAL,
                "source_file": "",
                "source_row": None,
                "received_on": received,
                "review_status": ReviewStatus.ACCEPTED,
                "return_reason": "",
                "reviewer_points": None,
                "verified_numerator": None,
                "verified_denominator": None,
                "verified_value": None,
                "verified_yes_no": None,
                "verified_on": None,
                "verified_note": "",
            }
            reason = NOT_APPLICABLE_REASONS.get(criterion.code)
            if reason and kind == UnitKind.VILLAGE and rng.random() < 0.5:
                row["not_applicable"] = True
                row["not_applicable_reason"] = reason
            elif criterion.kind == CriterionKind.RATE and criterion.threshold is not None:
                numerator, denominator = _rate_counts(
                    rng, criterion.code, kind, criterion.threshold, strength
                )
                row["numerator"], row["denominator"] = Decimal(numerator), Decimal(denominator)
                if rng.random() < 0.4:
                    row["source"] = ResultSource.IMPORTED
                    row["source_file"] = f"ket-qua-chi-tieu-{received.year}-{code.lower()}.xlsx"
                    row["source_row"] = 5 + int(criterion.code[2:])
            elif criterion.kind == CriterionKind.QUALITATIVE:
                pool = (
                    QUALITATIVE_ASSESSMENTS
                    if kind in (UnitKind.DEPARTMENT, UnitKind.VILLAGE)
                    else CONTRIBUTOR_ASSESSMENTS
                )
                row["assessment"] = rng.choice(pool)
                row["reviewer_points"] = _points(rng, criterion.weight, strength)
            if not complete and not row["not_applicable"]:
                roll = rng.random()
                if roll < 0.12:
                    row["review_status"] = ReviewStatus.RETURNED
                    row["return_reason"] = rng.choice(RETURN_REASONS)
                elif roll < 0.3:
                    row["review_status"] = ReviewStatus.IN_REVIEW
                elif roll < 0.5:
                    row["review_status"] = ReviewStatus.RECEIVED
                    row["reviewer_points"] = None  # not graded yet
            rows.append(row)
    return rows


def _verify_some(rng: random.Random, rows: list[dict[str, Any]], on: date) -> None:
    """The council's inspection checked a few rates and found some lower than reported."""
    rates = [r for r in rows if r["denominator"] is not None]
    for row in rng.sample(rates, min(8, len(rates))):
        row["verified_denominator"] = row["denominator"]
        found = row["numerator"] - Decimal(rng.choice((0, 0, 2, 5, 11)))
        row["verified_numerator"] = max(Decimal(0), found)
        row["verified_on"] = on
        row["verified_note"] = "Đoàn kiểm tra đối chiếu sổ theo dõi và hệ thống một cửa."


def fill_demo_results(db: Database, rng: random.Random) -> None:
    periods = {p.name: p.id for p in list_periods(db)}
    with db.session() as session:
        everyone = session.exec(select(Unit.id, Unit.code, Unit.kind).where(col(Unit.active))).all()
        # Many businesses take no part; leave them without results.
        units = [u for u in everyone if u[2] != UnitKind.BUSINESS or rng.random() < 0.3]
        rows: list[dict[str, Any]] = []
        for name, complete, start, days in (
            ("Năm 2025", True, date(2025, 11, 20), 50),
            ("Năm 2026", False, date(2026, 3, 2), 240),
        ):
            period_id = periods[name]
            criteria = list(
                session.exec(
                    select(Criterion)
                    .where(Criterion.period_id == period_id)
                    .order_by(col(Criterion.sort_order))
                ).all()
            )
            period_rows = _rows_for_period(
                rng,
                period_id,
                criteria,
                list(units),
                complete=complete,
                received_from=start,
                received_days=days,
            )
            if complete:
                _verify_some(rng, period_rows, date(2026, 1, 12))
            rows += period_rows
        session.execute(insert(Result), rows)
