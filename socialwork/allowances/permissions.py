"""What each role may do with the monthly allowances (Decree 20/2021)."""

from django.utils.translation import gettext_lazy as _

from socialwork.accounts.capabilities import PROVINCE, define
from socialwork.accounts.models import Role

define(
    "allowance.file",
    {Role.COMMUNE_OFFICIAL, Role.COLLABORATOR, *PROVINCE},
    _("Lập hồ sơ đề nghị trợ cấp"),
)
define(
    "allowance.review",
    {Role.COMMUNE_OFFICIAL, *PROVINCE},
    _("Thẩm định hồ sơ trợ cấp"),
)
define(
    "allowance.decide",
    {Role.COMMUNE_LEADER, Role.ADMIN},
    _("Quyết định hưởng, thôi hưởng trợ cấp"),
)
define(
    "payment_list.make",
    {Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER, *PROVINCE},
    _("Lập, khóa danh sách chi trả; cấp thẻ BHYT"),
)
define("allowance.province", PROVINCE, _("Việc trợ cấp cấp tỉnh"))
define(
    "allowance.rates.edit",
    PROVINCE,
    _("Sửa mức chuẩn và hệ số trợ cấp"),
    _("Chỉ cán bộ Sở được sửa mức chuẩn và hệ số trợ cấp."),
)
