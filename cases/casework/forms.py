"""Forms of the case pages: they translate input, the services decide. Every
create carries an idempotency key; every edit the version it began from."""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facilities.models import ServiceType

from ..models import (
    AssessmentKind,
    ClosureReason,
    ConfidentialityReason,
    IntakeSource,
    ReviewOutcome,
    RiskLevel,
    Urgency,
)

DATE = forms.DateInput(attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy"})
DATETIME = forms.DateTimeInput(attrs={"placeholder": "dd/mm/yyyy hh:mm"})


class KeyedForm(forms.Form):
    # Made when the form is first shown and sent with every retry: a double tap saves once.
    client_uuid = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class CaseOpenForm(KeyedForm):
    beneficiary = forms.IntegerField(
        label=_("Mã số đối tượng"), widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    source = forms.ChoiceField(label=_("Nguồn tiếp nhận"), choices=IntakeSource.choices)
    call_reference = forms.CharField(
        label=_("Số tham chiếu cuộc gọi"), required=False, max_length=50
    )
    reported_at = forms.DateTimeField(
        label=_("Thời điểm nhận thông tin"), widget=DATETIME, initial=timezone.now
    )
    summary = forms.CharField(
        label=_("Nội dung thông tin"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    reporter_name = forms.CharField(label=_("Người báo tin"), required=False, max_length=200)
    reporter_phone = forms.CharField(
        label=_("Điện thoại người báo tin"), required=False, max_length=15
    )
    is_child_protection = forms.BooleanField(label=_("Bảo vệ trẻ em"), required=False)
    needs_emergency_protection = forms.BooleanField(
        label=_("Trẻ em cần bảo vệ khẩn cấp (12 giờ)"), required=False
    )
    urgency = forms.ChoiceField(
        label=_("Mức độ khẩn"), choices=Urgency.choices, initial=Urgency.NORMAL
    )
    confidential = forms.BooleanField(
        label=_("Bảo mật (xâm hại, bạo lực, mua bán người)"), required=False
    )
    confidentiality_reason = forms.ChoiceField(
        label=_("Lý do bảo mật"),
        choices=[("", "—"), *ConfidentialityReason.choices],
        required=False,
    )


class CaseEditForm(VersionedForm):
    summary = forms.CharField(
        label=_("Nội dung thông tin"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    urgency = forms.ChoiceField(label=_("Mức độ khẩn"), choices=Urgency.choices)


class WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj} ({obj.get_role_display()})"


class AssignForm(VersionedForm):
    """Pick the worker from the case commune's collaborators and officials
    (`workers`: selectors.assignable_workers); empty unassigns."""

    worker = WorkerChoiceField(
        label=_("Người phụ trách"),
        queryset=None,
        required=False,
        empty_label=_("— Chưa giao —"),
        error_messages={"invalid_choice": _("Hãy chọn người phụ trách trong danh sách.")},
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers


class MoveForm(VersionedForm):
    note = forms.CharField(
        label=_("Ghi chú / lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.ChoiceField(
        label=_("Lý do đóng"), choices=[("", "—"), *ClosureReason.choices], required=False
    )


class EventForm(KeyedForm):
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class HomeVisitForm(EventForm):
    """A home visit: what was said and done, what was seen, what comes next."""

    note = forms.CharField(
        label=_("Ghi chép lần thăm"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )
    observations = forms.CharField(
        label=_("Quan sát (nơi ở, sức khỏe, an toàn)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
    )
    next_step = forms.CharField(
        label=_("Bước tiếp theo"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class ServiceForm(KeyedForm):
    service_type = forms.ModelChoiceField(
        label=_("Dịch vụ"),
        queryset=ServiceType.objects.filter(is_active=True),
        to_field_name="code",
    )
    delivered_on = forms.DateField(label=_("Ngày"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)


class AssessmentForm(KeyedForm):
    kind = forms.ChoiceField(label=_("Loại đánh giá"), choices=AssessmentKind.choices)
    assessed_on = forms.DateField(label=_("Ngày đánh giá"), widget=DATE, initial=timezone.localdate)
    risk_level = forms.ChoiceField(
        label=_("Mức độ nguy cơ"), choices=[("", "—"), *RiskLevel.choices], required=False
    )
    immediate_danger = forms.BooleanField(label=_("Có nguy cơ tổn hại ngay"), required=False)
    physical_state = forms.CharField(
        label=_("Tình trạng thể chất"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    psychological_state = forms.CharField(
        label=_("Tình trạng tâm lý, tình cảm"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    family_situation = forms.CharField(
        label=_("Hoàn cảnh gia đình, khả năng bảo vệ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    risk_factors = forms.CharField(
        label=_("Các yếu tố nguy cơ"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    needs = forms.CharField(
        label=_("Nhu cầu"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    child_views = forms.CharField(
        label=_("Ý kiến của trẻ em"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    conclusion = forms.CharField(
        label=_("Kết luận, đề xuất"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    meeting_on = forms.DateField(
        label=_("Ngày họp trường hợp (Chủ tịch UBND xã chủ trì; bắt buộc với Mẫu 03 của trẻ em)"),
        widget=DATE,
        required=False,
    )


class PlanForm(KeyedForm):
    goals = forms.CharField(label=_("Mục tiêu"), widget=forms.Textarea(attrs={"rows": 3}))
    conference_on = forms.DateField(label=_("Ngày họp trường hợp"), widget=DATE, required=False)
    action = forms.CharField(label=_("Hoạt động"), max_length=500)
    responsible = forms.CharField(label=_("Người/đơn vị thực hiện"), max_length=200)
    due_on = forms.DateField(label=_("Hạn hoàn thành"), widget=DATE)
    cost_estimate = forms.IntegerField(label=_("Dự trù kinh phí (đồng)"), min_value=0, initial=0)


class SignForm(VersionedForm):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=50, required=False)
    comments = forms.CharField(
        label=_("Ý kiến (khi trả lại)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SeparationForm(KeyedForm):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=50, required=False)
    on_paper = forms.BooleanField(
        label=_("Đã ký trên giấy, chưa có số (vào số khi đính kèm bản quét)"), required=False
    )
    starts_on = forms.DateField(label=_("Từ ngày"), widget=DATE, initial=timezone.localdate)
    ends_on = forms.DateField(label=_("Đến ngày"), widget=DATE)
    place = forms.CharField(label=_("Nơi ở an toàn"), max_length=300)
    extension_basis = forms.CharField(
        label=_("Căn cứ gia hạn (nếu quá 15 ngày)"), required=False, max_length=300
    )


class PaperScanForm(forms.Form):
    scan = forms.FileField(label=_("Bản quét quyết định đã ký (PDF hoặc ảnh JPEG)"))


class SeparationExtendForm(forms.Form):
    ends_on = forms.DateField(label=_("Gia hạn đến ngày"), widget=DATE)
    extension_basis = forms.CharField(
        label=_("Căn cứ gia hạn (yêu cầu của cơ quan có thẩm quyền)"), max_length=300
    )


class SeparationLiftForm(forms.Form):
    """`assessments`: the case's needs assessments and re-assessments (Mẫu 03)."""

    assessment = forms.ModelChoiceField(
        label=_("Đánh giá lại làm căn cứ chấm dứt"),
        queryset=None,
        error_messages={"invalid_choice": _("Hãy chọn một đánh giá lại của trường hợp này.")},
    )

    def __init__(self, *args, assessments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessment"].queryset = assessments


class ReviewForm(KeyedForm):
    reviewed_on = forms.DateField(label=_("Ngày rà soát"), widget=DATE, initial=timezone.localdate)
    findings = forms.CharField(
        label=_("Kết quả thực hiện kế hoạch"), widget=forms.Textarea(attrs={"rows": 3})
    )
    safe_and_stable = forms.BooleanField(label=_("Đã an toàn, ổn định"), required=False)
    outcome = forms.ChoiceField(label=_("Đề xuất"), choices=ReviewOutcome.choices)
