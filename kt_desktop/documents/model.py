"""Plain, immutable description of an official document (Decree 30/2020) for the PDF engine."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from kt_desktop.text import clean_text, format_number

__all__ = [
    "Alignment",
    "Annex",
    "Article",
    "BodyBlock",
    "BodyTable",
    "CentredHeading",
    "Margins",
    "OfficialDocument",
    "Paragraph",
    "Signature",
    "SizeSet",
]

Alignment = Literal["left", "center", "right"]


def _as_tuple(instance: object, name: str) -> None:
    """Store a sequence field as a tuple, so a frozen document stays unchanged after a caller
    edits the list it passed in."""
    value = getattr(instance, name)
    if not isinstance(value, tuple):
        object.__setattr__(instance, name, tuple(value))


def _check_range(label: str, value: float, low: float, high: float, unit: str) -> None:
    if not low <= value <= high:
        raise ValueError(
            f"{label} phải từ {format_number(low)} đến {format_number(high)} {unit} theo "
            f"Nghị định 30/2020/NĐ-CP, không thể là {format_number(value)} {unit}."
        )


@dataclass(frozen=True)
class Margins:
    """Page margins in millimetres; Decree 30 allows top and bottom 20–25, left 30–35, right
    15–20."""

    top: float = 20.0
    bottom: float = 20.0
    left: float = 30.0
    right: float = 15.0

    def validate(self) -> None:
        """Raise ValueError (Vietnamese) when a margin is outside Decree 30's range."""
        _check_range("Lề trên", self.top, 20, 25, "mm")
        _check_range("Lề dưới", self.bottom, 20, 25, "mm")
        _check_range("Lề trái", self.left, 30, 35, "mm")
        _check_range("Lề phải", self.right, 15, 20, "mm")


@dataclass(frozen=True)
class SizeSet:
    """The one set of font sizes (pt) a document uses; defaults 13/14/14 for national title,
    motto and date line. Sizes Decree 30 fixes (number 13, "Nơi nhận:" 12, recipients 11)
    are not settable."""

    national_title: float = 13
    motto: float = 14
    body: float = 14  # also the kind title, summary, authority line and signature block
    date_line: float = 14
    header: float = 13  # parent and issuing body, and a letter's "V/v …" summary
    page_number: float = 13
    table: float = 13  # annex tables; Decree 30 sets no size, 13 reads well in a list

    def validate(self) -> None:
        """Raise ValueError (Vietnamese) when a size is outside Decree 30's range."""
        _check_range("Cỡ chữ quốc hiệu", self.national_title, 12, 13, "pt")
        _check_range("Cỡ chữ tiêu ngữ", self.motto, 13, 14, "pt")
        _check_range("Cỡ chữ nội dung", self.body, 13, 14, "pt")
        _check_range("Cỡ chữ địa danh và ngày tháng", self.date_line, 13, 14, "pt")
        _check_range("Cỡ chữ tên cơ quan ban hành", self.header, 12, 13, "pt")
        _check_range("Cỡ chữ số trang", self.page_number, 13, 14, "pt")
        _check_range("Cỡ chữ bảng phụ lục", self.table, 10, 14, "pt")


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph: justified, with a first-line indent unless `indent` is False; `bold`
    for a section heading inside the body ("I. THÀNH PHẦN"), kept with what follows it."""

    text: str
    indent: bool = True
    bold: bool = False


@dataclass(frozen=True)
class Article:
    """An article of a decision, printed "Điều <number>." in bold, then its text."""

    number: int
    text: str


@dataclass(frozen=True)
class CentredHeading:
    """A bold centred line in the body, such as "QUYẾT ĐỊNH:"."""

    text: str


def _check_columns(
    what: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    column_widths: Sequence[float],
    alignments: Sequence[Alignment],
) -> None:
    """Raise ValueError (Vietnamese) when a table's rows, widths or alignments don't match its
    headers; `what` names the table in the message ("Bảng phụ lục")."""
    columns = len(headers)
    if columns == 0:
        raise ValueError(f"{what} chưa có tiêu đề cột nào.")
    if column_widths and len(column_widths) != columns:
        raise ValueError(f"{what} có {columns} cột nhưng có {len(column_widths)} độ rộng cột.")
    if any(width <= 0 for width in column_widths):
        raise ValueError(f"Độ rộng cột của {what[:1].lower() + what[1:]} phải lớn hơn 0.")
    if alignments and len(alignments) != columns:
        raise ValueError(f"{what} có {columns} cột nhưng có {len(alignments)} kiểu căn lề.")
    for number, row in enumerate(rows, start=1):
        if len(row) != columns:
            raise ValueError(
                f"Dòng {number} của {what[:1].lower() + what[1:]} có {len(row)} ô, cần đúng "
                f"{columns} ô."
            )


@dataclass(frozen=True)
class BodyTable:
    """A ruled table inside the body, as wide as the text (the checklist of inspection
    minutes); a table carried to the next page repeats its header row there. Widths are
    relative (empty: equal), alignments per column (empty: left)."""

    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    column_widths: Sequence[float] = ()
    alignments: Sequence[Alignment] = ()

    def __post_init__(self) -> None:
        for name in ("headers", "rows", "column_widths", "alignments"):
            _as_tuple(self, name)

    def validate(self) -> None:
        _check_columns(
            "Bảng trong nội dung", self.headers, self.rows, self.column_widths, self.alignments
        )


BodyBlock = Paragraph | Article | CentredHeading | BodyTable


@dataclass(frozen=True)
class Signature:
    """A signature block: capacity lines ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), then the space
    for signature and seal, then the signer's full name."""

    capacity: Sequence[str]
    name: str

    def __post_init__(self) -> None:
        _as_tuple(self, "capacity")

    def validate(self) -> None:
        capacity = " / ".join(clean_text(line) for line in self.capacity if clean_text(line))
        if not capacity:
            raise ValueError(
                "Chưa có chức vụ của người ký (ví dụ “CHỦ TỊCH”). Hãy nhập chức vụ người ký."
            )
        if not clean_text(self.name):
            raise ValueError(
                f"Chưa có họ và tên người ký văn bản (chức vụ “{capacity}”). "
                "Hãy nhập họ và tên người ký trước khi in."
            )


@dataclass(frozen=True)
class Annex:
    """A list attached to the document, printed from a new page as a table.

    `column_widths` are relative (empty: equal); `alignments` per column (empty: left, the
    header row is always centred). `landscape` None means automatic: landscape when some word
    of a column would not fit the column's portrait width.
    """

    title_lines: Sequence[str]
    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    attachment_line: str = ""  # "(Kèm theo Quyết định số 05/QĐ-UBND ngày … của …)"
    column_widths: Sequence[float] = ()
    alignments: Sequence[Alignment] = ()
    landscape: bool | None = None
    # An entry in the PDF's outline (bookmarks pane) at the annex's first page; "" for none.
    bookmark: str = ""

    def __post_init__(self) -> None:
        for name in ("title_lines", "headers", "rows", "column_widths", "alignments"):
            _as_tuple(self, name)

    def validate(self) -> None:
        _check_columns("Bảng phụ lục", self.headers, self.rows, self.column_widths, self.alignments)


@dataclass(frozen=True)
class OfficialDocument:
    """Everything printed on an official document; all wording comes from the caller.

    An empty `kind_title` makes an official letter (công văn): its "V/v …" summary is printed
    under the number on the left instead of centred. Signatures: one (printed on the right),
    or two or three side by side (minutes: left "THƯ KÝ", right "CHỦ TRÌ"; inspection
    minutes: the unit's representative, the secretary and the team leader).

    `numbered` False leaves the number line out: a paper that is not a registered document
    (a nominee's achievement report). `bookmark` puts an entry in the PDF's outline at the
    document's first page, for a dossier of several documents in one file.
    """

    issuing_body: str  # a "\n" marks where the name breaks: "ỦY BAN NHÂN DÂN\nXÃ KIM THÀNH"
    number_text: str  # "Số: 05/QĐ-UBND", or a draft "Số:      /QĐ-UBND"
    place_date_text: str  # "Kim Thành, ngày 05 tháng 8 năm 2025", as the caller formats it
    signatures: Sequence[Signature]
    kind_title: str = ""
    summary: str = ""
    parent_body: str = ""
    authority: str = ""  # "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ KIM THÀNH"
    addressees: Sequence[str] = ()  # printed after "Kính gửi:"
    legal_bases: Sequence[str] = ()
    body: Sequence[BodyBlock] = ()
    recipients: Sequence[str] = ()  # the last is usually "Lưu: VT, VHXH"
    annexes: Sequence[Annex] = ()
    margins: Margins = Margins()
    sizes: SizeSet = SizeSet()
    numbered: bool = True
    bookmark: str = ""

    def __post_init__(self) -> None:
        for name in ("signatures", "addressees", "legal_bases", "body", "recipients", "annexes"):
            _as_tuple(self, name)

    @property
    def is_letter(self) -> bool:
        """An official letter (công văn) has no kind title."""
        return not clean_text(self.kind_title)

    def validate(self) -> None:
        """Raise ValueError with a Vietnamese sentence for the first rule the document breaks."""
        self.margins.validate()
        self.sizes.validate()
        if not clean_text(self.issuing_body):
            raise ValueError("Chưa có tên cơ quan ban hành văn bản.")
        if self.numbered and not self.number_text.strip():
            raise ValueError("Chưa có số, ký hiệu của văn bản.")
        if not clean_text(self.place_date_text):
            raise ValueError("Chưa có địa danh và ngày tháng năm ban hành văn bản.")
        if self.is_letter and not clean_text(self.summary):
            raise ValueError("Công văn cần có trích yếu nội dung (V/v …).")
        if len(self.signatures) not in (1, 2, 3):
            raise ValueError(
                "Văn bản cần một chữ ký (hoặc hai, ba chữ ký cạnh nhau đối với biên bản), "
                f"không phải {len(self.signatures)}."
            )
        for signature in self.signatures:
            signature.validate()
        for block in self.body:
            if isinstance(block, BodyTable):
                block.validate()
        for annex in self.annexes:
            annex.validate()
