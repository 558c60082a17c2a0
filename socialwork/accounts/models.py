"""Users of the portal, their roles, API tokens and the access log."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DEPARTMENT = "department", _("Cán bộ Sở")
    FACILITY = "facility", _("Nhân viên cơ sở")
    COMMUNE_OFFICIAL = "commune_official", _("Công chức văn hóa – xã hội xã")
    COMMUNE_LEADER = "commune_leader", _("Lãnh đạo UBND xã")
    COLLABORATOR = "collaborator", _("Cộng tác viên CTXH")
    LEADERSHIP = "leadership", _("Lãnh đạo tỉnh")
    ADMIN = "admin", _("Quản trị hệ thống")


# Roles whose area is one commune; the others work at province level.
COMMUNE_ROLES = frozenset({Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER, Role.COLLABORATOR})


class User(AbstractUser):
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    area = models.ForeignKey(
        "areas.AdministrativeUnit",
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("Xã/phường với vai trò cấp xã; tỉnh với vai trò cấp tỉnh."),
    )
    phone = models.CharField(_("số điện thoại"), max_length=15, null=True, blank=True)
    # Department staff granted the right to see sensitive data (DOMAIN §8).
    can_view_sensitive = models.BooleanField(_("được xem dữ liệu nhạy cảm"), default=False)
    must_change_password = models.BooleanField(_("phải đổi mật khẩu"), default=False)

    objects = UserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.UniqueConstraint(
                fields=["phone"],
                condition=Q(phone__isnull=False),
                name="accounts_user_phone_unique",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=[r.value for r in COMMUNE_ROLES]) | Q(area__isnull=False),
                name="accounts_user_commune_role_has_area",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_commune_level(self) -> bool:
        return self.role in COMMUNE_ROLES

    @property
    def is_province_level(self) -> bool:
        return self.role in (Role.DEPARTMENT, Role.ADMIN)


class ApiToken(models.Model):
    """A phone's API token. Only its hash is stored; idle tokens expire."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    name = models.CharField(_("thiết bị"), max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return secrets.token_urlsafe(32)


class AccessLog(models.Model):
    """Append-only: who looked at which sensitive record, or tried to."""

    class Action(models.TextChoices):
        VIEW = "view", _("Xem")
        EXPORT = "export", _("Xuất dữ liệu")
        DENIED = "denied", _("Bị từ chối")
        ADMIN = "admin", _("Thao tác quản trị")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64, blank=True)
    path = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("nhật ký truy cập")
        verbose_name_plural = _("nhật ký truy cập")
        indexes = [models.Index(fields=["object_type", "object_id"], name="accounts_log_object")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.object_type}"
