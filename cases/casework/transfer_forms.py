"""Forms of the reassignment and transfer pages (cases/casework/transfer_views.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from socialwork.accounts.models import User
from socialwork.areas.models import AdministrativeUnit


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        area = f" — {obj.area.name}" if obj.area_id else ""
        return f"{obj.get_full_name() or obj.username} ({obj.get_role_display()}){area}"


class ReassignForm(forms.Form):
    leaving = _PersonChoice(
        label=_("Người nghỉ việc, chuyển công tác"), queryset=User.objects.none(),
        empty_label=_("— chọn người —"),
    )  # fmt: skip
    successor = _PersonChoice(
        label=_("Người nhận các trường hợp"), queryset=User.objects.none(),
        empty_label=_("— chọn người —"),
    )  # fmt: skip
    reason = forms.CharField(
        label=_("Lý do (ghi vào lịch sử từng trường hợp)"), max_length=300,
        widget=forms.TextInput(attrs={"placeholder": _("Nghỉ việc từ 01/12/2026")}),
    )  # fmt: skip

    def __init__(self, *args, leaving, successors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leaving"].queryset = leaving.select_related("area")
        self.fields["successor"].queryset = successors.select_related("area")


class TransferForm(forms.Form):
    WITHIN, OUTSIDE = "within", "outside"
    destination = forms.ChoiceField(
        label=_("Chuyển đến"),
        choices=[
            (WITHIN, _("Một xã/phường khác trong tỉnh")),
            (OUTSIDE, _("Tỉnh, thành phố khác")),
        ],
        widget=forms.RadioSelect, initial=WITHIN,
    )  # fmt: skip
    to_commune = forms.ModelChoiceField(
        label=_("Xã/phường nhận"), queryset=AdministrativeUnit.objects.none(), required=False,
        empty_label=_("— chọn xã/phường —"),
    )  # fmt: skip
    to_province = forms.CharField(label=_("Tỉnh, thành phố"), max_length=100, required=False)
    new_address = forms.CharField(label=_("Địa chỉ nơi ở mới"), max_length=300, required=False)
    reason = forms.CharField(label=_("Lý do chuyển"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_commune"].queryset = communes

    def clean(self):
        data = super().clean()
        if data.get("destination") == self.WITHIN and not data.get("to_commune"):
            self.add_error("to_commune", _("Hãy chọn xã/phường nhận."))
        if data.get("destination") == self.OUTSIDE and not data.get("to_province"):
            self.add_error("to_province", _("Hãy ghi tỉnh, thành phố chuyển đến."))
        return data


class AcceptForm(forms.Form):
    worker = forms.ModelChoiceField(
        label=_("Người phụ trách ở xã nhận"), queryset=User.objects.none(), required=False,
        empty_label=_("— giao sau —"),
    )  # fmt: skip
    note = forms.CharField(label=_("Ý kiến"), required=False, max_length=500)

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers


class DeclineForm(forms.Form):
    note = forms.CharField(
        label=_("Lý do từ chối"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )
