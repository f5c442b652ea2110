"""The official page layout (Decree 30/2020), checked from the PDF itself with pdfplumber."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from kt_desktop.documents.model import (
    Alignment,
    Annex,
    Article,
    CentredHeading,
    Margins,
    OfficialDocument,
    Paragraph,
    Signature,
    SizeSet,
)
from kt_desktop.documents.page import render_document, render_document_bytes
from kt_desktop.text import format_money, format_place_date

MM = 72 / 25.4
TOLERANCE = 0.5  # pt, for character boxes against the margins
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
COMMUNE = "ỦY BAN NHÂN DÂN\nXÃ KIM THÀNH"
AUGUST_5 = format_place_date("Kim Thành", date(2025, 8, 5))
FEBRUARY_1 = format_place_date("Kim Thành", date(2026, 2, 1))

LEGAL_BASES = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025",
    # Punctuation as a clerk might type it: the engine puts ";" and "." itself.
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022.",
    "Căn cứ Kế hoạch số 89/KH-UBND ngày 20 tháng 8 năm 2025 của Ủy ban nhân dân xã Kim Thành "
    "về phát động, triển khai phong trào “Kim Thành thi đua đổi mới sáng tạo, chuyển đổi số” "
    "và “Bình dân học vụ số”;",
    "Xét đề nghị của Trưởng phòng Văn hóa – Xã hội xã;",
)
DECISION_SUMMARY = (
    "Về việc tặng Giấy khen cho các tập thể, cá nhân có thành tích xuất sắc trong phong trào "
    "thi đua đổi mới sáng tạo, chuyển đổi số năm 2025"
)
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
MIDDLE = ("Văn", "Thị", "Đức", "Thu", "Minh", "Ngọc", "Quang", "Thanh")
GIVEN = ("Anh", "Ánh", "Bình", "Dũng", "Đào", "Hạnh", "Hùng", "Lụa", "Phượng", "Yến", "Ưng")
UNITS = (
    "Thôn Đồng Tâm",
    "Thôn Phú Lộc",
    "Trường Tiểu học Kim Thành",
    "Trạm Y tế xã",
    "Đoàn Thanh niên xã",
    "Hội Liên hiệp Phụ nữ xã",
)


def person(index: int) -> str:
    return (
        f"{FAMILY[index % len(FAMILY)]} {MIDDLE[index % len(MIDDLE)]} {GIVEN[index % len(GIVEN)]}"
    )


def award_rows(count: int) -> list[tuple[str, str, str, str]]:
    rows = []
    for index in range(count):
        collective = index % 15 == 0
        name = UNITS[index % len(UNITS)] if collective else f"Ông/Bà {person(index)}"
        unit = "Tập thể" if collective else f"Thành viên Tổ công nghệ số, {UNITS[index % 6]}"
        money = format_money(700_000 if collective else 350_000).removesuffix(" đồng")
        rows.append((f"{index + 1:d}", name, unit, money))
    return rows


def award_annex(count: int, landscape: bool | None = None) -> Annex:
    return Annex(
        title_lines=("DANH SÁCH", "Tập thể, cá nhân được tặng Giấy khen"),
        attachment_line=(
            "(Kèm theo Quyết định số 05/QĐ-UBND ngày 05 tháng 8 năm 2025 "
            "của Chủ tịch Ủy ban nhân dân xã Kim Thành)"
        ),
        headers=("STT", "Họ và tên, tên tập thể", "Chức vụ, đơn vị", "Tiền thưởng (đồng)"),
        column_widths=(0.7, 2.6, 3.4, 1.5),
        alignments=("center", "left", "left", "right"),
        rows=award_rows(count),
        landscape=landscape,
    )


def body_paragraphs(count: int) -> list[Paragraph]:
    return [
        Paragraph(
            f"{number}. Các phòng, ban, đơn vị và thôn, tổ dân phố tiếp tục tuyên truyền, "
            "quán triệt sâu rộng về phong trào thi đua “Kim Thành thi đua đổi mới sáng tạo, "
            "chuyển đổi số” và “Bình dân học vụ số” đến từng cán bộ, đảng viên và người dân; "
            "gắn kết quả thực hiện với việc đánh giá, xếp loại cuối năm."
        )
        for number in range(1, count + 1)
    ]


def decision_clauses() -> list[Paragraph]:
    """Article 2's clauses, long enough to carry the decision onto a second page."""
    clauses = [
        "a) Đối với tập thể: hoàn thành xuất sắc nhiệm vụ được giao trong năm; có sáng kiến, "
        "mô hình hay về chuyển đổi số được Hội đồng sáng kiến xã công nhận và nhân rộng;",
        "b) Đối với cá nhân: hoàn thành xuất sắc nhiệm vụ; tích cực tham gia Tổ công nghệ số "
        "cộng đồng, hướng dẫn người dân cài đặt, sử dụng ứng dụng VNeID và dịch vụ công trực "
        "tuyến toàn trình;",
        "c) Không xét khen thưởng đối với tập thể, cá nhân đang trong thời gian bị xem xét kỷ "
        "luật, điều tra, hoặc có đơn khiếu nại, tố cáo đang được giải quyết;",
        "d) Mức tiền thưởng tính theo hệ số nhân với mức lương cơ sở 2.340.000 đồng/tháng, "
        "làm tròn đến hàng chục nghìn đồng;",
        "đ) Các tập thể, cá nhân được khen thưởng có trách nhiệm tiếp tục phát huy thành tích, "
        "chia sẻ kinh nghiệm, mô hình hay với các đơn vị trên địa bàn xã.",
    ]
    return [Paragraph(text) for text in clauses * 2]


def decision(annex_rows: int = 40, **changes: Any) -> OfficialDocument:
    doc = OfficialDocument(
        issuing_body=COMMUNE,
        number_text="Số: 05/QĐ-UBND",
        place_date_text=AUGUST_5,
        kind_title="QUYẾT ĐỊNH",
        summary=DECISION_SUMMARY,
        authority="CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ KIM THÀNH",
        legal_bases=LEGAL_BASES,
        body=(
            CentredHeading("QUYẾT ĐỊNH:"),
            Article(
                1,
                "Tặng Giấy khen của Chủ tịch Ủy ban nhân dân xã cho 12 tập thể và 188 cá nhân "
                "đã có thành tích xuất sắc trong phong trào thi đua đổi mới sáng tạo, chuyển "
                "đổi số năm 2025 (có danh sách kèm theo).",
            ),
            Article(
                2,
                f"Mỗi tập thể được thưởng {format_money(700_000)}, mỗi cá nhân được thưởng "
                f"{format_money(350_000)} kèm theo Giấy khen, trích từ Quỹ thi đua, khen "
                "thưởng của xã năm 2025.",
            ),
            *decision_clauses(),
            Article(
                3,
                "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Hội đồng nhân dân "
                "và Ủy ban nhân dân xã, Trưởng phòng Văn hóa – Xã hội, Trưởng phòng Kinh tế, "
                "các tập thể và cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định "
                "này./.",
            ),
        ),
        recipients=(
            "Như Điều 3",
            "Thường trực Đảng ủy xã (để báo cáo)",
            "Chủ tịch, các Phó Chủ tịch UBND xã",
            "Lưu: VT, VHXH",
        ),
        signatures=(Signature(("CHỦ TỊCH",), "Nguyễn Văn Hùng"),),
        annexes=(award_annex(annex_rows),) if annex_rows else (),
    )
    return replace(doc, **changes)


def official_letter(**changes: Any) -> OfficialDocument:
    doc = OfficialDocument(
        issuing_body=COMMUNE,
        number_text="Số: 112/UBND-VHXH",
        place_date_text=FEBRUARY_1,
        summary="V/v đôn đốc báo cáo kết quả thực hiện phong trào thi đua năm 2025",
        addressees=(
            "Các phòng, ban, đơn vị thuộc Ủy ban nhân dân xã",
            "Các trường học trên địa bàn xã",
            "Trưởng thôn, Tổ trưởng tổ dân phố",
        ),
        body=(
            Paragraph(
                "Thực hiện Kế hoạch số 89/KH-UBND ngày 20/8/2025 của Ủy ban nhân dân xã về "
                "phát động, triển khai phong trào “Kim Thành thi đua đổi mới sáng tạo, chuyển "
                "đổi số” và “Bình dân học vụ số”, đến nay còn 7 đơn vị chưa gửi báo cáo kết quả "
                "thực hiện năm 2025."
            ),
            Paragraph(
                "Để kịp tổng hợp, đề xuất khen thưởng, Ủy ban nhân dân xã đề nghị các đơn vị "
                "hoàn thành báo cáo theo mẫu, gửi về Phòng Văn hóa – Xã hội trước ngày "
                "10/02/2026 (bản giấy và bản điện tử qua hệ thống quản lý văn bản)."
            ),
            Paragraph("Đề nghị các đơn vị nghiêm túc thực hiện./."),
        ),
        recipients=("Như trên", "Chủ tịch, các Phó Chủ tịch UBND xã", "Lưu: VT, VHXH"),
        signatures=(Signature(("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), "Trần Thị Phượng"),),
    )
    return replace(doc, **changes)


def notice() -> OfficialDocument:
    return OfficialDocument(
        issuing_body=COMMUNE,
        number_text="Số: 09/TB-UBND",
        place_date_text=format_place_date("Kim Thành", date(2025, 12, 15)),
        kind_title="THÔNG BÁO",
        summary="Kết quả xét tặng Giấy khen phong trào thi đua đổi mới sáng tạo năm 2025",
        body=(
            Paragraph(
                "Ngày 12/12/2025, Hội đồng Thi đua – Khen thưởng xã đã họp xét các hồ sơ đề "
                "nghị khen thưởng do các phòng, ban, thôn và trường học gửi về."
            ),
            Paragraph(
                "Ủy ban nhân dân xã thông báo: 12 tập thể và 188 cá nhân đủ điều kiện đề nghị "
                "Chủ tịch Ủy ban nhân dân xã tặng Giấy khen; 3 hồ sơ chưa đủ điều kiện vì thiếu "
                "báo cáo thành tích đã được trả lại để bổ sung."
            ),
            Paragraph("Ủy ban nhân dân xã thông báo để các đơn vị, cá nhân biết./."),
        ),
        recipients=("Các phòng, ban, đơn vị", "Các thôn, tổ dân phố", "Lưu: VT, VHXH"),
        signatures=(Signature(("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), "Nguyễn Văn Hùng"),),
    )


def report() -> OfficialDocument:
    headers = (
        "STT",
        "Thôn, tổ dân phố",
        "Cán bộ được tập huấn",
        "Học sinh được tập huấn",
        "Người dân được tập huấn",
        "Số lớp đã mở",
        "Thành viên Tổ công nghệ số cộng đồng",
        "Lượt hỗ trợ người dân",
        "Tỷ lệ đạt chuẩn (%)",
        "Ghi chú",
    )
    numbers_right: list[Alignment] = ["right"] * 7
    hamlets = ("Đồng Tâm", "Phú Lộc", "Kim Lương", "Tân Thành", "Thượng Đạt", "Hạ Đạt")
    rows = [
        (
            str(index + 1),
            f"Thôn {hamlets[index % 6]} {index // 6 + 1}",
            str(10 + index),
            str(120 + 3 * index),
            str(450 + 11 * index),
            str(2 + index % 4),
            str(5 + index % 3),
            str(1_000 + 37 * index).replace("1", "1.", 1) if index > 200 else str(90 + index),
            f"{55 + index % 40},5",
            "Hoàn thành sớm" if index % 5 == 0 else "",
        )
        for index in range(24)
    ]
    return OfficialDocument(
        issuing_body=COMMUNE,
        number_text="Số: 215/BC-UBND",
        place_date_text=format_place_date("Kim Thành", date(2025, 12, 20)),
        kind_title="BÁO CÁO",
        summary=(
            "Kết quả thực hiện phong trào “Kim Thành thi đua đổi mới sáng tạo, chuyển đổi số” "
            "và “Bình dân học vụ số” năm 2025"
        ),
        body=(
            CentredHeading("I. KẾT QUẢ ĐẠT ĐƯỢC"),
            *body_paragraphs(5),
            CentredHeading("II. PHƯƠNG HƯỚNG NĂM 2026"),
            *body_paragraphs(3),
        ),
        recipients=("UBND thành phố Hải Phòng (để báo cáo)", "Thường trực Đảng ủy xã", "Lưu: VT"),
        signatures=(Signature(("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), "Nguyễn Văn Hùng"),),
        annexes=(
            Annex(
                title_lines=("BIỂU TỔNG HỢP", "Kết quả “Bình dân học vụ số” theo thôn"),
                attachment_line="(Kèm theo Báo cáo số 215/BC-UBND ngày 20 tháng 12 năm 2025)",
                headers=headers,
                column_widths=(0.6, 2.2, 1.2, 1.2, 1.2, 1.0, 1.6, 1.2, 1.1, 1.6),
                alignments=("center", "left", *numbers_right, "left"),
                rows=rows,
            ),
        ),
    )


def submission() -> OfficialDocument:
    return OfficialDocument(
        parent_body="ỦY BAN NHÂN DÂN XÃ KIM THÀNH",
        issuing_body="PHÒNG VĂN HÓA – XÃ HỘI",
        number_text="Số:      /TTr-VHXH",  # a draft: the number is written in when issued
        place_date_text=format_place_date("Kim Thành", date(2025, 7, 28)),
        kind_title="TỜ TRÌNH",
        summary="Về việc đề nghị tặng Giấy khen cho các tập thể, cá nhân năm 2025",
        addressees=("Chủ tịch Ủy ban nhân dân xã Kim Thành",),
        legal_bases=LEGAL_BASES[:2],
        body=(
            Paragraph(
                "Căn cứ biên bản họp Hội đồng Thi đua – Khen thưởng xã ngày 25/7/2025, Phòng "
                "Văn hóa – Xã hội kính trình Chủ tịch Ủy ban nhân dân xã xem xét, tặng Giấy "
                "khen cho 12 tập thể và 188 cá nhân (có danh sách kèm theo)."
            ),
            Paragraph("Kính trình Chủ tịch Ủy ban nhân dân xã xem xét, quyết định./."),
        ),
        recipients=("Như trên", "Lưu: VHXH"),
        signatures=(Signature(("TRƯỞNG PHÒNG",), "Lê Thị Ánh"),),
    )


def minutes() -> OfficialDocument:
    return OfficialDocument(
        parent_body="ỦY BAN NHÂN DÂN XÃ KIM THÀNH",
        issuing_body="HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        number_text="Số: 03/BB-HĐTĐKT",
        place_date_text=format_place_date("Kim Thành", date(2025, 7, 25)),
        kind_title="BIÊN BẢN",
        summary="Họp Hội đồng Thi đua - Khen thưởng xã xét đề nghị tặng Giấy khen năm 2025",
        body=(
            Paragraph(
                "Hồi 14 giờ 00 phút ngày 25/7/2025, tại Hội trường Ủy ban nhân dân xã, Hội đồng "
                "Thi đua - Khen thưởng xã họp xét đề nghị tặng Giấy khen năm 2025."
            ),
            Paragraph(
                "Thành phần: có mặt 9/11 thành viên Hội đồng (đủ 2/3 theo quy chế); vắng 2 "
                "thành viên có lý do. Chủ trì: ông Nguyễn Văn Hùng, Chủ tịch Ủy ban nhân dân "
                "xã, Chủ tịch Hội đồng. Thư ký: bà Đỗ Thu Hạnh, công chức Văn hóa – Xã hội."
            ),
            Paragraph(
                "Kết quả biểu quyết: 12 tập thể và 188 cá nhân được 9/9 thành viên có mặt tán "
                "thành (đạt trên một nửa tổng số thành viên); không có ý kiến không tán thành."
            ),
            Paragraph(
                "Cuộc họp kết thúc hồi 16 giờ 30 phút cùng ngày; biên bản đã được đọc lại, các "
                "thành viên có mặt nhất trí./."
            ),
        ),
        signatures=(
            Signature(("THƯ KÝ",), "Đỗ Thu Hạnh"),
            Signature(("CHỦ TRÌ",), "Nguyễn Văn Hùng"),
        ),
    )


SAMPLES = {
    "quyet-dinh": lambda: decision(annex_rows=200, body=decision().body),
    "cong-van": official_letter,
    "thong-bao": notice,
    "bao-cao": report,
    "to-trinh": submission,
    "bien-ban": minutes,
}


# Reading the PDF back.


def nfc(text: str) -> str:
    # pdfplumber gives back the letters as drawn. The engine draws NFC, and extraction here
    # yields precomposed text (test_decomposed_input_is_printed_precomposed checks the raw
    # output); normalising anyway keeps the comparisons honest should a font map a letter
    # to a base letter plus a combining mark.
    return unicodedata.normalize("NFC", text)


def pages_of(data: bytes) -> Iterator[Any]:
    with pdfplumber.open(BytesIO(data)) as pdf:
        yield from pdf.pages


def lines_of(page: Any, **filters: Any) -> list[tuple[float, str, list[dict[str, Any]]]]:
    """Text lines (top, text, chars) of the chars that match every filter; chars on one
    baseline but far apart (the two header columns) make separate lines."""
    chars = [
        char
        for char in page.chars
        if all(
            test(char[key]) if callable(test) else char[key] == test
            for key, test in filters.items()
        )
    ]
    rows: dict[float, list[dict[str, Any]]] = {}
    for char in sorted(chars, key=lambda c: (round(c["bottom"], 1), c["x0"])):
        rows.setdefault(round(char["bottom"], 1), []).append(char)
    lines = []
    for _, row in sorted(rows.items()):
        segment = [row[0]]
        for char in row[1:]:
            if char["x0"] - segment[-1]["x1"] > 12:
                lines.append(segment)
                segment = []
            segment.append(char)
        lines.append(segment)
    return [(cs[0]["top"], nfc("".join(c["text"] for c in cs)).strip(), cs) for cs in lines]


def flat_text(data: bytes) -> str:
    return " ".join(nfc(page.extract_text() or "") for page in pages_of(data)).replace("\n", " ")


def squash(text: str) -> str:
    return " ".join(text.split())


def width_of(chars: list[dict[str, Any]]) -> float:
    return float(chars[-1]["x1"] - chars[0]["x0"])


def is_bold(char: dict[str, Any]) -> bool:
    return "Bold" in char["fontname"] and "Italic" not in char["fontname"]


def check_margins(data: bytes, margins: Margins | None = None) -> int:
    """Every character inside the margins, except page numbers centred in the top margin."""
    margins = margins or Margins()
    pages = 0
    for page in pages_of(data):
        pages += 1
        left, right = margins.left * MM, page.width - margins.right * MM
        top, bottom = margins.top * MM, page.height - margins.bottom * MM
        for char in page.chars:
            if char["bottom"] <= top:
                assert char["text"].isdigit(), (page.page_number, char["text"])
                continue
            where = (page.page_number, char["text"], char["x0"], char["top"])
            assert char["x0"] >= left - TOLERANCE, where
            assert char["x1"] <= right + TOLERANCE, where
            assert char["top"] >= top - TOLERANCE, where
            assert char["bottom"] <= bottom + TOLERANCE, where
    return pages


def page_number_of(page: Any, margins: Margins | None = None) -> str | None:
    margins = margins or Margins()
    chars = [c for c in page.chars if c["bottom"] <= margins.top * MM]
    if not chars:
        return None
    number = "".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"]))
    middle = (chars[0]["x0"] + chars[-1]["x1"]) / 2
    text_middle = (margins.left * MM + page.width - margins.right * MM) / 2
    assert abs(middle - text_middle) <= 1, "page number not centred"
    assert all(13 <= c["size"] <= 14 for c in chars)
    return number


@pytest.fixture(scope="module")
def decision_pdf() -> bytes:
    return render_document_bytes(SAMPLES["quyet-dinh"]())


# The tests.


@pytest.mark.parametrize("name", SAMPLES)
def test_every_sample_stays_inside_the_margins(name: str) -> None:
    data = render_document_bytes(SAMPLES[name]())
    assert check_margins(data) >= 1


def test_fonts_are_embedded_subsets_of_the_serif(decision_pdf: bytes) -> None:
    names = {c["fontname"] for page in pages_of(decision_pdf) for c in page.chars}
    assert names
    for name in names:
        prefix, _, face = name.partition("+")
        assert len(prefix) == 6 and prefix.isupper(), name
        assert face.startswith(("LiberationSerif", "TimesNewRoman")), name
    # Every font the file names is an embedded TrueType subset (none of the 14 standard
    # fonts a reader would substitute).
    base_fonts = re.findall(rb"/BaseFont\s*/([^\s/>]+)", decision_pdf)
    assert base_fonts
    assert all(
        re.fullmatch(rb"[A-Z]{6}\+(LiberationSerif|TimesNewRoman)\S*", f) for f in base_fonts
    )
    assert decision_pdf.count(b"/FontFile2") == len(base_fonts)


def test_header_sizes_and_rules(decision_pdf: bytes) -> None:
    page = next(pages_of(decision_pdf))
    lines = {text: (top, chars) for top, text, chars in lines_of(page)}
    title_chars = lines[NATIONAL_TITLE][1]
    assert all(c["size"] == pytest.approx(13) and is_bold(c) for c in title_chars)
    motto_top, motto_chars = lines[MOTTO]
    assert all(c["size"] == pytest.approx(14) and is_bold(c) for c in motto_chars)
    rules = [
        (r["x0"], r["x1"], r["top"])
        for r in page.lines + page.rects
        if r["height"] <= 1.5 and r["width"] > 5
    ]
    motto_width = width_of(motto_chars)
    motto_bottom = max(c["bottom"] for c in motto_chars)
    under_motto = [
        r for r in rules if abs((r[1] - r[0]) - motto_width) <= 1 and 0 <= r[2] - motto_bottom < 6
    ]
    assert under_motto, (motto_width, rules)
    x0, x1, _ = under_motto[0]
    assert abs(x0 - motto_chars[0]["x0"]) <= 1 and abs(x1 - motto_chars[-1]["x1"]) <= 1

    body_lines = [
        (t, cs) for t, text, cs in lines_of(page) if text in ("ỦY BAN NHÂN DÂN", "XÃ KIM THÀNH")
    ]
    assert len(body_lines) == 2
    assert all(c["size"] == pytest.approx(13) and is_bold(c) for _, cs in body_lines for c in cs)
    body_width = max(width_of(cs) for _, cs in body_lines)
    body_bottom = max(c["bottom"] for _, cs in body_lines for c in cs)
    body_middle = (body_lines[0][1][0]["x0"] + body_lines[0][1][-1]["x1"]) / 2
    under_body = [r for r in rules if 0 <= r[2] - body_bottom < 6 and r[1] < motto_chars[0]["x0"]]
    assert len(under_body) == 1
    rx0, rx1, _ = under_body[0]
    assert body_width / 3 <= rx1 - rx0 <= body_width / 2
    assert abs((rx0 + rx1) / 2 - body_middle) <= 1

    number = lines_of(page, text=lambda t: True)
    number_line = next(cs for _, text, cs in number if text.startswith("Số: 05/QĐ-UBND"))
    assert all(c["size"] == pytest.approx(13) and "Bold" not in c["fontname"] for c in number_line)
    date_line = next(cs for _, text, cs in number if text == AUGUST_5)
    assert all(c["size"] == pytest.approx(14) and "Italic" in c["fontname"] for c in date_line)
    # Number and date share a baseline, the date sits under the motto.
    assert number_line[0]["bottom"] - date_line[0]["bottom"] == pytest.approx(
        0.216 * (13 - 14), abs=1.0
    )
    assert date_line[0]["top"] > motto_top


def test_dates_extract_back_exactly() -> None:
    assert "ngày 05 tháng 8 năm 2025" in AUGUST_5
    assert "ngày 01 tháng 02 năm 2026" in FEBRUARY_1
    assert AUGUST_5 in flat_text(render_document_bytes(decision(annex_rows=0)))
    assert FEBRUARY_1 in flat_text(render_document_bytes(official_letter()))


@pytest.mark.parametrize("name", SAMPLES)
def test_vietnamese_text_extracts_back_as_the_same_nfc_string(name: str) -> None:
    doc = SAMPLES[name]()
    text = squash(flat_text(render_document_bytes(doc)))
    expected = [doc.kind_title, doc.summary, doc.place_date_text, NATIONAL_TITLE, MOTTO]
    expected += [block.text for block in doc.body if isinstance(block, Paragraph)]
    expected += [s.name for s in doc.signatures]
    for item in expected:
        if item:
            assert squash(nfc(item)) in text, item


def test_decomposed_input_is_printed_precomposed() -> None:
    decomposed = unicodedata.normalize("NFD", DECISION_SUMMARY)
    assert decomposed != DECISION_SUMMARY
    data = render_document_bytes(decision(annex_rows=0, summary=decomposed))
    assert DECISION_SUMMARY in squash(flat_text(data))
    # What pdfplumber returns, before any normalising, is already NFC: the engine draws
    # precomposed letters, and no combining mark reaches the PDF.
    for page in pages_of(data):
        raw = page.extract_text() or ""
        assert unicodedata.is_normalized("NFC", raw)
        assert not any(unicodedata.combining(char) for char in raw)


def test_legal_bases_end_with_semicolons_and_the_last_with_a_full_stop(
    decision_pdf: bytes,
) -> None:
    page = next(pages_of(decision_pdf))
    italic = [
        (top, text)
        for top, text, cs in lines_of(page, fontname=lambda f: "Italic" in f and "Bold" not in f)
        if top > 150  # below the date line
    ]
    bases = " ".join(text for _, text in italic)
    parts = [part.strip() for part in bases.split("Căn cứ") if part.strip()]
    assert len(parts) == 3
    assert parts[0].endswith("năm 2025;") and parts[1].endswith("năm 2022;")
    assert parts[2].endswith(
        "“Bình dân học vụ số”;" + " Xét đề nghị của Trưởng phòng Văn hóa – Xã hội xã."
    )
    assert bases.count(".") >= 1 and ";." not in bases and ".;" not in bases


def test_bottom_block_sizes_and_place(decision_pdf: bytes) -> None:
    for page in pages_of(decision_pdf):
        lines = lines_of(page)
        label = [cs for _, text, cs in lines if text.startswith("Nơi nhận:")]
        if label:
            break
    else:
        pytest.fail("no 'Nơi nhận:'")
    label_chars = label[0][: len("Nơi nhận:")]
    assert all(c["size"] == pytest.approx(12) for c in label_chars)
    assert all("BoldItalic" in c["fontname"] for c in label_chars)
    recipients = [cs for _, text, cs in lines if text.startswith("- ")]
    assert [nfc("".join(c["text"] for c in cs)).strip() for cs in recipients] == [
        "- Như Điều 3;",
        "- Thường trực Đảng ủy xã (để báo cáo);",
        "- Chủ tịch, các Phó Chủ tịch UBND xã;",
        "- Lưu: VT, VHXH.",
    ]
    assert all(c["size"] == pytest.approx(11) for cs in recipients for c in cs)
    assert label_chars[0]["x0"] == pytest.approx(30 * MM, abs=0.5)
    capacity = next(cs for _, text, cs in lines if text.endswith("CHỦ TỊCH"))
    name = next(cs for _, text, cs in lines if text.endswith("Nguyễn Văn Hùng"))
    signature = [c for c in capacity + name if c["x0"] > page.width / 2 - 40]
    assert all(is_bold(c) and c["size"] == pytest.approx(14) for c in signature)
    gap = name[-1]["top"] - capacity[-1]["bottom"]
    assert 25 * MM <= gap <= 35 * MM
    # The signature sits right, level with "Nơi nhận:".
    assert capacity[-1]["x0"] > page.width / 2
    assert abs(capacity[-1]["top"] - label_chars[0]["top"]) < 4


def test_page_numbers_in_the_top_margin_but_not_on_page_one(decision_pdf: bytes) -> None:
    pages = list(pages_of(decision_pdf))
    assert len(pages) >= 3
    assert page_number_of(pages[0]) is None
    assert page_number_of(pages[1]) == "2"


def test_long_body_numbers_its_pages() -> None:
    data = render_document_bytes(decision(annex_rows=0, body=body_paragraphs(40)))
    pages = list(pages_of(data))
    assert len(pages) >= 3
    assert page_number_of(pages[0]) is None
    assert [page_number_of(p) for p in pages[1:]] == [str(n) for n in range(2, len(pages) + 1)]
    check_margins(data)
    # Paragraphs: first line indented 1–1.27 cm, line spacing 1–1.5, 6 pt or more between
    # paragraphs, justified (every line but a paragraph's last reaches the right margin).
    lines = [ln for ln in lines_of(pages[1]) if ln[2][0]["size"] == pytest.approx(14)]
    indented = [cs[0]["x0"] - 30 * MM > 1 for _, _, cs in lines]
    starts = sorted({round(cs[0]["x0"] - 30 * MM, 1) for _, _, cs in lines})
    assert starts[0] == pytest.approx(0, abs=0.5)
    assert all(10 * MM - 0.5 <= s <= 12.7 * MM + 0.5 for s in starts[1:])
    spacing = [b[0] - a[0] for (a, b) in itertools.pairwise(lines)]
    within = [gap for gap, new in zip(spacing, indented[1:], strict=True) if not new]
    between = [gap for gap, new in zip(spacing, indented[1:], strict=True) if new]
    assert within and between
    assert all(14 <= gap <= 1.5 * 14 for gap in within)
    assert all(gap - max(within) >= 6 - 0.1 for gap in between)
    right = pages[1].width - 15 * MM
    for (_, _, cs), next_starts_paragraph in zip(lines, [*indented[1:], True], strict=True):
        if not next_starts_paragraph:
            assert cs[-1]["x1"] == pytest.approx(right, abs=0.5)


def test_annex_header_row_repeats_on_every_annex_page(decision_pdf: bytes) -> None:
    pages = list(pages_of(decision_pdf))
    first = next(i for i, p in enumerate(pages) if "DANH SÁCH" in nfc(p.extract_text() or ""))
    assert first >= 2  # the decision itself takes two pages
    annex = award_annex(200)
    rows: list[tuple[str, ...]] = []
    for page in pages[first:]:
        assert page.width < page.height  # four narrow columns stay portrait
        tables = page.extract_tables()
        assert len(tables) == 1
        cells = [tuple(squash(nfc(cell or "")) for cell in row) for row in tables[0]]
        assert cells[0] == tuple(annex.headers)  # the header row, on every annex page
        assert all(is_bold(c) for c in page.chars if c["text"] == "STT")
        rows.extend(cells[1:])
    assert len(pages) - first >= 4
    assert rows == [tuple(row) for row in annex.rows]
    # Each annex numbers its own pages (Decree 30): no number on its first page.
    assert page_number_of(pages[first]) is None
    assert page_number_of(pages[first + 1]) == "2"


def is_bold_name(name: str) -> bool:
    return "Bold" in name


def test_wide_annex_goes_landscape_by_itself() -> None:
    data = render_document_bytes(report())
    pages = list(pages_of(data))
    assert pages[0].width < pages[0].height
    annex = [p for p in pages if "BIỂU TỔNG HỢP" in nfc(p.extract_text() or "")]
    assert annex and all(p.width > p.height for p in annex)
    check_margins(data)


def test_landscape_can_be_asked_for() -> None:
    doc = decision(annex_rows=0, annexes=(award_annex(30, landscape=True),))
    data = render_document_bytes(doc)
    pages = list(pages_of(data))
    assert pages[0].width < pages[0].height
    assert pages[-1].width > pages[-1].height
    check_margins(data)


def test_a_600_character_summary_wraps_inside_the_margins() -> None:
    summary = (DECISION_SUMMARY + ", ") * 5
    summary = summary[:600]
    data = render_document_bytes(decision(annex_rows=0, summary=summary))
    check_margins(data)
    assert squash(summary.rstrip(", ")) in squash(flat_text(data))


def bottom_block_pages(data: bytes, recipients: tuple[str, ...], signer: str) -> set[int]:
    """The pages holding any part of the bottom block."""
    pages = set()
    for page in pages_of(data):
        text = squash(nfc(page.extract_text() or ""))
        if "Nơi nhận:" in text or signer in text or any(r in text for r in recipients):
            pages.add(page.page_number)
    return pages


def test_forty_recipients_paginate_with_the_block_kept_whole() -> None:
    recipients = (*(f"Chi hội Cựu chiến binh thôn số {i + 1}" for i in range(39)), "Lưu: VT")
    doc = decision(annex_rows=0, body=body_paragraphs(4), recipients=recipients)
    data = render_document_bytes(doc)
    assert check_margins(data) == 2
    text = flat_text(data)
    assert "- Chi hội Cựu chiến binh thôn số 1;" in text and "- Lưu: VT." in text
    # The block does not fit under the body: all of it moved to page 2.
    assert bottom_block_pages(data, recipients, "Nguyễn Văn Hùng") == {2}


@pytest.mark.parametrize("paragraphs", range(1, 9))
def test_the_bottom_block_is_never_split_when_it_fits_a_page(paragraphs: int) -> None:
    recipients = tuple(f"Thôn số {i + 1}" for i in range(12))
    doc = decision(annex_rows=0, body=body_paragraphs(paragraphs), recipients=recipients)
    data = render_document_bytes(doc)
    assert len(bottom_block_pages(data, recipients, "Nguyễn Văn Hùng")) == 1
    check_margins(data)


def test_a_recipient_list_longer_than_a_page_is_split() -> None:
    recipients = tuple(f"Ban công tác Mặt trận thôn số {i + 1}" for i in range(90))
    data = render_document_bytes(decision(annex_rows=0, recipients=recipients))
    assert check_margins(data) >= 3
    text = flat_text(data)
    assert all(f"thôn số {i + 1}" in text for i in range(90))
    assert "thôn số 90." in text


def test_a_300_character_word_is_broken_inside_the_margin() -> None:
    word = "Chuyểnđổisố" * 27 + "xyz"
    assert len(word) >= 300
    body = (Paragraph(f"Địa chỉ: {word} là trang thông tin của xã."),)
    data = render_document_bytes(decision(annex_rows=0, body=body))
    check_margins(data)
    assert word in flat_text(data).replace(" ", "")


def test_long_words_in_header_and_table_cells_are_broken() -> None:
    word = "ĐổiMớiSángTạo" * 12
    annex = replace(award_annex(5), rows=[("1", word, word, "1"), ("2", "a", "b", word)])
    doc = decision(
        annex_rows=0,
        issuing_body=word,
        place_date_text=word,
        annexes=(annex,),
        recipients=(word, "Lưu: VT"),
        signatures=(Signature((word,), word),),
    )
    check_margins(render_document_bytes(doc))


def test_an_empty_signer_name_is_refused_in_vietnamese() -> None:
    doc = decision(annex_rows=0, signatures=(Signature(("CHỦ TỊCH",), "  "),))
    with pytest.raises(ValueError, match="họ và tên người ký"):
        render_document_bytes(doc)


def test_margins_outside_decree_30_are_refused() -> None:
    Margins(25, 25, 35, 20).validate()
    with pytest.raises(ValueError, match="Lề trái phải từ 30 đến 35 mm"):
        Margins(left=25).validate()
    with pytest.raises(ValueError, match="Lề trên"):
        render_document_bytes(decision(annex_rows=0, margins=Margins(top=15)))


def test_other_margins_and_sizes_are_honoured() -> None:
    margins = Margins(top=25, bottom=25, left=35, right=20)
    doc = decision(
        annex_rows=30,
        margins=margins,
        sizes=SizeSet(national_title=12, motto=13, date_line=13, body=13),
    )
    data = render_document_bytes(doc)
    check_margins(data, margins)
    page = next(pages_of(data))
    lines = {text: cs for _, text, cs in lines_of(page)}
    assert lines[NATIONAL_TITLE][0]["size"] == pytest.approx(12)
    assert lines[MOTTO][0]["size"] == pytest.approx(13)


@pytest.mark.parametrize("year", [1999, 2025, 2100, 12])
def test_any_year_is_printed_as_given(year: int) -> None:
    place_date = format_place_date("Kim Thành", date(year, 2, 1))
    text = flat_text(render_document_bytes(decision(annex_rows=0, place_date_text=place_date)))
    assert place_date in text


def test_letter_prints_its_summary_under_the_number() -> None:
    data = render_document_bytes(official_letter())
    page = next(pages_of(data))
    lines = lines_of(page)
    number = next(cs for _, t, cs in lines if t.startswith("Số: 112/UBND-VHXH"))
    summary = [cs for _, t, cs in lines if t.startswith("V/v")]
    assert summary and summary[0][0]["top"] > number[0]["top"]
    assert all(12 <= c["size"] <= 13 and "Bold" not in c["fontname"] for c in summary[0])
    assert summary[0][-1]["x1"] < page.width / 2  # on the left, under the number
    text = squash(flat_text(data))
    assert "Kính gửi:" in text and "- Trưởng thôn, Tổ trưởng tổ dân phố." in text
    assert "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text


def test_minutes_have_two_signatures_side_by_side() -> None:
    data = render_document_bytes(minutes())
    pages = list(pages_of(data))
    lines = lines_of(pages[-1])
    by_text = {t: cs for _, t, cs in lines}
    clerk, chair = by_text["THƯ KÝ"], by_text["CHỦ TRÌ"]
    assert clerk[0]["bottom"] == pytest.approx(chair[0]["bottom"])
    assert clerk[-1]["x1"] < pages[-1].width / 2 < chair[0]["x0"]
    clerk_name, chair_name = by_text["Đỗ Thu Hạnh"], by_text["Nguyễn Văn Hùng"]
    assert clerk_name[0]["bottom"] == pytest.approx(chair_name[0]["bottom"])
    assert "Nơi nhận:" not in flat_text(data)


def test_render_document_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "Quyết định 05.pdf"
    target.write_bytes(b"old")
    assert render_document(decision(annex_rows=0), target) == target
    assert target.read_bytes().startswith(b"%PDF")
    bad = decision(annex_rows=0, signatures=(Signature(("CHỦ TỊCH",), ""),))
    with pytest.raises(ValueError):
        render_document(bad, target)
    assert target.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


def test_rendering_is_repeatable() -> None:
    doc = decision(annex_rows=10)
    assert render_document_bytes(doc) == render_document_bytes(doc)
