"""What each role may do with the plan indicators."""

from django.utils.translation import gettext_lazy as _

from socialwork.accounts.capabilities import PROVINCE, define
from socialwork.accounts.models import Role

define("indicators.manage", PROVINCE, _("Tính lại chỉ tiêu, đặt mục tiêu"))
define("indicators.export", {Role.LEADERSHIP, *PROVINCE}, _("Tải báo cáo chỉ tiêu"))
define("indicators.unlock", {Role.ADMIN}, _("Mở khóa kỳ chỉ tiêu đã khóa"))
# Facility staff have no place on the dashboard (no commune of their own).
define(
    "indicators.read",
    {r for r in Role if r != Role.FACILITY},
    _("Xem bảng chỉ tiêu"),
)
