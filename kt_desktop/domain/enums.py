"""The closed vocabularies of the record: kinds of unit, person, period and criterion."""

from __future__ import annotations

from enum import StrEnum


class UnitKind(StrEnum):
    DEPARTMENT = "department"  # phòng, ban, ngành
    MASS_ORGANISATION = "mass_organisation"  # đoàn thể
    VILLAGE = "village"  # thôn, thị tứ
    SCHOOL = "school"
    HEALTH_FACILITY = "health_facility"
    BUSINESS = "business"
    COOPERATIVE = "cooperative"
    OTHER = "other"


class PersonKind(StrEnum):
    OFFICIAL = "official"  # cán bộ, công chức, viên chức
    CITIZEN = "citizen"  # người dân
    BUSINESS_PERSON = "business_person"  # doanh nhân
    OTHER = "other"


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"


class PeriodKind(StrEnum):
    ANNUAL = "annual"
    MID_TERM_REVIEW = "mid_term_review"  # sơ kết
    FINAL_REVIEW = "final_review"  # tổng kết


class CriterionSubject(StrEnum):
    """Whom a criterion judges: the plan's sections III.1.1, III.1.2 and III.1.3."""

    UNIT = "unit"
    INDIVIDUAL = "individual"
    OTHER_CONTRIBUTOR = "other_contributor"


class CriterionKind(StrEnum):
    RATE = "rate"  # numerator / denominator, as a percentage
    COUNT = "count"
    YES_NO = "yes_no"
    QUALITATIVE = "qualitative"


class Comparator(StrEnum):
    AT_LEAST = "ge"
    MORE_THAN = "gt"
    AT_MOST = "le"
    EQUAL = "eq"


class PrioritySector(StrEnum):
    """The seven priority sectors of the plan's section II.7."""

    AGRICULTURE_ENVIRONMENT = "agriculture_environment"
    INDUSTRY = "industry"
    CULTURE_SPORT_TOURISM = "culture_sport_tourism"
    ECONOMY = "economy"
    HEALTH = "health"
    EDUCATION = "education"
    DEFENCE_SECURITY = "defence_security"


class DocumentKind(StrEnum):
    """Kinds of outgoing administrative document (Decree 30/2020, Appendix III)."""

    DECISION = "decision"  # quyết định, QĐ
    OFFICIAL_LETTER = "official_letter"  # công văn, no kind code
    NOTICE = "notice"  # thông báo, TB
    REPORT = "report"  # báo cáo, BC
    SUBMISSION = "submission"  # tờ trình, TTr
    MINUTES = "minutes"  # biên bản, BB


class DocumentState(StrEnum):
    DRAFT = "draft"  # no number yet; editable
    ISSUED = "issued"  # numbered, dated, locked for ever


class RegistrationStatus(StrEnum):
    """Where a unit's emulation registration (đăng ký thi đua) stands for a period."""

    NOT_SENT = "not_sent"  # Chưa gửi
    PENDING = "pending"  # Chờ duyệt
    APPROVED = "approved"  # Đã duyệt
    REJECTED = "rejected"  # Từ chối


class ReviewStatus(StrEnum):
    """Where the office's review of one reported result stands."""

    RECEIVED = "received"  # Đã nhận
    IN_REVIEW = "in_review"  # Đang xem xét
    ACCEPTED = "accepted"  # Đã chấp nhận
    RETURNED = "returned"  # Trả lại (with a reason)


class ResultSource(StrEnum):
    """Where a result's figures came from."""

    MANUAL = "manual"  # typed by hand
    IMPORTED = "imported"  # read from a workbook (file and row recorded)
    INSPECTION = "inspection"  # verified by the council's inspection


class ScoringMode(StrEnum):
    """How a measured target that was missed earns points."""

    PROPORTIONAL = "proportional"  # a share of the weight in proportion to the figure
    ALL_OR_NOTHING = "all_or_nothing"  # the whole weight or nothing


class InitiativeKind(StrEnum):
    INITIATIVE = "initiative"  # sáng kiến
    SOLUTION = "solution"  # giải pháp


class RecognitionLevel(StrEnum):
    """The level at which an initiative was recognised."""

    GRASSROOTS = "grassroots"  # cấp cơ sở (xã)
    CITY = "city"  # cấp thành phố
    NATIONAL = "national"  # cấp toàn quốc


class ContributorKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"


class VisitStatus(StrEnum):
    """Where one inspection visit stands."""

    PLANNED = "planned"  # Đã lên lịch
    DONE = "done"  # Đã kiểm tra
    REPORT_SENT = "report_sent"  # Đã gửi báo cáo
    CLOSED = "closed"  # Đã kết thúc


class TeamRole(StrEnum):
    LEADER = "leader"  # Trưởng đoàn
    SECRETARY = "secretary"  # Thư ký
    MEMBER = "member"  # Thành viên


class Judgement(StrEnum):
    """The inspection team's judgement of one checklist item."""

    MET = "met"  # Đạt
    NOT_MET = "not_met"  # Chưa đạt
    NOT_APPLICABLE = "not_applicable"  # Không áp dụng


class ActionStatus(StrEnum):
    """A follow-up action; "overdue" is an open action past its deadline, not a stored state."""

    OPEN = "open"  # Đang thực hiện
    DONE = "done"  # Đã hoàn thành


class NominationSource(StrEnum):
    MANUAL = "manual"
    IMPORTED = "imported"
