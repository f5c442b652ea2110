"""The official document as a Word file (.docx), read back with python-docx."""

from __future__ import annotations

import errno
import os
import unicodedata
from collections.abc import Callable, Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Length
from docx.table import Table
from docx.text.paragraph import Paragraph as WordParagraph

from kt_desktop.documents import files as files_module
from kt_desktop.documents.fonts import FACES, register_document_fonts
from kt_desktop.documents.model import (
    Margins,
    OfficialDocument,
    Paragraph,
    Signature,
    SizeSet,
)
from kt_desktop.documents.textfit import text_width
from kt_desktop.documents.word import FONT_NAME, render_docx, render_docx_bytes
from kt_desktop.errors import UserError
from tests.core.test_documents_layout import (
    AUGUST_5,
    DECISION_SUMMARY,
    MOTTO,
    NATIONAL_TITLE,
    SAMPLES,
    award_annex,
    decision,
    minutes,
    official_letter,
    report,
    squash,
)

FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")


# Reading the .docx back.


def read(doc: OfficialDocument) -> WordDocument:
    return docx.Document(BytesIO(render_docx_bytes(doc)))


def paragraphs_of(element: Any, parent: Any) -> list[WordParagraph]:
    """Every paragraph under `element`, those inside tables included, in document order."""
    return [WordParagraph(p, parent) for p in element.iter(qn("w:p"))]


def body_paragraphs(document: WordDocument) -> list[WordParagraph]:
    return paragraphs_of(document.element.body, document._body)


def texts(document: WordDocument) -> list[str]:
    return [p.text for p in body_paragraphs(document) if p.text]


def flat(document: WordDocument) -> str:
    return squash(" ".join(texts(document)))


def find(document: WordDocument, test: Callable[[str], bool]) -> WordParagraph:
    return next(p for p in body_paragraphs(document) if p.text and test(p.text))


def paragraph(document: WordDocument, text: str) -> WordParagraph:
    return find(document, lambda t: t == text)


def text_runs(p: WordParagraph) -> list[Any]:
    return [run for run in p.runs if run.text]


def sizes_of(p: WordParagraph) -> set[float]:
    return {run.font.size.pt for run in text_runs(p)}


def all_bold(p: WordParagraph) -> bool:
    return all(run.bold for run in text_runs(p))


def all_italic(p: WordParagraph) -> bool:
    return all(run.italic for run in text_runs(p))


def header_parts(document: WordDocument) -> Iterator[Any]:
    for rel in document.part.rels.values():
        if rel.reltype == RT.HEADER:
            yield rel.target_part


def tables(document: WordDocument) -> list[Table]:
    return [Table(tbl, document._body) for tbl in document.element.body.iter(qn("w:tbl"))]


def cell_texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def mm_of(length: Length | None) -> float:
    assert length is not None
    return float(length.mm)


@pytest.fixture(scope="module")
def decision_docx() -> WordDocument:
    return read(SAMPLES["quyet-dinh"]())


# The tests.


@pytest.mark.parametrize("name", SAMPLES)
def test_every_text_is_written_in_nfc(name: str) -> None:
    doc = SAMPLES[name]()
    document = read(doc)
    text = flat(document)
    expected = [doc.kind_title, doc.summary, doc.place_date_text, NATIONAL_TITLE, MOTTO]
    expected += [block.text for block in doc.body if isinstance(block, Paragraph)]
    expected += [s.name for s in doc.signatures]
    for annex in doc.annexes:
        expected += [cell for row in annex.rows for cell in row if cell]
    for item in expected:
        if item:
            assert squash(unicodedata.normalize("NFC", item)) in text, item
    for t in document.element.body.iter(qn("w:t")):
        assert unicodedata.is_normalized("NFC", t.text or ""), t.text


def test_decomposed_input_is_written_precomposed() -> None:
    decomposed = unicodedata.normalize("NFD", DECISION_SUMMARY)
    assert decomposed != DECISION_SUMMARY
    document = read(decision(annex_rows=0, summary=decomposed))
    assert DECISION_SUMMARY in flat(document)
    raw = "".join(t.text or "" for t in document.element.body.iter(qn("w:t")))
    assert not any(unicodedata.combining(char) for char in raw)


def test_header_block_is_a_borderless_two_column_table(decision_docx: WordDocument) -> None:
    register_document_fonts()
    header = tables(decision_docx)[0]
    assert len(header.columns) == 2
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {side.get(qn("w:val")) for side in borders} == {"nil"}
    left, right = header.cell(0, 0), header.cell(0, 1)
    assert [p.text for p in left.paragraphs if p.text] == ["ỦY BAN NHÂN DÂN", "XÃ KIM THÀNH"]
    for p in left.paragraphs:
        if p.text:
            assert all_bold(p) and sizes_of(p) == {13}
            assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER
    title, motto = (p for p in right.paragraphs if p.text)
    assert title.text == NATIONAL_TITLE and all_bold(title) and sizes_of(title) == {13}
    assert motto.text == MOTTO and all_bold(motto) and sizes_of(motto) == {14}
    # A rule under the issuing body (a part of its width) and one under the motto.
    for cell in (left, right):
        rules = [
            p
            for p in cell.paragraphs
            if p._p.find(f".//{qn('w:pBdr')}/{qn('w:bottom')}") is not None
        ]
        assert len(rules) == 1 and not rules[0].text
    # Their lengths: the cell's text width less the rule paragraph's indents.
    issuing = max(text_width(t, FACES["bold"], 13) for t in ("ỦY BAN NHÂN DÂN", "XÃ KIM THÀNH"))
    motto_width = text_width(MOTTO, FACES["bold"], 14)
    for cell, low, high in ((left, issuing / 3, issuing / 2), (right, motto_width, motto_width)):
        tc_pr = cell._tc.tcPr
        room = int(tc_pr.find(qn("w:tcW")).get(qn("w:w"))) / 20
        margin = tc_pr.find(f"{qn('w:tcMar')}/{qn('w:right')}")
        room -= int(margin.get(qn("w:w"))) / 20 if margin is not None else 0
        rule = next(p for p in cell.paragraphs if p._p.find(f".//{qn('w:pBdr')}") is not None)
        fmt = rule.paragraph_format
        length = room - fmt.left_indent.pt - fmt.right_indent.pt
        assert low - 0.5 <= length <= high + 0.5
    number = header.cell(1, 0).paragraphs[0]
    assert number.text == "Số: 05/QĐ-UBND"
    assert sizes_of(number) == {13} and not any(run.bold for run in number.runs)
    date = header.cell(1, 1).paragraphs[0]
    assert date.text == AUGUST_5 and "ngày 05 tháng 8 năm 2025" in date.text
    assert all_italic(date) and sizes_of(date) == {14}


def test_kind_title_summary_and_authority_are_centred_bold(decision_docx: WordDocument) -> None:
    for text in ("QUYẾT ĐỊNH", "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ KIM THÀNH", "QUYẾT ĐỊNH:"):
        p = paragraph(decision_docx, text)
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER and all_bold(p) and sizes_of(p) == {14}
    summary = find(decision_docx, lambda t: t.startswith("Về việc tặng Giấy khen"))
    assert squash(summary.text) == DECISION_SUMMARY
    assert summary.alignment == WD_ALIGN_PARAGRAPH.CENTER and all_bold(summary)


def test_legal_bases_are_italic_and_end_with_semicolons_then_a_full_stop(
    decision_docx: WordDocument,
) -> None:
    bases = [p for p in body_paragraphs(decision_docx) if p.text and all_italic(p)]
    bases = [p for p in bases if p.text.startswith(("Căn cứ", "Xét"))]
    assert len(bases) == 4
    assert bases[0].text.endswith("ngày 16 tháng 6 năm 2025;")
    assert bases[1].text.endswith("ngày 15 tháng 6 năm 2022;")
    assert bases[2].text.endswith("“Bình dân học vụ số”;")
    assert bases[3].text == "Xét đề nghị của Trưởng phòng Văn hóa – Xã hội xã."
    for p in bases:
        assert ";;" not in p.text and ".;" not in p.text and ";." not in p.text
        fmt = p.paragraph_format
        assert mm_of(fmt.first_line_indent) == pytest.approx(10, abs=0.05)
        assert p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert sizes_of(p) == {14}


def test_body_paragraphs_and_articles(decision_docx: WordDocument) -> None:
    article = find(decision_docx, lambda t: t.startswith("Điều 1."))
    label, text = text_runs(article)
    assert label.text == "Điều 1." and label.bold
    assert text.text.startswith(" Tặng Giấy khen") and not text.bold
    clause = find(decision_docx, lambda t: t.startswith("a) Đối với tập thể"))
    for p in (article, clause):
        fmt = p.paragraph_format
        assert p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert mm_of(fmt.first_line_indent) == pytest.approx(10, abs=0.05)
        assert fmt.space_after is not None and fmt.space_after.pt == pytest.approx(6)
        assert fmt.line_spacing == pytest.approx(1.2)
        assert sizes_of(p) == {14}
    assert flat(decision_docx).count("Điều ") >= 3


def test_bottom_block_recipients_and_signature(decision_docx: WordDocument) -> None:
    bottom = next(t for t in tables(decision_docx) if "Nơi nhận:" in t.cell(0, 0).text)
    left, right = bottom.cell(0, 0), bottom.cell(0, 1)
    label, *recipients = (p for p in left.paragraphs if p.text)
    assert label.text == "Nơi nhận:"
    assert sizes_of(label) == {12} and all_bold(label) and all_italic(label)
    assert [p.text for p in recipients] == [
        "- Như Điều 3;",
        "- Thường trực Đảng ủy xã (để báo cáo);",
        "- Chủ tịch, các Phó Chủ tịch UBND xã;",
        "- Lưu: VT, VHXH.",
    ]
    assert all(sizes_of(p) == {11} and not any(r.bold for r in p.runs) for p in recipients)
    capacity, name = (p for p in right.paragraphs if p.text)
    assert capacity.text == "CHỦ TỊCH" and all_bold(capacity) and sizes_of(capacity) == {14}
    assert name.text == "Nguyễn Văn Hùng" and all_bold(name) and sizes_of(name) == {14}
    space = capacity.paragraph_format.space_after
    assert space is not None and 25 <= space.mm <= 35
    # Kept on one page, in a borderless table.
    assert bottom.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
    borders = bottom._tbl.tblPr.find(qn("w:tblBorders"))
    assert {side.get(qn("w:val")) for side in borders} == {"nil"}


@pytest.mark.parametrize("name", SAMPLES)
def test_every_run_is_times_new_roman_with_its_size(name: str) -> None:
    document = read(SAMPLES[name]())
    parts = [document.element, *(part.element for part in header_parts(document))]
    runs = [r for element in parts for r in element.iter(qn("w:r"))]
    assert runs
    for r in runs:
        fonts = r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert fonts is not None, r.xml
        assert all(fonts.get(qn(f"w:{slot}")) == FONT_NAME for slot in FONT_SLOTS), r.xml
        assert not any("Theme" in key or "theme" in key for key in fonts.attrib)
        size = r.find(f"{qn('w:rPr')}/{qn('w:sz')}")
        assert size is not None and 10 <= int(size.get(qn("w:val"))) / 2 <= 14
    # The defaults too, for text typed into the file later: no theme font (Calibri) anywhere.
    styles = document.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        assert not any("heme" in key for key in fonts.attrib)
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert defaults is not None
    fonts = defaults.find(qn("w:rFonts"))
    assert all(fonts.get(qn(f"w:{slot}")) == FONT_NAME for slot in FONT_SLOTS)


def test_a4_pages_with_the_document_margins(decision_docx: WordDocument) -> None:
    for section in decision_docx.sections:
        assert section.orientation == WD_ORIENT.PORTRAIT
        assert (mm_of(section.page_width), mm_of(section.page_height)) == (
            pytest.approx(210, abs=0.1),
            pytest.approx(297, abs=0.1),
        )
        margins = (section.top_margin, section.bottom_margin, section.left_margin)
        assert [mm_of(m) for m in margins] == [pytest.approx(v, abs=0.05) for v in (20, 20, 30)]
        assert mm_of(section.right_margin) == pytest.approx(15, abs=0.05)


def test_other_margins_and_sizes_are_honoured() -> None:
    margins = Margins(top=25, bottom=25, left=35, right=20)
    doc = decision(
        annex_rows=30,
        margins=margins,
        sizes=SizeSet(national_title=12, motto=13, date_line=13, body=13, table=12),
    )
    document = read(doc)
    for section in document.sections:
        got = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
        assert [mm_of(m) for m in got] == [pytest.approx(v, abs=0.05) for v in (25, 25, 35, 20)]
    assert sizes_of(paragraph(document, NATIONAL_TITLE)) == {12}
    assert sizes_of(paragraph(document, MOTTO)) == {13}
    assert sizes_of(paragraph(document, AUGUST_5)) == {13}
    assert sizes_of(find(document, lambda t: t.startswith("Điều 1."))) == {13}
    # Decree 30's fixed sizes stay put.
    assert sizes_of(paragraph(document, "Số: 05/QĐ-UBND")) == {13}
    assert sizes_of(paragraph(document, "Nơi nhận:")) == {12}
    assert sizes_of(paragraph(document, "- Như Điều 3;")) == {11}
    annex = tables(document)[-1]
    assert sizes_of(annex.cell(1, 1).paragraphs[0]) == {12}


def test_page_numbers_from_page_two_and_from_one_again_in_each_annex(
    decision_docx: WordDocument,
) -> None:
    first, annex = decision_docx.sections
    assert first.different_first_page_header_footer
    assert not "".join(p.text for p in first.first_page_header.paragraphs)
    number = first.header.paragraphs[0]
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    instructions = [t.text for t in number._p.iter(qn("w:instrText"))]
    assert [i.strip() for i in instructions] == ["PAGE"]
    assert len(number._p.findall(f".//{qn('w:fldChar')}")) == 3
    assert sizes_of(number) == {13}
    # The annex inherits the headers, with no number on its own first page either.
    assert annex.header.is_linked_to_previous and annex.different_first_page_header_footer
    restart = annex._sectPr.find(qn("w:pgNumType"))
    assert restart is not None and restart.get(qn("w:start")) == "1"
    assert first._sectPr.find(qn("w:pgNumType")) is None


def test_annex_is_a_real_table_whose_header_row_repeats(decision_docx: WordDocument) -> None:
    doc = SAMPLES["quyet-dinh"]()
    table = tables(decision_docx)[-1]
    rows = cell_texts(table)
    assert rows[0] == list(doc.annexes[0].headers)
    assert rows[1:] == [list(row) for row in doc.annexes[0].rows]
    header = table.rows[0]._tr
    assert header.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert all(r.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None for r in table._tbl.tr_lst[1:])
    for cell in table.rows[0].cells:
        p = cell.paragraphs[0]
        assert all_bold(p) and p.alignment == WD_ALIGN_PARAGRAPH.CENTER and sizes_of(p) == {13}
    money = table.cell(1, 3).paragraphs[0]
    assert money.alignment == WD_ALIGN_PARAGRAPH.RIGHT and not any(r.bold for r in money.runs)
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {side.get(qn("w:val")) for side in borders} == {"single"}
    # The columns share the text width as the annex asks (0.7 : 2.6 : 3.4 : 1.5).
    widths = [int(col.get(qn("w:w"))) / 20 for col in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert sum(widths) == pytest.approx((210 - 30 - 15) * 72 / 25.4, abs=1)
    assert widths[0] / sum(widths) == pytest.approx(0.7 / 8.2, abs=0.001)
    # Title lines, then the attachment line in italic, before the table.
    title = paragraph(decision_docx, "DANH SÁCH")
    assert all_bold(title) and title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    attachment = find(decision_docx, lambda t: t.startswith("(Kèm theo Quyết định số 05"))
    assert all_italic(attachment) and not any(r.bold for r in attachment.runs)


def test_a_wide_annex_gets_a_landscape_section_like_the_pdf() -> None:
    document = read(report())
    first, annex = document.sections
    assert first.orientation == WD_ORIENT.PORTRAIT
    assert mm_of(first.page_width) < mm_of(first.page_height)
    assert annex.orientation == WD_ORIENT.LANDSCAPE
    assert (mm_of(annex.page_width), mm_of(annex.page_height)) == (
        pytest.approx(297, abs=0.1),
        pytest.approx(210, abs=0.1),
    )
    assert mm_of(annex.left_margin) == pytest.approx(30, abs=0.05)
    widths = [int(c.get(qn("w:w"))) / 20 for c in tables(document)[-1]._tbl.iter(qn("w:gridCol"))]
    assert sum(widths) == pytest.approx((297 - 30 - 15) * 72 / 25.4, abs=1)
    # A narrow list stays portrait, and landscape can be asked for.
    assert read(decision(annex_rows=5)).sections[-1].orientation == WD_ORIENT.PORTRAIT
    forced = read(decision(annex_rows=0, annexes=(award_annex(5, landscape=True),)))
    assert forced.sections[-1].orientation == WD_ORIENT.LANDSCAPE


def test_letter_prints_its_summary_under_the_number_and_its_addressees() -> None:
    document = read(official_letter())
    left = tables(document)[0].cell(1, 0)
    number, summary = (p for p in left.paragraphs if p.text)
    assert number.text == "Số: 112/UBND-VHXH"
    assert summary.text.replace("\n", " ") == (
        "V/v đôn đốc báo cáo kết quả thực hiện phong trào thi đua năm 2025"
    )
    assert sizes_of(summary) == {13} and not any(r.bold for r in summary.runs)
    assert "ngày 01 tháng 02 năm 2026" in flat(document)
    assert "QUYẾT ĐỊNH" not in flat(document)
    addressees = texts(document)
    assert "Kính gửi:\t- Các phòng, ban, đơn vị thuộc Ủy ban nhân dân xã;" in addressees
    assert "- Trưởng thôn, Tổ trưởng tổ dân phố." in addressees
    assert "KT. CHỦ TỊCH" in flat(document) and "PHÓ CHỦ TỊCH" in flat(document)


def test_minutes_have_two_signatures_side_by_side() -> None:
    document = read(minutes())
    bottom = tables(document)[-1]
    assert cell_texts(bottom) == [["THƯ KÝ", "CHỦ TRÌ"], ["Đỗ Thu Hạnh", "Nguyễn Văn Hùng"]]
    for cell in (bottom.cell(1, 0), bottom.cell(1, 1)):
        assert all_bold(cell.paragraphs[0]) and sizes_of(cell.paragraphs[0]) == {14}
    assert "Nơi nhận:" not in flat(document)


def test_a_600_character_summary_is_written_whole() -> None:
    summary = ((DECISION_SUMMARY + ", ") * 5)[:600]
    document = read(decision(annex_rows=0, summary=summary))
    assert squash(summary.rstrip(", ")) in flat(document)
    # The file's title property holds at most 255 characters: cut there, not refused.
    title = document.core_properties.title
    assert len(title) <= 255 and title.startswith("QUYẾT ĐỊNH Về việc") and title.endswith("…")


def test_a_draft_number_keeps_its_blank() -> None:
    document = read(SAMPLES["to-trinh"]())
    assert "Số:      /TTr-VHXH" in texts(document)


def test_an_empty_signer_name_is_refused_in_vietnamese(tmp_path: Path) -> None:
    doc = decision(annex_rows=0, signatures=(Signature(("CHỦ TỊCH",), "  "),))
    with pytest.raises(ValueError, match="họ và tên người ký"):
        render_docx_bytes(doc)
    with pytest.raises(ValueError, match="họ và tên người ký"):
        render_docx(doc, tmp_path / "Quyết định.docx")
    assert list(tmp_path.iterdir()) == []


def test_margins_outside_decree_30_are_refused() -> None:
    with pytest.raises(ValueError, match="Lề trên"):
        render_docx_bytes(decision(annex_rows=0, margins=Margins(top=15)))


def test_render_docx_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "Quyết định 05.docx"
    target.write_bytes(b"old")
    assert render_docx(decision(annex_rows=3), target) == target
    assert target.read_bytes().startswith(b"PK")
    assert "Nguyễn Văn Hùng" in flat(docx.Document(str(target)))
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


def test_a_failed_write_leaves_no_file_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "Quyết định 05.docx"
    target.write_bytes(b"old")

    def refuse(source: Any, destination: Any) -> None:
        raise PermissionError(errno.EACCES, "Access is denied", str(destination))

    monkeypatch.setattr(files_module.os, "replace", refuse)
    with pytest.raises(UserError) as caught:
        render_docx(decision(annex_rows=0), target)
    assert "Quyết định 05.docx" in caught.value.message
    assert "không có quyền truy cập" in caught.value.message
    assert "denied" not in str(caught.value)
    # The half-done temporary file is gone, the previous file untouched.
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]
    assert target.read_bytes() == b"old"
    monkeypatch.undo()

    missing = tmp_path / "không có" / "Quyết định.docx"
    with pytest.raises(UserError, match="không tìm thấy tệp hoặc thư mục"):
        render_docx(decision(annex_rows=0), missing)
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]
    assert os.listdir(tmp_path) == [target.name]
