from django.contrib import admin

from socialwork.admin_readonly import ReadOnlyAdmin

from .models import Facility, FacilityScopePeriod, ServiceType, StaffAssignment, StaffMember


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "group", "counts_as_ctxh_service", "counts_as_assistance"]
    list_filter = ["group", "counts_as_ctxh_service", "counts_as_assistance", "is_active"]
    search_fields = ["code", "name"]


class ScopePeriodInline(ReadOnlyAdmin, admin.TabularInline):
    model = FacilityScopePeriod
    extra = 0


@admin.register(Facility)
class FacilityAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    # Written through facilities.services (pages and API): shown here only.
    list_display = ["name", "kind", "ownership", "commune", "capacity", "is_active"]
    list_filter = ["kind", "ownership", "is_active", "has_portal_users"]
    search_fields = ["name", "search_name"]
    raw_id_fields = ["commune"]
    filter_horizontal = ["services"]
    inlines = [ScopePeriodInline]
    list_select_related = ["commune"]


class AssignmentInline(ReadOnlyAdmin, admin.TabularInline):
    model = StaffAssignment
    extra = 0


@admin.register(StaffMember)
class StaffMemberAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["full_name", "facility", "position", "qualification", "started_on", "left_on"]
    list_filter = ["qualification", "civil_service_title", "facility__kind"]
    search_fields = ["full_name", "search_name"]
    raw_id_fields = ["facility", "user"]
    inlines = [AssignmentInline]
    list_select_related = ["facility"]
