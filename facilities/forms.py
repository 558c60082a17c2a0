"""Forms of the facility pages: they translate input, services decide."""

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialwork.accounts.models import Role, User
from socialwork.areas.selectors import province_communes

from .models import (
    AdmissionKind,
    DischargeReason,
    Facility,
    ServiceType,
    SocialWorkAssignment,
    StaffMember,
)


class FacilityForm(forms.ModelForm):
    in_ctxh01_scope = forms.BooleanField(
        label=_("Thuộc phạm vi chỉ tiêu CTXH-01"), required=False, initial=True
    )
    in_ctxh02_plan = forms.BooleanField(
        label=_("Trong quy hoạch (chỉ tiêu CTXH-02)"), required=False
    )
    scope_from = forms.DateField(label=_("Phạm vi chỉ tiêu áp dụng từ ngày"), required=False)

    class Meta:
        model = Facility
        fields = [
            "name",
            "kind",
            "ownership",
            "commune",
            "address",
            "phone",
            "email",
            "hotline",
            "capacity",
            "has_social_work_unit",
            "has_portal_users",
            "services",
            "is_active",
        ]
        widgets = {"services": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = province_communes()
        self.fields["services"].queryset = ServiceType.objects.filter(is_active=True)

    def _post_clean(self):
        # The service validates the model (constraints included) and reports
        # errors back; skip ModelForm's own instance validation.
        pass


class StaffForm(forms.ModelForm):
    assignment = forms.ChoiceField(label=_("Phân công CTXH"), choices=SocialWorkAssignment.choices)
    assignment_from = forms.DateField(label=_("Phân công áp dụng từ ngày"), required=False)
    assignment_to = forms.DateField(label=_("Phân công đến ngày"), required=False)
    meets_allowance_rule = forms.BooleanField(label=_("Phụ cấp ≥ mức lương cơ sở"), required=False)

    class Meta:
        model = StaffMember
        fields = [
            "full_name",
            "position",
            "qualification",
            "civil_service_title",
            "phone",
            "user",
            "started_on",
            "left_on",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(role=Role.FACILITY).order_by("username")
        if self.instance.pk is None:
            # A new member's assignment starts the day they start.
            del self.fields["assignment_from"]
            del self.fields["assignment_to"]

    def _post_clean(self):
        pass


# --- Residents ------------------------------------------------------------------

DATE_WIDGET = forms.DateInput(attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy"})


class AdmissionForm(forms.Form):
    client_uuid = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    beneficiary = forms.IntegerField(
        label=_("Mã số đối tượng"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    kind = forms.ChoiceField(
        label=_("Hình thức"),
        choices=[c for c in AdmissionKind.choices if c[0] != AdmissionKind.LONG_TERM],
        initial=AdmissionKind.EMERGENCY,
        widget=forms.RadioSelect,
    )
    admitted_on = forms.DateField(
        label=_("Ngày tiếp nhận"), initial=timezone.localdate, widget=DATE_WIDGET
    )
    reception_record_number = forms.CharField(
        label=_("Số biên bản tiếp nhận (khẩn cấp)"), required=False, max_length=50
    )
    abandoned_child = forms.BooleanField(label=_("Trẻ em bị bỏ rơi"), required=False)
    contract_number = forms.CharField(
        label=_("Số hợp đồng (tự nguyện)"), required=False, max_length=50
    )
    confirm_over_capacity = forms.BooleanField(
        label=_("Xác nhận tiếp nhận vượt công suất"), required=False
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    # Fields that belong to one admission kind only: shown for that kind,
    # emptied for the others (a hidden value must not reach the record).
    KIND_FIELDS = {
        "reception_record_number": (AdmissionKind.EMERGENCY,),
        "abandoned_child": (AdmissionKind.EMERGENCY,),
        "contract_number": (AdmissionKind.VOLUNTARY,),
    }

    def __init__(self, *args, referral=None, **kwargs):
        super().__init__(*args, **kwargs)
        if referral is not None:
            # The person comes with the referral: shown by name, never asked.
            del self.fields["beneficiary"]
            if referral.urgency == "normal":
                self.fields["kind"].initial = AdmissionKind.TEMPORARY

    @property
    def chosen_kind(self) -> str:
        if self.is_bound:
            return self.data.get("kind") or self.fields["kind"].initial
        return self.initial.get("kind") or self.fields["kind"].initial

    def rows(self):
        """(field, its kinds as text or "", shown now) for the template: the
        rows of other kinds start hidden; the page's script follows the choice."""
        for field in self.visible_fields():
            kinds = self.KIND_FIELDS.get(field.name)
            yield field, " ".join(kinds or ()), kinds is None or self.chosen_kind in kinds

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        for name, kinds in self.KIND_FIELDS.items():
            if kind not in kinds:
                data[name] = False if name == "abandoned_child" else ""
        return data


class DossierForm(forms.Form):
    beneficiary = forms.IntegerField(label=_("Mã số đối tượng"))
    requested_on = forms.DateField(
        label=_("Ngày nhận hồ sơ"), initial=timezone.localdate, widget=DATE_WIDGET
    )


class DischargeForm(forms.Form):
    discharged_on = forms.DateField(
        label=_("Ngày dừng trợ giúp"), initial=timezone.localdate, widget=DATE_WIDGET
    )
    reason = forms.ChoiceField(label=_("Lý do"), choices=DischargeReason.choices)
    handover_record_number = forms.CharField(
        label=_("Số biên bản bàn giao về xã"), required=False, max_length=50
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class StepForm(forms.Form):
    step = forms.ChoiceField(
        label=_("Bước"),
        choices=[
            ("commune_review", _("Xã xét duyệt")),
            ("posting", _("Kết thúc niêm yết công khai")),
            ("appraisal", _("Sở thẩm định")),
        ],
    )
    on = forms.DateField(label=_("Ngày"), initial=timezone.localdate, widget=DATE_WIDGET)
    without_hiv = forms.BooleanField(
        label=_("Danh sách niêm yết không có thông tin về HIV"), required=False
    )


class DecisionForm(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=50)
    decided_on = forms.DateField(
        label=_("Ngày quyết định"), initial=timezone.localdate, widget=DATE_WIDGET
    )
    admitted_on = forms.DateField(
        label=_("Ngày vào cơ sở"), initial=timezone.localdate, widget=DATE_WIDGET
    )
    confirm_over_capacity = forms.BooleanField(
        label=_("Xác nhận tiếp nhận vượt công suất"), required=False
    )


class DossierDoneForm(forms.Form):
    on = forms.DateField(
        label=_("Ngày hoàn thiện hồ sơ"), initial=timezone.localdate, widget=DATE_WIDGET
    )
    public_notice_on = forms.DateField(
        label=_("Ngày thông báo tìm người thân (trẻ bị bỏ rơi)"), required=False, widget=DATE_WIDGET
    )
