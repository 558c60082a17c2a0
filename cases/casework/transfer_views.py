"""Pages for handing work on: bulk reassignment of a leaving person's cases,
transfer of a case to another commune (request, accept or decline), and the
dossier for another province. Thin: reads through selectors, writes through
`cases.casework.transfers`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialwork.accounts.capabilities import can, holders, requires
from socialwork.accounts.models import User
from socialwork.accounts.scoping import get_scoped_or_404
from socialwork.areas.selectors import province_communes
from socialwork.forms import show_refusal

from ..models import Case, TransferStatus
from . import printing, selectors, transfers
from .transfer_forms import AcceptForm, DeclineForm, ReassignForm, TransferForm
from .views import register_services_log


@login_required
@requires("case.reassign")
def reassign(request):
    user = request.user
    leaving_people = transfers.leaving_candidates(actor=user)
    leaving = None
    chosen = request.POST.get("leaving") or request.GET.get("leaving")
    if chosen and chosen.isdigit():
        leaving = leaving_people.filter(pk=chosen).first()
    successors = (
        transfers.successor_candidates(actor=user, leaving=leaving)
        if leaving is not None
        else User.objects.none()
    )
    form = ReassignForm(
        request.POST or None,
        initial={"leaving": leaving},
        leaving=leaving_people,
        successors=successors,
    )
    if request.method == "POST" and form.is_valid():
        try:
            moved = transfers.cases_reassign(
                actor=user,
                leaving=form.cleaned_data["leaving"],
                successor=form.cleaned_data["successor"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(
                request,
                _("Đã giao %(n)s trường hợp cho %(name)s.")
                % {"n": moved, "name": form.cleaned_data["successor"]},
            )
            return redirect("casework:reassign")
    cases = (
        list(transfers.open_cases_of(actor=user, worker=leaving).select_related("beneficiary")[:50])
        if leaving is not None
        else []
    )
    count = transfers.open_cases_of(actor=user, worker=leaving).count() if leaving else 0
    return render(
        request,
        "cases/casework/reassign.html",
        {"form": form, "leaving": leaving, "cases": cases, "count": count},
        status=400 if form.errors else 200,
    )


@login_required
@requires("case.transfer.request")
def transfer_request(request, pk: int):
    user = request.user
    case = selectors.case_get(actor=user, case_id=pk, request=request)
    communes = province_communes().exclude(pk=case.commune_id)
    form = TransferForm(request.POST or None, communes=communes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["destination"] == TransferForm.WITHIN:
                transfer = transfers.case_transfer_request(
                    actor=user, case=case, to_commune=data["to_commune"],
                    reason=data["reason"], new_address=data["new_address"],
                )  # fmt: skip
                messages.success(
                    request,
                    _("Đã gửi đề nghị chuyển tới %(commune)s: chờ xã nhận trả lời.")
                    % {"commune": transfer.to_commune.name},
                )
            else:
                transfer = transfers.case_transfer_out_of_province(
                    actor=user, case=case, to_province=data["to_province"],
                    reason=data["reason"], new_address=data["new_address"],
                )  # fmt: skip
                messages.success(request, _("Đã lập hồ sơ chuyển: in và gửi kèm gia đình."))
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            return redirect("casework:transfer_detail", pk=transfer.pk)
    return render(
        request,
        "cases/casework/transfer_form.html",
        {"form": form, "case": case, "history": transfers.transfers_of_case(actor=user, case=case)},
        status=400 if form.errors else 200,
    )


@login_required
@requires("case.transfer.decide")
def transfer_inbox(request):
    status = request.GET.get("status", TransferStatus.REQUESTED)
    if status not in TransferStatus.values:
        status = ""
    rows = transfers.transfer_inbox(actor=request.user, status=status or None)[:200]
    return render(
        request,
        "cases/casework/transfer_inbox.html",
        {"transfers": rows, "status": status, "statuses": TransferStatus.choices},
    )


def _decide_context(request, transfer, accept_form=None, decline_form=None):
    user = request.user
    may_decide = transfer.is_open and can(
        user, "case.transfer.decide", commune=transfer.to_commune_id
    )
    may_cancel = transfer.is_open and can(
        user, "case.transfer.request", commune=transfer.from_commune_id
    )
    workers = (
        User.objects.filter(
            is_active=True, area_id=transfer.to_commune_id, role__in=holders("case.handle")
        ).order_by("last_name", "first_name")
        if may_decide
        else User.objects.none()
    )
    return {
        "transfer": transfer,
        "may_decide": may_decide,
        "may_cancel": may_cancel,
        "accept_form": accept_form or AcceptForm(workers=workers),
        "decline_form": decline_form or DeclineForm(),
        "workers": workers,
    }


@login_required
def transfer_detail(request, pk: int):
    transfer = transfers.transfer_get(actor=request.user, transfer_id=pk, request=request)
    return render(
        request, "cases/casework/transfer_detail.html", _decide_context(request, transfer)
    )


@login_required
@require_POST
def transfer_accept(request, pk: int):
    transfer = transfers.transfer_get(actor=request.user, transfer_id=pk, request=request)
    context = _decide_context(request, transfer)
    form = AcceptForm(request.POST, workers=context["workers"])
    if form.is_valid():
        try:
            transfers.case_transfer_accept(
                actor=request.user, transfer=transfer,
                worker=form.cleaned_data["worker"], note=form.cleaned_data["note"],
            )  # fmt: skip
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Đã nhận trường hợp: hồ sơ nay thuộc xã/phường của bạn."))
            return redirect("casework:case_detail", pk=transfer.case_id)
    context["accept_form"] = form
    return render(request, "cases/casework/transfer_detail.html", context, status=400)


@login_required
@require_POST
def transfer_decline(request, pk: int):
    transfer = transfers.transfer_get(actor=request.user, transfer_id=pk, request=request)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            transfers.case_transfer_decline(
                actor=request.user, transfer=transfer, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Đã từ chối; xã chuyển đi được báo lý do."))
            return redirect("casework:transfer_inbox")
    context = _decide_context(request, transfer, decline_form=form)
    return render(request, "cases/casework/transfer_detail.html", context, status=400)


@login_required
@require_POST
def transfer_cancel(request, pk: int):
    transfer = transfers.transfer_get(actor=request.user, transfer_id=pk, request=request)
    try:
        transfers.case_transfer_cancel(actor=request.user, transfer=transfer)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã hủy đề nghị chuyển."))
    return redirect("casework:case_detail", pk=transfer.case_id)


@login_required
def transfer_dossier(request, pk: int):
    """The printed dossier of a family leaving the province (the sender's side)."""
    transfer = transfers.transfer_get(actor=request.user, transfer_id=pk, request=request)
    # The sender prints it: the case must be one the user sees.
    case = get_scoped_or_404(Case.objects.all(), request.user, request, pk=transfer.case_id)
    document = transfers.transfer_dossier(transfer=transfer, actor=request.user)
    try:
        body = printing.render_pdf(document)
    except printing.PdfUnavailable as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")

    register_services_log(request, case)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="ho-so-chuyen-{case.pk}.pdf"'
    return response
