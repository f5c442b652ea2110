"""Vietnamese words for the record's vocabularies, shared by screens, workbooks, documents."""

from __future__ import annotations

from kt_desktop.domain.enums import (
    ActionStatus,
    AwardOccasion,
    CertificatePrintKind,
    Comparator,
    ContributorKind,
    CouncilRole,
    CriterionKind,
    CriterionSubject,
    DocumentKind,
    DocumentState,
    Gender,
    InitiativeKind,
    Judgement,
    MoneyRounding,
    PeriodKind,
    PersonKind,
    PrioritySector,
    ProposalSource,
    RecipientKind,
    RecognitionKind,
    RecognitionLevel,
    RegistrationStatus,
    RestrictionKind,
    ResultSource,
    ReviewStatus,
    ScoringMode,
    TeamRole,
    UnitKind,
    VisitStatus,
)

UNIT_KIND_LABELS: dict[UnitKind, str] = {
    UnitKind.DEPARTMENT: "Phòng, ban, ngành",
    UnitKind.MASS_ORGANISATION: "Đoàn thể",
    UnitKind.VILLAGE: "Thôn, thị tứ",
    UnitKind.SCHOOL: "Trường học",
    UnitKind.HEALTH_FACILITY: "Cơ sở y tế",
    UnitKind.BUSINESS: "Doanh nghiệp",
    UnitKind.COOPERATIVE: "Hợp tác xã",
    UnitKind.OTHER: "Khác",
}

PERSON_KIND_LABELS: dict[PersonKind, str] = {
    PersonKind.OFFICIAL: "Cán bộ, công chức, viên chức",
    PersonKind.CITIZEN: "Người dân",
    PersonKind.BUSINESS_PERSON: "Doanh nhân",
    PersonKind.OTHER: "Khác",
}

GENDER_LABELS: dict[Gender, str] = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}
# How a person is addressed in lists and documents ("Ông Nguyễn Văn A").
GENDER_HONORIFICS: dict[Gender, str] = {Gender.MALE: "Ông", Gender.FEMALE: "Bà"}

PERIOD_KIND_LABELS: dict[PeriodKind, str] = {
    PeriodKind.ANNUAL: "Hằng năm",
    PeriodKind.MID_TERM_REVIEW: "Sơ kết",
    PeriodKind.FINAL_REVIEW: "Tổng kết",
}

CRITERION_SUBJECT_LABELS: dict[CriterionSubject, str] = {
    CriterionSubject.UNIT: "Tập thể (phòng, ban, ngành, thôn, thị tứ)",
    CriterionSubject.INDIVIDUAL: "Cá nhân",
    CriterionSubject.OTHER_CONTRIBUTOR: "Đối tượng khác",
}

CRITERION_KIND_LABELS: dict[CriterionKind, str] = {
    CriterionKind.RATE: "Tỷ lệ (%)",
    CriterionKind.COUNT: "Số lượng",
    CriterionKind.YES_NO: "Có/Không",
    CriterionKind.QUALITATIVE: "Định tính",
}

COMPARATOR_SYMBOLS: dict[Comparator, str] = {
    Comparator.AT_LEAST: "≥",
    Comparator.MORE_THAN: ">",
    Comparator.AT_MOST: "≤",
    Comparator.EQUAL: "=",
}

PRIORITY_SECTOR_LABELS: dict[PrioritySector, str] = {
    PrioritySector.AGRICULTURE_ENVIRONMENT: "Nông nghiệp và môi trường",
    PrioritySector.INDUSTRY: "Sản xuất công nghiệp",
    PrioritySector.CULTURE_SPORT_TOURISM: "Văn hóa – thể thao – du lịch",
    PrioritySector.ECONOMY: "Kinh tế",
    PrioritySector.HEALTH: "Y tế",
    PrioritySector.EDUCATION: "Giáo dục",
    PrioritySector.DEFENCE_SECURITY: "Quốc phòng – an ninh",
}

# The seven content areas of the plan's section II, by item number.
CONTENT_AREA_LABELS: dict[int, str] = {
    1: "Nâng cao nhận thức, đổi mới tư duy, phương thức lãnh đạo, quản lý",
    2: "Phát triển hạ tầng công nghệ thông tin, hạ tầng số",
    3: "Chuyển đổi số trong cơ quan, dịch vụ công và “Bình dân học vụ số”",
    4: "Nguồn lực, học tập số, phát minh, sáng kiến",
    5: "An ninh, an toàn, bảo mật thông tin trên không gian mạng",
    6: "Áp dụng công nghệ mới, mô hình mới",
    7: "Chuyển đổi số trong các lĩnh vực trọng tâm",
}

DOCUMENT_KIND_LABELS: dict[DocumentKind, str] = {
    DocumentKind.DECISION: "Quyết định",
    DocumentKind.OFFICIAL_LETTER: "Công văn",
    DocumentKind.NOTICE: "Thông báo",
    DocumentKind.REPORT: "Báo cáo",
    DocumentKind.SUBMISSION: "Tờ trình",
    DocumentKind.MINUTES: "Biên bản",
}

# Kind codes in the number and symbol ("05/QĐ-UBND"); an official letter has none.
DOCUMENT_KIND_CODES: dict[DocumentKind, str] = {
    DocumentKind.DECISION: "QĐ",
    DocumentKind.OFFICIAL_LETTER: "",
    DocumentKind.NOTICE: "TB",
    DocumentKind.REPORT: "BC",
    DocumentKind.SUBMISSION: "TTr",
    DocumentKind.MINUTES: "BB",
}

DOCUMENT_STATE_LABELS: dict[DocumentState, str] = {
    DocumentState.DRAFT: "Dự thảo",
    DocumentState.ISSUED: "Đã ban hành",
}

REGISTRATION_STATUS_LABELS: dict[RegistrationStatus, str] = {
    RegistrationStatus.NOT_SENT: "Chưa gửi",
    RegistrationStatus.PENDING: "Chờ duyệt",
    RegistrationStatus.APPROVED: "Đã duyệt",
    RegistrationStatus.REJECTED: "Từ chối",
}

REVIEW_STATUS_LABELS: dict[ReviewStatus, str] = {
    ReviewStatus.RECEIVED: "Đã nhận",
    ReviewStatus.IN_REVIEW: "Đang xem xét",
    ReviewStatus.ACCEPTED: "Đã chấp nhận",
    ReviewStatus.RETURNED: "Trả lại",
}

RESULT_SOURCE_LABELS: dict[ResultSource, str] = {
    ResultSource.MANUAL: "Nhập tay",
    ResultSource.IMPORTED: "Nhập từ tệp Excel",
    ResultSource.INSPECTION: "Đoàn kiểm tra xác minh",
}

SCORING_MODE_LABELS: dict[ScoringMode, str] = {
    ScoringMode.PROPORTIONAL: "Tính theo tỷ lệ đạt được",
    ScoringMode.ALL_OR_NOTHING: "Đạt mới được điểm (không đạt: 0 điểm)",
}

INITIATIVE_KIND_LABELS: dict[InitiativeKind, str] = {
    InitiativeKind.INITIATIVE: "Sáng kiến",
    InitiativeKind.SOLUTION: "Giải pháp",
}

RECOGNITION_LEVEL_LABELS: dict[RecognitionLevel, str] = {
    RecognitionLevel.GRASSROOTS: "Cấp cơ sở (xã)",
    RecognitionLevel.CITY: "Cấp thành phố",
    RecognitionLevel.NATIONAL: "Cấp toàn quốc",
}

CONTRIBUTOR_KIND_LABELS: dict[ContributorKind, str] = {
    ContributorKind.PERSON: "Cá nhân",
    ContributorKind.ORGANISATION: "Tổ chức",
}

VISIT_STATUS_LABELS: dict[VisitStatus, str] = {
    VisitStatus.PLANNED: "Đã lên lịch",
    VisitStatus.DONE: "Đã kiểm tra",
    VisitStatus.REPORT_SENT: "Đã gửi báo cáo",
    VisitStatus.CLOSED: "Đã kết thúc",
}

TEAM_ROLE_LABELS: dict[TeamRole, str] = {
    TeamRole.LEADER: "Trưởng đoàn",
    TeamRole.SECRETARY: "Thư ký",
    TeamRole.MEMBER: "Thành viên",
}

JUDGEMENT_LABELS: dict[Judgement, str] = {
    Judgement.MET: "Đạt",
    Judgement.NOT_MET: "Chưa đạt",
    Judgement.NOT_APPLICABLE: "Không áp dụng",
}

ACTION_STATUS_LABELS: dict[ActionStatus, str] = {
    ActionStatus.OPEN: "Đang thực hiện",
    ActionStatus.DONE: "Đã hoàn thành",
}
# An open action past its deadline is shown as:
OVERDUE_LABEL = "Quá hạn"

RECIPIENT_KIND_LABELS: dict[RecipientKind, str] = {
    RecipientKind.COLLECTIVE: "Tập thể",
    RecipientKind.INDIVIDUAL: "Cá nhân",
}

AWARD_OCCASION_LABELS: dict[AwardOccasion, str] = {
    AwardOccasion.ANNUAL: "Hằng năm",
    AwardOccasion.MID_TERM_REVIEW: "Sơ kết",
    AwardOccasion.FINAL_REVIEW: "Tổng kết",
    AwardOccasion.ONE_OFF: "Đột xuất",
    AwardOccasion.THEMATIC: "Chuyên đề",
}

MONEY_ROUNDING_LABELS: dict[MoneyRounding, str] = {
    MoneyRounding.NEAREST: "Làm tròn đến hàng chục nghìn gần nhất",
    MoneyRounding.UP: "Làm tròn lên hàng chục nghìn",
    MoneyRounding.DOWN: "Làm tròn xuống hàng chục nghìn",
}

COUNCIL_ROLE_LABELS: dict[CouncilRole, str] = {
    CouncilRole.CHAIR: "Chủ tịch Hội đồng",
    CouncilRole.VICE_CHAIR: "Phó Chủ tịch Hội đồng",
    CouncilRole.STANDING: "Ủy viên thường trực",
    CouncilRole.MEMBER: "Ủy viên",
}

PROPOSAL_SOURCE_LABELS: dict[ProposalSource, str] = {
    ProposalSource.RANKING: "Theo xếp hạng",
    ProposalSource.BAND: "Theo mức xếp loại",
    ProposalSource.INITIATIVE: "Có sáng kiến được công nhận",
    ProposalSource.NOMINATION: "Đơn vị đề nghị",
    ProposalSource.MANUAL: "Thêm tay",
}

RESTRICTION_KIND_LABELS: dict[RestrictionKind, str] = {
    RestrictionKind.DISCIPLINE: "Đang bị kỷ luật",
    RestrictionKind.INVESTIGATION: "Đang bị điều tra, xem xét",
    RestrictionKind.COMPLAINT: "Có đơn thư khiếu nại, tố cáo đang giải quyết",
}

RECOGNITION_KIND_LABELS: dict[RecognitionKind, str] = {
    RecognitionKind.EXCELLENT_RATING: "Hoàn thành xuất sắc nhiệm vụ",
    RecognitionKind.EMULATION_SOLDIER: "Chiến sĩ thi đua cơ sở",
    RecognitionKind.ADVANCED_WORKER: "Lao động tiên tiến",
    RecognitionKind.AWARD: "Hình thức khen thưởng",
}

CERTIFICATE_PRINT_KIND_LABELS: dict[CertificatePrintKind, str] = {
    CertificatePrintKind.DRAFT: "Bản nháp",
    CertificatePrintKind.FULL: "In đầy đủ trên giấy trắng",
    CertificatePrintKind.TEXT_ONLY: "In chữ lên phôi",
}
