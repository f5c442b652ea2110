"""A realistic demo commune (units, people) for training and for trying the app safely."""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, insert
from sqlmodel import Session, col, select

from kt_desktop.domain import Person, Unit
from kt_desktop.domain.enums import Gender, PersonKind, UnitKind
from kt_desktop.services.database import Database

FAMILY_NAMES = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Mai",
    "Trịnh",
    "Đào",
    "Lương",
    "Phan",
    "Cao",
    "Tạ",
    "Lưu",
    "Hà",
)
MALE_MIDDLE = ("Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thanh", "Xuân", "Đình", "Tiến")
FEMALE_MIDDLE = ("Thị", "Thị Thu", "Thị Hồng", "Ngọc", "Thu", "Phương", "Thanh", "Thị Minh")
MALE_GIVEN = (
    "Anh",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Giang",
    "Hải",
    "Hiếu",
    "Hoàng",
    "Hùng",
    "Huy",
    "Khải",
    "Khánh",
    "Long",
    "Mạnh",
    "Nam",
    "Nghĩa",
    "Phong",
    "Phúc",
    "Quân",
    "Quý",
    "Sơn",
    "Tài",
    "Thắng",
    "Thành",
    "Toàn",
    "Trung",
    "Tuấn",
    "Tùng",
    "Việt",
    "Vinh",
    "Ánh",
    "Ân",
)
FEMALE_GIVEN = (
    "An",
    "Anh",
    "Ánh",
    "Chi",
    "Diệp",
    "Dung",
    "Duyên",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hoa",
    "Hòa",
    "Huyền",
    "Hương",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Mai",
    "My",
    "Nga",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phương",
    "Quỳnh",
    "Thảo",
    "Thủy",
    "Trang",
    "Uyên",
    "Vân",
    "Yến",
    "Ưng",
)

DEPARTMENTS = (
    ("VP", "Văn phòng HĐND và UBND xã", "Chánh Văn phòng"),
    ("PKT", "Phòng Kinh tế", "Trưởng phòng"),
    ("PVHXH", "Phòng Văn hóa – Xã hội", "Trưởng phòng"),
    ("TTHCC", "Trung tâm Phục vụ hành chính công xã", "Giám đốc"),
    ("TTVH", "Trung tâm Văn hóa, Thể thao – Truyền thông xã", "Giám đốc"),
    ("CA", "Công an xã", "Trưởng Công an xã"),
    ("BCHQS", "Ban Chỉ huy Quân sự xã", "Chỉ huy trưởng"),
    ("VPDU", "Văn phòng Đảng ủy xã", "Chánh Văn phòng"),
    ("UBKT", "Ủy ban Kiểm tra Đảng ủy xã", "Chủ nhiệm"),
    ("BXDD", "Ban Xây dựng Đảng xã", "Trưởng ban"),
)
MASS_ORGANISATIONS = (
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam xã", "Chủ tịch"),
    ("HPN", "Hội Liên hiệp Phụ nữ xã", "Chủ tịch"),
    ("HND", "Hội Nông dân xã", "Chủ tịch"),
    ("HCCB", "Hội Cựu chiến binh xã", "Chủ tịch"),
    ("DTN", "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã", "Bí thư"),
)
VILLAGES = (
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
SCHOOLS = (
    ("THCS", "Trường THCS Kim Thành", "Hiệu trưởng"),
    ("TH", "Trường Tiểu học Kim Thành", "Hiệu trưởng"),
    ("MN", "Trường Mầm non Kim Thành", "Hiệu trưởng"),
)
BUSINESS_FORMS = ("Công ty TNHH", "Công ty Cổ phần", "Doanh nghiệp tư nhân")
BUSINESS_TRADES = (
    "Cơ khí",
    "Thương mại",
    "Xây dựng",
    "Vận tải",
    "Nông sản",
    "May mặc",
    "Điện tử",
    "Thực phẩm",
    "Gốm sứ",
    "Nội thất",
    "Dịch vụ số",
    "Phần mềm",
    "Vật liệu",
    "Bao bì",
)
BUSINESS_PLACES = ("Kim Thành", "Lai Khê", "Kim Lương", "Cổ Dũng", "Tuấn Hưng", "Phúc Thành")
COOPERATIVES = (
    ("HTX-NN", "Hợp tác xã Nông nghiệp Kim Thành", "Giám đốc"),
    ("HTX-RAU", "Hợp tác xã Rau an toàn Lai Khê", "Giám đốc"),
)
OFFICIAL_POSITIONS = ("Công chức", "Chuyên viên", "Phó trưởng phòng", "Viên chức", "Kế toán")
CITIZEN_POSITIONS = ("Thành viên Tổ công nghệ số cộng đồng", "Nông dân", "Hội viên", "")


def random_name(rng: random.Random, gender: Gender) -> str:
    family = rng.choice(FAMILY_NAMES)
    if gender == Gender.MALE:
        return f"{family} {rng.choice(MALE_MIDDLE)} {rng.choice(MALE_GIVEN)}"
    return f"{family} {rng.choice(FEMALE_MIDDLE)} {rng.choice(FEMALE_GIVEN)}"


def random_phone(rng: random.Random) -> str:
    prefix = rng.choice(("091", "098", "097", "088", "035", "0225"))
    digits = "".join(str(rng.randint(0, 9)) for _ in range(7))
    return f"{prefix} {digits[:3]} {digits[3:]}"


def _unit(code: str, name: str, kind: UnitKind, title: str, rng: random.Random) -> dict[str, Any]:
    gender = rng.choice((Gender.MALE, Gender.FEMALE))
    return {
        "code": code,
        "name": name,
        "kind": kind,
        "head_name": random_name(rng, gender),
        "head_title": title,
        "phone": random_phone(rng),
        "active": True,
    }


def demo_units(rng: random.Random, businesses: int = 40) -> list[dict[str, Any]]:
    units = [_unit(c, n, UnitKind.DEPARTMENT, t, rng) for c, n, t in DEPARTMENTS]
    units += [_unit(c, n, UnitKind.MASS_ORGANISATION, t, rng) for c, n, t in MASS_ORGANISATIONS]
    units += [
        _unit(f"THON{number:02d}", name, UnitKind.VILLAGE, "Trưởng thôn", rng)
        for number, name in enumerate(VILLAGES, start=1)
    ]
    units += [_unit(c, n, UnitKind.SCHOOL, t, rng) for c, n, t in SCHOOLS]
    units.append(
        _unit("TYT", "Trạm Y tế xã Kim Thành", UnitKind.HEALTH_FACILITY, "Trạm trưởng", rng)
    )
    units += [_unit(c, n, UnitKind.COOPERATIVE, t, rng) for c, n, t in COOPERATIVES]
    for number, name in enumerate(business_names(rng, businesses), start=1):
        units.append(_unit(f"DN{number:04d}", name, UnitKind.BUSINESS, "Giám đốc", rng))
    return units


def business_names(rng: random.Random, count: int) -> list[str]:
    """`count` distinct business names; past the 252 plain ones, branches are numbered."""
    plain = [
        f"{form} {trade} {place}"
        for form in BUSINESS_FORMS
        for trade in BUSINESS_TRADES
        for place in BUSINESS_PLACES
    ]
    rng.shuffle(plain)
    names = plain[:count]
    branch = 1
    while len(names) < count:
        names += [f"{name} – Chi nhánh {branch}" for name in plain[: count - len(names)]]
        branch += 1
    return names


PEOPLE_WEIGHT = {
    UnitKind.DEPARTMENT: 6.0,
    UnitKind.MASS_ORGANISATION: 3.0,
    UnitKind.VILLAGE: 4.0,
    UnitKind.SCHOOL: 5.0,
    UnitKind.HEALTH_FACILITY: 4.0,
    UnitKind.BUSINESS: 0.5,
    UnitKind.COOPERATIVE: 1.0,
    UnitKind.OTHER: 1.0,
}


def demo_people(
    rng: random.Random, units: list[tuple[int, UnitKind]], count: int
) -> Iterable[dict[str, Any]]:
    # Most participants work in the commune's offices, schools and villages; a business
    # sends its director, rarely more.
    weights = [PEOPLE_WEIGHT[kind] for _, kind in units]
    for unit_id, unit_kind in rng.choices(units, weights=weights, k=count):
        gender = rng.choice((Gender.MALE, Gender.FEMALE))
        if unit_kind in (UnitKind.DEPARTMENT, UnitKind.SCHOOL, UnitKind.HEALTH_FACILITY):
            kind, position = PersonKind.OFFICIAL, rng.choice(OFFICIAL_POSITIONS)
        elif unit_kind in (UnitKind.BUSINESS, UnitKind.COOPERATIVE):
            kind, position = PersonKind.BUSINESS_PERSON, rng.choice(("Giám đốc", "Phó Giám đốc"))
        else:
            kind, position = PersonKind.CITIZEN, rng.choice(CITIZEN_POSITIONS)
        yield {
            "full_name": random_name(rng, gender),
            "gender": gender,
            "birth_year": rng.randint(1960, 2005),
            "position": position,
            "unit_id": unit_id,
            "kind": kind,
            "active": rng.random() > 0.03,
        }


def _insert_register(
    session: Session, units: list[dict[str, Any]], people_count: int, rng: random.Random
) -> None:
    session.execute(insert(Unit), units)
    unit_refs = [
        (int(row[0] or 0), UnitKind(row[1])) for row in session.exec(select(Unit.id, Unit.kind))
    ]
    people = list(demo_people(rng, unit_refs, people_count))
    session.execute(insert(Person), people)


def fill_demo_commune(db: Database, seed: int = 2025) -> bool:
    """Fill an empty register with the demo commune; False (nothing done) if it has units."""
    rng = random.Random(seed)
    with db.session() as session:
        if session.exec(select(func.count()).select_from(Unit)).one():
            return False
        _insert_register(session, demo_units(rng), 150, rng)
    fill_demo_documents(db)
    fill_demo_registrations(db, rng)
    from kt_desktop.services.demo_activities import (
        fill_demo_digital_literacy,
        fill_demo_evidence,
        fill_demo_initiatives,
    )
    from kt_desktop.services.demo_results import fill_demo_results

    fill_demo_results(db, rng)
    initiatives = fill_demo_initiatives(db, rng)
    fill_demo_digital_literacy(db, rng)
    fill_demo_evidence(db, rng, initiatives)
    from kt_desktop.services.demo_inspections import fill_demo_inspections

    fill_demo_inspections(db, rng)
    from kt_desktop.services.demo_awards import fill_demo_awards

    fill_demo_awards(db, rng)
    return True


DEMO_COMMITMENTS = (
    "100% hồ sơ thủ tục hành chính tiếp nhận trực tuyến",
    "Tổ chức 04 lớp “Bình dân học vụ số” cho người dân",
    "100% văn bản trao đổi được ký số",
    "Có ít nhất 01 sáng kiến chuyển đổi số được công nhận",
)


def fill_demo_registrations(db: Database, rng: random.Random) -> None:
    """Registrations for the year 2026: most units registered, some waiting, one refused."""
    from datetime import date, timedelta

    from kt_desktop.domain.enums import RegistrationStatus
    from kt_desktop.services.movement import list_periods
    from kt_desktop.services.registrations import RegistrationInput, save_registration

    period = next(p for p in list_periods(db) if p.name == "Năm 2026")
    with db.session() as session:
        units = session.exec(select(Unit.id, Unit.kind).where(col(Unit.active))).all()
    for unit_id, kind in units:
        if kind == UnitKind.BUSINESS and rng.random() < 0.6:
            continue  # many businesses never register
        roll = rng.random()
        status = (
            RegistrationStatus.APPROVED
            if roll < 0.6
            else RegistrationStatus.PENDING
            if roll < 0.85
            else RegistrationStatus.NOT_SENT
            if roll < 0.97
            else RegistrationStatus.REJECTED
        )
        aims = (
            "Giấy khen của Chủ tịch UBND xã"
            if kind != UnitKind.DEPARTMENT or rng.random() < 0.7
            else "Bằng khen của Chủ tịch UBND thành phố"
        )
        save_registration(
            db,
            period.id,
            unit_id or 0,
            RegistrationInput(
                status,
                date(2026, 1, 5) + timedelta(days=rng.randint(0, 40)),
                aims,
                rng.choice(DEMO_COMMITMENTS),
                "Bản đăng ký chưa có chữ ký của người đứng đầu"
                if status == RegistrationStatus.REJECTED
                else "",
            ),
        )


def fill_demo_documents(db: Database) -> None:
    """A few documents in the register: an issued decision with its list, an issued reminder
    letter, and a notice still in draft, so every state can be seen."""
    from datetime import date

    from kt_desktop.domain.enums import DocumentKind
    from kt_desktop.services.document_builder import render_draft
    from kt_desktop.services.outgoing import create_draft, issue_document

    with db.session() as session:
        villages = session.exec(
            select(Unit.name).where(Unit.kind == UnitKind.VILLAGE).order_by(Unit.code)
        ).all()
    signer = "Nguyễn Văn Nghiệp"
    decision = create_draft(
        db,
        DocumentKind.DECISION,
        2025,
        "Về việc tặng Giấy khen cho các tập thể có thành tích xuất sắc trong phong trào thi đua "
        "đổi mới sáng tạo, chuyển đổi số năm 2025",
        signer,
        "",
        {
            "paragraphs": [
                f"Tặng Giấy khen của Chủ tịch Ủy ban nhân dân xã cho {len(villages[:5]):02d} tập "
                "thể có tên trong danh sách kèm theo, đã có thành tích xuất sắc trong phong trào "
                "thi đua đổi mới sáng tạo, chuyển đổi số năm 2025.",
                "Quyết định này có hiệu lực kể từ ngày ký.",
                "Chánh Văn phòng HĐND và UBND xã, Trưởng phòng Văn hóa – Xã hội xã và các tập "
                "thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
            ],
            "annex": {
                "title_lines": ["DANH SÁCH", "Tập thể được tặng Giấy khen"],
                "headers": ["STT", "Tên tập thể", "Thành tích"],
                "rows": [
                    [str(number), name, "Hoàn thành xuất sắc các chỉ tiêu chuyển đổi số năm 2025"]
                    for number, name in enumerate(villages[:5], start=1)
                ],
                "column_widths": [1, 4, 6],
            },
        },
    )
    issue_document(db, decision, date(2025, 12, 26), lambda d, s: render_draft(db, d, s))
    letter = create_draft(
        db,
        DocumentKind.OFFICIAL_LETTER,
        2026,
        "V/v đôn đốc báo cáo kết quả thực hiện phong trào thi đua năm 2026",
        signer,
        "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
        {
            "addressees": ["Các phòng, ban, ngành xã", "Các thôn, thị tứ"],
            "paragraphs": [
                "Thực hiện Kế hoạch phát động phong trào thi đua đổi mới sáng tạo, chuyển đổi số "
                "và “Bình dân học vụ số”, đến nay một số đơn vị chưa gửi báo cáo kết quả năm 2026.",
                "Ủy ban nhân dân xã đề nghị các đơn vị gửi báo cáo về Phòng Văn hóa – Xã hội "
                "trước ngày 15/12/2026 để tổng hợp, xét khen thưởng.",
            ],
        },
    )
    issue_document(db, letter, date(2026, 11, 16), lambda d, s: render_draft(db, d, s))
    create_draft(
        db,
        DocumentKind.NOTICE,
        2026,
        "Lịch kiểm tra phong trào thi đua năm 2026",
        signer,
        "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
        {
            "paragraphs": [
                "Đoàn kiểm tra của Hội đồng Thi đua – Khen thưởng xã sẽ làm việc tại "
                "các đơn vị theo lịch dưới đây."
            ]
        },
    )


def fill_large_register(db: Database, units: int, people: int, seed: int = 7) -> None:
    """A register of the given size, for speed measurements."""
    rng = random.Random(seed)
    fixed = len(demo_units(random.Random(seed), businesses=0))
    rows = demo_units(rng, businesses=max(units - fixed, 0))[:units]
    with db.session() as session:
        _insert_register(session, rows, people, rng)
