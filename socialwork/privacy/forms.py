from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialwork.accounts.models import User
from socialwork.accounts.phones import normalize_phone

from .models import BreachStatus, DataBreach, SubjectRequest

_WHEN = {"placeholder": "dd/mm/yyyy hh:mm"}


class BreachForm(forms.Form):
    detected_at = forms.DateTimeField(
        label=DataBreach._meta.get_field("detected_at").verbose_name,
        initial=timezone.now,
        widget=forms.DateTimeInput(attrs=_WHEN),
    )
    summary = forms.CharField(
        label=DataBreach._meta.get_field("summary").verbose_name,
        max_length=DataBreach._meta.get_field("summary").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    data_kinds = forms.CharField(
        label=DataBreach._meta.get_field("data_kinds").verbose_name,
        max_length=DataBreach._meta.get_field("data_kinds").max_length,
        help_text=DataBreach._meta.get_field("data_kinds").help_text,
    )
    suspected_login = forms.CharField(
        label=_("Tài khoản nghi bị lạm dụng (tên đăng nhập hoặc số điện thoại)"),
        required=False,
        max_length=150,
    )
    window_start = forms.DateTimeField(
        label=DataBreach._meta.get_field("window_start").verbose_name,
        required=False,
        widget=forms.DateTimeInput(attrs=_WHEN),
    )
    window_end = forms.DateTimeField(
        label=DataBreach._meta.get_field("window_end").verbose_name,
        required=False,
        widget=forms.DateTimeInput(attrs=_WHEN),
    )
    estimated_subjects = forms.IntegerField(
        label=DataBreach._meta.get_field("estimated_subjects").verbose_name,
        required=False,
        min_value=0,
        max_value=10_000_000,
    )

    def clean_suspected_login(self):
        login = self.cleaned_data["suspected_login"].strip()
        if not login:
            return None
        match = Q(username__iexact=login)
        if phone := normalize_phone(login):
            match |= Q(phone=phone)
        users = list(User.objects.filter(match)[:2])
        if len(users) != 1:
            raise forms.ValidationError(_("Không tìm thấy tài khoản này."))
        return users[0]


class AdvanceForm(forms.Form):
    to = forms.ChoiceField(choices=BreachStatus.choices, widget=forms.HiddenInput)
    at = forms.DateTimeField(
        label=_("Thời điểm"), initial=timezone.now, widget=forms.DateTimeInput(attrs=_WHEN)
    )
    reference = forms.CharField(label=_("Số văn bản"), required=False, max_length=100)
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# --- Data-subject requests -----------------------------------------------------------------


def _model_field(name: str):

    return SubjectRequest._meta.get_field(name)


class SubjectRequestForm(forms.ModelForm):
    """Lengths and choices come from the model: one validation truth."""

    person_id = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        from .models import SubjectRequest

        model = SubjectRequest
        fields = [
            "person_id",
            "requester_name",
            "requester_contact",
            "relation",
            "identity_check",
            "identity_note",
            "right",
            "details",
            "requester_alleged_abuser",
            "received_on",
        ]
        widgets = {
            "details": forms.Textarea(attrs={"rows": 3}),
            "received_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        }


class ExtendForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do gia hạn"), max_length=_model_field("extension_reason").max_length
    )


class CloseForm(forms.Form):
    refused = forms.BooleanField(label=_("Từ chối yêu cầu"), required=False)
    text = forms.CharField(
        label=_("Kết quả giải quyết hoặc lý do từ chối"),
        max_length=_model_field("outcome").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
