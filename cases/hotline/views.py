"""Hotline pages: the call log (advice apart from reports), recording a call,
opening a case from it, the police notification and the answer to 111."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from socialwork.accounts.capabilities import can, require, requires
from socialwork.accounts.scoping import get_scoped_or_404, scope_for

from ..models import Beneficiary, Case
from ..models.hotline import CallKind
from ..referrals import selectors as referral_selectors
from ..referrals.forms import ReferralSendForm
from ..referrals.services import active_consent
from . import selectors, services
from .filters import HotlineCallFilter
from .forms import CallForm, OpenCaseForm, PoliceForm


def _report(form, exc: ValidationError) -> None:
    """Put a service's refusal on the form, field by field where it can."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
def call_list(request):
    require(request.user, "hotline.read")
    filters = request.GET.copy()
    filters.setdefault("kind", CallKind.REPORT)
    try:
        calls = selectors.call_list(actor=request.user, filters=filters)
    except ValidationError:
        calls = selectors.call_list(actor=request.user)
    page = Paginator(calls, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/hotline/call_list.html",
        {"page": page, "filter": HotlineCallFilter(filters), "kind": filters.get("kind")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def call_create(request):
    require(request.user, "hotline.read")
    form = CallForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_record(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _report(form, exc)
        else:
            messages.success(request, _("Đã ghi cuộc gọi."))
            return redirect("hotline:detail", pk=call.pk)
    return render(request, "cases/hotline/call_form.html", {"form": form})


@login_required
def call_detail(request, pk: int):
    require(request.user, "hotline.read")
    call = selectors.call_get(actor=request.user, call_id=pk, request=request)
    return render(
        request,
        "cases/hotline/call_detail.html",
        {
            "call": call,
            "open_case_form": OpenCaseForm(),
            "police_form": PoliceForm(),
            # Referring needs the case in the user's scope (the department, or
            # staff working on it), not only the call.
            "can_refer": call.case_id is not None
            and call.referral_id is None
            and can(request.user, "referral.send")
            and scope_for(Case.objects.filter(pk=call.case_id), request.user).exists(),
        },
    )


REFERRAL_FIELDS = ("client_uuid", "service_type", "to_facility", "urgency", "reason", "legal_basis")


@login_required
@require_http_methods(["GET", "POST"])
@requires("referral.send")
def call_refer(request, pk: int):
    """Refer the case opened from this call (the referral form, from the call page)."""
    call = selectors.call_get(actor=request.user, call_id=pk, request=request)
    if call.case_id is None or call.referral_id is not None:
        return redirect("hotline:detail", pk=call.pk)
    case = call.case
    # Any provider of the province: the line staff pick the service on this form.
    facilities = referral_selectors.providers_for(actor=request.user, case=case, service_type=None)
    form = ReferralSendForm(request.POST or None, facilities=facilities)
    service = form.fields["service_type"]
    service.widget = forms.Select(choices=service.choices)
    if request.method == "POST" and form.is_valid():
        referral = {k: form.cleaned_data[k] for k in REFERRAL_FIELDS if k in form.cleaned_data}
        try:
            sent = services.call_refer(actor=request.user, call=call, **referral)
        except ValidationError as exc:
            _report(form, exc)
        else:
            for warning in sent.warnings:
                messages.warning(request, warning)
            messages.success(request, _("Đã gửi chuyển gửi."))
            return redirect("hotline:detail", pk=call.pk)
    return render(
        request,
        "cases/referrals/referral_form.html",
        {
            "form": form,
            "case": case,
            "has_consent": active_consent(case.beneficiary_id) is not None,
        },
    )


@login_required
@require_POST
def call_move(request, pk: int, move: str):
    require(request.user, "hotline.read")
    call = selectors.call_get(actor=request.user, call_id=pk, request=request)
    try:
        if move == "open-case":
            form = OpenCaseForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Hãy kiểm tra lại thông tin người được báo tin."))
            data = dict(form.cleaned_data)
            beneficiary_id = data.pop("beneficiary")
            beneficiary = None
            if beneficiary_id:
                beneficiary = get_scoped_or_404(
                    Beneficiary.objects.all(), request.user, request, pk=beneficiary_id
                )
            services.call_open_case(actor=request.user, call=call, beneficiary=beneficiary, **data)
        elif move == "police":
            form = PoliceForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Hãy ghi đơn vị công an đã được báo."))
            services.call_notify_police(actor=request.user, call=call, **form.cleaned_data)
        elif move == "report-111":
            services.call_report_to_111(actor=request.user, call=call)
        else:
            raise Http404
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã lưu."))
    return redirect("hotline:detail", pk=call.pk)
