"""Forms of the referral pages: they translate input, the services decide."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from facilities.models import Facility, ServiceType

from ..models.casework import Urgency
from ..models.referrals import LegalBasis


class ReferralSendForm(forms.Form):
    # Made when the form is first shown and sent with every retry: a double tap sends once.
    client_uuid = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    service_type = forms.ModelChoiceField(
        label=_("Dịch vụ cần"), queryset=ServiceType.objects.filter(is_active=True)
    )
    to_facility = forms.ModelChoiceField(
        label=_("Chuyển đến"), queryset=Facility.objects.filter(is_active=True).order_by("name")
    )
    urgency = forms.ChoiceField(
        label=_("Mức độ khẩn"),
        choices=Urgency.choices,
        initial=Urgency.NORMAL,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Lý do chuyển gửi"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    legal_basis = forms.ChoiceField(
        label=_("Căn cứ chia sẻ thông tin"),
        choices=LegalBasis.choices,
        initial=LegalBasis.CONSENT,
        widget=forms.RadioSelect,
    )
    legal_basis_note = forms.CharField(label=_("Ghi chú căn cứ"), required=False, max_length=300)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class FeedbackForm(forms.Form):
    feedback = forms.CharField(
        label=_("Phản hồi kết quả cho người gửi"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )
