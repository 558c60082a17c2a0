"""Forms of the hotline pages: they translate input, the services decide."""

from __future__ import annotations

import uuid

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facilities.models import Facility, FacilityKind
from socialwork.accounts.models import Role
from socialwork.areas.selectors import province_communes

from ..models.casework import Urgency
from ..models.hotline import CallerType, CallIssue, CallKind


class CallForm(forms.Form):
    client_uuid = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    kind = forms.ChoiceField(
        label=_("Loại cuộc gọi"), choices=CallKind.choices, widget=forms.RadioSelect
    )
    received_at = forms.DateTimeField(
        label=_("Thời điểm nhận cuộc gọi"),
        initial=timezone.now,
        widget=forms.DateTimeInput(attrs={"placeholder": "dd/mm/yyyy hh:mm"}),
    )
    caller_type = forms.ChoiceField(label=_("Người gọi"), choices=CallerType.choices)
    issue = forms.ChoiceField(label=_("Vấn đề"), choices=CallIssue.choices)
    urgency = forms.ChoiceField(
        label=_("Mức độ khẩn"), choices=Urgency.choices, initial=Urgency.NORMAL
    )
    call_reference = forms.CharField(
        label=_("Số tham chiếu cuộc gọi"), required=False, max_length=50
    )
    from_111 = forms.BooleanField(label=_("Do Tổng đài 111 chuyển đến"), required=False)
    reporter_name = forms.CharField(
        label=_("Người báo tin (bảo mật)"), required=False, max_length=200
    )
    reporter_phone = forms.CharField(
        label=_("Điện thoại người báo tin"), required=False, max_length=15
    )
    summary = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}))
    commune = forms.ModelChoiceField(
        label=_("Xã, phường của người được báo tin"), queryset=province_communes(), required=False
    )
    possible_crime = forms.BooleanField(label=_("Có dấu hiệu tội phạm"), required=False)
    advice_note = forms.CharField(
        label=_("Nội dung tư vấn"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    facility = forms.ModelChoiceField(
        label=_("Đơn vị tiếp nhận cuộc gọi"),
        queryset=Facility.objects.none(),
        empty_label=_("— Chọn đơn vị tiếp nhận —"),
        error_messages={"required": _("Chọn đơn vị tiếp nhận cuộc gọi.")},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = province_communes()
        if user is not None and receiving_unit_chosen_by(user):
            # Department staff log a call on behalf of the unit that took it.
            self.fields["facility"].queryset = receiving_units()
        else:
            # A hotline unit's own staff: their unit, not a choice.
            del self.fields["facility"]


def receiving_unit_chosen_by(user) -> bool:
    return user.role in (Role.DEPARTMENT, Role.ADMIN) or user.is_superuser


def receiving_units():
    """The units that take hotline calls: those with a hotline number, and the
    Social Work Centre."""
    return (
        Facility.objects.filter(is_active=True)
        .filter(~Q(hotline="") | Q(kind=FacilityKind.SOCIAL_WORK_CENTRE))
        .order_by("name")
    )


class OpenCaseForm(forms.Form):
    beneficiary = forms.IntegerField(label=_("Mã số đối tượng (nếu đã có)"), required=False)
    full_name = forms.CharField(label=_("Họ và tên (nếu biết)"), required=False, max_length=200)
    birth_year = forms.IntegerField(label=_("Năm sinh (ước tính)"), required=False, min_value=1900)
    description = forms.CharField(
        label=_("Đặc điểm nhận dạng, nơi ở"), required=False, max_length=300
    )
    is_child = forms.BooleanField(label=_("Trẻ em"), required=False, initial=True)
    needs_emergency_protection = forms.BooleanField(
        label=_("Trẻ em cần bảo vệ khẩn cấp (12 giờ)"), required=False
    )


class PoliceForm(forms.Form):
    police_unit = forms.CharField(label=_("Đơn vị công an đã báo"), max_length=200)
