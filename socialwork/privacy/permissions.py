"""Who handles personal-data breaches, requests and the access log (Law 91/2025)."""

from django.utils.translation import gettext_lazy as _

from socialwork.accounts.capabilities import PROVINCE, define
from socialwork.accounts.models import Role

define(
    "privacy.breach.handle",
    {Role.DATA_PROTECTION, *PROVINCE},
    _("Ghi nhận, thông báo vi phạm dữ liệu cá nhân"),
)
define(
    "privacy.access_log.read",
    {Role.DATA_PROTECTION, Role.ADMIN},
    _("Xem nhật ký truy cập dữ liệu cá nhân"),
)
define(
    "privacy.request.handle",
    {Role.DATA_PROTECTION},
    _("Tiếp nhận, giải quyết yêu cầu của chủ thể dữ liệu"),
)
define(
    "privacy.processing.read",
    {Role.DATA_PROTECTION},
    _("Xem hồ sơ hoạt động xử lý và đánh giá tác động"),
)
