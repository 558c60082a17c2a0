"""Admissions take attachments (socialwork.attachments): the dossier's papers."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from socialwork.attachments.owners import OwnerKind, register_owner

from .models import Admission


def register() -> None:

    register_owner(
        OwnerKind(
            kind="admission",
            model=Admission,
            label=_("Tiếp nhận vào cơ sở"),
            commune="beneficiary.commune_id",
            person="beneficiary_id",
            facility="facility_id",
            withheld="case__is_child_protection",
            dated="requested_on",
            url=lambda a: reverse("facilities:admission_detail", args=[a.pk]),
        )
    )
