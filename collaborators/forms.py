"""Forms of the collaborator pages: they translate input; services decide."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from socialwork.areas.models import AdministrativeUnit, Level
from socialwork.areas.selectors import province_communes

from .models import Organisation, Qualification, Sex, Topic


class DateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, **kwargs):
        kwargs.setdefault("attrs", {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
        kwargs.setdefault("format", "%d/%m/%Y")
        super().__init__(**kwargs)


class CollaboratorForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20)
    # Any unit may be posted; the service refuses one outside the province with its message.
    commune = forms.ModelChoiceField(label=_("Xã/phường"), queryset=None)
    village = forms.CharField(label=_("Thôn, buôn, tổ dân phố"), max_length=120, required=False)
    birth_year = forms.IntegerField(
        label=_("Năm sinh"), min_value=1900, max_value=2100, required=False
    )
    sex = forms.ChoiceField(label=_("Giới tính"), choices=[("", "—"), *Sex.choices], required=False)
    organisation = forms.ChoiceField(label=_("Tổ chức"), choices=Organisation.choices)
    appointment_number = forms.CharField(
        label=_("Số quyết định công nhận"), max_length=50, required=False
    )
    appointment_date = forms.DateField(
        label=_("Ngày quyết định"), required=False, widget=DateInput()
    )
    started_on = forms.DateField(label=_("Ngày bắt đầu"), widget=DateInput())
    qualification = forms.ChoiceField(label=_("Trình độ CTXH"), choices=Qualification.choices)
    monthly_allowance = forms.IntegerField(
        label=_("Phụ cấp hằng tháng (đồng)"), min_value=0, initial=0
    )

    def __init__(self, *args, fields=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = AdministrativeUnit.objects.filter(level=Level.COMMUNE)
        self.fields["commune"].choices = [("", "—")] + [(c.pk, c.name) for c in province_communes()]
        if fields is not None:
            for name in list(self.fields):
                if name not in fields:
                    del self.fields[name]

    def add_service_errors(self, exc: ValidationError) -> None:
        for field, messages in exc.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)


class EndForm(forms.Form):
    ended_on = forms.DateField(label=_("Ngày nghỉ"), widget=DateInput())
    reason = forms.CharField(label=_("Lý do nghỉ"), max_length=255)

    add_service_errors = CollaboratorForm.add_service_errors


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Tên khóa học"), max_length=200)
    topic = forms.ChoiceField(label=_("Chủ đề"), choices=Topic.choices)
    organiser = forms.CharField(label=_("Đơn vị tổ chức"), max_length=200, required=False)
    starts_on = forms.DateField(label=_("Ngày bắt đầu"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ngày kết thúc"), widget=DateInput())
    hours = forms.IntegerField(label=_("Số giờ"), min_value=1, max_value=5000)
    place = forms.CharField(label=_("Địa điểm"), max_length=200, required=False)

    add_service_errors = CollaboratorForm.add_service_errors


class AttendanceForm(forms.Form):
    phone = forms.CharField(label=_("Số điện thoại của cộng tác viên"), max_length=20)
    completed = forms.BooleanField(label=_("Hoàn thành"), required=False)
    certificate_number = forms.CharField(label=_("Số chứng chỉ"), max_length=50, required=False)
    practice_hours = forms.IntegerField(label=_("Số giờ thực hành"), min_value=0, initial=0)
    cpd_credits = forms.DecimalField(
        label=_("Tín chỉ cập nhật kiến thức"),
        min_value=0,
        max_digits=5,
        decimal_places=1,
        initial=0,
        localize=True,  # "1,5" as Vietnamese write it
    )

    add_service_errors = CollaboratorForm.add_service_errors


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))
