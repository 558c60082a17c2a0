"""Who reads and adds the papers attached to a record. Which records: the
owner's scope (scoping.py); these say what a role may do with them."""

from django.utils.translation import gettext_lazy as _

from socialwork.accounts.capabilities import CASEWORK, PROVINCE, define
from socialwork.accounts.models import Role

define(
    "attachment.read",
    CASEWORK,
    _("Xem, tải về tài liệu đính kèm của hồ sơ"),
)
# The data-protection unit reads what it audits; it does not build dossiers.
define(
    "attachment.add",
    CASEWORK - {Role.DATA_PROTECTION},
    _("Đính kèm tài liệu vào hồ sơ"),
)
# A paper uploaded by mistake is withdrawn by whoever uploaded it (the service
# checks it is theirs); the province withdraws anyone's. Leadership, who see no
# one's papers, withdraw none.
define(
    "attachment.remove",
    CASEWORK - {Role.DATA_PROTECTION},
    _("Gỡ bỏ tài liệu mình đính kèm nhầm"),
    _("Chỉ người đã đính kèm tài liệu, Sở hoặc quản trị viên được gỡ bỏ."),
)
define(
    "attachment.remove.any",
    PROVINCE,
    _("Gỡ bỏ tài liệu đính kèm nhầm của người khác"),
    _("Chỉ người đã đính kèm tài liệu, Sở hoặc quản trị viên được gỡ bỏ."),
)
