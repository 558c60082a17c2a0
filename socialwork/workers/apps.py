from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkersConfig(AppConfig):
    name = "socialwork.workers"
    label = "workers"
    verbose_name = _("Tiến trình xử lý nền")
