"""The indicator catalogue, as code: one small definition per indicator.

Each `Indicator` names its SQL in queries.py. Where the portal does not yet
hold the data an indicator needs, `compute` is None: the indicator is listed
("chưa có dữ liệu" on the dashboard), never given a made-up number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import queries
from .models import PeriodKind

PERCENT = "%"
COUNT = "count"
GROWTH = "growth"

# How the denominator is found.
DENOMINATOR_REGISTER = "register"  # from the SQL
DENOMINATOR_OFFICIAL_OR_REGISTER = "official_or_register"  # official statistics where entered
DENOMINATOR_BASELINE = "baseline"  # the Baseline table (CTXH-03)

PLAN = "plan"
COMPLIANCE = "compliance"
NETWORK = "network"
GROUPS = {
    PLAN: _("Chỉ tiêu Quyết định 112/QĐ-TTg và 966/QĐ-TTg"),
    COMPLIANCE: _("Tuân thủ thời hạn luật định"),
    NETWORK: _("Số liệu mạng lưới"),
}


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str  # lazy, Vietnamese in source; English from the catalogue
    unit: str
    numerator_text: str
    denominator_text: str
    compute: Callable[[queries.QueryContext], list[queries.Row]] | None
    group: str = PLAN
    higher_is_better: bool = True
    # Commune cells of 1–4 people could identify someone (HIV, abuse...).
    sensitive_small_counts: bool = False
    denominator: str = DENOMINATOR_REGISTER
    period_kinds: tuple[str, ...] = (PeriodKind.MONTH, PeriodKind.YEAR)
    # Label of each breakdown value (unit type, category...).
    breakdown_labels: dict[str, str] = field(default_factory=dict)
    note: str = ""
    # How the indicator dates what it counts (shown on the card and page).
    dates_text: str = ""
    # Tables the SQL reads beyond the core registers: while a database lacks
    # one (an app's migration not yet applied) the job skips the indicator and
    # the dashboard says "chưa có dữ liệu" instead of failing the whole run.
    requires: tuple[str, ...] = ()

    @property
    def computable(self) -> bool:
        return self.compute is not None

    @property
    def name_vi(self) -> str:
        with translation.override("vi"):
            return str(self.name)

    @property
    def name_en(self) -> str:
        with translation.override("en"):
            return str(self.name)

    @property
    def has_targets(self) -> bool:
        return self.unit in (PERCENT, GROWTH) and self.group == PLAN

    def applies_to(self, kind: str) -> bool:
        return kind in self.period_kinds


# The rule every register-based indicator follows (cases.Beneficiary.
# registered_on, BeneficiaryCategory.since/until; queries._BENEFICIARY_IN_REGISTER).
MEMBERSHIP_RULE = _(
    "Một người được tính từ ngày đăng ký (ngày được phát hiện, đưa vào sổ), không phải "
    "ngày nhập vào hệ thống; thuộc một nhóm từ ngày “từ ngày” của nhóm (để trống: từ ngày "
    "đăng ký) đến hết ngày “đến ngày”. Nhập lại hay nhập bổ sung sổ không làm đổi số của "
    "các kỳ đã qua."
)


def _build() -> dict[str, Indicator]:
    items = [
        Indicator(
            code="CTXH-01",
            name=_("Tỷ lệ cơ quan, tổ chức, cơ sở, xã/phường bố trí nhân sự làm CTXH"),
            unit=PERCENT,
            numerator_text=_(
                "Đơn vị trong phạm vi có ít nhất 1 nhân viên làm CTXH hoặc cộng tác viên "
                "CTXH đang hoạt động vào ngày cuối kỳ (xã/phường: cộng tác viên)"
            ),
            denominator_text=_(
                "Tất cả đơn vị trong phạm vi chỉ tiêu vào ngày cuối kỳ: cơ sở trợ giúp xã hội, "
                "trường học, bệnh viện, cơ quan tư pháp…, và mọi xã/phường"
            ),
            compute=queries.ctxh01,
        ),
        Indicator(
            code="CTXH-02",
            name=_(
                "Tỷ lệ cơ sở (TGXH, y tế, giáo dục, khác) trong quy hoạch có cung cấp dịch vụ CTXH"
            ),
            unit=PERCENT,
            numerator_text=_(
                "Cơ sở trong quy hoạch có bộ phận CTXH, hoặc có ít nhất 1 dịch vụ CTXH "
                "được ghi nhận trong kỳ"
            ),
            denominator_text=_("Cơ sở thuộc quy hoạch vào ngày cuối kỳ"),
            compute=queries.ctxh02,
            requires=("cases_servicedelivery",),
        ),
        Indicator(
            code="CTXH-03",
            name=_(
                "Mức tăng số người có hoàn cảnh khó khăn được tư vấn, hỗ trợ CTXH "
                "và quản lý trường hợp"
            ),
            unit=GROWTH,
            numerator_text=_(
                "Số người (mỗi người tính một lần) có ít nhất 1 dịch vụ CTXH, một "
                "trường hợp đang mở hoặc được chuyển gửi trong năm"
            ),
            denominator_text=_("Số người năm gốc (2020), do Sở nhập từ báo cáo của tỉnh"),
            compute=queries.ctxh03,
            requires=("cases_case", "cases_servicedelivery", "cases_referral"),
            denominator=DENOMINATOR_BASELINE,
            period_kinds=(PeriodKind.YEAR,),
        ),
        Indicator(
            code="CTXH-04",
            name=_("Tỷ lệ cán bộ, nhân viên, cộng tác viên CTXH được đào tạo, bồi dưỡng, tập huấn"),
            unit=PERCENT,
            numerator_text=_(
                "Người (nhân viên làm CTXH, cộng tác viên) đang hoạt động có ít nhất 1 khóa "
                "đào tạo hoàn thành từ 01/01/2021 đến ngày cuối kỳ"
            ),
            denominator_text=_(
                "Nhân viên làm CTXH và cộng tác viên đang hoạt động vào ngày cuối kỳ"
            ),
            compute=queries.ctxh04,
        ),
        Indicator(
            code="CTXH-05",
            name=_("Tỷ lệ trẻ em thuộc nhóm ưu tiên được trợ giúp và cung cấp dịch vụ CTXH"),
            unit=PERCENT,
            numerator_text=_(
                "Trẻ em dưới 16 tuổi vào ngày cuối kỳ thuộc nhóm ưu tiên (mồ côi không nguồn "
                "nuôi dưỡng, bị bỏ rơi, nhiễm HIV, nạn nhân chất độc hóa học, khuyết tật nặng, "
                "ảnh hưởng thiên tai, dịch bệnh) được trợ giúp hoặc có dịch vụ CTXH trong kỳ. "
                "Được tính là trợ giúp: trợ cấp xã hội hằng tháng còn hiệu lực trong ít nhất "
                "một tháng của kỳ (đã có quyết định, dù danh sách chi trả tháng đó đã khóa hay "
                "chưa); thẻ BHYT đã lập danh sách hoặc đã cấp đến ngày cuối kỳ và chưa hết "
                "hạn trước ngày đầu kỳ; hỗ trợ mai táng, hỗ trợ khẩn cấp, tháng trợ cấp đã chi "
                "trong kỳ; ở tại cơ sở trợ giúp xã hội ít nhất 1 ngày trong kỳ; dịch vụ trợ "
                "giúp hoặc dịch vụ CTXH ghi nhận trong kỳ"
            ),
            denominator_text=_(
                "Trẻ em dưới 16 tuổi thuộc các nhóm đó có trong sổ đăng ký vào ngày cuối kỳ; "
                "số liệu thống kê chính thức thay thế nếu Sở đã nhập và không thấp hơn số trẻ "
                "đã có trong sổ (thấp hơn: số chính thức đã cũ, thẻ dùng số trong sổ và ghi rõ)"
            ),
            dates_text=MEMBERSHIP_RULE,
            note=_(
                "Trợ giúp gồm cả trợ cấp hằng tháng đang còn hiệu lực (không chỉ tháng đã khóa "
                "danh sách chi trả) và thẻ BHYT đã lập danh sách (không chỉ thẻ đã cấp)."
            ),
            compute=queries.ctxh05,
            requires=(
                "cases_servicedelivery",
                "allowances_assistance_received",
                "allowances_allowanceentitlement",
                "allowances_healthinsurancecard",
                "facilities_admission",
            ),
            sensitive_small_counts=True,
            denominator=DENOMINATOR_OFFICIAL_OR_REGISTER,
        ),
        Indicator(
            code="TGXH-966a",
            name=_(
                "Tỷ lệ người có hoàn cảnh đặc biệt khó khăn không có người chăm sóc được "
                "cơ sở TGXH tư vấn, trợ giúp, quản lý"
            ),
            unit=PERCENT,
            numerator_text=_(
                "Người thuộc nhóm đó được cơ sở trợ giúp xã hội nuôi dưỡng (ở tại cơ sở ít "
                "nhất 1 ngày trong kỳ) hoặc tư vấn, trợ giúp (ít nhất 1 dịch vụ do cơ sở "
                "cung cấp trong kỳ)"
            ),
            denominator_text=_(
                'Người trong sổ đăng ký thuộc nhóm "hoàn cảnh đặc biệt khó khăn, không có '
                'người chăm sóc" (do xã xác định) vào ngày cuối kỳ; số liệu thống kê chính '
                "thức thay thế nếu Sở đã nhập và không thấp hơn số người đã có trong sổ"
            ),
            dates_text=MEMBERSHIP_RULE,
            compute=queries.tgxh966a,
            requires=("cases_servicedelivery", "facilities_admission"),
            sensitive_small_counts=True,
            # People known to the register are often those a facility already
            # serves: an official count keeps the rate honest (as CTXH-05).
            denominator=DENOMINATOR_OFFICIAL_OR_REGISTER,
            note=_("Quyết định 966/QĐ-TTg: quy hoạch mạng lưới cơ sở trợ giúp xã hội."),
        ),
        Indicator(
            code="KPI-12H",
            name=_("Tỷ lệ ca trẻ em khẩn cấp được can thiệp trong 12 giờ"),
            unit=PERCENT,
            numerator_text=_("Ca khẩn cấp nhận tin trong kỳ được can thiệp trong 12 giờ"),
            denominator_text=_("Ca trẻ em khẩn cấp nhận tin trong kỳ"),
            compute=queries.kpi_emergency_12h,
            requires=("cases_case", "cases_caseevent"),
            group=COMPLIANCE,
            sensitive_small_counts=True,
        ),
        Indicator(
            code="KPI-PLAN5",
            name=_("Tỷ lệ kế hoạch hỗ trợ trẻ em được lập trong 5 ngày làm việc"),
            unit=PERCENT,
            numerator_text=_("Có kế hoạch được lập và trình trong 5 ngày làm việc sau đánh giá"),
            denominator_text=_("Đánh giá nhu cầu (Mẫu 03) của trường hợp trẻ em kết thúc trong kỳ"),
            compute=queries.kpi_plan_drafted,
            requires=("cases_assessment", "cases_caseplan"),
            group=COMPLIANCE,
        ),
        Indicator(
            code="KPI-APPROVE2",
            name=_("Tỷ lệ kế hoạch được phê duyệt trong 2 ngày làm việc"),
            unit=PERCENT,
            numerator_text=_("Kế hoạch phê duyệt đúng hạn 2 ngày làm việc"),
            denominator_text=_("Kế hoạch trình phê duyệt trong kỳ"),
            compute=queries.kpi_plan_approved,
            requires=("cases_caseplan",),
            group=COMPLIANCE,
        ),
        Indicator(
            code="KPI-REFERRAL",
            name=_("Tỷ lệ chuyển gửi khẩn cấp được tiếp nhận đúng hạn"),
            unit=PERCENT,
            numerator_text=_("Chuyển gửi khẩn cấp được tiếp nhận đúng hạn"),
            denominator_text=_("Chuyển gửi khẩn cấp gửi trong kỳ"),
            compute=queries.kpi_referral_accepted,
            requires=("cases_referral", "cases_referraltransition"),
            group=COMPLIANCE,
        ),
        Indicator(
            code="NET-BENEFICIARIES",
            name=_("Số đối tượng theo nhóm"),
            unit=COUNT,
            numerator_text=_("Đối tượng trong sổ đăng ký thuộc nhóm vào ngày cuối kỳ"),
            denominator_text="",
            dates_text=MEMBERSHIP_RULE,
            compute=queries.beneficiaries_by_category,
            group=NETWORK,
            sensitive_small_counts=True,
        ),
        Indicator(
            code="NET-COLLABORATORS",
            name=_("Số cộng tác viên CTXH đang hoạt động"),
            unit=COUNT,
            numerator_text=_("Cộng tác viên đang hoạt động vào ngày cuối kỳ"),
            denominator_text="",
            compute=queries.collaborators_active,
            group=NETWORK,
        ),
        Indicator(
            code="NET-NO-COLLABORATOR",
            name=_("Số xã/phường chưa có cộng tác viên CTXH"),
            unit=COUNT,
            numerator_text=_(
                "Xã/phường không có cộng tác viên nào đang hoạt động vào ngày cuối kỳ"
            ),
            denominator_text="",
            compute=queries.communes_without_collaborator,
            group=NETWORK,
            higher_is_better=False,
        ),
        Indicator(
            code="NET-RESIDENTS",
            name=_("Số người đang được nuôi dưỡng tại cơ sở và công suất sử dụng"),
            unit=PERCENT,
            numerator_text=_("Người đang ở tại cơ sở vào ngày cuối kỳ"),
            denominator_text=_("Tổng số giường của các cơ sở"),
            compute=queries.residents_occupancy,
            requires=("facilities_admission",),
            group=NETWORK,
        ),
        Indicator(
            code="NET-OPEN-CASES",
            name=_("Số trường hợp đang mở"),
            unit=COUNT,
            numerator_text=_("Trường hợp đang mở vào ngày cuối kỳ"),
            denominator_text="",
            compute=queries.open_cases,
            requires=("cases_case",),
            group=NETWORK,
        ),
        Indicator(
            code="NET-SERVICES",
            name=_("Số lượt dịch vụ đã cung cấp"),
            unit=COUNT,
            numerator_text=_("Lượt dịch vụ ghi nhận trong kỳ"),
            denominator_text="",
            compute=queries.services_delivered,
            requires=("cases_servicedelivery",),
            group=NETWORK,
        ),
    ]
    return {item.code: item for item in items}


CATALOGUE: dict[str, Indicator] = _build()


def all_indicators() -> list[Indicator]:
    return list(CATALOGUE.values())


def get(code: str) -> Indicator:
    return CATALOGUE[code]


def computable(kind: str | None = None, tables: set[str] | None = None) -> list[Indicator]:
    """Indicators with a computation (for `kind`; whose required tables are
    all in `tables` when given)."""
    return [
        item
        for item in CATALOGUE.values()
        if item.computable
        and (kind is None or item.applies_to(kind))
        and (tables is None or set(item.requires) <= tables)
    ]
