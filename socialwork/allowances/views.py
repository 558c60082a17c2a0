"""Pages: the commune's monthly work (phone or desktop), the department's
overview, an application's steps, the payment list, the reports. Thin: reads
through selectors, writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import selectors as case_selectors
from socialwork.accounts.models import Role
from socialwork.accounts.scoping import scope_for

from . import exports, reports, selectors, services
from .amounts import month_start
from .forms import ApplicationForm, DecideForm, GenerateForm, ObjectionForm, PeriodForm, ReviewForm
from .models import ApplicationStatus, Payment, PaymentList

OPEN = [ApplicationStatus.SUBMITTED, ApplicationStatus.POSTED, ApplicationStatus.OBJECTION]
ROWS_SHOWN = 200


def _personal(user) -> None:
    """Leadership reads aggregates only."""
    scope_for(Payment.objects.none(), user)


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
def home(request):
    today = timezone.localdate()
    month = month_start(today)
    user = request.user
    context = {"month": month, "today": today}
    if user.is_commune_level:
        context["applications"] = (
            selectors.application_list(actor=user)
            .filter(status__in=OPEN)
            .order_by("review_due", "id")[:50]
        )
        context["overdue"] = selectors.applications_overdue(actor=user, today=today)[:50]
        current = selectors.payment_list_list(actor=user).filter(month=month).first()
        context["current_list"] = current
        if current is not None:
            context["changes"] = current.payments.exclude(change="unchanged").select_related(
                "beneficiary"
            )[:ROWS_SHOWN]
            context["removals"] = current.removals.select_related("beneficiary")[:ROWS_SHOWN]
        context["lists"] = selectors.payment_list_list(actor=user).order_by("-month")[:12]
        return render(request, "allowances/commune_home.html", context)
    if user.role not in (Role.DEPARTMENT, Role.ADMIN, Role.LEADERSHIP) and not user.is_superuser:
        raise PermissionDenied
    context["lists"] = (
        selectors.payment_list_list(actor=user).filter(month=month).order_by("commune__name")
    )
    context["overdue_by_commune"] = selectors.overdue_by_commune(actor=user, today=today)
    context["figures"] = reports.headline(actor=user, period=reports.Period(month, today))
    context["generate_form"] = GenerateForm(initial={"month": month})
    return render(request, "allowances/overview.html", context)


@login_required
def application_new(request, beneficiary_id: int):
    beneficiary = case_selectors.beneficiary_get(
        actor=request.user, beneficiary_id=beneficiary_id, request=request
    )
    form = ApplicationForm(request.POST or None, initial={"filed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            application, _created = services.application_submit(
                actor=request.user, beneficiary=beneficiary, **form.cleaned_data
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Đã nộp hồ sơ đề nghị trợ cấp."))
            return redirect("allowances:application_detail", application.pk)
    return render(
        request, "allowances/application_form.html", {"form": form, "beneficiary": beneficiary}
    )


@login_required
def application_detail(request, pk: int):
    application = selectors.application_get(actor=request.user, application_id=pk)
    today = timezone.localdate()
    return render(
        request,
        "allowances/application_detail.html",
        {
            "application": application,
            "objections": application.objections.all(),
            "review_form": ReviewForm(initial={"reviewed_on": today}),
            "decide_form": DecideForm(initial={"decided_on": today}),
            "objection_form": ObjectionForm(initial={"received_on": today}),
            "can_review": request.user.role in services.REVIEWERS,
            "can_decide": request.user.role in services.DECIDERS,
        },
    )


def _step(request, pk: int, form_class, service, **extra):
    application = selectors.application_get(actor=request.user, application_id=pk)
    form = form_class(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("allowances:application_detail", pk)
    try:
        service(actor=request.user, application=application, **form.cleaned_data, **extra)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Đã ghi nhận."))
    return redirect("allowances:application_detail", pk)


@login_required
@require_POST
def application_review(request, pk: int):
    return _step(request, pk, ReviewForm, services.application_review)


@login_required
@require_POST
def application_decide(request, pk: int):
    return _step(request, pk, DecideForm, services.application_decide)


@login_required
@require_POST
def application_objection(request, pk: int):
    return _step(request, pk, ObjectionForm, services.objection_record)


@login_required
def posting(request):
    commune_id = request.GET.get("commune") or request.user.area_id
    communes = selectors.commune_ids_for(request.user)
    try:
        commune_id = int(commune_id)
    except (TypeError, ValueError):
        raise Http404 from None
    if communes is not None and commune_id not in communes:
        raise Http404
    rows = selectors.posting_list(
        actor=request.user, commune_id=commune_id, village=request.GET.get("village", "")
    )
    return render(request, "allowances/posting.html", {"rows": rows})


@login_required
def payment_list_detail(request, pk: int):
    payment_list = selectors.payment_list_get(actor=request.user, list_id=pk)
    _personal(request.user)
    rows = selectors.payment_rows(actor=request.user).filter(payment_list=payment_list)
    change = request.GET.get("change")
    if change in ("added", "changed", "unchanged"):
        rows = rows.filter(change=change)
    return render(
        request,
        "allowances/payment_list.html",
        {
            "payment_list": payment_list,
            "rows": rows.order_by("beneficiary__full_name", "id")[:ROWS_SHOWN],
            "removals": payment_list.removals.select_related("beneficiary")[:ROWS_SHOWN],
            "pdf_available": exports.pdf_available(),
        },
    )


@login_required
@require_POST
def payment_list_generate(request):
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nhập tháng hợp lệ."))
        return redirect("allowances:home")
    user = request.user
    communes = None
    if user.is_commune_level:
        communes = [user.area]
    try:
        result = services.payment_lists_generate(
            actor=user, month=form.cleaned_data["month"], communes=communes
        )
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("allowances:home")
    messages.success(
        request,
        _("Đã lập %(lists)s danh sách, %(payments)s người được chi trả.")
        % {"lists": result.lists, "payments": result.payments},
    )
    if communes:
        made = PaymentList.objects.filter(commune=user.area, month=result.month).first()
        if made is not None:
            return redirect("allowances:payment_list", made.pk)
    return redirect("allowances:home")


@login_required
@require_POST
def payment_list_lock(request, pk: int):
    payment_list = selectors.payment_list_get(actor=request.user, list_id=pk)
    try:
        services.payment_list_lock(actor=request.user, payment_list=payment_list)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Đã khóa danh sách chi trả."))
    return redirect("allowances:payment_list", pk)


@login_required
def payment_list_export(request, pk: int, fmt: str):
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    payment_list = selectors.payment_list_get(actor=request.user, list_id=pk)
    _personal(request.user)
    if fmt == "xlsx":
        return exports.payment_list_xlsx(request, payment_list)
    return exports.payment_list_pdf(request, payment_list)


def _period(request) -> tuple[PeriodForm, reports.Period]:
    today = timezone.localdate()
    form = PeriodForm(request.GET or None, initial={"year": today.year})
    if form.is_bound and form.is_valid():
        return form, reports.report_period(form.cleaned_data["year"], form.cleaned_data["half"])
    return form, reports.report_period(today.year)


@login_required
def report_page(request):
    form, period = _period(request)
    return render(
        request,
        "allowances/reports.html",
        {
            "form": form,
            "period": period,
            "rows": reports.report_10a(actor=request.user, period=period),
            "emergency": reports.report_10b(actor=request.user, period=period),
            "figures": reports.headline(actor=request.user, period=period),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def report_10a_xlsx(request):
    _form, period = _period(request)
    return exports.report_10a_xlsx(request, period)
