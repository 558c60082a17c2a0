from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PublicHoliday


class PublicHolidayForm(forms.ModelForm):
    class Meta:
        model = PublicHoliday
        fields = ["date", "name", "kind", "confirmed", "note"]
        widgets = {"date": forms.DateInput(attrs={"placeholder": _("dd/mm/yyyy")})}
        error_messages = {"date": {"unique": _("Ngày này đã có trong lịch.")}}
