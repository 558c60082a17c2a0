"""Social assistance (trợ giúp xã hội, Decree 20/2021).

- `StandardLevel`: the standard (mức chuẩn), a dated table, never a constant:
  monthly allowance = standard × coefficient (Art. 6). The province's People's
  Council may set its own, higher level (Art. 4(3)). Read it with
  `selectors.standard_level_on(date)`.
- `Coefficient`: the Art. 6 coefficient of each Art. 5 group, by age band and
  date (dated, editable data; unconfirmed rows say so in `note`).
- `AllowanceApplication` (Mẫu 1a–1đ) → commune review → public posting →
  objections → the commune chairman's decision → `AllowanceEntitlement`.
- `PaymentList` / `Payment` (danh sách chi trả) per commune and month,
  generated set-based (see `payments.py`); `ArrearsItem` the truy lĩnh per month
  caught up; `PaymentRemoval` who left the list and why.
- `HealthInsuranceCard` (BHYT), `FuneralSupport` (mai táng phí),
  `EmergencyEvent` / `EmergencySupport` (trợ giúp khẩn cấp, Arts 12–15).
"""

from __future__ import annotations

import uuid
from typing import ClassVar

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


# Rates are money: every change is kept with who made it (pghistory), a level
# removed by mistake too.
@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class StandardLevel(models.Model):
    class Scope(models.TextChoices):
        NATIONAL = "national", _("Mức chuẩn quốc gia")
        PROVINCE = "province", _("Mức chuẩn riêng của tỉnh")

    scope = models.CharField(_("phạm vi"), max_length=10, choices=Scope.choices)
    amount = models.PositiveIntegerField(_("mức chuẩn (đồng/tháng)"))
    valid_from = models.DateField(_("áp dụng từ ngày"))
    legal_basis = models.TextField(_("căn cứ pháp lý"))
    # A reported level not yet checked against the decree's text is kept as
    # data but never applied (DOMAIN.md errata 7: Decree 335/2026 is [U]).
    confirmed = models.BooleanField(_("đã xác nhận văn bản"), default=True)

    class Meta:
        verbose_name = _("mức chuẩn trợ giúp xã hội")
        verbose_name_plural = _("mức chuẩn trợ giúp xã hội")
        ordering = ["scope", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "valid_from"], name="allowances_standard_scope_from_unique"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="allowances_standard_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.amount:,}đ từ {self.valid_from:%d/%m/%Y}".replace(
            ",", "."
        )


class Group(models.TextChoices):
    """Decree 20 Art. 5 groups; the values are the codes of `cases.Category`."""

    CHILD = "ND20-5.1", _("5.1 Trẻ em dưới 16 tuổi không có nguồn nuôi dưỡng")
    STUDENT = "ND20-5.2", _("5.2 Người từ 16 đến 22 tuổi đang đi học")
    CHILD_HIV = "ND20-5.3", _("5.3 Trẻ em nhiễm HIV/AIDS thuộc hộ nghèo")
    SINGLE_PARENT = "ND20-5.4", _("5.4 Người đơn thân nghèo đang nuôi con")
    OLDER_POOR = "ND20-5.5a", _("5.5a Người cao tuổi thuộc hộ nghèo, không người phụng dưỡng")
    OLDER_75 = "ND20-5.5b", _("5.5b Người 75–80 tuổi hộ nghèo/cận nghèo vùng đặc biệt khó khăn")
    OLDER_80 = "ND20-5.5c", _("5.5c Người từ 80 tuổi không có lương hưu, trợ cấp")
    OLDER_CARED = "ND20-5.5d", _("5.5d Người cao tuổi nghèo được chăm sóc tại cộng đồng")
    DISABLED_ESPECIALLY = "ND20-5.6-especially", _("5.6 Người khuyết tật đặc biệt nặng")
    DISABLED_SEVERE = "ND20-5.6-severe", _("5.6 Người khuyết tật nặng")
    CHILD_UNDER_3 = (
        "ND20-5.7",
        _("5.7 Trẻ em dưới 3 tuổi hộ nghèo/cận nghèo vùng đặc biệt khó khăn"),
    )
    HIV_POOR = "ND20-5.8", _("5.8 Người nhiễm HIV/AIDS thuộc hộ nghèo")


# Art. 6(2): a poor single parent also in these groups receives both amounts.
OWN_GROUPS_WITH_SINGLE_PARENT = (
    Group.OLDER_POOR,
    Group.OLDER_75,
    Group.OLDER_80,
    Group.OLDER_CARED,
    Group.DISABLED_ESPECIALLY,
    Group.DISABLED_SEVERE,
    Group.HIV_POOR,
)
# Groups whose data is sensitive (HIV): left out of the public posting list.
HIV_GROUPS = (Group.CHILD_HIV, Group.HIV_POOR)


class SubCase(models.TextChoices):
    """Art. 5(1) a–l: why a child has no source of support (reason codes)."""

    NONE = "", _("—")
    A = "a", _("a) Bị bỏ rơi chưa có người nhận nuôi")
    B = "b", _("b) Mồ côi cả cha và mẹ")
    C = "c", _("c) Mồ côi cha hoặc mẹ, người còn lại mất tích")
    D = "d", _("d) Mồ côi cha hoặc mẹ, người còn lại ở cơ sở trợ giúp xã hội")
    DD = "dd", _("đ) Mồ côi cha hoặc mẹ, người còn lại chấp hành án phạt tù…")
    E = "e", _("e) Cả cha và mẹ mất tích")
    G = "g", _("g) Cả cha và mẹ ở cơ sở trợ giúp xã hội")
    H = "h", _("h) Cả cha và mẹ chấp hành án phạt tù…")
    I = "i", _("i) Cha hoặc mẹ mất tích, người còn lại ở cơ sở")  # noqa: E741
    K = "k", _("k) Cha hoặc mẹ mất tích, người còn lại chấp hành án…")
    L = "l", _("l) Cha hoặc mẹ ở cơ sở, người còn lại chấp hành án…")


@pghistory.track()
class Coefficient(models.Model):
    """The Art. 6 coefficient of a group for an age band over a period.

    Age is in completed years at the end of the month being paid (so the month
    a person turns 80 is paid at the 80+ coefficient, DOMAIN §2.1).
    """

    group = models.CharField(_("nhóm đối tượng"), max_length=20, choices=Group.choices)
    sub_case = models.CharField(
        _("trường hợp"), max_length=2, choices=SubCase.choices, blank=True, default=""
    )
    min_age = models.PositiveSmallIntegerField(_("từ tuổi"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(
        _("dưới tuổi"), null=True, blank=True, help_text=_("Không tính tuổi này.")
    )
    coefficient = models.DecimalField(_("hệ số"), max_digits=4, decimal_places=2)
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300)
    # Applied all the same: DOMAIN marks the rule [U]; the department checks
    # the text and edits the row (unlike an unconfirmed standard level).
    needs_review = models.BooleanField(_("cần đối chiếu văn bản"), default=False)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("hệ số trợ cấp")
        verbose_name_plural = _("hệ số trợ cấp")
        ordering = ["group", "min_age", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "sub_case", "min_age", "valid_from"],
                name="allowances_coef_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(condition=Q(coefficient__gt=0), name="allowances_coef_positive"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="allowances_coef_period",
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(max_age__gt=F("min_age")),
                name="allowances_coef_age_band",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} ×{self.coefficient} ({self.min_age}–{self.max_age})"


class ApplicationForm(models.TextChoices):
    # The declaration forms of the Decree 20 annex, one per group of groups.
    F1A = "1a", _("Mẫu 1a (trẻ em, người 16–22 tuổi đang học)")
    F1B = "1b", _("Mẫu 1b (người đơn thân nghèo nuôi con)")
    F1C = "1c", _("Mẫu 1c (người cao tuổi)")
    F1D = "1d", _("Mẫu 1d (người khuyết tật)")
    F1DD = "1dd", _("Mẫu 1đ (trẻ em dưới 3 tuổi, người nhiễm HIV)")


FORM_OF_GROUP = {
    Group.CHILD: ApplicationForm.F1A,
    Group.STUDENT: ApplicationForm.F1A,
    Group.CHILD_HIV: ApplicationForm.F1A,
    Group.SINGLE_PARENT: ApplicationForm.F1B,
    Group.OLDER_POOR: ApplicationForm.F1C,
    Group.OLDER_75: ApplicationForm.F1C,
    Group.OLDER_80: ApplicationForm.F1C,
    Group.OLDER_CARED: ApplicationForm.F1C,
    Group.DISABLED_ESPECIALLY: ApplicationForm.F1D,
    Group.DISABLED_SEVERE: ApplicationForm.F1D,
    Group.CHILD_UNDER_3: ApplicationForm.F1DD,
    Group.HIV_POOR: ApplicationForm.F1DD,
}


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Đã nộp, chờ xã xét")
    POSTED = "posted", _("Đang niêm yết công khai")
    OBJECTION = "objection", _("Có khiếu nại, đang giải quyết")
    APPROVED = "approved", _("Đã có quyết định hưởng")
    REJECTED = "rejected", _("Không được hưởng")
    WITHDRAWN = "withdrawn", _("Đã rút")


class AllowanceApplication(models.Model):
    # The allowed status transitions; services refuse any other.
    TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        ApplicationStatus.SUBMITTED: {
            ApplicationStatus.POSTED,
            ApplicationStatus.REJECTED,
            ApplicationStatus.WITHDRAWN,
        },
        ApplicationStatus.POSTED: {
            ApplicationStatus.OBJECTION,
            ApplicationStatus.APPROVED,
            ApplicationStatus.REJECTED,
            ApplicationStatus.WITHDRAWN,
        },
        ApplicationStatus.OBJECTION: {ApplicationStatus.POSTED, ApplicationStatus.REJECTED},
        ApplicationStatus.APPROVED: set(),
        ApplicationStatus.REJECTED: set(),
        ApplicationStatus.WITHDRAWN: set(),
    }

    client_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    beneficiary = models.ForeignKey(
        "cases.Beneficiary",
        verbose_name=_("đối tượng"),
        on_delete=models.PROTECT,
        related_name="allowance_applications",
    )
    commune = models.ForeignKey(
        "areas.AdministrativeUnit",
        verbose_name=_("xã/phường"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    village = models.CharField(_("thôn/tổ dân phố"), max_length=120, blank=True)
    group = models.CharField(_("nhóm đối tượng"), max_length=20, choices=Group.choices)
    sub_case = models.CharField(
        _("trường hợp"), max_length=2, choices=SubCase.choices, blank=True, default=""
    )
    form = models.CharField(_("mẫu tờ khai"), max_length=3, choices=ApplicationForm.choices)
    children_count = models.PositiveSmallIntegerField(_("số con đang nuôi"), default=0)
    disability_certified_on = models.DateField(
        _("ngày cấp giấy xác nhận khuyết tật"), null=True, blank=True
    )
    note = models.TextField(_("ghi chú"), blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    filed_on = models.DateField(_("ngày nộp"))
    review_due = models.DateField(_("hạn xã xét"))
    reviewed_on = models.DateField(_("ngày xã xét"), null=True, blank=True)
    posted_until = models.DateField(_("niêm yết đến ngày"), null=True, blank=True)
    decision_due = models.DateField(_("hạn ra quyết định"), null=True, blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    rejection_reason = models.TextField(_("lý do không được hưởng"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ đề nghị trợ cấp")
        verbose_name_plural = _("hồ sơ đề nghị trợ cấp")
        ordering = ["-filed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("filed_on")),
                name="allowances_app_decided_after_filed",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved")
                | (Q(decided_on__isnull=False) & ~Q(decision_number="")),
                name="allowances_app_approved_has_decision",
            ),
        ]
        indexes = [
            models.Index(fields=["commune", "status"], name="allowances_app_commune_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()} — {self.get_group_display()}"


class ApplicationObjection(models.Model):
    """A complaint about a posted application (resolved within 10 working days)."""

    application = models.ForeignKey(
        AllowanceApplication, on_delete=models.CASCADE, related_name="objections"
    )
    received_on = models.DateField(_("ngày nhận khiếu nại"))
    summary = models.TextField(_("nội dung"))
    due_on = models.DateField(_("hạn giải quyết"))
    resolved_on = models.DateField(_("ngày giải quyết"), null=True, blank=True)
    upheld = models.BooleanField(_("khiếu nại đúng"), null=True, blank=True)
    resolution = models.TextField(_("kết quả giải quyết"), blank=True)

    class Meta:
        verbose_name = _("khiếu nại khi niêm yết")
        verbose_name_plural = _("khiếu nại khi niêm yết")
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"{self.received_on:%d/%m/%Y}"


class PaymentMethod(models.TextChoices):
    POST_OFFICE = "post_office", _("Qua bưu điện")
    BANK = "bank", _("Chuyển khoản ngân hàng")


class PaymentAccount(models.Model):
    """How a person is paid (one per person)."""

    beneficiary = models.OneToOneField(
        "cases.Beneficiary", on_delete=models.CASCADE, related_name="payment_account"
    )
    method = models.CharField(_("hình thức chi trả"), max_length=12, choices=PaymentMethod.choices)
    bank_name = models.CharField(_("ngân hàng"), max_length=120, blank=True)
    account_number = models.CharField(_("số tài khoản"), max_length=30, blank=True)
    account_holder = models.CharField(_("chủ tài khoản"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tài khoản nhận trợ cấp")
        verbose_name_plural = _("tài khoản nhận trợ cấp")
        constraints = [
            models.CheckConstraint(
                condition=~Q(method="bank") | (~Q(account_number="") & ~Q(bank_name="")),
                name="allowances_account_bank_details",
            ),
        ]

    def __str__(self) -> str:
        return self.get_method_display()


class EndReason(models.TextChoices):
    DEATH = "death", _("Chết")
    INELIGIBLE = "ineligible", _("Không còn đủ điều kiện")
    MOVED = "moved", _("Chuyển nơi cư trú")
    OTHER = "other", _("Khác")


class AllowanceEntitlement(models.Model):
    """A decided right to the monthly allowance under one group.

    `coefficient` is the one at the decision, for the record; each month's
    amount reads the dated `Coefficient` table for the person's age then.
    Months are stored as their first day. `end_month` is the last month paid.
    """

    beneficiary = models.ForeignKey(
        "cases.Beneficiary", on_delete=models.PROTECT, related_name="allowance_entitlements"
    )
    commune = models.ForeignKey(
        "areas.AdministrativeUnit", on_delete=models.PROTECT, related_name="+"
    )
    group = models.CharField(_("nhóm đối tượng"), max_length=20, choices=Group.choices)
    sub_case = models.CharField(
        _("trường hợp"), max_length=2, choices=SubCase.choices, blank=True, default=""
    )
    units = models.PositiveSmallIntegerField(
        _("số suất"), default=1, help_text=_("Số con đang nuôi với nhóm 5.4; 1 với nhóm khác.")
    )
    coefficient = models.DecimalField(_("hệ số khi quyết định"), max_digits=4, decimal_places=2)
    start_month = models.DateField(_("hưởng từ tháng"))
    end_month = models.DateField(_("hưởng đến hết tháng"), null=True, blank=True)
    end_reason = models.CharField(
        _("lý do thôi hưởng"), max_length=12, choices=EndReason.choices, blank=True
    )
    ended_on = models.DateField(_("ngày phát sinh thôi hưởng"), null=True, blank=True)
    # The chairman's stopping decision, printed with its number, date and signer;
    # empty when the stop was recorded without one (a death reported at a funeral).
    # A database default too: the demo and the benchmarks insert entitlements in SQL.
    stop_decision_number = models.CharField(
        _("số quyết định thôi hưởng"), max_length=60, blank=True, default="", db_default=""
    )
    stop_decided_on = models.DateField(_("ngày quyết định thôi hưởng"), null=True, blank=True)
    stop_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người ký quyết định thôi hưởng"),
    )
    application = models.ForeignKey(
        AllowanceApplication,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entitlements",
    )
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decided_on = models.DateField(_("ngày quyết định"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quyết định hưởng trợ cấp")
        verbose_name_plural = _("quyết định hưởng trợ cấp")
        ordering = ["-start_month", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_month__day=1), name="allowances_ent_start_1st"
            ),
            models.CheckConstraint(
                condition=Q(end_month__isnull=True)
                | (Q(end_month__day=1) & Q(end_month__gte=F("start_month"))),
                name="allowances_ent_end_after_start",
            ),
            models.CheckConstraint(condition=Q(units__gte=1), name="allowances_ent_units"),
            models.UniqueConstraint(
                fields=["beneficiary", "group"],
                condition=Q(end_month__isnull=True),
                name="allowances_ent_one_open_per_group",
            ),
        ]
        indexes = [
            models.Index(fields=["commune", "start_month"], name="allowances_ent_commune"),
            models.Index(fields=["beneficiary"], name="allowances_ent_benef"),
            # Finds the decisions recorded after a month's list was made (arrears).
            models.Index(fields=["created_at"], name="allowances_ent_created"),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.start_month:%m/%Y}"


class PaymentList(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        LOCKED = "locked", _("Đã khóa (đã chi trả)")

    commune = models.ForeignKey(
        "areas.AdministrativeUnit", on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("tháng"))
    status = models.CharField(
        _("trạng thái"), max_length=6, choices=Status.choices, default=Status.DRAFT
    )
    standard = models.PositiveIntegerField(_("mức chuẩn áp dụng"), null=True, blank=True)
    people = models.PositiveIntegerField(_("số người"), default=0)
    total_amount = models.BigIntegerField(_("tổng trợ cấp tháng"), default=0)
    total_arrears = models.BigIntegerField(_("tổng truy lĩnh"), default=0)
    added = models.PositiveIntegerField(_("số tăng"), default=0)
    removed = models.PositiveIntegerField(_("số giảm"), default=0)
    changed = models.PositiveIntegerField(_("số thay đổi mức"), default=0)
    generated_at = models.DateTimeField(_("lập lúc"), null=True, blank=True)
    locked_at = models.DateTimeField(_("khóa lúc"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("danh sách chi trả")
        verbose_name_plural = _("danh sách chi trả")
        ordering = ["-month", "commune_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "month"], name="allowances_list_commune_month"
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="allowances_list_month_1st"),
        ]
        triggers = [
            # A paid month never reopens.
            pgtrigger.Protect(
                name="locked_list_stays_locked",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__status="locked"),
            ),
            # Payments reference their list without a foreign key (Payment).
            pgtrigger.Trigger(
                name="list_with_payments_stays",
                operation=pgtrigger.Delete,
                when=pgtrigger.After,
                level=pgtrigger.Statement,
                referencing=pgtrigger.Referencing(old="old_rows"),
                func="""
IF EXISTS (SELECT 1 FROM old_rows o JOIN allowances_payment p ON p.payment_list_id = o.id) THEN
    RAISE EXCEPTION 'allowances: a payment list with payments cannot be deleted'
        USING ERRCODE = 'foreign_key_violation';
END IF;
RETURN NULL;
""",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y}"

    @property
    def total(self) -> int:
        return self.total_amount + self.total_arrears


def _locked_guard(rows: str) -> str:
    # Statement-level with a transition table: one check per statement, not
    # per row (a per-row trigger cost a third of a millisecond per payment).
    return f"""
IF EXISTS (SELECT 1 FROM {rows} r JOIN allowances_paymentlist l ON l.id = r.payment_list_id
            WHERE l.status = 'locked') THEN
    RAISE EXCEPTION 'allowances: a locked payment list cannot change'
        USING ERRCODE = 'check_violation';
END IF;
RETURN NULL;
"""  # noqa: S608 (a fixed transition-table name, no input)


def _references_guard(rows: str) -> str:
    # In place of the two foreign keys of Payment: a foreign key checks each
    # row at commit, which at a million payments cost more than the insert
    # itself; this is one anti-join per statement. A list with payments cannot
    # be deleted either (PaymentList's trigger); people are never deleted
    # (merged records stay as tombstones) and their entitlements keep a real
    # foreign key.
    return f"""
IF EXISTS (SELECT 1 FROM {rows} r
            WHERE NOT EXISTS (SELECT 1 FROM allowances_paymentlist l WHERE l.id = r.payment_list_id)
               OR NOT EXISTS (SELECT 1 FROM cases_beneficiary b WHERE b.id = r.beneficiary_id)) THEN
    RAISE EXCEPTION 'allowances: a payment must belong to a payment list and a person'
        USING ERRCODE = 'foreign_key_violation';
END IF;
"""  # noqa: S608 (a fixed transition-table name, no input)


class ChangeKind(models.TextChoices):
    UNCHANGED = "unchanged", _("Không đổi")
    ADDED = "added", _("Tăng mới")
    CHANGED = "changed", _("Thay đổi mức")


class Payment(models.Model):
    # Checked by the triggers below rather than by foreign keys (see
    # _references_guard); no index of their own: (payment_list, change) and
    # (beneficiary, month) lead with them, and each index is a write per person.
    payment_list = models.ForeignKey(
        PaymentList,
        on_delete=models.CASCADE,
        related_name="payments",
        db_index=False,
        db_constraint=False,
    )
    beneficiary = models.ForeignKey(
        "cases.Beneficiary",
        on_delete=models.PROTECT,
        related_name="allowance_payments",
        db_index=False,
        db_constraint=False,
    )
    month = models.DateField(_("tháng"))
    groups = models.CharField(_("nhóm hưởng"), max_length=120)
    coefficient = models.DecimalField(_("hệ số"), max_digits=5, decimal_places=2)
    standard = models.PositiveIntegerField(_("mức chuẩn"))
    amount = models.BigIntegerField(_("trợ cấp tháng"))
    arrears = models.BigIntegerField(_("truy lĩnh"), default=0)
    method = models.CharField(_("hình thức chi trả"), max_length=12, choices=PaymentMethod.choices)
    bank_name = models.CharField(_("ngân hàng"), max_length=120, blank=True)
    account_number = models.CharField(_("số tài khoản"), max_length=30, blank=True)
    change = models.CharField(_("biến động"), max_length=10, choices=ChangeKind.choices)
    previous_amount = models.BigIntegerField(_("mức tháng trước"), null=True, blank=True)
    change_reason = models.CharField(_("lý do biến động"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("khoản chi trả")
        verbose_name_plural = _("khoản chi trả")
        ordering = ["payment_list_id", "id"]
        constraints = [
            # Nobody is paid twice for a month.
            models.UniqueConstraint(
                fields=["beneficiary", "month"], name="allowances_pay_once_a_month"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(arrears__gte=0), name="allowances_pay_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["payment_list", "change"], name="allowances_pay_list_change")
        ]
        triggers = [
            pgtrigger.Trigger(
                name=f"locked_payments_no_{operation}",
                operation=getattr(pgtrigger, operation.capitalize()),
                when=pgtrigger.After,
                level=pgtrigger.Statement,
                referencing=pgtrigger.Referencing(**{side: "changed_rows"}),
                func=(_references_guard("changed_rows") if operation == "insert" else "")
                + _locked_guard("changed_rows"),
            )
            for operation, side in (("insert", "new"), ("update", "old"), ("delete", "old"))
        ] + [
            pgtrigger.Trigger(
                name="payment_references_on_update",
                operation=pgtrigger.Update,
                when=pgtrigger.After,
                level=pgtrigger.Statement,
                referencing=pgtrigger.Referencing(new="new_rows"),
                func=_references_guard("new_rows") + "RETURN NULL;",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y}: {self.amount + self.arrears}"


class ArrearsItem(models.Model):
    """Truy lĩnh: the shortfall of an earlier month caught up in a payment."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="arrears_items")
    for_month = models.DateField(_("truy lĩnh cho tháng"))
    amount = models.BigIntegerField(_("số tiền"))

    class Meta:
        verbose_name = _("khoản truy lĩnh")
        verbose_name_plural = _("khoản truy lĩnh")
        constraints = [
            models.UniqueConstraint(
                fields=["payment", "for_month"], name="allowances_arrears_once"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="allowances_arrears_positive"),
        ]
        indexes = [models.Index(fields=["for_month"], name="allowances_arrears_month")]

    def __str__(self) -> str:
        return f"{self.for_month:%m/%Y}: {self.amount}"


class PaymentRemoval(models.Model):
    """Someone paid last month and not this month (giảm), with the reason."""

    payment_list = models.ForeignKey(PaymentList, on_delete=models.CASCADE, related_name="removals")
    beneficiary = models.ForeignKey("cases.Beneficiary", on_delete=models.PROTECT, related_name="+")
    previous_amount = models.BigIntegerField(_("mức tháng trước"))
    reason = models.CharField(_("lý do"), max_length=200)

    class Meta:
        verbose_name = _("đối tượng giảm")
        verbose_name_plural = _("đối tượng giảm")
        constraints = [
            models.UniqueConstraint(
                fields=["payment_list", "beneficiary"], name="allowances_removal_once"
            )
        ]

    def __str__(self) -> str:
        return self.reason


class HealthInsuranceCard(models.Model):
    """The free BHYT card (Art. 9): one per person on the allowance."""

    class Status(models.TextChoices):
        LISTED = "listed", _("Đã lập danh sách")
        ISSUED = "issued", _("Đã cấp thẻ")

    beneficiary = models.OneToOneField(
        "cases.Beneficiary", on_delete=models.PROTECT, related_name="health_insurance_card"
    )
    commune = models.ForeignKey(
        "areas.AdministrativeUnit", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("trạng thái"), max_length=6, choices=Status.choices, default="listed"
    )
    card_number = models.CharField(_("mã thẻ"), max_length=20, blank=True)
    listed_on = models.DateField(_("ngày lập danh sách"))
    issued_on = models.DateField(_("ngày cấp"), null=True, blank=True)
    valid_to = models.DateField(_("hạn thẻ"), null=True, blank=True)

    class Meta:
        verbose_name = _("thẻ bảo hiểm y tế")
        verbose_name_plural = _("thẻ bảo hiểm y tế")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="issued") | Q(issued_on__isnull=False),
                name="allowances_card_issued_date",
            )
        ]

    def __str__(self) -> str:
        return self.card_number or self.get_status_display()


class SupportStatus(models.TextChoices):
    FILED = "filed", _("Đã nộp hồ sơ")
    APPROVED = "approved", _("Đã có quyết định")
    PAID = "paid", _("Đã chi trả")
    REJECTED = "rejected", _("Không được hỗ trợ")


class FuneralSupport(models.Model):
    """Mai táng phí (Art. 11): at least 20 × the standard on the day of death."""

    client_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    beneficiary = models.OneToOneField(
        "cases.Beneficiary", on_delete=models.PROTECT, related_name="funeral_support"
    )
    commune = models.ForeignKey(
        "areas.AdministrativeUnit", on_delete=models.PROTECT, related_name="+"
    )
    died_on = models.DateField(_("ngày chết"))
    applicant_name = models.CharField(_("người đứng ra mai táng"), max_length=200)
    applicant_relation = models.CharField(_("quan hệ với người chết"), max_length=60, blank=True)
    filed_on = models.DateField(_("ngày nộp hồ sơ (Mẫu 04)"))
    decision_due = models.DateField(_("hạn quyết định"))
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=SupportStatus.choices, default=SupportStatus.FILED
    )
    amount = models.BigIntegerField(_("số tiền"))
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    # Who signed the decision: the printed decision carries the name.
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người ký quyết định"),
    )
    paid_on = models.DateField(_("ngày chi trả"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hỗ trợ chi phí mai táng")
        verbose_name_plural = _("hỗ trợ chi phí mai táng")
        ordering = ["-filed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(filed_on__gte=F("died_on")), name="allowances_funeral_after_death"
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("filed_on")),
                name="allowances_funeral_decided_after_filed",
            ),
            models.CheckConstraint(
                condition=Q(paid_on__isnull=True) | Q(decided_on__isnull=False),
                name="allowances_funeral_paid_after_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.died_on:%d/%m/%Y}"


class EmergencyEvent(models.Model):
    class Kind(models.TextChoices):
        FLOOD = "flood", _("Lũ lụt")
        STORM = "storm", _("Bão")
        LANDSLIDE = "landslide", _("Sạt lở")
        DROUGHT = "drought", _("Hạn hán, mất mùa")
        FIRE = "fire", _("Hỏa hoạn")
        EPIDEMIC = "epidemic", _("Dịch bệnh")
        TET = "tet", _("Cứu đói dịp Tết")
        ACCIDENT = "accident", _("Tai nạn nghiêm trọng")
        OTHER = "other", _("Khác")

    name = models.CharField(_("tên sự kiện"), max_length=200)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    started_on = models.DateField(_("ngày xảy ra"))
    ended_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sự kiện khẩn cấp")
        verbose_name_plural = _("sự kiện khẩn cấp")
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return self.name


class EmergencyKind(models.TextChoices):
    RICE = "rice", _("Hỗ trợ gạo (15 kg/người/tháng)")
    INJURY = "injury", _("Người bị thương nặng")
    FUNERAL = "funeral", _("Hỗ trợ mai táng (chết, mất tích)")
    HOUSE_REBUILD = "house_rebuild", _("Nhà đổ, sập, trôi, cháy: làm nhà ở")
    HOUSE_RELOCATE = "house_relocate", _("Di dời nhà ở khẩn cấp")
    HOUSE_REPAIR = "house_repair", _("Sửa chữa nhà ở")


class EmergencySupport(models.Model):
    """One support given to a household (and, where it is a person's, that person)."""

    client_uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(EmergencyEvent, on_delete=models.PROTECT, related_name="supports")
    commune = models.ForeignKey(
        "areas.AdministrativeUnit", on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "cases.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    beneficiary = models.ForeignKey(
        "cases.Beneficiary", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("hình thức"), max_length=16, choices=EmergencyKind.choices)
    persons = models.PositiveSmallIntegerField(_("số người"), default=1)
    months = models.PositiveSmallIntegerField(_("số tháng"), default=0)
    rice_kg = models.PositiveIntegerField(_("gạo (kg)"), default=0)
    amount = models.BigIntegerField(_("số tiền"), default=0)
    decided_on = models.DateField(_("ngày quyết định"))
    paid_on = models.DateField(_("ngày nhận"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("trợ giúp khẩn cấp")
        verbose_name_plural = _("trợ giúp khẩn cấp")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(household__isnull=False) | Q(beneficiary__isnull=False),
                name="allowances_emergency_has_recipient",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(rice_kg__gte=0),
                name="allowances_emergency_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["event", "kind"], name="allowances_emerg_event_kind")]

    def __str__(self) -> str:
        return self.get_kind_display()
