"""The fixed wording of each document kind (legal bases, closing, recipients, capacity):
seeded from resources/wording, edited by the office, with named blanks filled at print time."""

from __future__ import annotations

import json
import string
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

from sqlmodel import Session

from kt_desktop.domain import AppSetting
from kt_desktop.domain.enums import DocumentKind
from kt_desktop.errors import ValidationError
from kt_desktop.paths import resources_dir
from kt_desktop.services.database import Database
from kt_desktop.services.settings import CommuneIdentity
from kt_desktop.text import clean_text

WORDING_FILE = "wording/mau-van-ban.json"
WORDING_KEY = "document_wording"

# The blanks a wording may use, with what each means; shown in the editor.
PLACEHOLDERS: dict[str, str] = {
    "ten_xa": "tên xã (Kim Thành)",
    "TEN_XA": "tên xã viết hoa (KIM THÀNH)",
    "thanh_pho": "tên thành phố (Hải Phòng)",
    "co_quan": "cơ quan ban hành (ỦY BAN NHÂN DÂN XÃ KIM THÀNH)",
    "co_quan_thuong_truc": "cơ quan thường trực (Phòng Văn hóa – Xã hội)",
    "viet_tat_thuong_truc": "chữ viết tắt của cơ quan thường trực (VHXH)",
    "nam": "năm của văn bản (2025)",
    "ke_hoach": "tên Kế hoạch phát động phong trào",
}


@dataclass(frozen=True)
class Wording:
    authority: str = ""
    legal_bases: tuple[str, ...] = ()
    closing: str = ""
    recipients: tuple[str, ...] = ()
    signer_capacity: tuple[str, ...] = field(default=("CHỦ TỊCH",))

    def texts(self) -> list[str]:
        return [
            self.authority,
            *self.legal_bases,
            self.closing,
            *self.recipients,
            *self.signer_capacity,
        ]


def _from_dict(data: dict[str, Any]) -> Wording:
    return Wording(
        authority=str(data.get("authority", "")),
        legal_bases=tuple(str(x) for x in data.get("legal_bases", [])),
        closing=str(data.get("closing", "")),
        recipients=tuple(str(x) for x in data.get("recipients", [])),
        signer_capacity=tuple(str(x) for x in data.get("signer_capacity", [])),
    )


@cache
def default_wordings() -> dict[DocumentKind, Wording]:
    raw = json.loads((resources_dir() / WORDING_FILE).read_text(encoding="utf-8"))
    return {kind: _from_dict(raw[kind.value]) for kind in DocumentKind}


def placeholder_names(text: str) -> list[str]:
    """The blanks used in `text`; raises ValidationError for a malformed brace."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as error:
        raise ValidationError(
            f"Dấu ngoặc nhọn không khớp trong “{text}”: mỗi chỗ điền phải có dạng {{ten_xa}}.",
            field="wording",
        ) from error
    names = []
    for _, name, format_spec, conversion in parts:
        if name is None:
            continue
        # "{ten_xa:d}" or "{ten_xa!r}" would crash or print quotes: only bare names allowed.
        if format_spec or conversion or not name.isidentifier():
            raise ValidationError(
                f"Chỗ điền “{{{name}{'!' + conversion if conversion else ''}"
                f"{':' + format_spec if format_spec else ''}}}” không đúng dạng trong “{text}”: "
                "mỗi chỗ điền chỉ gồm tên, ví dụ {ten_xa}.",
                field="wording",
            )
        names.append(name)
    return names


def check_wording(wording: Wording) -> None:
    """Refuse a wording that names a blank that doesn't exist, before it is ever printed."""
    known = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    for text in wording.texts():
        for name in placeholder_names(text):
            if name not in PLACEHOLDERS:
                raise ValidationError(
                    f"Chỗ điền {{{name}}} không có trong danh sách (trong “{text}”).",
                    field="wording",
                    hint=f"Các chỗ điền dùng được: {known}.",
                )
    if not any(line.strip() for line in wording.signer_capacity):
        raise ValidationError("Mẫu văn bản phải có chức vụ của người ký.", field="wording")


def clean_wording(wording: Wording) -> Wording:
    def lines(items: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(clean_text(item) for item in items if clean_text(item))

    cleaned = Wording(
        authority=clean_text(wording.authority),
        legal_bases=lines(wording.legal_bases),
        closing=clean_text(wording.closing),
        recipients=lines(wording.recipients),
        signer_capacity=tuple(line.upper() for line in lines(wording.signer_capacity)),
    )
    check_wording(cleaned)
    return cleaned


def placeholder_values(identity: CommuneIdentity, year: int, plan_reference: str) -> dict[str, str]:
    return {
        "ten_xa": identity.commune_name,
        "TEN_XA": identity.commune_name.upper(),
        "thanh_pho": identity.city_name,
        "co_quan": identity.issuing_body,
        "co_quan_thuong_truc": identity.office_name,
        "viet_tat_thuong_truc": identity.office_code,
        "nam": str(year),
        "ke_hoach": plan_reference,
    }


def fill(text: str, values: dict[str, str]) -> str:
    """`text` with its blanks filled; the wording was checked when saved."""
    return text.format_map(values)


def filled(wording: Wording, values: dict[str, str]) -> Wording:
    return Wording(
        authority=fill(wording.authority, values),
        legal_bases=tuple(fill(x, values) for x in wording.legal_bases),
        closing=fill(wording.closing, values),
        recipients=tuple(fill(x, values) for x in wording.recipients),
        signer_capacity=tuple(fill(x, values) for x in wording.signer_capacity),
    )


def _stored(session: Session) -> dict[str, Any]:
    row = session.get(AppSetting, WORDING_KEY)
    loaded: dict[str, Any] = json.loads(row.value) if row is not None else {}
    return loaded


def load_wording(session: Session, kind: DocumentKind) -> Wording:
    stored = _stored(session)
    if kind.value in stored:
        return _from_dict(stored[kind.value])
    return default_wordings()[kind]


def get_wording(db: Database, kind: DocumentKind) -> Wording:
    with db.session() as session:
        return load_wording(session, kind)


def save_wording(db: Database, kind: DocumentKind, wording: Wording) -> Wording:
    cleaned = clean_wording(wording)
    with db.session() as session:
        stored = _stored(session)
        stored[kind.value] = asdict(cleaned)
        value = json.dumps(stored, ensure_ascii=False)
        row = session.get(AppSetting, WORDING_KEY)
        if row is None:
            row = AppSetting(key=WORDING_KEY, value=value)
        else:
            row.value = value
        session.add(row)
    return cleaned


def reset_wording(db: Database, kind: DocumentKind) -> Wording:
    """Back to the wording shipped with the app, for this kind only."""
    with db.session() as session:
        stored = _stored(session)
        if stored.pop(kind.value, None) is not None:
            row = session.get(AppSetting, WORDING_KEY)
            assert row is not None
            row.value = json.dumps(stored, ensure_ascii=False)
            session.add(row)
    return default_wordings()[kind]


MARGINS_KEY = "document_margins"


@dataclass(frozen=True)
class PageMargins:
    """The page margins of every document, in millimetres (Decree 30's ranges apply)."""

    top: float = 20.0
    bottom: float = 20.0
    left: float = 30.0
    right: float = 15.0


def load_margins(session: Session) -> PageMargins:
    row = session.get(AppSetting, MARGINS_KEY)
    if row is None:
        return PageMargins()
    data = json.loads(row.value)
    return PageMargins(**{k: float(v) for k, v in data.items() if k in PageMargins.__annotations__})


def get_margins(db: Database) -> PageMargins:
    with db.session() as session:
        return load_margins(session)


def save_margins(db: Database, margins: PageMargins) -> PageMargins:
    """Store the margins after checking them against Decree 30's ranges."""
    from kt_desktop.documents.model import Margins

    try:
        Margins(margins.top, margins.bottom, margins.left, margins.right).validate()
    except ValueError as error:
        raise ValidationError(str(error), field="margins") from error
    with db.session() as session:
        value = json.dumps(asdict(margins))
        row = session.get(AppSetting, MARGINS_KEY)
        if row is None:
            row = AppSetting(key=MARGINS_KEY, value=value)
        else:
            row.value = value
        session.add(row)
    return margins
