"""Forms of the allowance pages: they translate input, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Group, PaymentMethod, StandardLevel, SubCase


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


# Rates (department staff). Amounts and dates are not required here: the
# services say what is missing, in the same words as for the API.


class StandardLevelForm(forms.Form):
    scope = forms.ChoiceField(label=_("Phạm vi"), choices=StandardLevel.Scope.choices)
    amount = forms.IntegerField(label=_("Mức chuẩn (đồng/tháng)"), required=False)
    valid_from = forms.DateField(
        label=_("Áp dụng từ ngày"), required=False, widget=DateInput(format="%Y-%m-%d")
    )
    legal_basis = forms.CharField(
        label=_("Căn cứ pháp lý"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    confirmed = forms.BooleanField(
        label=_("Đã đối chiếu văn bản (áp dụng khi lập danh sách)"), required=False, initial=True
    )


def _coefficient_field():
    return forms.DecimalField(label=_("Hệ số"), required=False, max_digits=4, decimal_places=2)


def _age_field(label):
    return forms.IntegerField(label=label, required=False)


class CoefficientForm(forms.Form):
    group = forms.ChoiceField(label=_("Nhóm đối tượng"), choices=Group.choices)
    sub_case = forms.ChoiceField(
        label=_("Trường hợp (nhóm 5.1)"), choices=SubCase.choices, required=False
    )
    min_age = _age_field(_("Từ tuổi (để trống: không giới hạn)"))
    max_age = _age_field(_("Dưới tuổi (để trống: không giới hạn)"))
    coefficient = _coefficient_field()
    valid_from = forms.DateField(
        label=_("Áp dụng từ ngày"), required=False, widget=DateInput(format="%Y-%m-%d")
    )
    valid_to = forms.DateField(
        label=_("Áp dụng đến ngày (để trống: chưa hết)"),
        required=False,
        widget=DateInput(format="%Y-%m-%d"),
    )
    legal_basis = forms.CharField(label=_("Căn cứ pháp lý"), required=False, max_length=300)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    needs_review = forms.BooleanField(label=_("Cần đối chiếu văn bản"), required=False)


class CoefficientEditForm(CoefficientForm):
    group = None
    sub_case = None


class CoefficientChangeForm(forms.Form):
    coefficient = _coefficient_field()
    valid_from = forms.DateField(
        label=_("Hệ số mới áp dụng từ ngày"), required=False, widget=DateInput(format="%Y-%m-%d")
    )
    legal_basis = forms.CharField(label=_("Căn cứ pháp lý"), required=False, max_length=300)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PaymentAccountForm(forms.Form):
    method = forms.ChoiceField(label=_("Hình thức chi trả"), choices=PaymentMethod.choices)
    bank_name = forms.CharField(label=_("Ngân hàng"), required=False, max_length=120)
    account_number = forms.CharField(label=_("Số tài khoản"), required=False, max_length=30)
    account_holder = forms.CharField(label=_("Chủ tài khoản"), required=False, max_length=200)


class CardIssueForm(forms.Form):
    card_number = forms.CharField(label=_("Mã thẻ BHYT"), max_length=20)
    issued_on = forms.DateField(label=_("Ngày cấp"), widget=DateInput(format="%Y-%m-%d"))
    valid_to = forms.DateField(
        label=_("Hạn thẻ"), required=False, widget=DateInput(format="%Y-%m-%d")
    )
