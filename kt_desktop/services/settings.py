"""The commune's identity (names, place, signers): a setting the office edits in the app."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from sqlmodel import Session

from kt_desktop.domain import AppSetting
from kt_desktop.errors import ValidationError
from kt_desktop.services.database import Database
from kt_desktop.text import capitalize_name, clean_text

COMMUNE_IDENTITY_KEY = "commune_identity"


@dataclass(frozen=True)
class Signer:
    title: str
    full_name: str


@dataclass(frozen=True)
class CommuneIdentity:
    commune_name: str = "Kim Thành"
    city_name: str = "Hải Phòng"
    issuing_body: str = "ỦY BAN NHÂN DÂN XÃ KIM THÀNH"
    body_code: str = "UBND"
    place_name: str = "Kim Thành"
    office_name: str = "Phòng Văn hóa – Xã hội"
    office_code: str = "VHXH"
    signers: tuple[Signer, ...] = field(
        default=(
            Signer("Chủ tịch Ủy ban nhân dân xã", "Nguyễn Văn Nghiệp"),
            Signer("Phó Chủ tịch Ủy ban nhân dân xã", ""),
            Signer("Trưởng phòng Văn hóa – Xã hội", ""),
        )
    )

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str) -> CommuneIdentity:
        data = json.loads(raw)
        defaults = cls()
        signers = tuple(
            Signer(str(item.get("title", "")), str(item.get("full_name", "")))
            for item in data.get("signers", [])
        )
        # Keys added in later versions fall back to their defaults.
        return cls(
            **{
                name: str(data.get(name, getattr(defaults, name)))
                for name in (
                    "commune_name",
                    "city_name",
                    "issuing_body",
                    "body_code",
                    "place_name",
                    "office_name",
                    "office_code",
                )
            },
            signers=signers,
        )


REQUIRED_FIELDS = {
    "commune_name": "Tên xã",
    "city_name": "Tên thành phố",
    "issuing_body": "Tên cơ quan ban hành",
    "body_code": "Chữ viết tắt của cơ quan",
    "place_name": "Địa danh ghi ngày tháng",
    "office_name": "Tên cơ quan thường trực",
    "office_code": "Chữ viết tắt của cơ quan thường trực",
}


def normalise_identity(identity: CommuneIdentity) -> CommuneIdentity:
    """NFC and trimmed text; raises ValidationError naming the first empty required field."""
    values = {name: clean_text(getattr(identity, name)) for name in REQUIRED_FIELDS}
    for name, label in REQUIRED_FIELDS.items():
        if not values[name]:
            raise ValidationError(f"{label} không được để trống.", field=name)
    values["issuing_body"] = values["issuing_body"].upper()
    signers = tuple(
        Signer(clean_text(s.title), capitalize_name(s.full_name) if clean_text(s.full_name) else "")
        for s in identity.signers
        if clean_text(s.title) or clean_text(s.full_name)
    )
    if not signers:
        raise ValidationError(
            "Cần ít nhất một người ký văn bản (thường là Chủ tịch Ủy ban nhân dân xã).",
            field="signers",
        )
    for number, signer in enumerate(signers, start=1):
        if not signer.title:
            raise ValidationError(f"Người ký thứ {number} chưa có chức vụ.", field="signers")
    return CommuneIdentity(**values, signers=signers)


def load_identity(session: Session) -> CommuneIdentity:
    row = session.get(AppSetting, COMMUNE_IDENTITY_KEY)
    return CommuneIdentity() if row is None else CommuneIdentity.from_json(row.value)


def get_commune_identity(db: Database) -> CommuneIdentity:
    with db.session() as session:
        return load_identity(session)


def save_commune_identity(db: Database, identity: CommuneIdentity) -> CommuneIdentity:
    cleaned = normalise_identity(identity)
    with db.session() as session:
        row = session.get(AppSetting, COMMUNE_IDENTITY_KEY)
        if row is None:
            row = AppSetting(key=COMMUNE_IDENTITY_KEY, value=cleaned.to_json())
        else:
            row.value = cleaned.to_json()
        session.add(row)
    return cleaned


def ensure_default_identity(session: Session) -> None:
    if session.get(AppSetting, COMMUNE_IDENTITY_KEY) is None:
        session.add(AppSetting(key=COMMUNE_IDENTITY_KEY, value=CommuneIdentity().to_json()))
