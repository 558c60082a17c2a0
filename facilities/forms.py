"""Forms of the facility pages: they translate input, services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from socialwork.accounts.models import Role, User
from socialwork.areas.selectors import province_communes

from .models import Facility, ServiceType, SocialWorkAssignment, StaffMember


class FacilityForm(forms.ModelForm):
    in_ctxh01_scope = forms.BooleanField(
        label=_("Thuộc phạm vi chỉ tiêu CTXH-01"), required=False, initial=True
    )
    in_ctxh02_plan = forms.BooleanField(
        label=_("Trong quy hoạch (chỉ tiêu CTXH-02)"), required=False
    )
    scope_from = forms.DateField(label=_("Phạm vi chỉ tiêu áp dụng từ ngày"), required=False)

    class Meta:
        model = Facility
        fields = [
            "name",
            "kind",
            "ownership",
            "commune",
            "address",
            "phone",
            "email",
            "hotline",
            "capacity",
            "has_social_work_unit",
            "has_portal_users",
            "services",
            "is_active",
        ]
        widgets = {"services": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = province_communes()
        self.fields["services"].queryset = ServiceType.objects.filter(is_active=True)

    def _post_clean(self):
        # The service validates the model (constraints included) and reports
        # errors back; skip ModelForm's own instance validation.
        pass


class StaffForm(forms.ModelForm):
    assignment = forms.ChoiceField(label=_("Phân công CTXH"), choices=SocialWorkAssignment.choices)
    assignment_from = forms.DateField(label=_("Phân công áp dụng từ ngày"), required=False)
    assignment_to = forms.DateField(label=_("Phân công đến ngày"), required=False)
    meets_allowance_rule = forms.BooleanField(label=_("Phụ cấp ≥ mức lương cơ sở"), required=False)

    class Meta:
        model = StaffMember
        fields = [
            "full_name",
            "position",
            "qualification",
            "civil_service_title",
            "phone",
            "user",
            "started_on",
            "left_on",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(role=Role.FACILITY).order_by("username")
        if self.instance.pk is None:
            # A new member's assignment starts the day they start.
            del self.fields["assignment_from"]
            del self.fields["assignment_to"]

    def _post_clean(self):
        pass
