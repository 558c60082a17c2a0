"""Forms of the allowance pages: they translate input, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Group, SubCase


class DateInput(forms.DateInput):
    input_type = "date"


class ApplicationForm(forms.Form):
    group = forms.ChoiceField(label=_("Nhóm đối tượng"), choices=Group.choices)
    sub_case = forms.ChoiceField(
        label=_("Trường hợp (nhóm 5.1)"), choices=SubCase.choices, required=False
    )
    filed_on = forms.DateField(label=_("Ngày nộp"), widget=DateInput(format="%Y-%m-%d"))
    village = forms.CharField(label=_("Thôn/tổ dân phố"), required=False, max_length=120)
    children_count = forms.IntegerField(
        label=_("Số con đang nuôi (nhóm 5.4)"), min_value=0, initial=0
    )
    disability_certified_on = forms.DateField(
        label=_("Ngày cấp giấy xác nhận khuyết tật"),
        required=False,
        widget=DateInput(format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(label=_("Ngày xét"), widget=DateInput(format="%Y-%m-%d"))
    eligible = forms.TypedChoiceField(
        label=_("Kết quả"),
        choices=[("1", _("Đủ điều kiện: niêm yết công khai")), ("0", _("Không đủ điều kiện"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label=_("Lý do (nếu không đủ điều kiện)"), required=False)


class DecideForm(forms.Form):
    decided_on = forms.DateField(label=_("Ngày quyết định"), widget=DateInput(format="%Y-%m-%d"))
    approve = forms.TypedChoiceField(
        label=_("Quyết định"),
        choices=[("1", _("Cho hưởng trợ cấp")), ("0", _("Không cho hưởng"))],
        coerce=lambda v: v == "1",
    )
    decision_number = forms.CharField(label=_("Số quyết định"), required=False, max_length=60)
    reason = forms.CharField(label=_("Lý do (nếu không cho hưởng)"), required=False)


class ObjectionForm(forms.Form):
    received_on = forms.DateField(
        label=_("Ngày nhận khiếu nại"), widget=DateInput(format="%Y-%m-%d")
    )
    summary = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 2}))


class GenerateForm(forms.Form):
    month = forms.DateField(
        label=_("Tháng (ngày bất kỳ trong tháng)"), widget=DateInput(format="%Y-%m-%d")
    )


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2021, max_value=2100)
    half = forms.TypedChoiceField(
        label=_("Kỳ"),
        choices=[("", _("Cả năm")), ("1", _("6 tháng đầu năm")), ("2", _("6 tháng cuối năm"))],
        coerce=int,
        empty_value=None,
        required=False,
    )
