"""Settings for awards: the council's quorum and pass threshold, which eligibility rules apply
and their parameters, and what the suggestions from the ranking take. Stored in the database
like the other settings; DOMAIN.md gives the defaults."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from kt_desktop.domain import AppSetting
from kt_desktop.errors import ValidationError
from kt_desktop.services.database import Database

AWARD_SETTINGS_KEY = "award_settings"


@dataclass(frozen=True)
class EligibilityRule:
    """One eligibility rule as data: its code (see RULE_TITLES) and whether it applies."""

    code: str
    enabled: bool = True


# The rules the app knows, in the order they are checked and shown. Their wording is what
# the office reads beside a proposal that fails one.
RULE_TITLES: dict[str, str] = {
    "restriction": "Không đang bị kỷ luật, điều tra, xem xét hoặc có đơn thư đang giải quyết",
    "already_awarded": "Chưa được tặng cùng hình thức khen thưởng cho cùng kỳ",
    "city_route": (
        "Cá nhân đề nghị Bằng khen: đủ số năm liên tục đạt “Chiến sĩ thi đua cơ sở”, hoặc đủ số "
        "năm liên tục “Hoàn thành xuất sắc nhiệm vụ” và đủ số sáng kiến được công nhận"
    ),
    "open_actions": "Tập thể không còn việc khắc phục sau kiểm tra chưa hoàn thành",
    "inactive": "Tập thể, cá nhân còn đang tham gia phong trào",
}


def default_rules() -> tuple[EligibilityRule, ...]:
    return tuple(EligibilityRule(code) for code in RULE_TITLES)


@dataclass(frozen=True)
class AwardSettings:
    # Quorum: at least quorum_numerator / quorum_denominator of the council's members present.
    quorum_numerator: int = 2
    quorum_denominator: int = 3
    # Pass: votes for strictly more than pass_numerator / pass_denominator of all members
    # (or of the members present, when pass_of_present).
    pass_numerator: int = 1
    pass_denominator: int = 2
    pass_of_present: bool = False
    rules: tuple[EligibilityRule, ...] = field(default_factory=default_rules)
    # The city Bằng khen route for an individual.
    route_years: int = 2
    route_initiatives: int = 2
    # Suggestions: the first N units of each kind in the ranking, and units in the top band.
    suggest_top_per_kind: int = 1
    suggest_top_band: bool = True

    def rule_enabled(self, code: str) -> bool:
        return any(rule.code == code and rule.enabled for rule in self.rules)

    def to_json(self) -> str:
        data = asdict(self)
        data["rules"] = [asdict(rule) for rule in self.rules]
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str) -> AwardSettings:
        defaults = cls()
        try:
            data: dict[str, Any] = json.loads(raw)
        except ValueError:
            return defaults
        values: dict[str, Any] = {}
        for name in (
            "quorum_numerator",
            "quorum_denominator",
            "pass_numerator",
            "pass_denominator",
            "route_years",
            "route_initiatives",
            "suggest_top_per_kind",
        ):
            try:
                values[name] = int(data.get(name, getattr(defaults, name)))
            except (TypeError, ValueError):
                values[name] = getattr(defaults, name)
        for name in ("pass_of_present", "suggest_top_band"):
            values[name] = bool(data.get(name, getattr(defaults, name)))
        # Rules added in later versions are enabled; unknown codes are dropped.
        stored = {
            str(item.get("code")): bool(item.get("enabled", True))
            for item in data.get("rules", [])
            if isinstance(item, dict)
        }
        values["rules"] = tuple(
            EligibilityRule(code, stored.get(code, True)) for code in RULE_TITLES
        )
        return replace(defaults, **values)


def validate_award_settings(settings: AwardSettings) -> None:
    if not 1 <= settings.quorum_numerator <= settings.quorum_denominator <= 100:
        raise ValidationError(
            "Tỷ lệ thành viên dự họp tối thiểu phải là một phân số từ 1/… đến 1 (ví dụ 2/3).",
            field="quorum",
        )
    if not 1 <= settings.pass_numerator < settings.pass_denominator <= 100:
        raise ValidationError(
            "Ngưỡng thông qua phải là một phân số nhỏ hơn 1 (ví dụ “quá 1/2”).",
            field="pass",
        )
    if not 1 <= settings.route_years <= 10:
        raise ValidationError(
            "Số năm liên tục cho Bằng khen phải từ 1 đến 10.", field="route_years"
        )
    if not 0 <= settings.route_initiatives <= 10:
        raise ValidationError(
            "Số sáng kiến cho Bằng khen phải từ 0 đến 10.", field="route_initiatives"
        )
    if not 0 <= settings.suggest_top_per_kind <= 50:
        raise ValidationError(
            "Số đơn vị dẫn đầu mỗi khối được gợi ý phải từ 0 đến 50.",
            field="suggest_top_per_kind",
        )


def get_award_settings(db: Database) -> AwardSettings:
    with db.session() as session:
        row = session.get(AppSetting, AWARD_SETTINGS_KEY)
        return AwardSettings() if row is None else AwardSettings.from_json(row.value)


def save_award_settings(db: Database, settings: AwardSettings) -> None:
    validate_award_settings(settings)
    with db.session() as session:
        row = session.get(AppSetting, AWARD_SETTINGS_KEY)
        if row is None:
            row = AppSetting(key=AWARD_SETTINGS_KEY, value=settings.to_json())
        else:
            row.value = settings.to_json()
        session.add(row)
