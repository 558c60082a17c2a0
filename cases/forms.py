"""Forms of the register pages: they translate input, the services decide."""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialwork.areas.selectors import province_communes

from .models import Category, ConsentBasis, DisabilityLevel, Ethnicity, MaritalStatus, Sex


class CategoryChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return obj.name


class BeneficiaryForm(forms.Form):
    # The idempotency key: made when the form is first shown, sent with every
    # retry, so a double tap or a resend after a dropped link saves once.
    client_uuid = forms.UUIDField(widget=forms.HiddenInput)
    confirm_distinct = forms.BooleanField(required=False, widget=forms.HiddenInput)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200, required=False)
    unidentified = forms.BooleanField(
        label=_("Chưa rõ danh tính (ghi những gì đã biết, bổ sung sau)"), required=False
    )
    birth_date = forms.DateField(
        label=_("Ngày sinh (dd/mm/yyyy)"),
        required=False,
        widget=forms.DateInput(attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy"}),
    )
    birth_year = forms.IntegerField(
        label=_("hoặc chỉ năm sinh"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    sex = forms.ChoiceField(
        label=_("Giới tính"), choices=[("", _("Chưa rõ")), *Sex.choices], required=False
    )
    cccd = forms.CharField(
        label=_("Số CCCD (12 số)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Số điện thoại"), required=False, max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )  # fmt: skip
    commune = forms.ModelChoiceField(label=_("Xã/phường"), queryset=None)
    address = forms.CharField(label=_("Địa chỉ (thôn, buôn, tổ dân phố)"), required=False)
    categories = CategoryChoiceField(
        label=_("Nhóm đối tượng"),
        queryset=Category.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    ethnicity = forms.ModelChoiceField(
        label=_("Dân tộc"), queryset=Ethnicity.objects.all(), required=False
    )
    disability_level = forms.ChoiceField(
        label=_("Mức độ khuyết tật"), choices=DisabilityLevel.choices, initial=DisabilityLevel.NONE
    )
    old_id_number = forms.CharField(label=_("Số CMND cũ (9 số)"), required=False, max_length=12)
    marital_status = forms.ChoiceField(
        label=_("Tình trạng hôn nhân"), choices=[("", "—"), *MaritalStatus.choices], required=False
    )
    occupation = forms.CharField(label=_("Nghề nghiệp"), required=False, max_length=120)
    health_notes = forms.CharField(
        label=_("Tình trạng sức khỏe, khuyết tật"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    # Under "Thông tin thêm": most people are registered the day they are met.
    registered_on = forms.DateField(
        label=_("Ngày đăng ký (dd/mm/yyyy)"),
        required=False,
        help_text=_(
            "Ngày người này được phát hiện, đưa vào sổ; để trống là hôm nay. Nhập ngày cũ "
            "khi ghi lại người đã được xác định từ trước."
        ),
        widget=forms.DateInput(attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy"}),
    )
    # Edit only: the version the edit started from.
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("client_uuid", uuid.uuid4())
        super().__init__(*args, **kwargs)
        communes = province_communes()
        if user.is_commune_level:
            communes = communes.filter(pk=user.area_id)
            self.fields["commune"].initial = user.area_id
        self.fields["commune"].queryset = communes
        # Top-level groups keep the phone form short; sub-cases are added on the
        # person's page by the staff who decide them.
        self.fields["categories"].queryset = Category.objects.filter(
            active=True, parent__isnull=True
        )

    def clean(self):
        data = super().clean()
        if not data.get("unidentified") and not (data.get("full_name") or "").strip():
            self.add_error("full_name", _("Nhập họ tên, hoặc đánh dấu là chưa rõ danh tính."))
        return data

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        values = {
            k: data[k]
            for k in (
                "full_name", "birth_date", "birth_year", "sex", "cccd", "phone", "commune",
                "address", "ethnicity", "disability_level", "old_id_number", "marital_status",
                "occupation", "health_notes",
            )
        }  # fmt: skip
        values["identified"] = not data["unidentified"]
        values["categories"] = list(data["categories"])
        # Empty on a new person: the service's today. Empty on an edit: kept.
        if data.get("registered_on") or not data.get("version"):
            values["registered_on"] = data.get("registered_on")
        return values


class ConsentForm(forms.Form):
    client_uuid = forms.UUIDField(widget=forms.HiddenInput)
    basis = forms.ChoiceField(
        label=_("Căn cứ"), choices=ConsentBasis.choices, widget=forms.RadioSelect
    )
    given_on = forms.DateField(label=_("Ngày (dd/mm/yyyy)"))
    child_agreed = forms.BooleanField(label=_("Trẻ em đồng ý"), required=False)
    guardian_agreed = forms.BooleanField(label=_("Cha mẹ/người giám hộ đồng ý"), required=False)
    guardian_name = forms.CharField(label=_("Họ tên cha mẹ/người giám hộ"), required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("client_uuid", uuid.uuid4())
        super().__init__(*args, **kwargs)


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Ngày rút lại (dd/mm/yyyy)"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("withdrawn_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class MergeForm(forms.Form):
    other_id = forms.IntegerField(label=_("Số hồ sơ trùng (sẽ gộp vào hồ sơ này)"), min_value=1)
