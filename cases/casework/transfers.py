"""Moving work between people and communes (issue #17).

- `cases_reassign(*, actor, leaving, successor, reason) -> int`: every open
  case of a collaborator or worker who leaves goes to one successor, in one
  transaction, each case's history saying who, when and why. Set-based: one
  statement for the history, one for the cases, whatever their number.
- `case_transfer_request(*, actor, case, to_commune, reason, …)`: the family
  moves to another commune of the province; the receiving commune is told.
- `case_transfer_accept(*, actor, transfer, worker=None)`: the receiving
  commune takes the case: the person and their open cases move there with
  their status, plans and deadlines (a move is not a closure).
- `case_transfer_decline(*, actor, transfer, note)`: nothing moves; the reason
  is kept and the sending commune told.
- `case_transfer_cancel(*, actor, transfer)`: the sender withdraws.
- `case_transfer_out_of_province(*, actor, case, to_province, reason, …)`:
  the family leaves the province; recorded, and its dossier is printed
  (`transfer_dossier`, in the printing module's layout): the person, the
  household, every open case, the services given, the consents, and what other
  apps hold (allowances, through `register_dossier_part`); never who reported.

Consent: the person's data follows them only with a consent on record that is
not withdrawn (any basis, the statutory one included); otherwise the request
is refused with what to do.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socialwork.accounts.capabilities import holders, require
from socialwork.accounts.models import Role, User
from socialwork.accounts.scoping import ScopePolicy, register_scope, scope_for
from socialwork.areas.models import AdministrativeUnit
from socialwork.areas.selectors import province_communes
from socialwork.documents.layout import in_vietnamese

from ..models import (
    Beneficiary,
    Case,
    CaseStatus,
    CaseTransfer,
    CaseTransition,
    ServiceDelivery,
    TransferStatus,
)
from . import printing
from .services.cases import _check_worker, case_follow_beneficiary


def register_transfer_scope() -> None:
    """The receiving commune sees the requests addressed to it; the sender
    reads its own through the case (`transfers_of_case`)."""
    register_scope(CaseTransfer, ScopePolicy(commune="to_commune"))


# --- Bulk reassignment -------------------------------------------------------------------


def open_cases_of(*, actor: User, worker: User) -> QuerySet[Case]:
    """The open cases `worker` carries, among those `actor` may see."""
    return (
        scope_for(Case.objects.all(), actor)
        .filter(assigned_worker=worker)
        .exclude(status=CaseStatus.CLOSED)
    )


def leaving_candidates(*, actor: User) -> QuerySet[User]:
    """People who carry open cases the actor may reassign (any state: a
    deactivated login's cases are exactly the ones to hand on)."""
    cases = scope_for(Case.objects.exclude(status=CaseStatus.CLOSED), actor)
    return (
        scope_for(User.objects.all(), actor)
        .filter(pk__in=cases.values("assigned_worker"))
        .order_by("last_name", "first_name", "id")
    )


def successor_candidates(*, actor: User, leaving: User) -> QuerySet[User]:
    """Active people who may take over: the leaving person's commune for a
    commune worker, any carrier the actor may see otherwise."""
    people = scope_for(User.objects.all(), actor).filter(
        is_active=True, role__in=holders("case.work")
    )
    if leaving.is_commune_level and leaving.area_id:
        people = people.filter(Q(area_id=leaving.area_id) | Q(role=Role.DEPARTMENT))
    return people.exclude(pk=leaving.pk).order_by("role", "last_name", "first_name", "id")


@transaction.atomic
def cases_reassign(*, actor: User, leaving: User, successor: User, reason: str) -> int:
    """Hand every open case of `leaving` to `successor`; returns how many."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Hãy ghi lý do giao lại (nghỉ việc, chuyển công tác…).")}
        )
    if successor.pk == leaving.pk:
        raise ValidationError({"successor": _("Người nhận phải khác người giao lại.")})
    cases = open_cases_of(actor=actor, worker=leaving).select_for_update(of=("self",))
    moving = list(cases.values_list("pk", "commune_id", "status"))
    if not moving:
        raise ValidationError(_("Người này không còn trường hợp nào đang mở để giao lại."))
    for commune_id in {commune for _pk, commune, _status in moving}:
        require(actor, "case.reassign", commune=commune_id)
        try:
            _check_worker(successor, commune_id)
        except ValidationError:
            raise ValidationError(
                {"successor": _("Người nhận phải làm việc tại xã/phường của các trường hợp.")}
            ) from None
    now = timezone.now()
    note = _("Giao lại từ %(old)s cho %(new)s: %(reason)s") % {
        "old": leaving,
        "new": successor,
        "reason": reason,
    }
    CaseTransition.objects.bulk_create(
        CaseTransition(
            case_id=pk, from_status=status, to_status=status, actor=actor, note=note, at=now
        )
        for pk, _commune, status in moving
    )
    Case.objects.filter(pk__in=[pk for pk, _c, _s in moving]).update(
        assigned_worker=successor, version=F("version") + 1, updated_at=now
    )
    _tell(
        [successor],
        title=_("Bạn được giao %(n)s trường hợp của %(name)s")
        % {"n": len(moving), "name": leaving},
        url=reverse("casework:my_cases"),
        kind="case_reassigned",
    )
    return len(moving)


# --- Transfer to another commune --------------------------------------------------------


def _tell(users, *, title: str, url: str, kind: str, related=None) -> None:
    from socialwork.notifications.services import notify

    notify(recipients=users, kind=kind, title=title, url=url, related=related)


def _active_consent(beneficiary: Beneficiary) -> str:
    consent = (
        beneficiary.consents.filter(withdrawn_on__isnull=True).order_by("-given_on", "-id").first()
    )
    return consent.basis if consent is not None else ""


def _check_consent(beneficiary: Beneficiary) -> str:
    basis = _active_consent(beneficiary)
    if not basis:
        raise ValidationError(
            _(
                "Chưa có sự đồng ý còn hiệu lực của đối tượng (hoặc cha mẹ, người giám hộ) "
                "cho việc chuyển hồ sơ: ghi sự đồng ý trên trang hồ sơ trước khi chuyển."
            ),
            code="consent",
        )
    return basis


def _check_case(actor: User, case: Case) -> Case:
    case = Case.objects.select_for_update().select_related("beneficiary").get(pk=case.pk)
    require(actor, "case.transfer.request", commune=case.commune_id)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("Trường hợp đã đóng: không cần chuyển."))
    if case.transfers.filter(status=TransferStatus.REQUESTED).exists():
        raise ValidationError(_("Trường hợp đang chờ xã nhận trả lời một đề nghị chuyển khác."))
    return case


def _receivers(commune_id: int) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, area_id=commune_id, role__in=holders("case.transfer.decide")
    )


@transaction.atomic
def case_transfer_request(
    *, actor: User, case: Case, to_commune: AdministrativeUnit, reason: str, new_address: str = ""
) -> CaseTransfer:
    case = _check_case(actor, case)
    if not province_communes().filter(pk=to_commune.pk).exists():
        raise ValidationError({"to_commune": _("Xã nhận phải là một xã/phường của tỉnh.")})
    if to_commune.pk == case.commune_id:
        raise ValidationError({"to_commune": _("Xã nhận phải khác xã đang quản lý trường hợp.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Hãy ghi lý do chuyển.")})
    basis = _check_consent(case.beneficiary)
    transfer = CaseTransfer.objects.create(
        case=case,
        from_commune_id=case.commune_id,
        to_commune=to_commune,
        reason=reason.strip(),
        new_address=new_address.strip(),
        consent_basis=basis,
        requested_by=actor,
        requested_at=timezone.now(),
    )
    CaseTransition.objects.create(
        case=case, from_status=case.status, to_status=case.status, actor=actor, at=timezone.now(),
        note=_("Đề nghị chuyển sang %(commune)s: %(reason)s")
        % {"commune": to_commune.name, "reason": transfer.reason},
    )  # fmt: skip
    _tell(
        _receivers(to_commune.pk),
        title=_("Đề nghị nhận một trường hợp chuyển đến từ %(commune)s")
        % {"commune": case.commune.name},
        url=reverse("casework:transfer_detail", args=[transfer.pk]),
        kind="case_transfer",
        related=transfer,
    )
    return transfer


def _lock_open(transfer: CaseTransfer) -> CaseTransfer:
    transfer = CaseTransfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.status != TransferStatus.REQUESTED:
        raise ValidationError(_("Đề nghị chuyển này đã được trả lời."))
    return transfer


@transaction.atomic
def case_transfer_accept(
    *, actor: User, transfer: CaseTransfer, worker: User | None = None, note: str = ""
) -> CaseTransfer:
    """The person and their open cases move to the receiving commune."""
    transfer = _lock_open(transfer)
    require(actor, "case.transfer.decide", commune=transfer.to_commune_id)
    if worker is not None:
        _check_worker(worker, transfer.to_commune_id)
    beneficiary = Beneficiary.objects.select_for_update().get(pk=transfer.case.beneficiary_id)
    moved = {"commune_id": transfer.to_commune_id, "version": F("version") + 1}
    if transfer.new_address:
        moved["address"] = transfer.new_address
    Beneficiary.objects.filter(pk=beneficiary.pk).update(**moved, updated_at=timezone.now())
    beneficiary.refresh_from_db()
    # The same move as an address change on the person page: every open case follows.
    case_follow_beneficiary(actor=actor, beneficiary=beneficiary, worker=worker)
    transfer.status = TransferStatus.ACCEPTED
    transfer.decided_by, transfer.decided_at = actor, timezone.now()
    transfer.decision_note = (note or "").strip()
    transfer.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    if transfer.requested_by_id:
        _tell(
            [transfer.requested_by],
            title=_("%(commune)s đã nhận trường hợp chuyển đến")
            % {"commune": transfer.to_commune.name},
            url=reverse("casework:transfer_detail", args=[transfer.pk]),
            kind="case_transfer",
            related=transfer,
        )
    return transfer


@transaction.atomic
def case_transfer_decline(*, actor: User, transfer: CaseTransfer, note: str) -> CaseTransfer:
    transfer = _lock_open(transfer)
    require(actor, "case.transfer.decide", commune=transfer.to_commune_id)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Hãy ghi lý do từ chối để xã chuyển đi biết.")})
    transfer.status = TransferStatus.DECLINED
    transfer.decided_by, transfer.decided_at, transfer.decision_note = actor, timezone.now(), note
    transfer.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    case = transfer.case
    CaseTransition.objects.create(
        case=case, from_status=case.status, to_status=case.status, actor=actor, at=timezone.now(),
        note=_("%(commune)s từ chối nhận: %(note)s")
        % {"commune": transfer.to_commune.name, "note": note},
    )  # fmt: skip
    if transfer.requested_by_id:
        _tell(
            [transfer.requested_by],
            title=_("%(commune)s từ chối nhận trường hợp chuyển đến")
            % {"commune": transfer.to_commune.name},
            url=reverse("casework:transfer_detail", args=[transfer.pk]),
            kind="case_transfer",
            related=transfer,
        )
    return transfer


@transaction.atomic
def case_transfer_cancel(*, actor: User, transfer: CaseTransfer) -> CaseTransfer:
    transfer = _lock_open(transfer)
    require(actor, "case.transfer.request", commune=transfer.from_commune_id)
    transfer.status = TransferStatus.CANCELLED
    transfer.decided_by, transfer.decided_at = actor, timezone.now()
    transfer.save(update_fields=["status", "decided_by", "decided_at"])
    return transfer


@transaction.atomic
def case_transfer_out_of_province(
    *, actor: User, case: Case, to_province: str, reason: str, new_address: str = ""
) -> CaseTransfer:
    """The family leaves the province: recorded, the dossier to print. The case
    stays open here until the worker closes it as moved away, once the other
    province has the dossier."""
    case = _check_case(actor, case)
    to_province = (to_province or "").strip()
    if not to_province:
        raise ValidationError({"to_province": _("Hãy ghi tỉnh, thành phố chuyển đến.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Hãy ghi lý do chuyển.")})
    basis = _check_consent(case.beneficiary)
    now = timezone.now()
    transfer = CaseTransfer.objects.create(
        case=case, from_commune_id=case.commune_id, to_province=to_province,
        new_address=(new_address or "").strip(), reason=reason.strip(), consent_basis=basis,
        status=TransferStatus.DOSSIER, requested_by=actor, requested_at=now,
    )  # fmt: skip
    CaseTransition.objects.create(
        case=case, from_status=case.status, to_status=case.status, actor=actor, at=now,
        note=_("Lập hồ sơ chuyển đến %(province)s: %(reason)s")
        % {"province": to_province, "reason": transfer.reason},
    )  # fmt: skip
    return transfer


# --- Reads -----------------------------------------------------------------------------


def transfer_inbox(*, actor: User, status: str | None = TransferStatus.REQUESTED):
    """Requests addressed to the actor's commune (the province: all of them)."""
    transfers = scope_for(CaseTransfer.objects.exclude(to_commune__isnull=True), actor)
    if status:
        transfers = transfers.filter(status=status)
    return transfers.select_related("case__beneficiary", "from_commune", "to_commune")


def transfers_of_case(*, actor: User, case: Case) -> list[CaseTransfer]:
    """A case's transfers, for whoever may see the case (`case` is scoped)."""
    return list(
        case.transfers.select_related("to_commune", "from_commune", "requested_by", "decided_by")
    )


def transfer_get(*, actor: User, transfer_id: int, request=None) -> CaseTransfer:
    """A transfer the actor may see: addressed to their commune, or of a case
    they see (the sender's side)."""
    from django.http import Http404

    from socialwork.accounts.models import AccessLog
    from socialwork.accounts.services import log_access

    visible_cases = scope_for(Case.objects.all(), actor).values("pk")
    found = (
        CaseTransfer.objects.select_related("case__beneficiary", "from_commune", "to_commune")
        .filter(pk=transfer_id)
        .filter(Q(pk__in=scope_for(CaseTransfer.objects.all(), actor).values("pk"))
                | Q(case__in=visible_cases))
        .first()
    )  # fmt: skip
    if found is None:
        log_access(
            request=request, user=actor, action=AccessLog.Action.DENIED,
            obj_or_type=CaseTransfer, object_id=transfer_id, detail="not found in scope",
        )  # fmt: skip
        raise Http404
    return found


# What other apps hold about the person (allowances): each registers a function
# beneficiary -> [(label, text)], as apps register scope policies, so cases never
# imports them (import-linter contract).
DossierPart = Callable[[Beneficiary], list[tuple[str, str]]]
_DOSSIER_PARTS: list[DossierPart] = []


def register_dossier_part(part: DossierPart) -> None:
    if part not in _DOSSIER_PARTS:
        _DOSSIER_PARTS.append(part)


def _household_rows(person: Beneficiary) -> list[tuple[str, str]]:
    household = person.household
    if household is None:
        return [(_("Hộ gia đình"), _("Chưa ghi hộ gia đình"))]
    members = household.members.filter(merged_into__isnull=True).count()
    poverty = household.poverty.order_by("-year").first()
    rows = [
        (
            _("Hộ gia đình"),
            _("Mã hộ %(code)s, chủ hộ %(head)s, %(members)s người trong sổ")
            % {"code": household.code or "—", "head": household.head or "—", "members": members},
        ),
        (_("Quan hệ với chủ hộ"), person.relation_to_head),
    ]
    if poverty is not None:
        rows.append(
            (
                _("Tình trạng nghèo của hộ"),
                f"{poverty.get_status_display()} ({poverty.year})",
            )
        )
    return rows


def _open_case_rows(person: Beneficiary) -> list[tuple[str, str]]:
    # Status, urgency and dates only: a case's reporter stays in the portal
    # (Decree 56 Art. 24), so does its worker's assessment text.
    cases = person.cases.exclude(status=CaseStatus.CLOSED).order_by("reported_at", "id")
    return [
        (
            _("Trường hợp đang mở"),
            _("Mã %(id)s, tiếp nhận %(day)s: %(status)s, mức độ %(urgency)s")
            % {
                "id": case.pk,
                "day": printing._d(case.reported_at),
                "status": case.get_status_display(),
                "urgency": case.get_urgency_display(),
            },
        )
        for case in cases
    ]


def _consent_rows(person: Beneficiary) -> list[tuple[str, str]]:
    rows = []
    for consent in person.consents.order_by("given_on", "id"):
        text = _("%(basis)s, ngày %(day)s") % {
            "basis": consent.get_basis_display(),
            "day": printing._d(consent.given_on),
        }
        if consent.withdrawn_on:
            text += " " + _("(rút lại ngày %(day)s)") % {"day": printing._d(consent.withdrawn_on)}
        rows.append((_("Sự đồng ý"), text))
    return rows


@in_vietnamese
def transfer_dossier(*, transfer: CaseTransfer, actor: User) -> printing.Document:
    """The paper dossier for another province: who, the household, what was
    done, what is open, the allowances and the consents. No reporter."""
    case = transfer.case
    person = case.beneficiary
    doc = printing.Document(
        form="transfer",
        issuer=[_("ỦY BAN NHÂN DÂN"), transfer.from_commune.name.upper()],
        title=_("HỒ SƠ CHUYỂN TRƯỜNG HỢP"),
        place_date=printing.long_date(transfer.from_commune.name, timezone.localdate()),
    )
    doc.rows += printing._person_rows(case)
    doc.rows += _household_rows(person)
    doc.rows += [
        (_("Chuyển đến"), transfer.to_province or transfer.to_commune.name),
        (_("Địa chỉ nơi ở mới"), transfer.new_address),
        (_("Lý do chuyển"), transfer.reason),
        (_("Trạng thái trường hợp"), case.get_status_display()),
        (_("Mức độ khẩn cấp"), case.get_urgency_display()),
        (_("Ngày tiếp nhận"), printing._d(case.reported_at)),
        (_("Căn cứ đồng ý chuyển hồ sơ"), transfer.consent_basis),
    ]
    doc.rows += _open_case_rows(person)
    for part in _DOSSIER_PARTS:
        doc.rows += part(person)
    doc.rows += _consent_rows(person)
    doc.table_head = [_("Ngày"), _("Dịch vụ đã cung cấp"), _("Ghi chú")]
    services = (
        ServiceDelivery.objects.filter(beneficiary=person)
        .exclude(case__status=CaseStatus.CLOSED)
        .select_related("service_type")
        .order_by("-delivered_on", "-id")[:30]
    )
    for service in services:
        day = printing._d(service.delivered_on)
        doc.table.append([day, str(service.service_type), service.note])
    doc.signatures = [printing.Signature([_("NGƯỜI LẬP HỒ SƠ")], str(actor), printing._hint())]
    return doc


__all__ = [
    "case_transfer_accept",
    "case_transfer_cancel",
    "case_transfer_decline",
    "case_transfer_out_of_province",
    "case_transfer_request",
    "cases_reassign",
    "register_dossier_part",
]
