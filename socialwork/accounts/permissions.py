"""What each role may do with accounts, the calendar and operations."""

from django.utils.translation import gettext_lazy as _

from .capabilities import PROVINCE, define

define("users.manage", PROVINCE, _("Quản lý tài khoản người dùng"))
define("calendar.edit", PROVINCE, _("Sửa lịch ngày nghỉ"))
define("operations.view", PROVINCE, _("Xem tình trạng vận hành"))
define("import.upload", PROVINCE, _("Nhập dữ liệu từ tệp"))
