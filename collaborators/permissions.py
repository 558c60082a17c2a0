"""What each role may do with the collaborator network."""

from django.utils.translation import gettext_lazy as _

from socialwork.accounts.capabilities import PROVINCE, define

define("collaborator.manage", PROVINCE, _("Quản lý mạng lưới cộng tác viên"))
