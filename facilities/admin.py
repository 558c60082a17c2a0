from django.contrib import admin

from .models import Facility, FacilityScopePeriod, ServiceType, StaffAssignment, StaffMember


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "group", "counts_as_ctxh_service", "counts_as_assistance"]
    list_filter = ["group", "counts_as_ctxh_service", "counts_as_assistance", "is_active"]
    search_fields = ["code", "name"]


class ScopePeriodInline(admin.TabularInline):
    model = FacilityScopePeriod
    extra = 0


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "ownership", "commune", "capacity", "is_active"]
    list_filter = ["kind", "ownership", "is_active", "has_portal_users"]
    search_fields = ["name", "search_name"]
    raw_id_fields = ["commune"]
    filter_horizontal = ["services"]
    inlines = [ScopePeriodInline]
    list_select_related = ["commune"]


class AssignmentInline(admin.TabularInline):
    model = StaffAssignment
    extra = 0


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    list_display = ["full_name", "facility", "position", "qualification", "started_on", "left_on"]
    list_filter = ["qualification", "civil_service_title", "facility__kind"]
    search_fields = ["full_name", "search_name"]
    raw_id_fields = ["facility", "user"]
    inlines = [AssignmentInline]
    list_select_related = ["facility"]
