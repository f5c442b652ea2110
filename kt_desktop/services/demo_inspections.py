"""The demo commune's inspection round of 2026: a team of the Emulation Council, six visits in
October and November (four recorded, some figures found lower than reported), follow-up
actions (one overdue, one done) and a few evidence files, all through the real services."""

from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlmodel import col, select

from kt_desktop.domain import Criterion, Person, Unit
from kt_desktop.domain.enums import CriterionKind, Judgement, TeamRole, UnitKind, VisitStatus
from kt_desktop.services.database import Database
from kt_desktop.services.figures import Figure, Target, is_met
from kt_desktop.services.inspections import (
    ChecklistRow,
    ItemRecord,
    MemberInput,
    VisitRecord,
    add_action,
    add_free_item,
    add_visit,
    checklist,
    complete_action,
    create_round,
    list_rounds,
    record_visit,
    save_team,
    set_visit_status,
)
from kt_desktop.services.movement import list_periods
from kt_desktop.text import fold

ROUND_NAME = "Kiểm tra việc thực hiện phong trào thi đua năm 2026"
ROUND_PURPOSE = (
    "Đánh giá tình hình triển khai, kết quả thực hiện các tiêu chí thi đua đổi mới sáng tạo, "
    "chuyển đổi số và “Bình dân học vụ số” năm 2026 tại các cơ quan, đơn vị, thôn và doanh "
    "nghiệp; xác minh số liệu đơn vị đã báo cáo làm căn cứ chấm điểm, xét khen thưởng; kịp thời "
    "hướng dẫn, chấn chỉnh những tồn tại, hạn chế."
)
# The day the demo's minutes were typed in: every recorded visit lies before it.
RECORDED_ON = date(2026, 11, 24)
# Names for the deputy chairman leading the team; the first that heads no visited unit is used.
LEADER_NAMES = ("Phạm Quang Huy", "Đinh Công Thắng", "Ngô Xuân Trung")


@dataclass(frozen=True)
class _Plan:
    code: str
    visit_date: date
    start_time: str
    place: str
    recorded: bool
    status: VisitStatus
    findings: str = ""
    recommendations: str = ""
    # Rate criteria whose verified count is lower than reported, by how much of the
    # denominator (0.12: twelve points lower).
    lower: tuple[tuple[str, float], ...] = ()
    free_item: str = ""


PLANS = (
    _Plan(
        "VP",
        date(2026, 10, 13),
        "08:00",
        "Phòng họp tầng 2, trụ sở HĐND – UBND xã",
        True,
        VisitStatus.CLOSED,
        findings=(
            "Văn phòng HĐND và UBND xã triển khai kịp thời kế hoạch thi đua của UBND xã; 100% "
            "văn bản đi được ký số, phát hành trên Hệ thống quản lý văn bản và điều hành. Số liệu "
            "báo cáo cơ bản khớp với hệ thống; hồ sơ lưu trữ năm 2024 chưa được số hóa đầy đủ."
        ),
        recommendations=(
            "Hoàn thành số hóa hồ sơ lưu trữ năm 2024 theo danh mục đã được phê duyệt; tiếp tục "
            "duy trì việc ký số văn bản và cập nhật dữ liệu lên hệ thống đúng thời hạn."
        ),
        lower=(("CT02", 0.03),),
    ),
    _Plan(
        "THON01",
        date(2026, 10, 15),
        "08:00",
        "Nhà văn hóa thôn Đông",
        True,
        VisitStatus.REPORT_SENT,
        findings=(
            "Thôn đã tổ chức 04 lớp “Bình dân học vụ số” cho người dân, Tổ công nghệ số cộng đồng "
            "hoạt động thường xuyên. Tuy nhiên, số hồ sơ nộp trực tuyến theo sổ theo dõi của thôn "
            "thấp hơn số liệu thôn đã báo cáo; một số hồ sơ người dân nộp trực tiếp tại Trung tâm "
            "Phục vụ hành chính công được tính trùng."
        ),
        recommendations=(
            "Rà soát, điều chỉnh số liệu báo cáo cho khớp với Hệ thống thông tin giải quyết thủ "
            "tục hành chính; cập nhật đầy đủ sổ theo dõi; bổ sung danh sách người dân tham gia các "
            "lớp “Bình dân học vụ số” có chữ ký xác nhận."
        ),
        lower=(("CT01", 0.12), ("CT06", 0.08)),
        free_item="Sổ theo dõi lớp “Bình dân học vụ số” và danh sách học viên",
    ),
    _Plan(
        "TTHCC",
        date(2026, 10, 20),
        "14:00",
        "Trung tâm Phục vụ hành chính công xã",
        True,
        VisitStatus.DONE,
        findings=(
            "Trung tâm tiếp nhận, giải quyết hồ sơ đúng quy trình; tỷ lệ hồ sơ trực tuyến toàn "
            "trình đạt cao. Qua đối chiếu, số hồ sơ trực tuyến toàn trình thực tế thấp hơn số liệu "
            "báo cáo do một số hồ sơ trực tuyến một phần được tính vào."
        ),
        recommendations=(
            "Phân loại đúng hồ sơ trực tuyến toàn trình và một phần theo Nghị định số "
            "42/2022/NĐ-CP; niêm yết công khai quy trình tiếp nhận hồ sơ trực tuyến tại khu vực "
            "một cửa."
        ),
        lower=(("CT02", 0.07),),
    ),
    _Plan(
        "",  # the business, chosen by its code below
        date(2026, 11, 12),
        "09:00",
        "Văn phòng công ty",
        True,
        VisitStatus.DONE,
        findings=(
            "Doanh nghiệp tích cực hưởng ứng phong trào: tài trợ thiết bị cho lớp “Bình dân học "
            "vụ số” của thôn, áp dụng hóa đơn điện tử và phần mềm quản lý kho. Việc thanh toán "
            "không dùng tiền mặt với người lao động chưa thực hiện đầy đủ."
        ),
        recommendations=(
            "Triển khai chi trả lương qua tài khoản cho toàn bộ người lao động; tiếp tục đồng "
            "hành với xã trong các hoạt động chuyển đổi số cộng đồng."
        ),
    ),
    _Plan(
        "THON05",
        date(2026, 11, 25),
        "08:00",
        "Nhà văn hóa thôn Kim Lương",
        False,
        VisitStatus.PLANNED,
    ),
    _Plan(
        "THON06",
        date(2026, 11, 27),
        "14:00",
        "Nhà văn hóa thôn Lai Khê",
        False,
        VisitStatus.PLANNED,
    ),
)

QUALITATIVE_REMARKS = (
    "Có kế hoạch, báo cáo đầy đủ; triển khai đúng tiến độ.",
    "Thực hiện tốt; có mô hình được người dân đồng tình.",
    "Hồ sơ minh chứng còn thiếu một số biên bản họp.",
)
DONE_NOTE = (
    "Đã số hóa 1.240 hồ sơ lưu trữ năm 2024, cập nhật lên Hệ thống quản lý văn bản và điều hành "
    "(báo cáo số 85/BC-VP ngày 28/10/2026)."
)


def _units(db: Database) -> dict[str, Unit]:
    with db.session() as session:
        return {u.code: u for u in session.exec(select(Unit).where(col(Unit.active))).all()}


def _business_code(units: dict[str, Unit]) -> str:
    codes = sorted(code for code, unit in units.items() if unit.kind == UnitKind.BUSINESS)
    return codes[0] if codes else ""


def _member_of(db: Database, unit: Unit | None, rng: random.Random) -> Person | None:
    """An active person of `unit` other than its head."""
    if unit is None:
        return None
    with db.session() as session:
        people = session.exec(
            select(Person)
            .where(Person.unit_id == unit.id)
            .where(col(Person.active))
            .order_by(col(Person.id))
        ).all()
    others = [p for p in people if fold(p.full_name) != fold(unit.head_name)]
    return rng.choice(others) if others else None


def _team(
    db: Database, units: dict[str, Unit], visited: list[Unit], rng: random.Random
) -> list[MemberInput]:
    heads = {fold(u.head_name) for u in visited if u.head_name}
    leader = next((name for name in LEADER_NAMES if fold(name) not in heads), LEADER_NAMES[0])
    members = [MemberInput(None, leader, "Phó Chủ tịch UBND xã", TeamRole.LEADER, True)]
    secretary = _member_of(db, units.get("PVHXH"), rng)
    members.append(
        MemberInput(
            secretary.id if secretary else None,
            secretary.full_name if secretary else "Đỗ Thu Trang",
            "Công chức Phòng Văn hóa – Xã hội",
            TeamRole.SECRETARY,
        )
    )
    front = units.get("MTTQ")
    if front is not None and front.head_name:
        members.append(
            MemberInput(
                None,
                front.head_name,
                "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam xã",
                TeamRole.MEMBER,
                True,
            )
        )
    economy = units.get("PKT")
    if economy is not None and economy.head_name:
        members.append(
            MemberInput(None, economy.head_name, "Trưởng phòng Kinh tế", TeamRole.MEMBER, True)
        )
    party = _member_of(db, units.get("VPDU"), rng)
    if party is not None:
        members.append(MemberInput(party.id, party.full_name, "Chuyên viên Văn phòng Đảng ủy xã"))
    # Nobody who heads a visited unit may visit it; the demo's random names could collide.
    return [m for m in members if m.role == TeamRole.LEADER or fold(m.full_name) not in heads]


def _verified(row: ChecklistRow, lower: dict[str, float]) -> Figure | None:
    reported = row.reported
    if reported is None or row.kind != CriterionKind.RATE:
        return None
    if reported.numerator is None or reported.denominator is None:
        return None
    cut = lower.get(row.code)
    if cut is None:
        return Figure(numerator=reported.numerator, denominator=reported.denominator)
    drop = Decimal(round(float(reported.denominator) * cut))
    return Figure(
        numerator=max(Decimal(0), reported.numerator - drop), denominator=reported.denominator
    )


def _record(
    db: Database,
    visit_id: int,
    plan: _Plan,
    unit: Unit,
    targets: dict[int, Target],
    rng: random.Random,
) -> None:
    sheet = checklist(db, visit_id)
    lower = dict(plan.lower)
    items = []
    for row in sheet.rows:
        if row.is_free:
            items.append(
                ItemRecord(
                    row.item_id,
                    None,
                    Judgement.NOT_MET,
                    "Danh sách học viên chưa có đủ chữ ký xác nhận.",
                )
            )
        elif row.reported_text == "Không áp dụng":
            items.append(ItemRecord(row.item_id, None, Judgement.NOT_APPLICABLE))
        elif row.kind == CriterionKind.RATE:
            figure = _verified(row, lower)
            if figure is None:
                items.append(ItemRecord(row.item_id, None, None, "Đơn vị chưa cung cấp số liệu."))
                continue
            target = targets.get(row.criterion_id or 0)
            met = target is not None and bool(is_met(target, figure))
            remarks = (
                "Số liệu thực tế thấp hơn báo cáo; đề nghị điều chỉnh."
                if row.code in lower
                else "Khớp với sổ sách của đơn vị và số liệu trên hệ thống."
            )
            items.append(
                ItemRecord(
                    row.item_id, figure, Judgement.MET if met else Judgement.NOT_MET, remarks
                )
            )
        else:
            judgement = Judgement.MET if rng.random() < 0.8 else Judgement.NOT_MET
            remark = QUALITATIVE_REMARKS[2 if judgement == Judgement.NOT_MET else rng.randint(0, 1)]
            items.append(ItemRecord(row.item_id, None, judgement, remark))
    head = f"đồng chí {unit.head_name} – {unit.head_title}" if unit.head_name else ""
    attendees = "; ".join(part for part in (head, "đại diện bộ phận chuyên môn của đơn vị") if part)
    record_visit(
        db,
        visit_id,
        VisitRecord(
            attendees=attendees[:1].upper() + attendees[1:],
            findings=plan.findings,
            recommendations=plan.recommendations,
            items=items,
        ),
        today=RECORDED_ON,
    )


def _targets(db: Database, period_id: int) -> dict[int, Target]:
    with db.session() as session:
        return {
            criterion.id or 0: Target(
                criterion.kind, criterion.comparator, criterion.threshold, criterion.weight
            )
            for criterion in session.exec(
                select(Criterion).where(Criterion.period_id == period_id)
            ).all()
        }


def fill_demo_inspections(db: Database, rng: random.Random) -> int | None:
    """The 2026 round, its team, visits, minutes, actions and evidence; returns the round's
    id (the existing one if the round is already there), or None when the demo commune lacks
    the units it needs."""
    period = next((p for p in list_periods(db) if p.name == "Năm 2026"), None)
    units = _units(db)
    business = _business_code(units)
    codes = [plan.code or business for plan in PLANS]
    if period is None or not all(code in units for code in codes):
        return None
    existing = next((r for r in list_rounds(db, period.id) if r.name == ROUND_NAME), None)
    if existing is not None:
        return existing.id
    targets = _targets(db, period.id)
    round_id = create_round(db, period.id, ROUND_NAME, ROUND_PURPOSE)
    visits: dict[str, int] = {}
    for plan, code in zip(PLANS, codes, strict=True):
        visits[code] = add_visit(
            db, round_id, units[code].id or 0, plan.visit_date, plan.start_time, plan.place
        )
        if plan.free_item:
            add_free_item(db, visits[code], plan.free_item)
    save_team(db, round_id, _team(db, units, [units[c] for c in codes], rng))
    for plan, code in zip(PLANS, codes, strict=True):
        if plan.recorded:
            _record(db, visits[code], plan, units[code], targets, rng)
            status = VisitStatus.DONE
            while status != plan.status:
                status = {
                    VisitStatus.DONE: VisitStatus.REPORT_SENT,
                    VisitStatus.REPORT_SENT: VisitStatus.CLOSED,
                }[status]
                set_visit_status(db, visits[code], status, today=RECORDED_ON)
    actions = _add_actions(db, visits, business)
    _attach_evidence(db, visits, actions, rng)
    return round_id


def _item(db: Database, visit_id: int, code: str) -> int | None:
    return next((r.item_id for r in checklist(db, visit_id).rows if r.code == code), None)


def _add_actions(db: Database, visits: dict[str, int], business: str) -> dict[str, int]:
    on = RECORDED_ON
    east, office, centre = visits["THON01"], visits["VP"], visits["TTHCC"]
    actions = {
        "overdue": add_action(
            db,
            east,
            "Rà soát, điều chỉnh số liệu hồ sơ trực tuyến cho khớp với Hệ thống thông tin giải "
            "quyết thủ tục hành chính; cập nhật đầy đủ sổ theo dõi của thôn.",
            date(2026, 11, 10),
            _item(db, east, "CT01"),
            today=on,
        ),
        "east_list": add_action(
            db,
            east,
            "Bổ sung danh sách người dân tham gia các lớp “Bình dân học vụ số” có chữ ký xác nhận.",
            date(2026, 12, 31),
            today=on,
        ),
        "done": add_action(
            db,
            office,
            "Hoàn thành số hóa hồ sơ lưu trữ năm 2024 theo danh mục đã được phê duyệt.",
            date(2026, 10, 31),
            today=on,
        ),
        "centre": add_action(
            db,
            centre,
            "Phân loại lại hồ sơ trực tuyến toàn trình và một phần; niêm yết công khai quy trình "
            "tiếp nhận hồ sơ trực tuyến tại khu vực một cửa.",
            date(2026, 12, 15),
            _item(db, centre, "CT02"),
            today=on,
        ),
        "business": add_action(
            db,
            visits[business],
            "Triển khai chi trả lương qua tài khoản ngân hàng cho toàn bộ người lao động.",
            date(2026, 12, 31),
            today=on,
        ),
    }
    complete_action(db, actions["done"], date(2026, 10, 28), DONE_NOTE, today=on)
    return actions


def _attach_evidence(
    db: Database, visits: dict[str, int], actions: dict[str, int], rng: random.Random
) -> None:
    if db.evidence_dir is None:
        return
    from kt_desktop.services.demo_activities import _photo_jpeg, _report_pdf
    from kt_desktop.services.evidence import EvidenceOwner, attach_file

    east_item = _item(db, visits["THON01"], "CT01")
    with tempfile.TemporaryDirectory() as folder:
        if east_item is not None:
            photo = Path(folder) / "Ảnh sổ theo dõi hồ sơ – thôn Đông.jpg"
            photo.write_bytes(_photo_jpeg(rng))
            attach_file(
                db,
                EvidenceOwner.inspection_item(east_item),
                photo,
                "Ảnh chụp sổ theo dõi tại buổi kiểm tra ngày 15/10/2026",
            )
        report = Path(folder) / "Báo cáo kết quả số hóa hồ sơ lưu trữ 2024.pdf"
        report.write_bytes(
            _report_pdf(
                "Báo cáo kết quả khắc phục sau kiểm tra",
                [
                    "Kính gửi: Đoàn kiểm tra phong trào thi đua năm 2026.",
                    "Văn phòng HĐND và UBND xã báo cáo kết quả khắc phục như sau:",
                    "– Đã số hóa 1.240 hồ sơ lưu trữ năm 2024.",
                    "– Đã cập nhật lên Hệ thống quản lý văn bản và điều hành.",
                ],
            )
        )
        attach_file(db, EvidenceOwner.action(actions["done"]), report, "Báo cáo khắc phục")
