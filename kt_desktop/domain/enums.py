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


class RecipientKind(StrEnum):
    """Who receives an award: a collective (a unit) or an individual."""

    COLLECTIVE = "collective"  # tập thể
    INDIVIDUAL = "individual"  # cá nhân


class AwardOccasion(StrEnum):
    """Why an award round is held. One-off and thematic awards don't count toward later
    merit-based proposals (Law on Emulation and Commendation 2022)."""

    ANNUAL = "annual"  # hằng năm
    MID_TERM_REVIEW = "mid_term_review"  # sơ kết 2027
    FINAL_REVIEW = "final_review"  # tổng kết 2030
    ONE_OFF = "one_off"  # đột xuất
    THEMATIC = "thematic"  # chuyên đề


MERIT_OCCASIONS = frozenset(
    {AwardOccasion.ANNUAL, AwardOccasion.MID_TERM_REVIEW, AwardOccasion.FINAL_REVIEW}
)


class MoneyRounding(StrEnum):
    """How a reward amount is rounded to the ten thousand đồng (DOMAIN.md: a setting)."""

    NEAREST = "nearest"  # 223.500 -> 220.000, 447.000 -> 450.000
    UP = "up"
    DOWN = "down"


class CouncilRole(StrEnum):
    CHAIR = "chair"  # Chủ tịch Hội đồng
    VICE_CHAIR = "vice_chair"  # Phó Chủ tịch Hội đồng
    STANDING = "standing"  # Ủy viên thường trực
    MEMBER = "member"  # Ủy viên


class ProposalSource(StrEnum):
    """Where an award proposal came from."""

    RANKING = "ranking"  # top of its kind in the ranking
    BAND = "band"  # in the top score band
    INITIATIVE = "initiative"  # recognised initiatives
    NOMINATION = "nomination"  # the unit's nominee list
    MANUAL = "manual"  # added by hand


class RestrictionKind(StrEnum):
    """Why a person may not be awarded for a while (a flag with dates)."""

    DISCIPLINE = "discipline"  # đang bị kỷ luật
    INVESTIGATION = "investigation"  # đang bị điều tra, xem xét
    COMPLAINT = "complaint"  # có đơn thư khiếu nại, tố cáo đang giải quyết


class RecognitionKind(StrEnum):
    """A recognition recorded by hand (earlier years, or from outside the movement), used by
    eligibility rules and shown in the history."""

    EXCELLENT_RATING = "excellent_rating"  # Hoàn thành xuất sắc nhiệm vụ
    EMULATION_SOLDIER = "emulation_soldier"  # Chiến sĩ thi đua cơ sở
    ADVANCED_WORKER = "advanced_worker"  # Lao động tiên tiến
    AWARD = "award"  # an award (Giấy khen, Bằng khen …) decided outside this app


class CertificatePrintKind(StrEnum):
    DRAFT = "draft"  # before the decision is issued: "BẢN NHÁP"
    FULL = "full"  # plain paper, frame and every text
    TEXT_ONLY = "text_only"  # onto a pre-printed blank
