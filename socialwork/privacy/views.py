"""The department's breach register: list with the 72-hour clock, a form to
register a suspected breach, and a page that follows it to the authority's
confirmation, showing what the access log says was exposed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialwork.accounts.capabilities import requires
from socialwork.forms import show_refusal

from . import processing, selectors, services, subject_requests, subjects
from .forms import AdvanceForm, BreachForm, CloseForm, ExtendForm, SubjectRequestForm
from .models import TRANSITIONS, BreachStatus


@login_required
@requires("privacy.breach.handle")
def breach_list(request):
    breaches = selectors.breach_list(actor=request.user)
    return render(request, "privacy/breach_list.html", {"breaches": breaches})


@login_required
@requires("privacy.breach.handle")
def breach_add(request):
    form = BreachForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["suspected_user"] = data.pop("suspected_login")
        try:
            breach = services.breach_register(actor=request.user, **data)
        except ValidationError as refused:
            show_refusal(form, refused)
        else:
            messages.success(request, _("Đã ghi nhận. Hạn thông báo cơ quan chuyên trách: 72 giờ."))
            return redirect("privacy:breach_detail", pk=breach.pk)
    return render(
        request, "privacy/breach_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@requires("privacy.breach.handle")
def breach_detail(request, pk: int, form: AdvanceForm | None = None, status: int = 200):
    breach = selectors.breach_get(actor=request.user, pk=pk, request=request)
    return render(
        request,
        "privacy/breach_detail.html",
        {
            "breach": breach,
            "events": breach.events.select_related("actor"),
            "next_steps": [(s, BreachStatus(s).label) for s in sorted(TRANSITIONS[breach.status])],
            "form": form or AdvanceForm(),
            "exposure": selectors.breach_exposure(breach=breach),
        },
        status=status,
    )


@login_required
@requires("privacy.breach.handle")
@require_POST
def breach_advance(request, pk: int):
    breach = selectors.breach_get(actor=request.user, pk=pk, request=request)
    form = AdvanceForm(request.POST)
    if form.is_valid():
        try:
            services.breach_advance(actor=request.user, breach=breach, **form.cleaned_data)
        except ValidationError as refused:
            show_refusal(form, refused)
        else:
            messages.success(request, _("Đã cập nhật bước xử lý."))
            return redirect("privacy:breach_detail", pk=breach.pk)
    return breach_detail(request, pk, form=form, status=400)


# --- The data-protection unit's desk ---------------------------------------------------

LOG_PAGE = 50


@login_required
@requires("privacy.access_log.read")
def access_log(request):
    """Who viewed, listed, exported or was refused which record: by person, user,
    commune, kind and dates; one page of 50, newest first."""
    try:
        filterset = selectors.access_log_rows(filters=request.GET, request=request)
    except ValidationError:
        filterset = selectors.access_log_rows(filters={}, request=request)
        messages.error(request, _("Bộ lọc không hợp lệ."))
    page = Paginator(filterset.qs, LOG_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "privacy/access_log.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


@login_required
@requires("privacy.request.handle")
def request_list(request):
    return render(
        request,
        "privacy/request_list.html",
        {"requests": selectors.request_list(actor=request.user)},
    )


@login_required
@requires("privacy.request.handle")
def request_add(request):
    query = request.GET.get("q", "").strip()
    people = subjects.find_people(query) if query else []
    form = SubjectRequestForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            subject_request = subject_requests.request_register(
                actor=request.user, **form.cleaned_data
            )
        except ValidationError as refused:
            show_refusal(form, refused)
        else:
            messages.success(request, _("Đã tiếp nhận yêu cầu."))
            return redirect("privacy:request_detail", pk=subject_request.pk)
    chosen = None
    person_id = request.POST.get("person_id") or request.GET.get("person")
    if person_id and str(person_id).isdigit():
        chosen = subjects.person(int(person_id))
        form.initial["person_id"] = person_id
    return render(
        request,
        "privacy/request_form.html",
        {"form": form, "query": query, "people": people, "chosen": chosen},
        status=400 if form.errors else 200,
    )


@login_required
@requires("privacy.request.handle")
def request_detail(request, pk: int, extend_form=None, close_form=None, status=200):
    subject_request = selectors.request_get(actor=request.user, pk=pk, request=request)
    return render(
        request,
        "privacy/request_detail.html",
        {
            "r": subject_request,
            "extend_form": extend_form or ExtendForm(),
            "close_form": close_form or CloseForm(),
        },
        status=status,
    )


@login_required
@requires("privacy.request.handle")
@require_POST
def request_move(request, pk: int, move: str):
    subject_request = selectors.request_get(actor=request.user, pk=pk, request=request)
    extend_form = close_form = None
    try:
        if move == "answer":
            subject_requests.request_answer(actor=request.user, request=subject_request)
        elif move == "extend":
            extend_form = ExtendForm(request.POST)
            if not extend_form.is_valid():
                return request_detail(request, pk, extend_form=extend_form, status=400)
            subject_requests.request_extend(
                actor=request.user, request=subject_request, **extend_form.cleaned_data
            )
        elif move == "close":
            close_form = CloseForm(request.POST)
            if not close_form.is_valid():
                return request_detail(request, pk, close_form=close_form, status=400)
            subject_requests.request_close(
                actor=request.user, request=subject_request, **close_form.cleaned_data
            )
        else:
            raise Http404
    except ValidationError as refused:
        form = extend_form or close_form
        if form is None:
            messages.error(request, " ".join(refused.messages))
            return redirect("privacy:request_detail", pk=pk)
        show_refusal(form, refused)
        return request_detail(
            request, pk, extend_form=extend_form, close_form=close_form, status=400
        )
    messages.success(request, _("Đã cập nhật yêu cầu."))
    return redirect("privacy:request_detail", pk=pk)


@login_required
@requires("privacy.request.handle")
def request_report(request, pk: int):
    """The report given to the person: what is held, why, on what basis, and who
    received it; printable (the browser's print to PDF)."""
    subject_request = selectors.request_get(actor=request.user, pk=pk, request=request)
    sections = subjects.report(
        subject_request.person_id,
        withhold_child_protection=subject_request.requester_alleged_abuser,
    )
    return render(
        request,
        "privacy/request_report.html",
        {"r": subject_request, "sections": sections, "controller": processing.CONTROLLER},
    )


@login_required
@requires("privacy.processing.read")
def processing_record(request):
    """The record of processing activities and its impact assessment (Law 91 Art. 21)."""
    return render(
        request,
        "privacy/processing.html",
        {"controller": processing.CONTROLLER, "activities": processing.ACTIVITIES},
    )
