"""What each role may do with the collaborator network."""

from django.utils.translation import gettext_lazy as _

from socialwork.accounts.capabilities import PROVINCE, define
from socialwork.accounts.models import Role

define("collaborator.manage", PROVINCE, _("Quản lý mạng lưới cộng tác viên"))
# Collaborators see colleagues of their commune by name only (their own
# profile in full: a record rule in collaborators.selectors).
define(
    "collaborator.profile.read",
    {r for r in Role if r != Role.COLLABORATOR},
    _("Xem đầy đủ hồ sơ và đào tạo của cộng tác viên"),
)
define(
    "collaborator.caseload.read",
    {Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER, *PROVINCE},
    _("Xem khối lượng công việc của cộng tác viên"),
)
# Counts only, no names: leadership may read it, commune roles may not.
define(
    "collaborator.coverage.read",
    {Role.LEADERSHIP, *PROVINCE},
    _("Xem độ phủ cộng tác viên theo xã"),
)
