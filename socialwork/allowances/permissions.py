"""What each role may do with social assistance (Decree 20/2021).

Since 1/7/2025 the commune chairman decides, with no district or council step
(DOMAIN errata 1). Commune roles act in their own commune (the engine checks
the unit); department staff anywhere, or for every commune at once.
"""

from django.utils.translation import gettext_lazy as _

from socialwork.accounts.capabilities import CASEWORK, PROVINCE, define
from socialwork.accounts.models import Role

# Who files for a person: the commune's official or a collaborator, or the department.
_FILERS = {Role.COMMUNE_OFFICIAL, Role.COLLABORATOR, *PROVINCE}
# Who reviews and makes the payment lists: the commune's office, not a collaborator.
_COMMUNE_OFFICE = {Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER, *PROVINCE}

define("allowance.file", _FILERS, _("Lập hồ sơ đề nghị trợ cấp"))
define(
    "allowance.review",
    {Role.COMMUNE_OFFICIAL, *PROVINCE},
    _("Thẩm định hồ sơ trợ cấp"),
)
define("allowance.objection.record", _FILERS, _("Ghi nhận khiếu nại về hồ sơ trợ cấp"))
define(
    "allowance.objection.resolve",
    {Role.COMMUNE_OFFICIAL, *PROVINCE},
    _("Giải quyết khiếu nại về hồ sơ trợ cấp"),
)
define(
    "allowance.decide",
    {Role.COMMUNE_LEADER, Role.ADMIN},
    _("Quyết định hưởng, thôi hưởng trợ cấp"),
)
define("allowance.withdraw", _FILERS, _("Rút hồ sơ đề nghị trợ cấp"))
define("allowance.stop", _COMMUNE_OFFICE, _("Thôi hưởng trợ cấp"))
define(
    "allowance.payment_account.set",
    _COMMUNE_OFFICE,
    _("Ghi tài khoản nhận trợ cấp"),
)
define("payment_list.make", _COMMUNE_OFFICE, _("Lập danh sách chi trả"))
define("payment_list.lock", _COMMUNE_OFFICE, _("Khóa danh sách chi trả"))
# Rows of people: every role but provincial leadership, who read aggregates.
define("payment_list.read", CASEWORK, _("Xem danh sách chi trả"))
define("health_card.list", _COMMUNE_OFFICE, _("Lập danh sách cấp thẻ BHYT"))
define("health_card.issue", _COMMUNE_OFFICE, _("Ghi thẻ BHYT đã cấp"))
define("funeral.file", _FILERS, _("Lập hồ sơ hỗ trợ mai táng"))
define("funeral.decide", {Role.COMMUNE_LEADER, Role.ADMIN}, _("Quyết định hỗ trợ mai táng"))
define("funeral.pay", _COMMUNE_OFFICE, _("Ghi chi trả hỗ trợ mai táng"))
define("emergency.event.create", _COMMUNE_OFFICE, _("Ghi sự kiện cần trợ giúp khẩn cấp"))
define(
    "emergency.support.record",
    {*_FILERS, Role.COMMUNE_LEADER},
    _("Ghi trợ giúp khẩn cấp"),
)
# Lists for every commune at once: the department.
define("allowance.province", PROVINCE, _("Việc trợ cấp cấp tỉnh"))
# The province-wide overview: the department and provincial leadership (aggregates).
define(
    "allowance.overview",
    {*PROVINCE, Role.LEADERSHIP},
    _("Xem tổng quan trợ cấp toàn tỉnh"),
)
define(
    "allowance.rates.edit",
    PROVINCE,
    _("Sửa mức chuẩn và hệ số trợ cấp"),
    _("Chỉ cán bộ Sở được sửa mức chuẩn và hệ số trợ cấp."),
)
