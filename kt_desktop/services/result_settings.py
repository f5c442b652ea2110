"""Settings for results: how missed targets are scored, the score bands, the largest
evidence file the office accepts, and how far a verified figure may differ from the reported
one before it is listed as a discrepancy. Stored in the database like the commune's identity."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from decimal import Decimal

from kt_desktop.domain import AppSetting
from kt_desktop.domain.enums import ScoringMode
from kt_desktop.errors import ValidationError
from kt_desktop.services.database import Database

RESULT_SETTINGS_KEY = "result_settings"
MAX_EVIDENCE_LIMIT_MB = 2000
DECIMAL_FIELDS = (
    "excellent_from",
    "good_from",
    "complete_from",
    "discrepancy_rate_points",
    "discrepancy_count_percent",
)


@dataclass(frozen=True)
class ResultSettings:
    scoring_mode: ScoringMode = ScoringMode.PROPORTIONAL
    # Lower bounds of the bands (DOMAIN.md: ≥ 90, 70 to < 90, 50 to < 70, < 50).
    excellent_from: Decimal = Decimal(90)
    good_from: Decimal = Decimal(70)
    complete_from: Decimal = Decimal(50)
    evidence_limit_mb: int = 50
    # An inspection's verified figure counts as a discrepancy when it differs from the
    # reported one by more than this: percentage points for rates, percent of the reported
    # value for counts (issue #8's defaults).
    discrepancy_rate_points: Decimal = Decimal(5)
    discrepancy_count_percent: Decimal = Decimal(5)

    @property
    def evidence_limit_bytes(self) -> int:
        return self.evidence_limit_mb * 1024 * 1024

    def to_json(self) -> str:
        data = asdict(self)
        data["scoring_mode"] = self.scoring_mode.value
        for name in DECIMAL_FIELDS:
            data[name] = str(data[name])
        return json.dumps(data)

    @classmethod
    def from_json(cls, raw: str) -> ResultSettings:
        data = json.loads(raw)
        defaults = cls()
        # Keys added in later versions, or damaged values, fall back to their defaults.
        try:
            mode = ScoringMode(data.get("scoring_mode", defaults.scoring_mode))
        except ValueError:
            mode = defaults.scoring_mode

        def decimal(name: str) -> Decimal:
            try:
                return Decimal(str(data[name]))
            except (KeyError, ArithmeticError, ValueError):
                return Decimal(getattr(defaults, name))

        try:
            limit = int(data.get("evidence_limit_mb", defaults.evidence_limit_mb))
        except (TypeError, ValueError):
            limit = defaults.evidence_limit_mb
        return cls(
            scoring_mode=mode,
            excellent_from=decimal("excellent_from"),
            good_from=decimal("good_from"),
            complete_from=decimal("complete_from"),
            evidence_limit_mb=limit,
            discrepancy_rate_points=decimal("discrepancy_rate_points"),
            discrepancy_count_percent=decimal("discrepancy_count_percent"),
        )


def validate_result_settings(settings: ResultSettings) -> None:
    bounds = (settings.complete_from, settings.good_from, settings.excellent_from)
    if any(bound < 0 or bound > 100 for bound in bounds):
        raise ValidationError("Ngưỡng xếp loại phải nằm trong khoảng từ 0 đến 100 điểm.")
    if not settings.complete_from < settings.good_from < settings.excellent_from:
        raise ValidationError(
            "Ngưỡng xếp loại phải tăng dần: “Hoàn thành nhiệm vụ” < “Hoàn thành tốt nhiệm vụ” "
            "< “Hoàn thành xuất sắc nhiệm vụ”.",
            field="bands",
        )
    if not 1 <= settings.evidence_limit_mb <= MAX_EVIDENCE_LIMIT_MB:
        raise ValidationError(
            f"Dung lượng tối đa của một tệp minh chứng phải từ 1 đến {MAX_EVIDENCE_LIMIT_MB} MB.",
            field="evidence_limit_mb",
        )
    if not 0 <= settings.discrepancy_rate_points <= 100:
        raise ValidationError(
            "Ngưỡng chênh lệch của tỷ lệ phải từ 0 đến 100 điểm phần trăm.",
            field="discrepancy_rate_points",
        )
    if not 0 <= settings.discrepancy_count_percent <= 100:
        raise ValidationError(
            "Ngưỡng chênh lệch của số lượng phải từ 0% đến 100% so với số báo cáo.",
            field="discrepancy_count_percent",
        )


def get_result_settings(db: Database) -> ResultSettings:
    with db.session() as session:
        row = session.get(AppSetting, RESULT_SETTINGS_KEY)
        return ResultSettings() if row is None else ResultSettings.from_json(row.value)


def save_result_settings(db: Database, settings: ResultSettings) -> None:
    validate_result_settings(settings)
    with db.session() as session:
        row = session.get(AppSetting, RESULT_SETTINGS_KEY)
        if row is None:
            row = AppSetting(key=RESULT_SETTINGS_KEY, value=settings.to_json())
        else:
            row.value = settings.to_json()
        session.add(row)
