"""Allowance applications take attachments (socialwork.attachments): the
dossier's papers, the certificate, the decision."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from socialwork.attachments.owners import OwnerKind, register_owner

from .models import AllowanceApplication


def register() -> None:

    register_owner(
        OwnerKind(
            kind="application",
            model=AllowanceApplication,
            label=_("Hồ sơ trợ cấp"),
            commune="commune_id",
            person="beneficiary_id",
            dated="filed_on",
            url=lambda a: reverse("allowances:application_detail", args=[a.pk]),
        )
    )
