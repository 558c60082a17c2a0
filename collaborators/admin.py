"""Admin: read-only views for administrators; every change goes through the pages."""

from django.contrib import admin

from socialwork.admin_readonly import ReadOnlyAdmin

from .models import Attendance, Collaborator, TrainingCourse


@admin.register(Collaborator)
class CollaboratorAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["__str__", "commune", "organisation", "started_on", "ended_on"]
    list_filter = ["organisation", "qualification"]
    list_select_related = ["user", "user__area"]
    search_fields = ["user__last_name", "user__first_name", "user__phone"]
    raw_id_fields = ["user"]


@admin.register(TrainingCourse)
class TrainingCourseAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["title", "topic", "starts_on", "ends_on", "hours"]
    list_filter = ["topic"]
    search_fields = ["title"]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["course", "collaborator", "staff_member", "completed", "certificate_number"]
    list_filter = ["completed"]
    raw_id_fields = ["course", "collaborator", "staff_member"]
