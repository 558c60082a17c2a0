"""What each role may do in the facility network."""

from django.utils.translation import gettext_lazy as _

from socialwork.accounts.capabilities import CASEWORK, PROVINCE, define
from socialwork.accounts.models import Role

define(
    "facility.register.edit",
    PROVINCE,
    _("Sửa danh mục cơ sở và nhân viên"),
    _("Chỉ cán bộ Sở được sửa danh mục cơ sở và nhân viên."),
)
define(
    "admission.record",
    {Role.FACILITY, *PROVINCE},
    _("Ghi việc tiếp nhận, chăm sóc đối tượng tại cơ sở"),
    _("Chỉ nhân viên của cơ sở hoặc cán bộ Sở được ghi việc tiếp nhận."),
)
define("admission.read", CASEWORK, _("Xem hồ sơ tiếp nhận, người đang ở tại cơ sở"))
define(
    "facility.staff.read",
    {Role.FACILITY, *PROVINCE},
    _("Xem nhân viên của cơ sở"),
)
