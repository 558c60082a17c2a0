"""Forms of the referral pages: they translate input, the services decide."""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facilities.models import Facility, ServiceType

from ..models import ConsentBasis
from ..models.casework import Urgency
from ..models.referrals import LegalBasis


class ServicePickForm(forms.Form):
    """Step one, a GET: the service decides which providers are offered."""

    service_type = forms.ModelChoiceField(
        label=_("Dịch vụ cần"),
        queryset=ServiceType.objects.filter(is_active=True),
        empty_label=_("— Chọn dịch vụ —"),
    )


class FacilityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} — {obj.commune.name}"


CONSENT_CHOICES = [
    (ConsentBasis.PERSON, ConsentBasis.PERSON.label),
    (ConsentBasis.CHILD_AND_PARENT, ConsentBasis.CHILD_AND_PARENT.label),
    (ConsentBasis.GUARDIAN, ConsentBasis.GUARDIAN.label),
]


class ReferralSendForm(forms.Form):
    """`facilities`: the providers of the chosen service, nearest first
    (selectors.providers_for). The legal basis is never pre-selected: the
    sender says which one holds; consent given now is recorded here too."""

    # Made when the form is first shown and sent with every retry: a double tap sends once.
    client_uuid = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    consent_uuid = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)
    service_type = forms.ModelChoiceField(
        label=_("Dịch vụ cần"),
        queryset=ServiceType.objects.filter(is_active=True),
        widget=forms.HiddenInput,
    )
    to_facility = FacilityChoiceField(
        label=_("Chuyển đến"), queryset=Facility.objects.none(), empty_label=_("— Chọn nơi —")
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
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn căn cứ chia sẻ thông tin.")},
    )
    legal_basis_note = forms.CharField(label=_("Ghi chú căn cứ"), required=False, max_length=300)
    # Consent given now (when none is on file): recorded with the referral.
    consent_basis = forms.ChoiceField(
        label=_("Người đồng ý"),
        choices=CONSENT_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    consent_given_on = forms.DateField(
        label=_("Ngày đồng ý"),
        required=False,
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy"}),
    )
    child_agreed = forms.BooleanField(label=_("Trẻ em đồng ý"), required=False)
    guardian_agreed = forms.BooleanField(label=_("Cha mẹ/người giám hộ đồng ý"), required=False)
    guardian_name = forms.CharField(
        label=_("Họ tên cha mẹ/người giám hộ"), required=False, max_length=200
    )

    SEND_FIELDS = (
        "client_uuid",
        "service_type",
        "to_facility",
        "urgency",
        "reason",
        "legal_basis",
        "legal_basis_note",
    )
    CONSENT_FIELDS = ("consent_basis", "consent_given_on", "child_agreed", "guardian_agreed",
                      "guardian_name")  # fmt: skip

    def __init__(self, *args, facilities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_facility"].queryset = facilities

    def send_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.SEND_FIELDS}

    def consent_data(self) -> dict | None:
        """The consent typed on the form, or None when none was given here."""
        data = self.cleaned_data
        if data.get("legal_basis") != LegalBasis.CONSENT or not data.get("consent_basis"):
            return None
        return {
            "basis": data["consent_basis"],
            "given_on": data["consent_given_on"] or timezone.localdate(),
            "child_agreed": data["child_agreed"],
            "guardian_agreed": data["guardian_agreed"],
            "guardian_name": data["guardian_name"],
            "client_uuid": data["consent_uuid"],
        }


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
