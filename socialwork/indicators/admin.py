from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from socialwork.admin_readonly import ReadOnlyAdmin

from . import services
from .models import (
    Baseline,
    ComputationRun,
    IndicatorTarget,
    IndicatorValue,
    OfficialDenominator,
    PeriodLock,
    PeriodLockEvent,
)


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    # Targets are set on the targets page (services.target_set): shown here only.
    list_display = ["code", "unit", "year", "value", "confirmed", "updated_at"]
    list_filter = ["code", "year", "confirmed"]
    raw_id_fields = ["unit", "updated_by"]


@admin.register(Baseline, OfficialDenominator)
class EnteredFigureAdmin(admin.ModelAdmin):
    """Baselines and official denominators have no page: they are entered here,
    through their services (the same checks and capability as any write)."""

    list_display = ["code", "unit", "year", "value", "source"]
    list_filter = ["code", "year"]
    raw_id_fields = ["unit"]

    def get_readonly_fields(self, request, obj=None):
        # The service writes by (code, unit, year): a changed key would add a row.
        return ["code", "unit", "year"] if obj is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)

        class Checked(form):  # type: ignore[misc, valid-type]
            def clean_value(self):
                # Refused here with the service's words, not as a server error.
                value = self.cleaned_data["value"]
                if value is not None and value < 0:
                    raise forms.ValidationError(_("Giá trị không được âm."))
                return value

        return Checked

    def save_model(self, request, obj, form, change):
        write = (
            services.baseline_set
            if isinstance(obj, Baseline)
            else services.official_denominator_set
        )
        saved = write(
            code=obj.code,
            unit=obj.unit,
            year=obj.year,
            value=obj.value,
            source=obj.source,
            actor=request.user,
        )
        obj.pk = saved.pk


@admin.register(ComputationRun)
class ComputationRunAdmin(admin.ModelAdmin):
    list_display = ["id", "period_kind", "period_start", "status", "started_at", "duration", "rows"]
    list_filter = ["status", "period_kind"]
    readonly_fields = [f.name for f in ComputationRun._meta.fields]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    # Written only by the job: read-only here.
    list_display = [
        "code",
        "breakdown",
        "unit",
        "period_kind",
        "period_start",
        "numerator",
        "denominator",
        "value",
    ]
    list_filter = ["code", "period_kind"]
    readonly_fields = [f.name for f in IndicatorValue._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(PeriodLock)
class PeriodLockAdmin(admin.ModelAdmin):
    # Locks change through the locks page, which logs the reason.
    list_display = ["period_kind", "period_start", "locked_by", "locked_at", "reason"]
    readonly_fields = [f.name for f in PeriodLock._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PeriodLockEvent)
class PeriodLockEventAdmin(admin.ModelAdmin):
    list_display = ["action", "period_kind", "period_start", "actor", "at", "reason"]
    readonly_fields = [f.name for f in PeriodLockEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
