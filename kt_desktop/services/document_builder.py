"""Turn a register entry (draft or issued), the commune's identity and the kind's wording into
the engine's OfficialDocument, and render it."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from kt_desktop.documents.model import (
    Annex,
    Article,
    BodyBlock,
    BodyTable,
    CentredHeading,
    Margins,
    OfficialDocument,
    Paragraph,
    Signature,
)
from kt_desktop.domain.enums import DocumentKind
from kt_desktop.errors import ValidationError
from kt_desktop.services.database import Database
from kt_desktop.services.outgoing import DraftView, IssueStamp, number_text
from kt_desktop.services.settings import CommuneIdentity, load_identity
from kt_desktop.services.wording import (
    PageMargins,
    Wording,
    filled,
    load_margins,
    load_wording,
    placeholder_values,
)
from kt_desktop.text import clean_text, format_date_long, format_place_date

KIND_TITLES: dict[DocumentKind, str] = {
    DocumentKind.DECISION: "QUYẾT ĐỊNH",
    DocumentKind.OFFICIAL_LETTER: "",
    DocumentKind.NOTICE: "THÔNG BÁO",
    DocumentKind.REPORT: "BÁO CÁO",
    DocumentKind.SUBMISSION: "TỜ TRÌNH",
    DocumentKind.MINUTES: "BIÊN BẢN",
}


def issuing_body_lines(identity: CommuneIdentity) -> str:
    """ "ỦY BAN NHÂN DÂN\\nXÃ KIM THÀNH": the body's name breaks before the commune."""
    body = identity.issuing_body
    marker = " XÃ "
    if marker in body:
        head, tail = body.split(marker, 1)
        return f"{head}\nXÃ {tail}"
    return body


def place_date(
    identity: CommuneIdentity, stamp: IssueStamp | None, year: int, dated_on: date | None = None
) -> str:
    if stamp is not None:
        return format_place_date(identity.place_name, stamp.issued_on)
    if dated_on is not None:
        # Minutes are dated the day of the meeting or visit they record.
        return format_place_date(identity.place_name, dated_on)
    # A draft leaves the day and month for the signing date, as offices print them (dots,
    # since the page collapses runs of spaces).
    return f"{identity.place_name}, ngày …… tháng …… năm {year}"


# A section heading of the body: a Roman numeral and a dot ("II. NỘI DUNG KIỂM TRA").
SECTION_HEADING = re.compile(r"^[IVX]+\.\s")


def body_tables(content: dict[str, Any]) -> dict[str, BodyTable]:
    """The content's tables by their marker: a paragraph reading exactly the marker ("[Bảng
    nội dung kiểm tra]") is where the table prints, so the clerk can move it with the text."""
    tables: dict[str, BodyTable] = {}
    for table in content.get("tables", []):
        tables[clean_text(str(table.get("marker", "")))] = BodyTable(
            headers=list(table["headers"]),
            rows=[list(row) for row in table["rows"]],
            column_widths=list(table.get("column_widths", [])),
            alignments=list(table.get("alignments", [])),
        )
    return tables


def body_blocks(kind: DocumentKind, content: dict[str, Any]) -> list[BodyBlock]:
    """Paragraphs as typed; a decision's paragraphs are its articles, after "QUYẾT ĐỊNH:".

    Optional content keys: "tables" (see body_tables) and "bold_headings", which prints
    paragraphs numbered with a Roman numeral as bold section headings."""
    paragraphs = [clean_text(p) for p in content.get("paragraphs", []) if clean_text(p)]
    if kind == DocumentKind.DECISION:
        articles: list[BodyBlock] = [CentredHeading("QUYẾT ĐỊNH:")]
        articles += [Article(number, text) for number, text in enumerate(paragraphs, start=1)]
        return articles
    tables = body_tables(content)
    headings = bool(content.get("bold_headings"))
    blocks: list[BodyBlock] = []
    for text in paragraphs:
        if text in tables:
            blocks.append(tables[text])
        else:
            blocks.append(Paragraph(text, bold=headings and bool(SECTION_HEADING.match(text))))
    return blocks


def legal_bases(wording: Wording, content: dict[str, Any]) -> list[str]:
    """The wording's legal bases, with the document's own grounds (content
    "legal_bases_added": the council's minutes an award decision rests on) after the last
    "Căn cứ …" and before the "Xét đề nghị …" that closes the list."""
    bases = list(wording.legal_bases)
    added = [clean_text(str(text)) for text in content.get("legal_bases_added", [])]
    added = [text for text in added if text]
    if not added:
        return bases
    at = next(
        (i for i, text in enumerate(bases) if clean_text(text).casefold().startswith("xét")),
        len(bases),
    )
    return bases[:at] + added + bases[at:]


def recipients(wording: Wording, content: dict[str, Any]) -> list[str]:
    """The wording's "Nơi nhận", or the document's own list (content "recipients") followed by
    the wording's filing line ("Lưu: VT, VHXH"), which stays the office's to edit."""
    own = content.get("recipients")
    if own is None:
        return list(wording.recipients)
    filing = [line for line in wording.recipients if clean_text(line).startswith("Lưu")]
    return [clean_text(line) for line in own if clean_text(line)] + filing


def signatures_of(
    kind: DocumentKind, draft: DraftView, signer_capacity: list[str]
) -> list[Signature]:
    """The signer's block, on the right; content "co_signers" ([{"capacity": [...], "name":
    ...}]) print left of it in order (inspection minutes: the unit, the secretary). Minutes
    without co-signers are signed by the secretary and the chair."""
    signer = Signature(signer_capacity, draft.signer_name)
    co_signers = draft.content.get("co_signers")
    if co_signers:
        return [
            *(
                Signature([str(line) for line in item["capacity"]], str(item["name"]))
                for item in co_signers
            ),
            signer,
        ]
    if kind == DocumentKind.MINUTES:
        secretary = clean_text(str(draft.content.get("secretary", "")))
        if not secretary:
            raise ValidationError("Biên bản cần có họ tên thư ký.", field="secretary")
        return [Signature(["THƯ KÝ"], secretary), signer]
    return [signer]


# Kinds addressed to someone ("Kính gửi: …"); a decision and minutes are addressed to no one.
ADDRESSED_KINDS = (DocumentKind.OFFICIAL_LETTER, DocumentKind.SUBMISSION, DocumentKind.REPORT)


def addressees(kind: DocumentKind, content: dict[str, Any]) -> list[str]:
    if kind not in ADDRESSED_KINDS:
        return []
    return [clean_text(a) for a in content.get("addressees", []) if clean_text(a)]


def annexes(content: dict[str, Any], attachment_line: str) -> list[Annex]:
    annex = content.get("annex")
    if not annex or not annex.get("rows"):
        return []
    return [
        Annex(
            title_lines=list(annex.get("title_lines", ["DANH SÁCH"])),
            headers=list(annex["headers"]),
            rows=[list(row) for row in annex["rows"]],
            attachment_line=attachment_line,
            column_widths=list(annex.get("column_widths", [])),
            alignments=list(annex.get("alignments", [])),
            landscape=annex.get("landscape"),
        )
    ]


def attachment_line(
    kind: DocumentKind,
    numbered: str,
    stamp: IssueStamp | None,
    identity: CommuneIdentity,
    wording: Wording,
    year: int,
    issuer: str = "",
) -> str:
    """The annex's reference to its document: "(Kèm theo Quyết định số 05/QĐ-UBND ngày 05
    tháng 8 năm 2025 của Chủ tịch Ủy ban nhân dân xã Kim Thành)"; a draft leaves the number,
    day and month blank. `issuer` names a body acting under the committee ("Đoàn kiểm
    tra")."""
    kind_name = KIND_TITLES[kind].capitalize() or "Công văn"
    if stamp is None:
        numbered = f"…{numbered[numbered.index('/') :]}" if "/" in numbered else numbered
    when = format_date_long(stamp.issued_on) if stamp else f"ngày …… tháng …… năm {year}"
    body = f"Ủy ban nhân dân xã {identity.commune_name}"
    if issuer:
        body = issuer
    elif kind == DocumentKind.SUBMISSION:
        body = identity.office_name
    # A decision in the chairman's own name is the chairman's, not the committee's.
    elif wording.authority.upper().startswith("CHỦ TỊCH"):
        body = f"Chủ tịch {body}"
    return f"(Kèm theo {kind_name} số {numbered.removeprefix('Số:').strip()} {when} của {body})"


def build_document(
    draft: DraftView,
    stamp: IssueStamp | None,
    identity: CommuneIdentity,
    wording: Wording,
    margins: PageMargins | None = None,
) -> OfficialDocument:
    """The document as it prints: `wording` must already have its blanks filled.

    The draft's content is JSON: "paragraphs" (text as typed), "addressees", "annex" (a list
    attached: title_lines, headers, rows, column_widths, alignments, landscape), "secretary"
    (minutes). Documents made by a service may also carry "tables" and "bold_headings" (see
    body_blocks), "closing" (their own last sentence, "" for none), "recipients" (their own
    "Nơi nhận", see recipients), "co_signers" (see signatures_of), "issuing_body" with
    "parent_body" and "issuer_name" (a body under the committee heading the document, such
    as an inspection team) and "dated_on" (ISO date a draft is dated, such as the visit that
    minutes record) and "legal_bases_added" (see legal_bases). Keys this builder doesn't
    know are kept for whoever reads the register.
    """
    kind = draft.kind
    signer_capacity = [
        line
        for line in (draft.signer_capacity.split("\n") if draft.signer_capacity else [])
        if line
    ] or list(wording.signer_capacity)
    signatures = signatures_of(kind, draft, signer_capacity)
    content = draft.content
    paragraphs = body_blocks(kind, content)
    if draft.supersedes_text:
        kind_word = KIND_TITLES[kind].capitalize() or "Công văn"
        replaces = f"{kind_word} này thay thế {draft.supersedes_text}."
        if kind == DocumentKind.DECISION:
            articles = sum(1 for block in paragraphs if isinstance(block, Article))
            paragraphs.append(Article(articles + 1, replaces))
        else:
            paragraphs.append(Paragraph(replaces))
    # A document may close in its own words (content "closing", "" for none).
    closing = clean_text(str(content["closing"])) if "closing" in content else wording.closing
    if closing:
        paragraphs.append(Paragraph(closing))
    numbered = stamp.number_text if stamp else number_text(None, draft.symbol)
    issuer = clean_text(str(content.get("issuer_name", "")))
    attachment = attachment_line(kind, numbered, stamp, identity, wording, draft.year, issuer)
    # A submission (tờ trình) comes from the office to the chairman, under the committee.
    from_office = kind == DocumentKind.SUBMISSION
    parent_body = identity.issuing_body if from_office else ""
    issuing_body = identity.office_name.upper() if from_office else issuing_body_lines(identity)
    # A body acting under the committee (an inspection team) heads its own documents.
    if clean_text(str(content.get("issuing_body", ""))):
        # As given: a "\n" marks where a heading line breaks.
        parent_body = str(content.get("parent_body", ""))
        issuing_body = str(content["issuing_body"])
    dated_on = date.fromisoformat(content["dated_on"]) if content.get("dated_on") else None
    return OfficialDocument(
        parent_body=parent_body,
        issuing_body=issuing_body,
        number_text=numbered,
        place_date_text=place_date(identity, stamp, draft.year, dated_on),
        signatures=signatures,
        kind_title=KIND_TITLES[kind],
        summary=draft.summary,
        authority=wording.authority,
        addressees=addressees(kind, draft.content),
        legal_bases=legal_bases(wording, content),
        body=paragraphs,
        recipients=recipients(wording, content),
        annexes=annexes(draft.content, attachment),
        margins=page_margins(margins or PageMargins()),
    )


def page_margins(margins: PageMargins) -> Margins:
    return Margins(margins.top, margins.bottom, margins.left, margins.right)


def document_for(db: Database, draft: DraftView, stamp: IssueStamp | None) -> OfficialDocument:
    """The engine's document for `draft`, with today's identity, wording and margins."""
    from kt_desktop.services.seed import PLAN_REFERENCE

    with db.session() as session:
        identity = load_identity(session)
        wording = load_wording(session, draft.kind)
        margins = load_margins(session)
    year = stamp.issued_on.year if stamp else draft.year
    values = placeholder_values(identity, year, PLAN_REFERENCE)
    return build_document(draft, stamp, identity, filled(wording, values), margins)


def render_draft(db: Database, draft: DraftView, stamp: IssueStamp | None) -> bytes:
    """The PDF of `draft` (with the number and date of `stamp` when issuing)."""
    from kt_desktop.documents.page import render_document_bytes

    document = document_for(db, draft, stamp)
    try:
        return render_document_bytes(document)
    except ValueError as error:
        raise ValidationError(str(error)) from error


def draft_as_word(db: Database, draft: DraftView) -> bytes:
    """A Word copy of a draft, for the office to retouch before signing."""
    from kt_desktop.documents.word import render_docx_bytes

    document = document_for(db, draft, None)
    try:
        return render_docx_bytes(document)
    except ValueError as error:
        raise ValidationError(str(error)) from error


SAMPLE_SUMMARIES: dict[DocumentKind, str] = {
    DocumentKind.DECISION: "Về việc tặng Giấy khen cho các tập thể, cá nhân (văn bản mẫu)",
    DocumentKind.OFFICIAL_LETTER: "V/v đôn đốc báo cáo kết quả phong trào thi đua (văn bản mẫu)",
    DocumentKind.NOTICE: "Lịch kiểm tra phong trào thi đua (văn bản mẫu)",
    DocumentKind.REPORT: "Kết quả thực hiện phong trào thi đua (văn bản mẫu)",
    DocumentKind.SUBMISSION: "Về việc đề nghị khen thưởng (văn bản mẫu)",
    DocumentKind.MINUTES: "Họp Hội đồng Thi đua – Khen thưởng xã (văn bản mẫu)",
}


def preview_wording(
    db: Database,
    kind: DocumentKind,
    wording: Wording,
    year: int,
    margins: PageMargins | None = None,
) -> bytes:
    """A sample document of `kind` set with `wording` as edited (not yet saved): the live
    preview of the wording editor. Raises ValidationError for a wording that can't print."""
    from kt_desktop.documents.page import render_document_bytes
    from kt_desktop.services.seed import PLAN_REFERENCE
    from kt_desktop.services.wording import clean_wording

    cleaned = clean_wording(wording)
    with db.session() as session:
        identity = load_identity(session)
        margins = margins or load_margins(session)
    signer = next((s.full_name for s in identity.signers if s.full_name), "Họ và tên người ký")
    sample = DraftView(
        id=0,
        kind=kind,
        year=year,
        symbol="MẪU",
        summary=SAMPLE_SUMMARIES[kind],
        signer_name=signer,
        signer_capacity="",
        content={
            "addressees": ["Các cơ quan, đơn vị liên quan"],
            "paragraphs": [
                "Đoạn nội dung mẫu để xem cách trình bày. Nội dung thật được soạn khi tạo "
                "văn bản trong sổ văn bản đi.",
                "Đoạn thứ hai của văn bản mẫu.",
            ],
            "secretary": "Họ và tên thư ký",
        },
        supersedes_id=None,
    )
    values = placeholder_values(identity, year, PLAN_REFERENCE)
    document = build_document(sample, None, identity, filled(cleaned, values), margins)
    try:
        document.margins.validate()
        return render_document_bytes(document)
    except ValueError as error:
        raise ValidationError(str(error)) from error
