"""Who reads and adds the papers attached to a record. Which records: the
owner's scope (scoping.py); these say what a role may do with them."""

from django.utils.translation import gettext_lazy as _

from socialwork.accounts.capabilities import CASEWORK, define
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
