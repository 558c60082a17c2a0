"""Referral pages: the sender's list, the facility inbox, sending from a
case, and one POST per transition. Thin: selectors read, services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from facilities.selectors import user_facility_id
from facilities.services import admission_accept_referral
from socialwork.accounts.capabilities import can, require
from socialwork.accounts.scoping import get_scoped_or_404
from socialwork.paging import IdsFirstPaginator

from .. import services as register_services
from ..models import Case, ReferralStatus
from . import selectors, services
from .filters import ReferralFilter
from .forms import FeedbackForm, ReasonForm, ReferralSendForm, ServicePickForm

PAGE_SIZE = 30


def _report(form, exc: ValidationError) -> None:
    """Put a service's refusal on the form, field by field where it can."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _list_page(request, queryset, title: str, inbox: bool = False):
    page = IdsFirstPaginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/referrals/referral_list.html",
        {
            "page": page,
            "title": title,
            "inbox": inbox,
            "filter": ReferralFilter(request.GET or None),
        },
    )


@login_required
def referral_list(request):
    """The department's list (all, filterable); everyone else: what they sent."""
    require(request.user, "referral.read")
    try:
        if can(request.user, "referral.oversee"):
            queryset = selectors.referral_list(actor=request.user, filters=request.GET)
            return _list_page(request, queryset, _("Chuyển gửi trong tỉnh"))
        queryset = selectors.referral_sent(actor=request.user, filters=request.GET)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect(request.path)
    return _list_page(request, queryset, _("Chuyển gửi đã gửi"))


@login_required
def referral_inbox(request):
    """A facility's incoming referrals, urgent on top, new first."""
    require(request.user, "referral.receive")
    if user_facility_id(request.user) is None:
        raise PermissionDenied
    queryset = selectors.referral_inbox(actor=request.user, filters=request.GET)
    return _list_page(request, queryset, _("Hộp chuyển gửi đến"), inbox=True)


def _case_for(request, case_id) -> Case:
    try:
        case_id = int(case_id)
    except (TypeError, ValueError):
        raise Http404 from None
    return get_scoped_or_404(
        Case.objects.select_related("beneficiary", "commune"), request.user, request, pk=case_id
    )


CONSENT_FIELD_NAMES = {"basis": "consent_basis", "given_on": "consent_given_on"}


def _consent_errors(exc: ValidationError) -> ValidationError:
    """The consent service names its fields as the person page does."""
    if not hasattr(exc, "error_dict"):
        return ValidationError({"consent_basis": exc.messages})
    return ValidationError(
        {CONSENT_FIELD_NAMES.get(name, name): errors for name, errors in exc.error_dict.items()}
    )


def _service_from(request):
    """The service chosen (step one, a GET), or None."""
    pick = ServicePickForm(
        {"service_type": request.POST.get("service_type") or request.GET.get("service_type")}
    )
    return pick, (pick.cleaned_data["service_type"] if pick.is_valid() else None)


@login_required
@require_http_methods(["GET", "POST"])
def referral_send(request):
    """Send a case to a provider in two steps on a phone: the service first
    (a GET that re-renders the page, or the small script does it on change),
    then the providers offering it, nearest first, and the rest of the form.
    Consent given now is recorded on the same form (the register's consent
    service) when the basis is consent and none is on file."""
    require(request.user, "referral.read")
    case = _case_for(request, request.GET.get("case") or request.POST.get("case"))
    previous = None
    previous_id = request.GET.get("previous") or request.POST.get("previous")
    if previous_id:
        try:
            previous_id = int(previous_id)
        except ValueError:
            raise Http404 from None
        previous = selectors.referral_get(
            actor=request.user, referral_id=previous_id, request=request
        )
    pick, service_type = _service_from(request)
    if service_type is None and previous is not None and request.method == "GET":
        service_type = previous.service_type
        pick = ServicePickForm(initial={"service_type": service_type.pk})
    facilities = selectors.providers_for(actor=request.user, case=case, service_type=service_type)
    offered = service_type is not None and facilities.exists()
    if service_type is not None and not offered:
        # Nobody lists the service: any provider may still receive it (with a warning).
        facilities = selectors.providers_for(actor=request.user, case=case, service_type=None)
    initial = {"service_type": service_type.pk if service_type else None}
    if previous is not None:
        initial.update(reason=previous.reason, urgency=previous.urgency)
    form = ReferralSendForm(request.POST or None, initial=initial, facilities=facilities)
    has_consent = services.active_consent(case.beneficiary_id) is not None
    if request.method == "POST" and form.is_valid():
        consent = None if has_consent else form.consent_data()
        recorded = True
        if consent is not None:
            try:
                register_services.consent_record(
                    actor=request.user, beneficiary=case.beneficiary, **consent
                )
            except ValidationError as exc:
                recorded = False
                _report(form, _consent_errors(exc))
            except PermissionDenied:
                recorded = False
                form.add_error(
                    "consent_basis",
                    _("Bạn không ghi nhận được sự đồng ý: hãy chọn căn cứ khác."),
                )
        if recorded:
            try:
                sent = services.referral_send(
                    actor=request.user, case=case, previous=previous, **form.send_data()
                )
            except ValidationError as exc:
                _report(form, exc)
            else:
                for warning in sent.warnings:
                    messages.warning(request, warning)
                messages.success(request, _("Đã gửi chuyển gửi."))
                return redirect("referrals:detail", pk=sent.referral.pk)
        has_consent = services.active_consent(case.beneficiary_id) is not None
    return render(
        request,
        "cases/referrals/referral_form.html",
        {
            "form": form,
            "pick": pick,
            "case": case,
            "previous": previous,
            "has_consent": has_consent,
            "service_type": service_type,
            "offered": offered,
        },
    )


@login_required
def referral_detail(request, pk: int):
    require(request.user, "referral.read")
    referral = selectors.referral_get(actor=request.user, referral_id=pk, request=request)
    may_answer, on_behalf = services.may_answer(request.user, referral)
    admissions = []
    if referral.status in (
        ReferralStatus.ACCEPTED,
        ReferralStatus.IN_SERVICE,
        ReferralStatus.COMPLETED,
    ):
        from facilities.selectors import admission_list

        admissions = list(admission_list(actor=request.user, filters={}).filter(referral=referral))
    return render(
        request,
        "cases/referrals/referral_detail.html",
        {
            "referral": referral,
            "transitions": selectors.referral_transitions(actor=request.user, referral=referral),
            "may_answer": may_answer,
            "on_behalf": on_behalf,
            "is_sender": services.is_sender_side(request.user, referral),
            "can_admit": may_answer
            and not on_behalf
            and services.leads_to_emergency_admission(referral),
            "admissions": admissions,
            "reason_form": ReasonForm(),
            "feedback_form": FeedbackForm(),
            "S": ReferralStatus,
        },
    )


MOVES = {
    "receive": (None, services.referral_receive, _lazy("Đã ghi nhận đã nhận.")),
    "accept": (None, admission_accept_referral, _lazy("Đã chấp nhận chuyển gửi.")),
    "start": (None, services.referral_start_service, _lazy("Đã bắt đầu cung cấp dịch vụ.")),
    "decline": (
        ReasonForm,
        services.referral_decline,
        _lazy("Đã từ chối; người gửi sẽ chuyển gửi nơi khác."),
    ),
    "complete": (
        FeedbackForm,
        services.referral_complete,
        _lazy("Đã hoàn thành và phản hồi người gửi."),
    ),
    "cancel": (ReasonForm, services.referral_cancel, _lazy("Đã hủy chuyển gửi.")),
    "close": (ReasonForm, services.referral_close, _lazy("Đã kết thúc chuyển gửi.")),
}


@login_required
@require_POST
def referral_move(request, pk: int, move: str):
    require(request.user, "referral.read")
    if move not in MOVES:
        raise Http404
    referral = selectors.referral_get(actor=request.user, referral_id=pk, request=request)
    form_class, service, done = MOVES[move]
    kwargs = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("referrals:detail", pk=pk)
        kwargs = form.cleaned_data
    try:
        referral = service(actor=request.user, referral=referral, **kwargs)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("referrals:detail", pk=pk)
    messages.success(request, done)
    if (
        move == "accept"
        and services.leads_to_emergency_admission(referral)
        and services.is_receiver(request.user, referral)
    ):
        # Emergency care: straight on to the emergency admission.
        url = reverse("facilities:admit", args=[referral.to_facility_id])
        return redirect(f"{url}?referral={referral.pk}")
    return redirect("referrals:detail", pk=pk)
