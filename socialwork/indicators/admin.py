from django.contrib import admin

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
class IndicatorTargetAdmin(admin.ModelAdmin):
    list_display = ["code", "unit", "year", "value", "confirmed", "updated_at"]
    list_filter = ["code", "year", "confirmed"]
    raw_id_fields = ["unit", "updated_by"]


@admin.register(Baseline, OfficialDenominator)
class EnteredFigureAdmin(admin.ModelAdmin):
    list_display = ["code", "unit", "year", "value", "source"]
    list_filter = ["code", "year"]
    raw_id_fields = ["unit"]


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
