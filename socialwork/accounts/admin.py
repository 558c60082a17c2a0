"""The Django admin: administrators only (only they can hold staff status, a
database constraint on User), and every change they make there is copied into
the access log by a trigger on the admin's own log (see AdminLogEntry)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import AccessLog, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "last_name", "first_name", "role", "area", "phone", "is_active"]
    list_filter = ["role", "is_active", "can_view_sensitive", "must_change_password"]
    search_fields = ["username", "first_name", "last_name", "phone", "email"]
    list_select_related = ["area"]
    raw_id_fields = ["area"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            _("Công việc trên cổng"),
            {"fields": ("role", "area", "phone", "can_view_sensitive", "must_change_password")},
        ),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Công việc trên cổng"), {"fields": ("role", "area", "phone")}),
    )


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only (the database refuses updates and deletes)."""

    list_display = ["created_at", "user", "action", "object_type", "object_id", "ip_address"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_type", "object_id", "user__username"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
