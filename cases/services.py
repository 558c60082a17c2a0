"""Writes on the beneficiary register: every change goes through a function here.

Each function is keyword-only, runs in one transaction and names its actor.
Creates that come from phones take a client-generated UUID: a retried POST
returns the first result and creates nothing twice. Edits name the version
they started from: a stale edit is refused, nothing is overwritten.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socialwork.accounts.capabilities import require
from socialwork.accounts.phones import normalize_phone
from socialwork.accounts.services import log_access
from socialwork.ages import age_on
from socialwork.areas.models import AdministrativeUnit
from socialwork.areas.selectors import province_communes
from socialwork.attachments.services import attachments_move
from socialwork.history import records_actor
from socialwork.idempotency import create_once, replay

from . import category_ages
from . import cccd as cccd_rules
from .casework.services.cases import case_follow_beneficiary
from .errors import StaleEdit
from .models import (
    Beneficiary,
    BeneficiaryCategory,
    Category,
    Consent,
    ConsentBasis,
    Household,
    HouseholdPoverty,
    PovertyStatus,
)
from .models.beneficiaries import MIN_BIRTH_DATE, MIN_BIRTH_YEAR
from .names import clean_name, name_error
from .selectors import beneficiary_duplicates, import_split_rows

CCCD_TAKEN = gettext_lazy("Số CCCD này đã có trong sổ đăng ký. Hãy tìm và mở hồ sơ đã có.")

# Fields a register or update may set (the rest are kept by the services).
BENEFICIARY_FIELDS = (
    "full_name",
    "identified",
    "registered_on",
    "birth_date",
    "birth_year",
    "sex",
    "cccd",
    "old_id_number",
    "ethnicity",
    "marital_status",
    "phone",
    "commune",
    "address",
    "household",
    "relation_to_head",
    "occupation",
    "education",
    "disability_level",
    "health_notes",
    # The rest of the Circular 02/2020 client record.
    "contact_person",
    "school",
    "income",
    "current_benefits",
    "needs",
    "illness_type",
    "disability_certificate_number",
    "disability_certificate_date",
    "treatment_history",
    "physical_state",
    "mental_state",
    "self_care",
    "work_capacity",
)

_ONE_LINE = ("address", "relation_to_head", "occupation", "education", "contact_person", "school",
             "income", "illness_type", "disability_certificate_number")  # fmt: skip
_MANY_LINES = ("health_notes", "current_benefits", "needs", "treatment_history",
               "physical_state", "mental_state")  # fmt: skip


class DuplicateSuspected(ValidationError):
    """Likely the same person is already registered; the user must confirm."""

    def __init__(self, candidates: list[Beneficiary]):
        super().__init__(
            _("Có thể người này đã có trong sổ đăng ký. Hãy kiểm tra trước khi lưu."),
            code="duplicate_suspected",
        )
        self.candidates = candidates


@dataclass
class RegisterResult:
    beneficiary: Beneficiary
    created: bool
    warnings: list[str] = field(default_factory=list)


# --- Access log --------------------------------------------------------------


def access_log_record(
    *,
    actor,
    action: str,
    object_type: str,
    object_ids: Iterable[Any] = ("",),
    request=None,
    detail: str = "",
) -> None:
    """Append who saw (or tried to see, or exported) which record, from where."""
    for object_id in object_ids:
        log_access(
            request=request,
            user=actor,
            action=action,
            obj_or_type=object_type,
            object_id=object_id,
            detail=detail,
        )


# --- Validation shared by register and update --------------------------------


def _today() -> datetime.date:
    return timezone.localdate()


def _check_commune(actor, commune: AdministrativeUnit | None) -> None:
    if commune is None:
        raise ValidationError({"commune": _("Chọn xã/phường nơi người này sinh sống.")})
    if not province_communes().filter(pk=commune.pk).exists():
        raise ValidationError(
            {"commune": _("Xã/phường này không thuộc tỉnh (theo bản đồ hành chính hiện hành).")}
        )
    if actor.is_commune_level and commune.pk != actor.area_id:
        raise ValidationError(
            {"commune": _("Bạn chỉ đăng ký được người trong xã/phường của mình.")}
        )


def _clean_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Normalise and check one person's fields; returns what to store."""
    errors: dict[str, str] = {}
    values = {k: data[k] for k in BENEFICIARY_FIELDS if k in data}
    if "full_name" in values:
        message = name_error(values["full_name"])
        values["full_name"] = clean_name(values["full_name"])
        if message:
            errors["full_name"] = message
    for text in _ONE_LINE:
        if text in values:
            values[text] = " ".join(unicodedata.normalize("NFC", values[text] or "").split())
    for text in _MANY_LINES:
        if text in values:
            values[text] = unicodedata.normalize("NFC", values[text] or "").strip()
    certified = values.get("disability_certificate_date")
    if certified is not None and certified > _today():
        errors["disability_certificate_date"] = _("Ngày cấp giấy xác nhận không thể ở tương lai.")
    for choice in ("sex", "marital_status", "self_care", "work_capacity"):
        if choice in values and values[choice] is None:
            values[choice] = ""
    if "cccd" in values:
        number = cccd_rules.normalise(values["cccd"]) or None
        if number is not None:
            try:
                cccd_rules.validate_cccd(number)
            except ValidationError as exc:
                errors["cccd"] = exc.messages[0]
        values["cccd"] = number
    if "old_id_number" in values:
        number = cccd_rules.normalise(values["old_id_number"]) or None
        if number is not None:
            try:
                cccd_rules.validate_old_id(number)
            except ValidationError as exc:
                errors["old_id_number"] = exc.messages[0]
        values["old_id_number"] = number
    if "phone" in values:
        raw = (values["phone"] or "").strip()
        values["phone"] = normalize_phone(raw) or re.sub(r"[\s.\-()]", "", raw)
        if values["phone"] and not re.fullmatch(r"\+?[0-9]{8,14}", values["phone"]):
            errors["phone"] = _("Số điện thoại không hợp lệ.")
    birth_date = values.get("birth_date")
    if birth_date is not None:
        if birth_date > _today():
            errors["birth_date"] = _("Ngày sinh không thể ở tương lai.")
        elif birth_date < MIN_BIRTH_DATE:
            errors["birth_date"] = _("Ngày sinh không thể trước năm 1900.")
        elif values.get("birth_year") not in (None, birth_date.year):
            errors["birth_year"] = _("Năm sinh không khớp với ngày sinh.")
        else:
            values["birth_year"] = birth_date.year
    elif "birth_date" in values and "birth_year" not in values:
        values["birth_year"] = None
    birth_year = values.get("birth_year")
    if birth_year is not None and "birth_year" not in errors:
        if birth_year > _today().year:
            errors["birth_year"] = _("Năm sinh không thể ở tương lai.")
        elif birth_year < MIN_BIRTH_YEAR:
            errors["birth_year"] = _("Năm sinh không thể trước năm 1900.")
    if "registered_on" in values:
        # Empty: today (a register page or an old phone that sends nothing).
        registered_on = values["registered_on"] or _today()
        values["registered_on"] = registered_on
        message = registered_on_error(
            registered_on, birth_date=birth_date, birth_year=values.get("birth_year")
        )
        if message:
            errors["registered_on"] = message
    if errors:
        raise ValidationError(errors)
    return values


def registered_on_error(
    registered_on: datetime.date,
    *,
    birth_date: datetime.date | None = None,
    birth_year: int | None = None,
) -> str:
    """Why a registration date cannot be right ("" when it can): in the
    future, or before the person was born. Shared with the register import."""
    if registered_on > _today():
        return _("Ngày đăng ký không thể ở tương lai.")
    if birth_date is not None and registered_on < birth_date:
        return _("Ngày đăng ký không thể trước ngày sinh.")
    if birth_year is not None and registered_on.year < birth_year:
        return _("Ngày đăng ký không thể trước năm sinh.")
    if registered_on < MIN_BIRTH_DATE:
        return _("Ngày đăng ký không thể trước năm 1900.")
    return ""


def _check_identity(values: dict[str, Any], current: Beneficiary | None = None) -> None:
    identified = values.get("identified", current.identified if current else True)
    name = values.get("full_name", current.full_name if current else "")
    if identified and not name:
        raise ValidationError(
            {"full_name": _("Nhập họ tên, hoặc đánh dấu là chưa xác định được danh tính.")}
        )
    number = values.get("cccd")
    if number:
        taken = Beneficiary.objects.filter(cccd=number)
        if current is not None:
            taken = taken.exclude(pk=current.pk)
        if taken.exists():
            raise ValidationError({"cccd": CCCD_TAKEN})


def _resolve_categories(codes_or_objects: Iterable[Any]) -> list[Category]:
    items = list(codes_or_objects)
    objects = [c for c in items if isinstance(c, Category)]
    codes = {c for c in items if not isinstance(c, Category)}
    if codes:
        found = {
            c.code: c
            for c in Category.objects.filter(code__in=codes, active=True).select_related("parent")
        }
        unknown = sorted(codes - found.keys())
        if unknown:
            raise ValidationError(
                {
                    "categories": _("Mã nhóm đối tượng không tồn tại: %(codes)s.")
                    % {"codes": ", ".join(unknown)}
                }
            )
        objects.extend(found.values())
    return objects


def _check_category_ages(
    categories: Iterable[Category],
    *,
    birth_date: datetime.date | None,
    birth_year: int | None,
    on: datetime.date | None,
) -> None:
    messages = category_ages.age_errors(
        categories, birth_date=birth_date, birth_year=birth_year, on=on or _today()
    )
    if messages:
        raise ValidationError({"categories": messages})


def _set_categories(beneficiary: Beneficiary, categories: list[Category]) -> None:
    wanted = {c.pk for c in categories}
    beneficiary.category_links.exclude(category_id__in=wanted).delete()
    have = set(beneficiary.category_links.values_list("category_id", flat=True))
    BeneficiaryCategory.objects.bulk_create(
        BeneficiaryCategory(beneficiary=beneficiary, category_id=pk) for pk in sorted(wanted - have)
    )


def beneficiary_warnings(*, beneficiary: Beneficiary) -> list[str]:
    """Soft checks shown after saving (the CCCD against birth year and sex)."""
    if not beneficiary.cccd:
        return []
    return cccd_rules.warnings_for(
        beneficiary.cccd, birth_year=beneficiary.birth_year, sex=beneficiary.sex or None
    )


# --- Beneficiary -------------------------------------------------------------


@records_actor
@transaction.atomic
def beneficiary_register(
    *,
    actor,
    data: dict[str, Any],
    client_uuid: uuid.UUID | None = None,
    confirmed_distinct: bool = False,
) -> RegisterResult:
    """Register a person. `data` holds model fields plus `categories` (codes or
    Category objects). Likely duplicates stop the save with DuplicateSuspected
    unless the user confirmed this is a different person."""

    require(actor, "person.register")
    earlier = replay(Beneficiary, client_uuid, actor, "created_by")
    if earlier is not None:
        return RegisterResult(earlier, False, beneficiary_warnings(beneficiary=earlier))
    values = _clean_fields(data)
    _check_commune(actor, values.get("commune"))
    _check_identity(values)
    categories = _resolve_categories(data.get("categories") or [])
    _check_category_ages(
        categories,
        birth_date=values.get("birth_date"),
        birth_year=values.get("birth_year"),
        on=values.get("registered_on"),
    )
    household = values.get("household")
    if household is not None and household.commune_id != values["commune"].pk:
        raise ValidationError({"household": _("Hộ gia đình phải ở cùng xã/phường.")})
    if not confirmed_distinct and values.get("full_name"):
        candidates = list(
            beneficiary_duplicates(
                actor=actor,
                full_name=values["full_name"],
                birth_year=values.get("birth_year"),
                commune=values["commune"],
            )[:5]
        )
        if candidates:
            raise DuplicateSuspected(candidates)
    try:
        result = create_once(
            Beneficiary,
            client_uuid,
            actor,
            "created_by",
            lambda: Beneficiary.objects.create(client_uuid=client_uuid, created_by=actor, **values),
        )
    except IntegrityError:
        # Two tabs registered the same CCCD at once: the other one won.
        if values.get("cccd") and Beneficiary.objects.filter(cccd=values["cccd"]).exists():
            raise ValidationError({"cccd": CCCD_TAKEN}) from None
        raise
    if not result.created:  # a twin request won the race
        return RegisterResult(result.obj, False, beneficiary_warnings(beneficiary=result.obj))
    beneficiary = result.obj
    _set_categories(beneficiary, categories)
    return RegisterResult(beneficiary, True, beneficiary_warnings(beneficiary=beneficiary))


@records_actor
@transaction.atomic
def beneficiary_update(
    *, actor, beneficiary: Beneficiary, data: dict[str, Any], version: int
) -> RegisterResult:
    """Save an edit begun at `version`; StaleEdit if someone saved since."""
    require(actor, "person.register")
    values = _clean_fields(data)
    if "commune" in values:
        _check_commune(actor, values["commune"])
    merged = {**{f: getattr(beneficiary, f) for f in BENEFICIARY_FIELDS}, **values}
    if merged["birth_date"] is not None:
        merged["birth_year"] = merged["birth_date"].year
        values["birth_year"] = merged["birth_year"]
    _check_identity(
        values | {"identified": merged["identified"], "full_name": merged["full_name"]},
        current=beneficiary,
    )
    if "registered_on" in values or "birth_date" in values or "birth_year" in values:
        message = registered_on_error(
            merged["registered_on"],
            birth_date=merged["birth_date"],
            birth_year=merged["birth_year"],
        )
        if message:
            raise ValidationError({"registered_on": message})
    household = merged["household"]
    if household is not None and household.commune_id != merged["commune"].pk:
        raise ValidationError({"household": _("Hộ gia đình phải ở cùng xã/phường.")})
    categories = (
        _resolve_categories(data["categories"]) if data.get("categories") is not None else None
    )
    if categories is not None or {"birth_date", "birth_year", "registered_on"} & values.keys():
        _check_category_ages(
            categories
            if categories is not None
            else Category.objects.filter(
                pk__in=beneficiary.category_links.values("category_id")
            ).select_related("parent"),
            birth_date=merged["birth_date"],
            birth_year=merged["birth_year"],
            on=merged["registered_on"],
        )
    moved = "commune" in values and values["commune"].pk != beneficiary.commune_id
    changed = Beneficiary.objects.filter(pk=beneficiary.pk, version=version).update(
        **values, version=F("version") + 1, updated_at=timezone.now()
    )
    if not changed:
        raise StaleEdit(
            _(
                "Hồ sơ này vừa được người khác sửa sau khi bạn mở nó. Thay đổi của bạn chưa "
                "được lưu: hãy tải lại hồ sơ, xem bản mới rồi sửa lại."
            ),
            code="stale",
        )
    if categories is not None:
        _set_categories(beneficiary, categories)
    beneficiary.refresh_from_db()
    if moved:
        # A person who moves takes their open cases to the new commune's workers.
        case_follow_beneficiary(actor=actor, beneficiary=beneficiary)
    return RegisterResult(beneficiary, False, beneficiary_warnings(beneficiary=beneficiary))


@records_actor
@transaction.atomic
def beneficiary_merge(*, actor, keep: Beneficiary, remove: Beneficiary) -> Beneficiary:
    """Merge two records of one person into `keep`, moving every relation.

    Relations are found by introspection, so a model added later (cases,
    referrals, allowances…) is moved too. `remove` stays as a tombstone
    pointing to `keep`, so old links and retried client keys still resolve.
    """
    require(actor, "person.merge")
    if keep.pk == remove.pk:
        raise ValidationError(_("Không thể gộp một hồ sơ với chính nó."))
    locked = {
        b.pk: b for b in Beneficiary.objects.select_for_update().filter(pk__in=[keep.pk, remove.pk])
    }
    keep, remove = locked[keep.pk], locked[remove.pk]
    if keep.merged_into_id or remove.merged_into_id:
        raise ValidationError(_("Một trong hai hồ sơ đã được gộp trước đó."))
    # The tombstone first, so its own history event moves with the rest.
    Beneficiary.objects.filter(pk=remove.pk).update(
        merged_into=keep, cccd=None, version=F("version") + 1, updated_at=timezone.now()
    )
    for relation in Beneficiary._meta.related_objects:
        _move_relation(relation, keep=keep, remove=remove)
    # Attachments name their record by kind and id, not by a foreign key.
    attachments_move(source=remove, target=keep)
    # Fill what the kept record lacks from the removed one.
    updates: dict[str, Any] = {}
    for name in BENEFICIARY_FIELDS:
        if getattr(keep, name) in (None, "") and getattr(remove, name) not in (None, ""):
            updates[name] = getattr(remove, name)
    if keep.birth_date is None and remove.birth_date is not None:
        updates["birth_year"] = remove.birth_date.year
    # One person, registered twice: in the register since the first time.
    updates["registered_on"] = min(keep.registered_on, remove.registered_on)
    Beneficiary.objects.filter(pk=keep.pk).update(
        **updates,
        identified=keep.identified or remove.identified,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    keep.refresh_from_db()
    return keep


def _move_relation(relation, *, keep: Beneficiary, remove: Beneficiary) -> None:
    model = relation.related_model
    fk = relation.field
    if relation.many_to_many:
        # A plain M2M pointing here (no through model of its own): move the rows.
        through = fk.remote_field.through
        column = fk.m2m_reverse_field_name()
        _move_rows(through, column, keep=keep, remove=remove)
        return
    _move_rows(model, fk.name, keep=keep, remove=remove)


def _move_rows(model: type[models.Model], field_name: str, *, keep, remove) -> None:
    rows = model._base_manager.filter(**{field_name: remove.pk})
    # Rows that would break a unique rule on the kept record are the same fact
    # twice (the same category, say): the kept record's row wins.
    for together in _unique_sets(model, field_name):
        others = [f for f in together if f != field_name]
        twin = model._base_manager.filter(**{field_name: keep.pk}).filter(
            **{f: OuterRef(f) for f in others}
        )
        if others:
            rows.filter(Exists(twin)).delete()
        elif twin.exists():
            raise ValidationError(
                _("Không thể gộp: cả hai hồ sơ đều có %(what)s.")
                % {"what": model._meta.verbose_name}
            )
    rows.update(**{field_name: keep.pk})


def _unique_sets(model: type[models.Model], field_name: str) -> list[tuple[str, ...]]:
    sets: list[tuple[str, ...]] = []
    opts = model._meta
    field = opts.get_field(field_name)
    # A reverse relation (ForeignObjectRel) has neither attribute.
    if getattr(field, "unique", False) and not getattr(field, "primary_key", False):
        sets.append((field_name,))
    for together in opts.unique_together:
        if field_name in together:
            sets.append(tuple(together))
    for constraint in opts.constraints:
        fields = getattr(constraint, "fields", ())
        unique = isinstance(constraint, models.UniqueConstraint) and constraint.condition is None
        if unique and field_name in fields:
            sets.append(tuple(fields))
    return sets


# --- Households --------------------------------------------------------------


def _one_line(value: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def _check_size(size: int | None) -> None:
    if size is not None and not 1 <= size <= 99:
        raise ValidationError({"size": _("Số nhân khẩu phải từ 1 đến 99.")})


@records_actor
@transaction.atomic
def household_create(
    *,
    actor,
    commune: AdministrativeUnit,
    address: str = "",
    code: str = "",
    head: Beneficiary | None = None,
    size: int | None = None,
    livelihood: str = "",
    client_uuid: uuid.UUID | None = None,
) -> tuple[Household, bool]:
    require(actor, "person.register")
    earlier = replay(Household, client_uuid, actor, "created_by")
    if earlier is not None:
        return earlier, False
    _check_commune(actor, commune)
    _check_size(size)
    result = create_once(
        Household,
        client_uuid,
        actor,
        "created_by",
        lambda: Household.objects.create(
            client_uuid=client_uuid,
            commune=commune,
            address=_one_line(address),
            code=_one_line(code),
            size=size,
            livelihood=_one_line(livelihood),
            created_by=actor,
        ),
    )
    household = result.obj
    if not result.created:  # a twin request won the race
        return household, False
    if head is not None:
        household_set_head(actor=actor, household=household, head=head)
    return household, True


HOUSEHOLD_FIELDS = ("address", "code", "size", "livelihood")


@records_actor
@transaction.atomic
def household_update(
    *, actor, household: Household, data: dict[str, Any], version: int
) -> Household:
    """Edit the household's own fields, begun at `version` (StaleEdit otherwise)."""
    require(actor, "person.register", commune=household.commune_id)
    values: dict[str, Any] = {
        k: _one_line(data[k]) for k in ("address", "code", "livelihood") if k in data
    }
    if "size" in data:
        _check_size(data["size"])
        values["size"] = data["size"]
    changed = Household.objects.filter(pk=household.pk, version=version).update(
        **values, version=F("version") + 1, updated_at=timezone.now()
    )
    if not changed:
        raise StaleEdit(_("Hộ này vừa được người khác sửa. Hãy tải lại rồi sửa lại."), code="stale")
    household.refresh_from_db()
    return household


@records_actor
@transaction.atomic
def household_set_head(*, actor, household: Household, head: Beneficiary) -> Household:
    require(actor, "person.register", commune=household.commune_id)
    if head.commune_id != household.commune_id:
        raise ValidationError({"head": _("Chủ hộ phải ở cùng xã/phường với hộ.")})
    if head.household_id not in (None, household.pk):
        raise ValidationError({"head": _("Người này đang thuộc một hộ khác.")})
    if head.household_id is None:
        Beneficiary.objects.filter(pk=head.pk).update(
            household=household, relation_to_head=_("Chủ hộ"), version=F("version") + 1
        )
    Household.objects.filter(pk=household.pk).update(
        head=head, version=F("version") + 1, updated_at=timezone.now()
    )
    household.refresh_from_db()
    return household


@records_actor
@transaction.atomic
def household_change_head(
    *, actor, household: Household, head: Beneficiary, former_relation: str = ""
) -> Household:
    """Make a member the head (the head died, moved out, or was recorded wrong).
    The new head's relation becomes "Chủ hộ"; the former head keeps membership
    with `former_relation` (blank: to be filled in on their page)."""
    require(actor, "person.register", commune=household.commune_id)
    household = Household.objects.select_for_update().get(pk=household.pk)
    if head.household_id != household.pk:
        raise ValidationError({"head": _("Chủ hộ mới phải là thành viên của hộ.")})
    if household.head_id == head.pk:
        return household
    if household.head_id is not None:
        Beneficiary.objects.filter(pk=household.head_id, household=household).update(
            relation_to_head=_one_line(former_relation),
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
    Beneficiary.objects.filter(pk=head.pk).update(
        relation_to_head=_("Chủ hộ"), version=F("version") + 1, updated_at=timezone.now()
    )
    Household.objects.filter(pk=household.pk).update(
        head=head, version=F("version") + 1, updated_at=timezone.now()
    )
    household.refresh_from_db()
    return household


@transaction.atomic
def household_add_member(
    *, actor, household: Household, beneficiary: Beneficiary, relation_to_head: str = ""
) -> Beneficiary:
    """Put a registered person in the household (leaving no other household:
    a person in another household is moved out of it first, by its page)."""
    require(actor, "person.register", commune=household.commune_id)
    if beneficiary.commune_id != household.commune_id:
        raise ValidationError({"household": _("Hộ gia đình phải ở cùng xã/phường.")})
    if beneficiary.household_id not in (None, household.pk):
        raise ValidationError({"household": _("Người này đang thuộc một hộ khác.")})
    Beneficiary.objects.filter(pk=beneficiary.pk).update(
        household=household,
        relation_to_head=_one_line(relation_to_head),
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    beneficiary.refresh_from_db()
    return beneficiary


@records_actor
@transaction.atomic
def household_remove_member(*, actor, household: Household, beneficiary: Beneficiary) -> None:
    """Take a person out of the household (moved away, recorded in the wrong
    one). The head is changed first: a household never points at a non-member."""
    require(actor, "person.register", commune=household.commune_id)
    if beneficiary.household_id != household.pk:
        raise ValidationError({"household": _("Người này không thuộc hộ này.")})
    if household.head_id == beneficiary.pk:
        raise ValidationError(
            {"head": _("Đây là chủ hộ: hãy chọn chủ hộ mới trước khi đưa người này ra khỏi hộ.")}
        )
    Beneficiary.objects.filter(pk=beneficiary.pk).update(
        household=None, relation_to_head="", version=F("version") + 1, updated_at=timezone.now()
    )
    Household.objects.filter(pk=household.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    beneficiary.refresh_from_db()


@transaction.atomic
def household_set_poverty(
    *, actor, household: Household, year: int, status: str, decision: str = ""
) -> HouseholdPoverty:
    require(actor, "person.register")
    if status not in PovertyStatus.values:
        raise ValidationError({"status": _("Tình trạng hộ nghèo không hợp lệ.")})
    if not 2000 <= year <= _today().year + 1:
        raise ValidationError({"year": _("Năm không hợp lệ.")})
    row, _created = HouseholdPoverty.objects.update_or_create(
        household=household, year=year, defaults={"status": status, "decision": decision}
    )
    Household.objects.filter(pk=household.pk).update(updated_at=timezone.now())
    return row


# --- Consent -----------------------------------------------------------------


@records_actor
@transaction.atomic
def consent_record(
    *,
    actor,
    beneficiary: Beneficiary,
    basis: str,
    given_on: datetime.date,
    child_agreed: bool = False,
    guardian_agreed: bool = False,
    guardian_name: str = "",
    note: str = "",
    client_uuid: uuid.UUID | None = None,
) -> tuple[Consent, bool]:
    """Record consent with its legal basis. A child of 7–15 consents together
    with the parent; under 7 the parent alone; statutory duty and emergency
    need no consent (Law 91/2025 Art. 19(1))."""
    require(actor, "person.register")
    earlier = replay(Consent, client_uuid, actor, "recorded_by")
    if earlier is not None:
        return earlier, False
    if basis not in ConsentBasis.values:
        raise ValidationError({"basis": _("Căn cứ không hợp lệ.")})
    if given_on > _today():
        raise ValidationError({"given_on": _("Ngày đồng ý không thể ở tương lai.")})
    guardian_name = " ".join(guardian_name.split())
    # Only the year known: the youngest they can be, so a possible 15-year-old counts as one.
    age = age_on(
        given_on,
        birth_date=beneficiary.birth_date,
        birth_year=beneficiary.birth_year,
        youngest=True,
    )
    if basis == ConsentBasis.PERSON and age is not None and age < 16:
        raise ValidationError(
            {
                "basis": _(
                    "Người dưới 16 tuổi: cần sự đồng ý của cha mẹ/người giám hộ "
                    "(và của trẻ nếu từ đủ 7 tuổi)."
                )
            }
        )
    if basis == ConsentBasis.GUARDIAN and age is not None and 7 <= age < 16:
        raise ValidationError(
            {"basis": _("Trẻ em từ đủ 7 tuổi: cần sự đồng ý của cả trẻ và cha mẹ/người giám hộ.")}
        )
    if basis == ConsentBasis.CHILD_AND_PARENT and not (
        child_agreed and guardian_agreed and guardian_name
    ):
        raise ValidationError(
            {
                "child_agreed": _(
                    "Cần cả trẻ và cha mẹ/người giám hộ đồng ý, có họ tên người giám hộ."
                )
            }
        )
    if basis == ConsentBasis.GUARDIAN and not (guardian_agreed and guardian_name):
        raise ValidationError(
            {"guardian_name": _("Cần sự đồng ý và họ tên của cha mẹ/người giám hộ.")}
        )
    result = create_once(
        Consent,
        client_uuid,
        actor,
        "recorded_by",
        lambda: Consent.objects.create(
            client_uuid=client_uuid,
            beneficiary=beneficiary,
            basis=basis,
            given_on=given_on,
            child_agreed=child_agreed,
            guardian_agreed=guardian_agreed,
            guardian_name=guardian_name,
            note=note.strip(),
            recorded_by=actor,
        ),
    )
    return result.obj, result.created


@records_actor
@transaction.atomic
def consent_withdraw(*, actor, consent: Consent, on: datetime.date) -> Consent:
    """The person (or their parent) withdraws consent (Law 91/2025 Art. 12): from
    `on`, their data is shared only on another legal basis."""
    consent = Consent.objects.select_for_update().select_related("beneficiary").get(pk=consent.pk)
    require(actor, "person.register", commune=consent.beneficiary.commune_id)
    if consent.withdrawn_on is not None:
        raise ValidationError(_("Sự đồng ý này đã được rút lại trước đó."))
    if on < consent.given_on or on > _today():
        raise ValidationError({"withdrawn_on": _("Ngày rút lại phải từ ngày đồng ý đến hôm nay.")})
    consent.withdrawn_on = on
    consent.save(update_fields=["withdrawn_on"])
    return consent


# --- Import: the new commune of a split old one -------------------------------------


@transaction.atomic
def beneficiary_import_choose_communes(*, job, choices: dict[int, int], actor):
    """Record the new commune the user picked for rows whose old commune was
    split, then validate the job again (a Celery task; the job page shows its
    progress). `choices` maps row numbers to commune ids; each must be one of
    that row's successors, or nothing is recorded."""
    from socialwork.spreadsheets import tasks
    from socialwork.spreadsheets.importers import get_importer
    from socialwork.spreadsheets.models import ImportJob

    if job.kind != "beneficiaries" or not get_importer(job.kind).can_upload(actor):
        raise PermissionDenied
    if job.status != ImportJob.Status.VALIDATED:
        raise ValidationError(_("Lượt nhập này không còn chờ chọn xã/phường."))
    offered = {row.row_number: {pk for pk, _name in options}
               for row, options in import_split_rows(job=job)}  # fmt: skip
    if not choices:
        raise ValidationError(_("Chưa chọn xã/phường cho dòng nào."))
    wrong = [str(n) for n, pk in choices.items() if pk not in offered.get(n, set())]
    if wrong:
        raise ValidationError(
            _("Xã/phường đã chọn không thuộc các xã/phường mới của xã cũ (dòng %(rows)s).")
            % {"rows": ", ".join(wrong)}
        )
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    communes = {**(job.options or {}).get("communes", {}),
                **{str(n): pk for n, pk in choices.items()}}  # fmt: skip
    job.options = {**(job.options or {}), "communes": communes}
    # Validation starts over from the file and applies every choice made so far.
    job.status = ImportJob.Status.UPLOADED
    job.save(update_fields=["options", "status"])
    # Django's fixup makes every task a DjangoTask; celery-types' shared_task returns a Task.
    tasks.import_validate.delay_on_commit(job.pk)  # type: ignore[attr-defined]
    return job
