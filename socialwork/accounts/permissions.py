"""What each role may do with accounts, the calendar and operations."""

from django.utils.translation import gettext_lazy as _

from .capabilities import PROVINCE, define
from .models import Role

define("users.manage", PROVINCE, _("Quản lý tài khoản người dùng"))
# Department staff manage every login but administrators'.
define("users.admins.manage", {Role.ADMIN}, _("Quản lý tài khoản quản trị hệ thống"))
# Not a permission but a duty: these roles must sign in with a second factor.
define(
    "signin.second_factor",
    {Role.DEPARTMENT, Role.FACILITY, Role.ADMIN, Role.COMMUNE_LEADER},
    _("Đăng nhập hai bước (bắt buộc)"),
)
define("calendar.edit", PROVINCE, _("Sửa lịch ngày nghỉ"))
define("operations.view", PROVINCE, _("Xem tình trạng vận hành"))
define("import.upload", PROVINCE, _("Nhập dữ liệu từ tệp"))
