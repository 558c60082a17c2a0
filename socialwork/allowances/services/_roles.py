"""Who may act: the role sets of the allowances services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from socialwork.accounts.models import Role

FILERS = {Role.COMMUNE_OFFICIAL, Role.COLLABORATOR, Role.DEPARTMENT, Role.ADMIN}
REVIEWERS = {Role.COMMUNE_OFFICIAL, Role.DEPARTMENT, Role.ADMIN}
DECIDERS = {Role.COMMUNE_LEADER, Role.ADMIN}
LIST_MAKERS = {Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER, Role.DEPARTMENT, Role.ADMIN}
PROVINCE_ROLES = {Role.DEPARTMENT, Role.ADMIN}


def _require(actor, roles: set[str], commune_id: int | None = None) -> None:
    if not actor or not actor.is_authenticated or actor.role not in roles:
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
    if commune_id is not None and actor.is_commune_level and actor.area_id != commune_id:
        raise PermissionDenied(_("Bạn chỉ thao tác được với hồ sơ của xã mình."))
