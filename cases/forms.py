"""Forms of the register pages: they translate input, the services decide."""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialwork.areas.selectors import province_communes
from socialwork.datefields import DayFirstDateField
from socialwork.forms import max_length_of

from . import category_ages, selectors
from .models import (
    Beneficiary,
    Category,
    CategoryGroup,
    Consent,
    ConsentBasis,
    DisabilityLevel,
    Ethnicity,
    MaritalStatus,
    SelfCare,
    Sex,
    WorkCapacity,
)
from .models.beneficiaries import NO_CARER_CATEGORY
from .names import name_error


class CategoryChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return obj.name


# The groups a commune registers most (Decree 20 Art. 5: the elderly, people
# with a severe disability, single poor parents, children without support;
# the commune's own "no one to care for them"): shown first, the rest by law.
COMMON_CATEGORIES = ("ND20-5.5", "ND20-5.6", "ND20-5.4", "ND20-5.1", "TE-a", NO_CARER_CATEGORY)

BLANK = ("", _("— Chọn —"))
RELATIONS = (_("Chủ hộ"), _("Vợ"), _("Chồng"), _("Con"), _("Cha"), _("Mẹ"), _("Ông"), _("Bà"),
             _("Cháu"), _("Anh, chị, em"), _("Con dâu, con rể"), _("Người ở nhờ"))  # fmt: skip


def _text(label, max_length=200, **kwargs):
    return forms.CharField(label=label, max_length=max_length, required=False, **kwargs)


def _notes(label, **kwargs):
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": 2}), **kwargs
    )


class BeneficiaryForm(forms.Form):
    """The Circular 02/2020 client record, in the order a commune meets a person:
    who they are, their household, their groups, then (folded) the rest."""

    # The idempotency key: made when the form is first shown, sent with every
    # retry, so a double tap or a resend after a dropped link saves once.
    client_uuid = forms.UUIDField(widget=forms.HiddenInput)
    confirm_distinct = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # The household the person joins (from "add a member" on a household page).
    household = forms.IntegerField(required=False, widget=forms.HiddenInput)
    full_name = forms.CharField(
        label=_("Họ và tên"), max_length=max_length_of(Beneficiary, "full_name"), required=False
    )
    unidentified = forms.BooleanField(
        label=_("Chưa rõ danh tính (ghi những gì đã biết, bổ sung sau)"), required=False
    )
    birth_date = DayFirstDateField(
        label=_("Ngày sinh (dd/mm/yyyy)"),
        required=False,
        past_only=True,
        future_message=_("Ngày sinh không thể ở tương lai."),
    )
    birth_year = forms.IntegerField(
        label=_("hoặc chỉ năm sinh"),
        required=False,
        localize=False,
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
    contact_person = _text(_("Người liên hệ (họ tên, số điện thoại)"))
    commune = forms.ModelChoiceField(label=_("Xã/phường"), queryset=None)
    address = forms.CharField(
        label=_("Địa chỉ (thôn, buôn, tổ dân phố)"),
        max_length=max_length_of(Beneficiary, "address"),
        required=False,
    )
    relation_to_head = forms.CharField(
        label=_("Quan hệ với chủ hộ"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"list": "relations"}),
    )
    categories = CategoryChoiceField(
        label=_("Nhóm đối tượng"),
        queryset=Category.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Under "Thông tin thêm".
    ethnicity = forms.ModelChoiceField(
        label=_("Dân tộc"), queryset=Ethnicity.objects.all(), required=False, empty_label=BLANK[1]
    )
    marital_status = forms.ChoiceField(
        label=_("Tình trạng hôn nhân"), choices=[BLANK, *MaritalStatus.choices], required=False
    )
    education = _text(_("Trình độ học vấn"), 120)
    school = _text(_("Trường đang học (trẻ em, học sinh)"))
    occupation = _text(_("Nghề nghiệp"), 120)
    income = _text(_("Thu nhập (nguồn, mức mỗi tháng)"))
    current_benefits = _notes(_("Chế độ, chính sách đang hưởng"))
    needs = _notes(
        _("Nhu cầu cần hỗ trợ"),
        help_text=_("Ghi nhu cầu cấp thiết nhất trước, mỗi nhu cầu một dòng."),
    )
    old_id_number = forms.CharField(label=_("Số CMND cũ (9 số)"), required=False, max_length=12)
    registered_on = DayFirstDateField(
        label=_("Ngày đăng ký (dd/mm/yyyy)"),
        required=False,
        past_only=True,
        future_message=_("Ngày đăng ký không thể ở tương lai."),
        help_text=_(
            "Ngày người này được phát hiện, đưa vào sổ; để trống là hôm nay. Nhập ngày cũ "
            "khi ghi lại người đã được xác định từ trước."
        ),
    )
    # Under "Sức khỏe, khuyết tật" (sensitive, DOMAIN §8).
    disability_level = forms.ChoiceField(
        label=_("Mức độ khuyết tật"), choices=DisabilityLevel.choices, initial=DisabilityLevel.NONE
    )
    illness_type = _text(_("Dạng tật, loại bệnh"))
    disability_certificate_number = _text(_("Số giấy xác nhận khuyết tật"), 50)
    disability_certificate_date = DayFirstDateField(
        label=_("Ngày cấp giấy xác nhận khuyết tật (dd/mm/yyyy)"),
        required=False,
        past_only=True,
        future_message=_("Ngày cấp giấy xác nhận không thể ở tương lai."),
    )
    health_notes = _notes(_("Tình trạng sức khỏe"))
    treatment_history = _notes(_("Quá trình điều trị"))
    physical_state = _notes(_("Tình trạng thể chất"))
    mental_state = _notes(_("Tình trạng tinh thần"))
    self_care = forms.ChoiceField(
        label=_("Khả năng tự phục vụ"), choices=[BLANK, *SelfCare.choices], required=False
    )
    work_capacity = forms.ChoiceField(
        label=_("Khả năng lao động"), choices=[BLANK, *WorkCapacity.choices], required=False
    )
    # Edit only: the version the edit started from.
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    BASIC = ("full_name", "unidentified", "birth_date", "birth_year", "sex", "cccd", "phone",
             "contact_person", "commune", "address")  # fmt: skip
    MORE = ("ethnicity", "marital_status", "education", "school", "occupation", "income",
            "current_benefits", "needs", "old_id_number", "registered_on")  # fmt: skip
    HEALTH = ("disability_level", "illness_type", "disability_certificate_number",
              "disability_certificate_date", "health_notes", "treatment_history",
              "physical_state", "mental_state", "self_care", "work_capacity")  # fmt: skip

    SENSITIVE = ("ethnicity", *HEALTH)

    def __init__(self, *args, user, sensitive: bool = True, **kwargs):
        """`sensitive=False` (an edit by someone who may not see the person's
        sensitive data): those fields are left out, neither shown nor changed."""
        kwargs.setdefault("initial", {}).setdefault("client_uuid", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.user = user
        if not sensitive:
            for name in self.SENSITIVE:
                del self.fields[name]
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
        self._household = None

    def section(self, names):
        return [self[name] for name in names if name in self.fields]

    def basic_fields(self):
        return self.section(self.BASIC)

    def more_fields(self):
        return self.section(self.MORE)

    def health_fields(self):
        return self.section(self.HEALTH)

    def relations(self):
        return RELATIONS

    def category_groups(self) -> list[tuple[str, list]]:
        """The checkboxes in fieldsets: the common groups, then one per law."""
        boxes = {str(w.data["value"]): w for w in self["categories"]}
        categories = list(self.fields["categories"].queryset)
        common = [c for code in COMMON_CATEGORIES for c in categories if c.code == code]
        groups = [(_("Thường gặp"), common)]
        for value, label in CategoryGroup.choices:
            rest = [c for c in categories if c.group == value and c not in common]
            if rest:
                groups.append((label, rest))
        return [(label, [boxes[str(c.pk)] for c in items]) for label, items in groups]

    def household_obj(self):
        """The household named by the hidden field, within the user's scope."""

        pk = self.initial.get("household") if not self.is_bound else self.data.get("household")
        if not pk or not str(pk).isdigit():
            return None
        if self._household is None or self._household.pk != int(pk):
            self._household = selectors.household_list(actor=self.user).filter(pk=int(pk)).first()
        return self._household

    def clean_household(self):
        pk = self.cleaned_data.get("household")
        if pk is None:
            return None
        household = self.household_obj()
        if household is None:
            raise forms.ValidationError(_("Không tìm thấy hộ gia đình này."))
        return household

    def clean(self):
        data = super().clean()
        if not data.get("unidentified") and not (data.get("full_name") or "").strip():
            self.add_error("full_name", _("Nhập họ tên, hoặc đánh dấu là chưa rõ danh tính."))
        elif data.get("full_name"):
            message = name_error(data["full_name"])
            if message:
                self.add_error("full_name", message)
        if data.get("categories") and not data.get("version"):
            # A new person: their groups start on the registration day (empty: today).
            # An edit is checked by the service, which knows the kept day.
            for message in category_ages.age_errors(
                data["categories"],
                birth_date=data.get("birth_date"),
                birth_year=data.get("birth_year"),
                on=data.get("registered_on") or timezone.localdate(),
            ):
                self.add_error("categories", message)
        return data

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        values = {
            k: data[k]
            for k in (*self.BASIC, *self.MORE, *self.HEALTH, "relation_to_head")
            if k not in ("unidentified", "registered_on") and k in data
        }
        values["identified"] = not data["unidentified"]
        values["categories"] = list(data["categories"])
        if data.get("household") is not None:
            values["household"] = data["household"]
        # Empty on a new person: the service's today. Empty on an edit: kept.
        if data.get("registered_on") or not data.get("version"):
            values["registered_on"] = data.get("registered_on")
        return values


class ConsentForm(forms.Form):
    client_uuid = forms.UUIDField(widget=forms.HiddenInput)
    basis = forms.ChoiceField(
        label=_("Căn cứ"), choices=ConsentBasis.choices, widget=forms.RadioSelect
    )
    given_on = DayFirstDateField(
        label=_("Ngày (dd/mm/yyyy)"),
        past_only=True,
        future_message=_("Ngày đồng ý không thể ở tương lai."),
    )
    child_agreed = forms.BooleanField(label=_("Trẻ em đồng ý"), required=False)
    guardian_agreed = forms.BooleanField(label=_("Cha mẹ/người giám hộ đồng ý"), required=False)
    guardian_name = forms.CharField(
        label=_("Họ tên cha mẹ/người giám hộ"),
        required=False,
        max_length=max_length_of(Consent, "guardian_name"),
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=max_length_of(Consent, "note")
    )

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


class HouseholdForm(forms.Form):
    """A household's own fields (Circular 02/2020: its size and livelihood)."""

    client_uuid = forms.UUIDField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    address = forms.CharField(
        label=_("Địa chỉ (thôn, buôn, tổ dân phố)"), max_length=300, required=False
    )
    code = forms.CharField(label=_("Mã hộ (nếu có)"), max_length=30, required=False)
    size = forms.IntegerField(
        label=_("Số nhân khẩu"),
        required=False,
        min_value=1,
        max_value=99,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    livelihood = forms.CharField(label=_("Nguồn sống chính của hộ"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("client_uuid", uuid.uuid4())
        super().__init__(*args, **kwargs)


class HouseholdMemberForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    former_relation = forms.CharField(
        label=_("Quan hệ của chủ hộ cũ với chủ hộ mới"), max_length=40, required=False
    )
