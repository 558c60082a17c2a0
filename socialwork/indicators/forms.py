"""Forms of the indicator pages: they translate input; services decide."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from socialwork.areas.selectors import portal_province, province_communes

from . import catalogue
from .periods import Period, parse_period


class PeriodField(forms.Field):
    """ "2025" (a year) or "2025-06" (a month), in the configured period mode."""

    default_error_messages = {
        "invalid": _("Kỳ không hợp lệ: nhập năm (2025) hoặc tháng (2025-06)."),
    }

    def to_python(self, value) -> Period | None:
        value = (value or "").strip() if isinstance(value, str) else value
        if not value:
            return None
        if len(value) > 7:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            period = parse_period(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not 2020 <= period.year <= 2100:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return period


class RecomputeForm(forms.Form):
    period = PeriodField(label=_("Kỳ"))


class LockForm(forms.Form):
    period = PeriodField(label=_("Kỳ"))
    reason = forms.CharField(label=_("Lý do"), max_length=300, required=False)


class UnlockForm(forms.Form):
    period = PeriodField(label=_("Kỳ"))
    reason = forms.CharField(label=_("Lý do mở khóa"), max_length=300)


def _unit_choices():
    province = portal_province()
    choices = [(province.pk, province.name)] if province else []
    return choices + [(u.pk, u.name) for u in province_communes()]


class TargetForm(forms.Form):
    code = forms.ChoiceField(label=_("Chỉ tiêu"))
    unit = forms.TypedChoiceField(label=_("Đơn vị"), coerce=int)
    year = forms.IntegerField(label=_("Năm"), min_value=2020, max_value=2100)
    value = forms.DecimalField(label=_("Giá trị"), max_digits=12, decimal_places=2)
    confirmed = forms.BooleanField(label=_("Đã xác nhận"), required=False, initial=True)
    source_note = forms.CharField(label=_("Nguồn"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [
            (i.code, f"{i.code} – {i.name}") for i in catalogue.all_indicators() if i.has_targets
        ]
        self.fields["unit"].choices = _unit_choices()

    def clean_value(self) -> Decimal:
        return self.cleaned_data["value"]
