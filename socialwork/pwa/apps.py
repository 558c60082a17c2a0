from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PwaConfig(AppConfig):
    name = "socialwork.pwa"
    label = "pwa"
    verbose_name = _("Ứng dụng trên điện thoại")
