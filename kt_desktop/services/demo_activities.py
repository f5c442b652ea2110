"""The demo commune's initiatives, contributions, villages' Bình dân học vụ số figures, and a
few evidence files (scanned-report PDFs and photos made on the spot) attached to results."""

from __future__ import annotations

import io
import random
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlmodel import col, select

from kt_desktop.domain import Person, Result, Unit
from kt_desktop.domain.enums import (
    ContributorKind,
    InitiativeKind,
    PersonKind,
    PrioritySector,
    RecognitionLevel,
    UnitKind,
)
from kt_desktop.services.database import Database
from kt_desktop.services.movement import list_periods

INITIATIVES = (
    (
        "Ứng dụng Zalo OA tiếp nhận phản ánh của người dân thôn",
        PrioritySector.CULTURE_SPORT_TOURISM,
    ),
    ("Số hóa sổ hộ tịch giai đoạn 1995–2015 phục vụ cấp bản sao điện tử", None),
    ("Bản đồ số các điểm kinh doanh có thanh toán không dùng tiền mặt", PrioritySector.ECONOMY),
    ("Phần mềm theo dõi tiêm chủng cho trẻ em tại Trạm Y tế", PrioritySector.HEALTH),
    (
        "Nhật ký đồng ruộng điện tử cho hợp tác xã rau an toàn",
        PrioritySector.AGRICULTURE_ENVIRONMENT,
    ),
    ("Mô hình “Chợ 4.0” bán nông sản qua sàn thương mại điện tử", PrioritySector.ECONOMY),
    ("Camera an ninh kết nối Công an xã tại các trục đường thôn", PrioritySector.DEFENCE_SECURITY),
    ("Lớp học số buổi tối cho người cao tuổi tại nhà văn hóa thôn", None),
    ("Kho học liệu số dùng chung cho ba trường trên địa bàn xã", PrioritySector.EDUCATION),
    ("Quy trình ký số văn bản đi trong ngày tại Văn phòng HĐND và UBND xã", None),
)
BENEFITS = (
    "Rút ngắn thời gian xử lý từ 3 ngày xuống 1 ngày; người dân không phải đi lại.",
    "Tiết kiệm khoảng 12 triệu đồng chi phí in ấn mỗi năm.",
    "Hơn 600 lượt người dân sử dụng trong 6 tháng đầu triển khai.",
    "Được các thôn khác học tập, nhân rộng.",
)
CONTRIBUTIONS = (
    (
        ContributorKind.ORGANISATION,
        "Bưu điện xã Kim Thành",
        "Hỗ trợ 02 điểm hướng dẫn dịch vụ công trực tuyến miễn phí",
        0,
    ),
    (
        ContributorKind.ORGANISATION,
        "Viettel Kim Thành",
        "Tài trợ đường truyền Internet cho 05 nhà văn hóa thôn",
        36_000_000,
    ),
    (
        ContributorKind.ORGANISATION,
        "Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh Kim Thành",
        "Tặng 20 máy tính bảng cho lớp Bình dân học vụ số",
        80_000_000,
    ),
    (
        ContributorKind.PERSON,
        "Ông Phạm Văn Dũng",
        "Cho mượn nhà và thiết bị tổ chức lớp học số buổi tối",
        0,
    ),
    (
        ContributorKind.PERSON,
        "Bà Nguyễn Thị Mai Hương",
        "Trực tiếp hướng dẫn hơn 150 người dân cài đặt VNeID",
        0,
    ),
)


def _people(db: Database) -> list[tuple[int, int | None]]:
    with db.session() as session:
        rows = session.exec(
            select(Person.id, Person.unit_id)
            .where(col(Person.active))
            .where(Person.kind == PersonKind.OFFICIAL)
            .order_by(col(Person.id))
        ).all()
    return [(int(person_id or 0), unit_id) for person_id, unit_id in rows]


def fill_demo_initiatives(db: Database, rng: random.Random) -> list[int]:
    from kt_desktop.services.initiatives import (
        ContributionInput,
        InitiativeInput,
        save_contribution,
        save_initiative,
    )

    periods = {p.name: p.id for p in list_periods(db)}
    officials = _people(db)
    created = []
    for number, (title, sector) in enumerate(INITIATIVES):
        year = 2025 if number < 6 else 2026
        person_id, unit_id = rng.choice(officials)
        authors = [person_id]
        same_unit = [p for p, u in officials if u == unit_id and p != person_id]
        if same_unit and rng.random() < 0.5:
            authors.append(rng.choice(same_unit))
        applied = date(year, rng.randint(2, 9), rng.randint(1, 28))
        recognised = year == 2025 and number % 3 != 2
        created.append(
            save_initiative(
                db,
                periods[f"Năm {year}"],
                InitiativeInput(
                    title=title,
                    kind=InitiativeKind.SOLUTION if number % 4 == 3 else InitiativeKind.INITIATIVE,
                    unit_id=unit_id,
                    sector=sector,
                    applied_on=applied,
                    summary=f"{title}: triển khai thí điểm từ {applied:%m/%Y}, sau đó áp dụng "
                    "chính thức trong toàn đơn vị.",
                    benefits=rng.choice(BENEFITS),
                    recognised_on=date(2025, 12, rng.randint(10, 26)) if recognised else None,
                    recognition_level=RecognitionLevel.GRASSROOTS if recognised else None,
                    author_ids=tuple(authors),
                ),
            )
        )
    for kind, name, description, value in CONTRIBUTIONS:
        save_contribution(
            db,
            periods["Năm 2025"],
            ContributionInput(
                contributor_kind=kind,
                contributor_name=name,
                description=description,
                given_on=date(2025, rng.randint(8, 12), rng.randint(1, 28)),
                address="Xã Kim Thành, thành phố Hải Phòng",
                value_vnd=Decimal(value) if value else None,
            ),
        )
    return created


def fill_demo_digital_literacy(db: Database, rng: random.Random) -> None:
    from kt_desktop.services.digital_literacy import DigitalLiteracyInput, save_figures

    periods = {p.name: p.id for p in list_periods(db)}
    with db.session() as session:
        villages = session.exec(
            select(Unit.id).where(Unit.kind == UnitKind.VILLAGE).where(col(Unit.active))
        ).all()
    for name, progress in (("Năm 2025", 1.0), ("Năm 2026", 0.8)):
        for village in villages:
            if progress < 1 and rng.random() < 0.25:
                continue  # not reported yet this year
            population = rng.randint(900, 2600)
            share = rng.uniform(0.42, 0.72) if name == "Năm 2025" else rng.uniform(0.55, 0.85)
            save_figures(
                db,
                periods[name],
                int(village or 0),
                DigitalLiteracyInput(
                    classes_held=rng.randint(2, 8),
                    trained_officials=rng.randint(4, 15),
                    trained_pupils=rng.randint(60, 260),
                    trained_other_adults=rng.randint(150, 700),
                    team_members=rng.randint(5, 12),
                    team_visits=rng.randint(40, 320),
                    adults_meeting_standard=round(population * share),
                    adult_population=population,
                ),
            )


def _report_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page "scanned" report, as units send them."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from kt_desktop.documents.fonts import FAMILY, register_document_fonts

    register_document_fonts()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    page.setFont(f"{FAMILY}-Bold", 13)
    page.drawCentredString(width / 2, height - 90, title.upper())
    page.setFont(FAMILY, 13)
    for number, line in enumerate(lines):
        page.drawString(85, height - 140 - number * 22, line)
    page.showPage()
    page.save()
    return buffer.getvalue()


def _photo_jpeg(rng: random.Random) -> bytes:
    """A small photo-like picture (a class at the village hall, as far as the demo goes)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 420), (rng.randint(150, 220), rng.randint(170, 220), 230))
    draw = ImageDraw.Draw(image)
    for _ in range(14):
        x, y = rng.randint(0, 600), rng.randint(120, 380)
        draw.ellipse((x, y, x + 40, y + 40), fill=(rng.randint(60, 200), 90, 70))
    draw.rectangle((40, 30, 600, 100), fill=(250, 250, 250))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def fill_demo_evidence(db: Database, rng: random.Random, initiative_ids: list[int]) -> None:
    """Attach evidence files through the real store, so integrity checks see real files."""
    if db.evidence_dir is None:
        return
    from kt_desktop.services.evidence import EvidenceOwner, attach_file

    with db.session() as session:
        results = session.exec(
            select(Result.id, Unit.name, Result.criterion_id)
            .join(Unit, col(Unit.id) == col(Result.unit_id))
            .where(col(Result.not_applicable).is_(False))
            .where(Unit.kind.in_((UnitKind.DEPARTMENT, UnitKind.VILLAGE)))  # type: ignore[attr-defined]
            .order_by(col(Result.id))
        ).all()
    chosen = rng.sample(list(results), min(24, len(results)))
    with tempfile.TemporaryDirectory() as folder:
        for number, (result_id, unit_name, _criterion) in enumerate(chosen, start=1):
            if number % 4 == 0:
                path = Path(folder) / f"anh-lop-hoc-so-{number:02d}.jpg"
                path.write_bytes(_photo_jpeg(rng))
                description = "Ảnh lớp “Bình dân học vụ số” tại nhà văn hóa"
            else:
                path = Path(folder) / f"Báo cáo kết quả – {unit_name} ({number:02d}).pdf"
                path.write_bytes(
                    _report_pdf(
                        f"Báo cáo kết quả chuyển đổi số – {unit_name}",
                        [
                            "Kính gửi: Phòng Văn hóa – Xã hội xã Kim Thành.",
                            f"{unit_name} báo cáo số liệu thực hiện chỉ tiêu như sau:",
                            f"– Số hồ sơ tiếp nhận: {rng.randint(100, 1500)}.",
                            f"– Số hồ sơ thực hiện trực tuyến: {rng.randint(80, 1400)}.",
                            "Số liệu được trích từ Hệ thống thông tin giải quyết TTHC.",
                        ],
                    )
                )
                description = "Báo cáo có chữ ký, đóng dấu của đơn vị"
            attach_file(db, EvidenceOwner.result(int(result_id or 0)), path, description)
        for number, initiative_id in enumerate(initiative_ids[:4], start=1):
            path = Path(folder) / f"Bản mô tả sáng kiến {number:02d}.pdf"
            path.write_bytes(
                _report_pdf(
                    "Bản mô tả sáng kiến",
                    [
                        "Tên sáng kiến: xem hồ sơ kèm theo.",
                        "Tác giả: như danh sách đăng ký.",
                        "Hiệu quả: đã áp dụng tại đơn vị từ năm 2025.",
                    ],
                )
            )
            attach_file(db, EvidenceOwner.initiative(initiative_id), path, "Bản mô tả sáng kiến")
