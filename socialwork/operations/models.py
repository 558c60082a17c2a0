"""What the worker and beat say about themselves. Both tables stay small: one
row per task name, one per heartbeat name."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    SUCCESS = "success", _("Thành công")
    FAILURE = "failure", _("Lỗi")
    RETRY = "retry", _("Chờ chạy lại")
    EXPIRED = "expired", _("Hết hạn, bỏ qua")
    REVOKED = "revoked", _("Đã hủy")


class TaskRecord(models.Model):
    """The latest run of one Celery task (by its registered name). A run is in
    progress while last_started_at is later than last_finished_at; the outcome
    is that of the last run that ended."""

    task = models.CharField(_("tác vụ"), max_length=200, primary_key=True)
    last_started_at = models.DateTimeField(_("bắt đầu gần nhất"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("kết thúc gần nhất"), null=True, blank=True)
    last_outcome = models.CharField(
        _("kết quả gần nhất"), max_length=10, choices=Outcome.choices, blank=True
    )
    # The exception's class only: messages can carry personal data (a key that
    # already exists, a row's values).
    last_error = models.CharField(_("lỗi gần nhất"), max_length=200, blank=True)
    last_duration = models.DurationField(_("thời lượng"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("thành công gần nhất"), null=True, blank=True)
    last_failure_at = models.DateTimeField(_("lỗi gần nhất lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt chạy tác vụ")
        verbose_name_plural = _("lượt chạy tác vụ")
        ordering = ["task"]

    def __str__(self) -> str:
        return f"{self.task}: {self.last_outcome}"


class Heartbeat(models.Model):
    """The last sign of life of a process ("beat"), or the last probe a worker
    answered ("worker", with the probe's token)."""

    name = models.CharField(max_length=50, primary_key=True)
    at = models.DateTimeField()
    token = models.CharField(max_length=64, blank=True)
    hostname = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("tín hiệu hoạt động")
        verbose_name_plural = _("tín hiệu hoạt động")

    def __str__(self) -> str:
        return f"{self.name} {self.at:%d/%m/%Y %H:%M:%S}"
