"""Reads of the register. Every read a user can influence is scoped here.

Name search expands each typed word to the name words it may mean, then
matches the key's words through their GIN index, and ranks a bounded set
(cases/name_search.py): never a sequential scan over the province.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import F, Prefetch, Q, QuerySet

from socialwork.accounts.scoping import get_scoped_or_404, scope_for
from socialwork.areas.models import AdministrativeUnit
from socialwork.history import event_model
from socialwork.search import search_key

from .casework.selectors import case_base, service_list
from .errors import SPLIT_COMMUNE
from .filters import BeneficiaryFilter, ConsentFilter, HouseholdFilter
from .models import (
    Beneficiary,
    BeneficiaryCategory,
    CaseStatus,
    Category,
    Consent,
    DisabilityLevel,
    Household,
    Sex,
)
from .referrals.selectors import referral_list

# Below this, a name is not offered as a likely duplicate.
DUPLICATE_SIMILARITY = 0.45


# --- Beneficiaries ---------------------------------------------------------------


def beneficiary_base(*, actor) -> QuerySet[Beneficiary]:
    """Scoped, not merged."""
    return scope_for(Beneficiary.objects.active(), actor)


def beneficiary_list(*, actor, filters=None, request=None) -> QuerySet[Beneficiary]:
    """A page of people: a fixed number of queries whatever the page size."""
    queryset = (
        beneficiary_base(actor=actor)
        .select_related("commune", "household")
        .prefetch_related(
            Prefetch(
                "category_links",
                queryset=BeneficiaryCategory.objects.select_related("category").order_by(
                    "category__sort_order"
                ),
            )
        )
        .order_by("-id")
    )
    filterset = BeneficiaryFilter(data=filters or {}, queryset=queryset, request=request)
    if not filterset.is_valid():
        from django.core.exceptions import ValidationError

        raise ValidationError(filterset.errors)
    return filterset.qs


def beneficiary_get(*, actor, beneficiary_id, request=None) -> Beneficiary:
    """One person in `actor`'s scope; 404 otherwise, and the attempt is logged.

    A merged record resolves to the one it was merged into."""
    beneficiary = get_scoped_or_404(
        Beneficiary.objects.select_related("commune", "household", "ethnicity", "merged_into"),
        actor,
        request,
        pk=beneficiary_id,
    )
    if beneficiary.merged_into_id is not None:
        return beneficiary_get(
            actor=actor, beneficiary_id=beneficiary.merged_into_id, request=request
        )
    return beneficiary


def beneficiary_duplicates(
    *,
    actor,
    full_name: str,
    birth_year: int | None,
    commune,
    cccd: str | None = None,
    exclude_id: int | None = None,
) -> QuerySet[Beneficiary]:
    """Likely the same person: same CCCD, or a similar name born the same year
    in the same commune. Narrowed by the (commune, birth year) index first,
    then ranked by similarity of the accent-free name."""
    key = search_key(full_name)
    narrow = Q(commune=commune)
    if birth_year is not None:
        narrow &= Q(birth_year=birth_year) | Q(birth_year__isnull=True)
    similar = Q(similarity__gte=DUPLICATE_SIMILARITY) if key else Q(pk__in=[])
    match = (narrow & similar) | Q(cccd=cccd) if cccd else narrow & similar
    queryset = (
        beneficiary_base(actor=actor)
        .annotate(similarity=TrigramSimilarity("search_key", key))
        .filter(match)
    )
    if exclude_id is not None:
        queryset = queryset.exclude(pk=exclude_id)
    return queryset.select_related("commune", "household").order_by("-similarity", "-id")


def beneficiary_history(*, actor, beneficiary: Beneficiary) -> QuerySet:
    """Who changed what and when (pghistory events, newest first)."""
    # The beneficiary was fetched through beneficiary_get, so it is in scope.
    events = event_model(Beneficiary).objects.filter(pgh_obj_id=beneficiary.pk)
    return events.select_related("pgh_context").order_by("-pgh_created_at", "-pgh_id")


# The Circular 02/2020 health items, sensitive like health_notes (DOMAIN §8).
HEALTH_FIELDS = ("illness_type", "disability_certificate_number", "disability_certificate_date",
                 "treatment_history", "physical_state", "mental_state", "self_care",
                 "work_capacity")  # fmt: skip


def beneficiary_has_sensitive(*, beneficiary: Beneficiary) -> bool:
    """Whether the record holds anything DOMAIN §8 calls sensitive."""
    if beneficiary.ethnicity_id or beneficiary.health_notes:
        return True
    if any(getattr(beneficiary, name) for name in HEALTH_FIELDS):
        return True
    if beneficiary.disability_level != "none":
        return True
    return beneficiary.category_links.filter(category__sensitive=True).exists()


# --- Households, consent, reference data ---------------------------------------


def household_list(*, actor, filters=None, request=None) -> QuerySet[Household]:
    queryset = (
        scope_for(Household.objects.all(), actor).select_related("commune", "head").order_by("-id")
    )
    filterset = HouseholdFilter(data=filters or {}, queryset=queryset, request=request)
    if not filterset.is_valid():
        from django.core.exceptions import ValidationError

        raise ValidationError(filterset.errors)
    return filterset.qs


def household_get(*, actor, household_id, request=None) -> Household:
    return get_scoped_or_404(
        Household.objects.select_related("commune", "head"), actor, request, pk=household_id
    )


def household_members(*, actor, household: Household) -> QuerySet[Beneficiary]:
    return beneficiary_base(actor=actor).filter(household=household).order_by("birth_year", "id")


def consent_list(*, actor, filters=None, request=None) -> QuerySet[Consent]:
    queryset = scope_for(Consent.objects.all(), actor).order_by("-given_on", "-id")
    filterset = ConsentFilter(data=filters or {}, queryset=queryset, request=request)
    if not filterset.is_valid():
        from django.core.exceptions import ValidationError

        raise ValidationError(filterset.errors)
    return filterset.qs


def category_list(*, actor) -> QuerySet[Category]:
    return scope_for(Category.objects.filter(active=True), actor).select_related("parent")


def beneficiary_export_values(*, queryset: QuerySet[Beneficiary], sensitive: bool):
    """The `.values()` queryset and the columns of an export of `queryset`
    (for `copy_csv`, and streamed by `beneficiary_export_rows`).

    Categories come from one array subquery per row inside the same SELECT;
    sensitive ones and the sensitive columns only when `sensitive`."""
    from django.contrib.postgres.expressions import ArraySubquery
    from django.db.models import OuterRef
    from django.utils.translation import gettext as _

    from socialwork.spreadsheets.exports import ExportColumn

    links = BeneficiaryCategory.objects.filter(beneficiary=OuterRef("pk"))
    if not sensitive:
        links = links.filter(category__sensitive=False)
    columns = [
        ExportColumn("id", _("Mã hồ sơ")),
        ExportColumn("full_name", _("Họ và tên")),
        ExportColumn("birth_date", _("Ngày sinh")),
        ExportColumn("birth_year", _("Năm sinh")),
        ExportColumn("sex", _("Giới tính"), choices=tuple(Sex.choices)),
        ExportColumn("cccd", _("Số CCCD")),
        ExportColumn("phone", _("Số điện thoại")),
        ExportColumn("commune__name", _("Xã/phường")),
        ExportColumn("address", _("Địa chỉ")),
        ExportColumn("household__code", _("Mã hộ")),
        ExportColumn("category_codes", _("Nhóm đối tượng")),
    ]
    if sensitive:
        columns += [
            ExportColumn("ethnicity__name", _("Dân tộc")),
            ExportColumn(
                "disability_level", _("Mức độ khuyết tật"), choices=tuple(DisabilityLevel.choices)
            ),
            ExportColumn("health_notes", _("Sức khỏe, khuyết tật")),
        ]
    values = (
        queryset.prefetch_related(None)
        .annotate(
            category_codes=ArraySubquery(
                links.order_by("category__sort_order").values("category__code")
            )
        )
        .values(*[c.key for c in columns])
    )
    return values, columns


def beneficiary_export_rows(*, queryset: QuerySet[Beneficiary], sensitive: bool):
    """Rows (dicts, streamed) and columns of an export of `queryset`."""
    from socialwork.spreadsheets.exports import queryset_rows

    values, columns = beneficiary_export_values(queryset=queryset, sensitive=sensitive)
    return queryset_rows(values, columns), columns


def import_split_rows(*, job) -> list[tuple[Any, list[tuple[int, str]]]]:
    """The rows of a (scoped) import job whose old commune was split, each
    with the new communes it became: two queries whatever the number of rows."""

    rows = list(
        job.rows.filter(status="invalid", errors__contains=[{"code": SPLIT_COMMUNE}])
        .only("id", "row_number", "data", "normalised")
        .order_by("row_number")
    )
    ids = {pk for row in rows for pk in row.normalised.get("commune_options", [])}
    names = dict(AdministrativeUnit.objects.filter(pk__in=ids).values_list("pk", "name"))
    return [
        (row, [(pk, names.get(pk, str(pk))) for pk in row.normalised.get("commune_options", [])])
        for row in rows
    ]


# --- The person page as the hub ------------------------------------------------


@dataclass
class PersonRelated:
    cases: list
    referrals: list
    services: list


def person_related(*, actor, beneficiary: Beneficiary, limit: int = 10) -> PersonRelated:
    """What the register knows of one person beyond the record: their cases
    (the open ones first, by next deadline), referrals with their answers and
    services received, each scoped to `actor`; three queries whatever the counts."""

    cases = list(
        case_base(actor=actor)
        .filter(beneficiary=beneficiary)
        .select_related("assigned_worker")
        .order_by(F("next_deadline").asc(nulls_last=True), "-id")[:limit]
    )
    referrals = list(
        referral_list(actor=actor)
        .filter(beneficiary=beneficiary)
        .select_related("service_type")[:limit]
    )
    services = list(
        service_list(actor=actor)
        .filter(beneficiary=beneficiary)
        .order_by("-delivered_on", "-id")[:limit]
    )
    # Closed cases last: the status is compared in Python, no second query.
    cases.sort(key=lambda c: c.status == CaseStatus.CLOSED)
    return PersonRelated(cases=cases, referrals=referrals, services=services)
