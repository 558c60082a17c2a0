"""What each role may do in the register, casework, referrals and the hotline.

The engine is `socialwork.accounts.capabilities`; the unit (the commune or the
facility) is checked by `require(actor, name, commune=…, facility=…)`.
"""

from django.utils.translation import gettext_lazy as _

from socialwork.accounts.capabilities import CASEWORK, PROVINCE, define
from socialwork.accounts.models import Role

# Commune workers and the department keep the register; facilities read the
# people referred to them, leadership reads aggregates only.
REGISTER_KEEPERS = frozenset(
    {Role.COLLABORATOR, Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER, *PROVINCE}
)

define("person.read", CASEWORK, _("Xem hồ sơ đối tượng"))
define("person.register", REGISTER_KEEPERS, _("Đăng ký, sửa hồ sơ đối tượng và hộ gia đình"))
define(
    "person.export",
    {Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER, *PROVINCE},
    _("Xuất danh sách đối tượng"),
)
define(
    "case.work",
    {Role.COLLABORATOR, Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER, Role.FACILITY, *PROVINCE},
    _("Ghi việc của một trường hợp (thăm, dịch vụ, đánh giá)"),
)
define(
    "case.plan.draft",
    {Role.COLLABORATOR, Role.COMMUNE_OFFICIAL, *PROVINCE},
    _("Soạn kế hoạch hỗ trợ"),
)
define(
    "case.plan.approve",
    {Role.COMMUNE_LEADER, Role.ADMIN},
    _("Phê duyệt kế hoạch, ký quyết định"),
    _("Chỉ lãnh đạo UBND xã được phê duyệt kế hoạch."),
)
define(
    "case.assign",
    {Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER, *PROVINCE},
    _("Phân công người phụ trách trường hợp"),
)
define(
    "referral.send",
    {Role.COLLABORATOR, Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER, Role.FACILITY, *PROVINCE},
    _("Chuyển gửi một trường hợp"),
)
define(
    "hotline.log",
    {Role.FACILITY, *PROVINCE},
    _("Ghi cuộc gọi đường dây nóng"),
    _("Chỉ nhân viên của đơn vị có đường dây nóng ghi được cuộc gọi."),
)
define(
    "document.seal",
    {Role.COMMUNE_CLERK, Role.ADMIN},
    _("Vào số, đóng dấu văn bản"),
    _("Chỉ văn thư UBND xã được vào số và đóng dấu."),
)

# The places the menu and the home pages lead to (issue 15: one menu, asked by name).
define(
    "case.list.own",
    {Role.COLLABORATOR, Role.COMMUNE_OFFICIAL},
    _("Xem các trường hợp mình phụ trách"),
)
define(
    "case.list.unit",
    {Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER, *PROVINCE},
    _("Xem danh sách trường hợp của xã hoặc của tỉnh"),
)
define(
    "referral.list",
    {Role.COLLABORATOR, Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER, *PROVINCE},
    _("Xem các lượt chuyển gửi đã gửi"),
)
define("referral.inbox", {Role.FACILITY}, _("Nhận chuyển gửi đến cơ sở"))
define("referral.list_all", PROVINCE, _("Xem mọi lượt chuyển gửi trong tỉnh"))
# Moving work between people and communes (cases/casework/transfers.py).
define(
    "case.reassign",
    {Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER, *PROVINCE},
    _("Giao lại hàng loạt trường hợp của người nghỉ việc, chuyển công tác"),
)
define(
    "case.transfer.request",
    {Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER, *PROVINCE},
    _("Chuyển trường hợp sang xã khác khi gia đình chuyển nơi ở"),
)
define(
    "case.transfer.decide",
    {Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER, *PROVINCE},
    _("Nhận hoặc từ chối trường hợp chuyển đến xã mình"),
)
