"""The register's records that take attachments (socialwork.attachments)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from socialwork.attachments.owners import OwnerKind, register_owner
from socialwork.attachments.privacy_source import register_source

from .models import Beneficiary, Case


def register() -> None:

    register_owner(
        OwnerKind(
            kind="person",
            model=Beneficiary,
            label=_("Đối tượng"),
            commune="commune_id",
            person="pk",
            url=lambda b: reverse("cases:beneficiary_detail", args=[b.pk]),
            dated="registered_on",
        )
    )
    register_owner(
        OwnerKind(
            kind="case",
            model=Case,
            label=_("Trường hợp"),
            commune="commune_id",
            person="beneficiary_id",
            url=lambda c: reverse("casework:case_detail", args=[c.pk]),
            withheld="is_child_protection",
            dated="reported_at",
        )
    )
    # The papers' part of a person's data-subject report, after the register's own.
    register_source()
