"""Reward money: award forms and their rates, the base salary, and the amount an award carries
on a date (DOMAIN.md: base salary × the form's multiple, rounded to the ten thousand đồng).
Every rate is dated, so an old decision keeps its amounts whatever is entered later."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from sqlmodel import Session, col, select

from kt_desktop.domain.awards import AwardForm, AwardProposal, BaseSalary, RewardRate
from kt_desktop.domain.enums import MoneyRounding, RecipientKind
from kt_desktop.domain.labels import RECIPIENT_KIND_LABELS
from kt_desktop.errors import UserError, ValidationError
from kt_desktop.services.database import Database
from kt_desktop.text import clean_text, format_date_short, format_money

ROUNDING_STEP = 10_000  # "làm tròn … hàng chục ngàn đồng"
MAX_BASE_SALARY = 100_000_000
MAX_MULTIPLE = Decimal(100)
EARLIEST_RATE_DATE = date(2000, 1, 1)

COMMUNE_FORM_CODE = "GK-XA"
CITY_FORM_CODE = "BK-TP"


@dataclass(frozen=True)
class FormSpec:
    code: str
    name: str
    short_name: str
    awarded_here: bool
    individual: Decimal
    collective: Decimal


# DOMAIN.md: the commune chairman's Giấy khen carries 0,15 × for an individual and 0,3 × for a
# collective; the city chairman's Bằng khen 1,0 × and 2,0 ×. Both editable, dated.
DEFAULT_FORMS = (
    FormSpec(
        COMMUNE_FORM_CODE,
        "Giấy khen của Chủ tịch Ủy ban nhân dân xã",
        "Giấy khen",
        True,
        Decimal("0.15"),
        Decimal("0.3"),
    ),
    FormSpec(
        CITY_FORM_CODE,
        "Bằng khen của Chủ tịch Ủy ban nhân dân thành phố",
        "Bằng khen",
        False,
        Decimal("1.0"),
        Decimal("2.0"),
    ),
)
DEFAULT_RATES_FROM = date(2024, 1, 1)
DEFAULT_BASE_SALARY = 2_340_000
DEFAULT_BASE_SALARY_FROM = date(2024, 7, 1)
DEFAULT_BASE_SALARY_BASIS = "Nghị định số 73/2024/NĐ-CP"


def ensure_award_defaults(session: Session) -> bool:
    """Add the default forms, rates and base salary when none exist; True if anything was."""
    if session.exec(select(AwardForm)).first() is not None:
        return False
    for order, spec in enumerate(DEFAULT_FORMS):
        form = AwardForm(
            code=spec.code,
            name=spec.name,
            short_name=spec.short_name,
            awarded_here=spec.awarded_here,
            sort_order=order,
        )
        session.add(form)
        session.flush()
        assert form.id is not None
        for kind, multiple in (
            (RecipientKind.INDIVIDUAL, spec.individual),
            (RecipientKind.COLLECTIVE, spec.collective),
        ):
            session.add(
                RewardRate(
                    form_id=form.id,
                    recipient_kind=kind,
                    multiple=multiple,
                    valid_from=DEFAULT_RATES_FROM,
                )
            )
    if session.exec(select(BaseSalary)).first() is None:
        session.add(
            BaseSalary(
                valid_from=DEFAULT_BASE_SALARY_FROM,
                amount=DEFAULT_BASE_SALARY,
                rounding=MoneyRounding.NEAREST,
                legal_basis=DEFAULT_BASE_SALARY_BASIS,
            )
        )
    return True


def round_amount(raw: Decimal, rounding: MoneyRounding) -> int:
    """`raw` đồng rounded to the ten thousand: 223.500 -> 220.000 and 447.000 -> 450.000 to
    the nearest (the decree's published examples), or always up / always down."""
    steps = raw / ROUNDING_STEP
    mode = {
        MoneyRounding.NEAREST: ROUND_HALF_UP,
        MoneyRounding.UP: ROUND_CEILING,
        MoneyRounding.DOWN: ROUND_FLOOR,
    }[rounding]
    return int(steps.quantize(Decimal(1), rounding=mode)) * ROUNDING_STEP


def base_salary_on(session: Session, day: date) -> BaseSalary:
    row = session.exec(
        select(BaseSalary)
        .where(col(BaseSalary.valid_from) <= day)
        .order_by(col(BaseSalary.valid_from).desc())
    ).first()
    if row is None:
        raise UserError(
            f"Chưa có mức lương cơ sở áp dụng cho ngày {format_date_short(day)}.",
            "Hãy nhập mức lương cơ sở ở Cài đặt › Khen thưởng.",
        )
    return row


def multiple_on(session: Session, form: AwardForm, kind: RecipientKind, day: date) -> Decimal:
    row = session.exec(
        select(RewardRate)
        .where(RewardRate.form_id == form.id)
        .where(RewardRate.recipient_kind == kind)
        .where(col(RewardRate.valid_from) <= day)
        .order_by(col(RewardRate.valid_from).desc())
    ).first()
    if row is None:
        raise UserError(
            f"Chưa có hệ số tiền thưởng của “{form.name}” cho "
            f"{RECIPIENT_KIND_LABELS[kind].lower()} áp dụng ngày {format_date_short(day)}.",
            "Hãy nhập hệ số ở Cài đặt › Khen thưởng.",
        )
    return Decimal(row.multiple)


def amount_on(session: Session, form: AwardForm, kind: RecipientKind, day: date) -> int:
    """The reward an award of `form` to a `kind` carries when decided on `day`."""
    salary = base_salary_on(session, day)
    return round_amount(
        Decimal(salary.amount) * multiple_on(session, form, kind, day), salary.rounding
    )


def proposal_amount(session: Session, proposal: AwardProposal, day: date) -> int:
    form = session.get(AwardForm, proposal.form_id)
    assert form is not None
    return amount_on(session, form, proposal.recipient_kind, day)


# --- editing forms, rates and the base salary (Cài đặt › Khen thưởng) ----------------------


@dataclass(frozen=True)
class FormRow:
    id: int
    code: str
    name: str
    short_name: str
    awarded_here: bool
    active: bool


@dataclass(frozen=True)
class RateRow:
    id: int
    form_id: int
    form_name: str
    recipient_kind: RecipientKind
    multiple: Decimal
    valid_from: date


@dataclass(frozen=True)
class BaseSalaryRow:
    id: int
    valid_from: date
    amount: int
    rounding: MoneyRounding
    legal_basis: str

    @property
    def amount_text(self) -> str:
        return format_money(self.amount)


def list_forms(db: Database, active_only: bool = False) -> list[FormRow]:
    with db.session() as session:
        query = select(AwardForm).order_by(col(AwardForm.sort_order), col(AwardForm.id))
        if active_only:
            query = query.where(col(AwardForm.active))
        return [
            FormRow(f.id or 0, f.code, f.name, f.short_name, f.awarded_here, f.active)
            for f in session.exec(query)
        ]


def save_form(
    db: Database,
    form_id: int | None,
    code: str,
    name: str,
    short_name: str,
    awarded_here: bool,
    active: bool = True,
) -> int:
    code, name, short_name = clean_text(code).upper(), clean_text(name), clean_text(short_name)
    if not code or len(code) > 30:
        raise ValidationError("Mã hình thức khen thưởng phải có từ 1 đến 30 ký tự.", field="code")
    if not name or len(name) > 300:
        raise ValidationError(
            "Hãy nhập tên hình thức khen thưởng (tối đa 300 ký tự).", field="name"
        )
    if not short_name or len(short_name) > 100:
        raise ValidationError(
            "Hãy nhập tên in trên Giấy khen, quyết định (ví dụ “Giấy khen”).", field="short_name"
        )
    with db.session() as session:
        clash = session.exec(select(AwardForm).where(AwardForm.code == code)).first()
        if clash is not None and clash.id != form_id:
            raise ValidationError(f"Mã “{code}” đã dùng cho “{clash.name}”.", field="code")
        form = AwardForm(code=code, name=name, short_name=short_name, sort_order=99)
        if form_id is not None:
            existing = session.get(AwardForm, form_id)
            if existing is None:
                raise UserError("Hình thức khen thưởng này không còn trong cơ sở dữ liệu.")
            form = existing
        if form_id is not None and (
            (form.code, form.name, form.short_name, form.awarded_here)
            != (code, name, short_name, awarded_here)
        ):
            _refuse_if_used(session, form)
        form.code, form.name, form.short_name = code, name, short_name
        form.awarded_here, form.active = awarded_here, active
        session.add(form)
        session.flush()
        assert form.id is not None
        return form.id


def _refuse_if_used(session: Session, form: AwardForm) -> None:
    """A form already in an issued decision or a sent dossier keeps its words and its place:
    the register, the history and reprinted certificates read them, and a form moved between
    "awarded here" and "proposed to the city" would unlock what was decided."""
    from kt_desktop.domain.awards import AwardRound

    used = session.exec(
        select(AwardProposal.id)
        .join(AwardRound, col(AwardRound.id) == col(AwardProposal.round_id))
        .where(AwardProposal.form_id == form.id)
        .where(
            col(AwardProposal.register_number).is_not(None)
            | col(AwardRound.dossier_sent_on).is_not(None)
        )
    ).first()
    if used is not None:
        raise ValidationError(
            f"“{form.name}” đã dùng trong quyết định khen thưởng hoặc hồ sơ đã gửi: không sửa "
            "được mã, tên hay nơi quyết định của hình thức này.",
            field="name",
            hint="Có thể ngừng dùng hình thức này và thêm một hình thức mới.",
        )


def list_rates(db: Database) -> list[RateRow]:
    with db.session() as session:
        forms = {f.id: f for f in session.exec(select(AwardForm))}
        rows = session.exec(
            select(RewardRate).order_by(
                col(RewardRate.form_id), col(RewardRate.recipient_kind), col(RewardRate.valid_from)
            )
        )
        return [
            RateRow(
                r.id or 0,
                r.form_id,
                forms[r.form_id].name,
                r.recipient_kind,
                Decimal(r.multiple),
                r.valid_from,
            )
            for r in rows
        ]


def _check_rate_date(valid_from: date) -> None:
    if valid_from < EARLIEST_RATE_DATE or valid_from.year > date.today().year + 5:
        raise ValidationError(
            f"Ngày áp dụng {format_date_short(valid_from)} không hợp lệ.", field="valid_from"
        )


def add_rate(
    db: Database, form_id: int, kind: RecipientKind, multiple: Decimal, valid_from: date
) -> None:
    """A new multiple from a date on; the old one keeps applying before that date."""
    if not Decimal(0) < multiple <= MAX_MULTIPLE:
        raise ValidationError(
            "Hệ số tiền thưởng phải lớn hơn 0 và không quá 100 lần mức lương cơ sở.",
            field="multiple",
        )
    _check_rate_date(valid_from)
    with db.session() as session:
        if session.get(AwardForm, form_id) is None:
            raise UserError("Hình thức khen thưởng này không còn trong cơ sở dữ liệu.")
        clash = session.exec(
            select(RewardRate)
            .where(RewardRate.form_id == form_id)
            .where(RewardRate.recipient_kind == kind)
            .where(RewardRate.valid_from == valid_from)
        ).first()
        if clash is not None:
            raise ValidationError(
                f"Đã có hệ số áp dụng từ ngày {format_date_short(valid_from)} cho "
                f"{RECIPIENT_KIND_LABELS[kind].lower()}; hãy chọn ngày khác.",
                field="valid_from",
            )
        session.add(
            RewardRate(
                form_id=form_id, recipient_kind=kind, multiple=multiple, valid_from=valid_from
            )
        )


def list_base_salaries(db: Database) -> list[BaseSalaryRow]:
    with db.session() as session:
        return [
            BaseSalaryRow(s.id or 0, s.valid_from, s.amount, s.rounding, s.legal_basis)
            for s in session.exec(select(BaseSalary).order_by(col(BaseSalary.valid_from)))
        ]


def add_base_salary(
    db: Database, amount: int, valid_from: date, rounding: MoneyRounding, legal_basis: str = ""
) -> None:
    """A new base salary (and rounding) from a date on; earlier decisions keep theirs."""
    if amount <= 0:
        raise ValidationError("Mức lương cơ sở phải lớn hơn 0 đồng.", field="amount")
    if amount > MAX_BASE_SALARY:
        raise ValidationError(
            f"Mức lương cơ sở {format_money(amount)} lớn bất thường; hãy kiểm tra lại.",
            field="amount",
        )
    _check_rate_date(valid_from)
    with db.session() as session:
        clash = session.exec(select(BaseSalary).where(BaseSalary.valid_from == valid_from)).first()
        if clash is not None:
            raise ValidationError(
                f"Đã có mức lương cơ sở áp dụng từ ngày {format_date_short(valid_from)}.",
                field="valid_from",
            )
        session.add(
            BaseSalary(
                valid_from=valid_from,
                amount=amount,
                rounding=MoneyRounding(rounding),
                legal_basis=clean_text(legal_basis),
            )
        )


def delete_future_rate(db: Database, rate_id: int, today: date | None = None) -> None:
    """Only a rate not yet in force can be removed: one in force may back a decision."""
    today = today or date.today()
    with db.session() as session:
        rate = session.get(RewardRate, rate_id)
        if rate is None:
            return
        if rate.valid_from <= today:
            raise UserError(
                "Không xóa được hệ số đã có hiệu lực: các quyết định đã ban hành dựa trên nó.",
                "Muốn đổi hệ số, hãy thêm hệ số mới với ngày áp dụng mới.",
            )
        session.delete(rate)


def delete_future_base_salary(db: Database, salary_id: int, today: date | None = None) -> None:
    today = today or date.today()
    with db.session() as session:
        salary = session.get(BaseSalary, salary_id)
        if salary is None:
            return
        if salary.valid_from <= today:
            raise UserError(
                "Không xóa được mức lương cơ sở đã có hiệu lực: các quyết định đã ban hành "
                "dựa trên nó.",
                "Muốn đổi, hãy thêm mức mới với ngày áp dụng mới.",
            )
        session.delete(salary)
