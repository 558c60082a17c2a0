"""Users of the portal, their roles, API tokens and the access log."""

import hashlib
import secrets

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.sessions.base_session import AbstractBaseSession
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
    # The commune office's clerk (văn thư): numbers, seals and files the
    # documents the leaders sign (Decree 30/2020 Art. 14–15).
    COMMUNE_CLERK = "commune_clerk", _("Văn thư UBND xã")
    LEADERSHIP = "leadership", _("Lãnh đạo tỉnh")
    # The department's personal-data protection unit (Law 91/2025 Art. 33).
    DATA_PROTECTION = "data_protection", _("Bộ phận bảo vệ dữ liệu cá nhân")
    ADMIN = "admin", _("Quản trị hệ thống")


class Position(models.TextChoices):
    """Who in a commune's leadership signs: the chairman, or a vice-chairman
    signing for the chairman ("KT. CHỦ TỊCH", Decree 30/2020 Art. 13)."""

    CHAIRMAN = "chairman", _("Chủ tịch")
    VICE_CHAIRMAN = "vice_chairman", _("Phó Chủ tịch")


# Roles whose area is one commune; the others work at province level.
COMMUNE_ROLES = frozenset(
    {Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER, Role.COLLABORATOR, Role.COMMUNE_CLERK}
)


# The password hash and the login time stay out of the history: a hash copied
# into an event table is one more place to steal it from, and every login would
# otherwise add an event.
@pghistory.track(exclude=["password", "last_login"])
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
    position = models.CharField(
        _("chức vụ"),
        max_length=20,
        choices=Position.choices,
        blank=True,
        help_text=_("Với lãnh đạo UBND xã: Chủ tịch hoặc Phó Chủ tịch."),
    )
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
                condition=~Q(role__in=sorted(r.value for r in COMMUNE_ROLES))
                | Q(area__isnull=False),
                name="accounts_user_commune_role_has_area",
            ),
            # The Django admin is for administrators only: staff status (which
            # opens the admin) cannot be given to any other role.
            models.CheckConstraint(
                condition=Q(is_staff=False) | Q(role=Role.ADMIN) | Q(is_superuser=True),
                name="accounts_user_staff_is_admin",
                violation_error_message=_("Chỉ quản trị hệ thống mới được vào trang quản trị."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        # Vietnamese order: family and middle names (last_name) before the given name.
        return f"{self.last_name} {self.first_name}".strip()

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


# One advisory lock for every writer of the chain (the constant is "ALOG" in ASCII).
# The digest function (accesslog_digest) is created by migration 0004 and
# shared with the verification query, so both hash exactly the same text.
_CHAIN_SQL = """
PERFORM pg_advisory_xact_lock(1095520071);
NEW.id := nextval(pg_get_serial_sequence('accounts_accesslog', 'id'));
NEW.prev_hash := COALESCE(
    (SELECT row_hash FROM accounts_accesslog ORDER BY id DESC LIMIT 1), '');
NEW.row_hash := accesslog_digest(
    NEW.prev_hash, NEW.id, NEW.user_id, NEW.action, NEW.object_type, NEW.object_id,
    NEW.person_id, NEW.commune_id, NEW.row_count, NEW.path, host(NEW.ip_address),
    NEW.detail, NEW.created_at);
RETURN NEW;
"""


class AccessLog(models.Model):
    """Append-only and hash-chained: who looked at which sensitive record, listed
    or exported how many rows, or was refused. One row per request.

    The database writes the chain (`_CHAIN_SQL`): under one advisory lock each
    new row takes the next id and stores the digest of its content and of the
    previous row's digest, so concurrent writers keep one line and an edited,
    removed or inserted row breaks every link after it (`access_log.verify`)."""

    class Action(models.TextChoices):
        VIEW = "view", _("Xem")
        LIST = "list", _("Xem danh sách")
        EXPORT = "export", _("Xuất dữ liệu")
        DENIED = "denied", _("Bị từ chối")
        ADMIN = "admin", _("Thao tác quản trị")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64, blank=True)
    # The person the record is about and the commune it sits in, when the record
    # was loaded (a refused id names no record): what the data-protection page filters.
    person_id = models.BigIntegerField(null=True, blank=True)
    commune = models.ForeignKey(
        "areas.AdministrativeUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    # Rows a list or an export returned (None for one record).
    row_count = models.PositiveIntegerField(null=True, blank=True)
    path = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    row_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("nhật ký truy cập")
        verbose_name_plural = _("nhật ký truy cập")
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="accounts_log_object"),
            models.Index(fields=["person_id", "-created_at"], name="accounts_log_person"),
            models.Index(fields=["user", "-created_at"], name="accounts_log_user"),
            models.Index(fields=["commune", "-created_at"], name="accounts_log_commune"),
        ]
        triggers = [
            # Append-only in the database itself, whatever code runs.
            pgtrigger.Protect(
                name="accesslog_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            ),
            pgtrigger.Trigger(
                name="accesslog_chain",
                operation=pgtrigger.Insert,
                when=pgtrigger.Before,
                func=_CHAIN_SQL,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.object_type}"


class UserSession(AbstractBaseSession):
    """A session row that knows its user, so deactivation ends every session of
    one user with one indexed DELETE instead of decoding the whole table."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )

    class Meta(AbstractBaseSession.Meta):
        verbose_name = _("phiên đăng nhập")
        verbose_name_plural = _("phiên đăng nhập")
        indexes = [models.Index(fields=["user"], name="accounts_session_user")]

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore  # sessions import these models

        return SessionStore


# What an admin change is called in the access log.
_ADMIN_LOG_SQL = """
INSERT INTO accounts_accesslog
    (user_id, action, object_type, object_id, path, ip_address, detail, created_at)
SELECT NEW.user_id, 'admin', COALESCE(ct.app_label || '.' || ct.model, ''),
       LEFT(COALESCE(NEW.object_id, ''), 64), '', NULL,
       LEFT(CASE NEW.action_flag WHEN 1 THEN 'add' WHEN 2 THEN 'change' ELSE 'delete' END
            || ' ' || COALESCE(NEW.change_message, ''), 500),
       NEW.action_time
FROM (SELECT 1) AS one
LEFT JOIN django_content_type ct ON ct.id = NEW.content_type_id;
RETURN NULL;
"""


class AdminLogEntry(LogEntry):
    """Every admin add/change/delete (each writes a LogEntry, one by one or in
    bulk) is copied into the access log by a trigger: no ModelAdmin of any app
    can forget it."""

    class Meta:
        proxy = True
        triggers = [
            pgtrigger.Trigger(
                name="admin_log_to_access_log",
                operation=pgtrigger.Insert,
                when=pgtrigger.After,
                func=_ADMIN_LOG_SQL,
            ),
        ]
