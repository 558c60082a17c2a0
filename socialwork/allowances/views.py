"""Pages: the commune's monthly work (phone or desktop), the department's
overview, an application's steps, the payment list, the reports. Thin: reads
through selectors, writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import selectors as case_selectors
from socialwork.accounts.capabilities import require, requires
from socialwork.accounts.scoping import scope_for
from socialwork.documents.layout import DOCX_TYPE, PdfUnavailable, render_docx, render_pdf
from socialwork.forms import show_refusal
from socialwork.spreadsheets.exporting import export_job_request, sync_allowed

from . import decisions, exports, reports, selectors
from .amounts import month_start
from .forms import (
    ApplicationForm,
    CardIssueForm,
    CoefficientChangeForm,
    CoefficientEditForm,
    CoefficientForm,
    DecideForm,
    GenerateForm,
    ObjectionForm,
    PaymentAccountForm,
    PeriodForm,
    ReviewForm,
    StandardLevelForm,
)
from .models import ApplicationStatus, Payment, PaymentList, PaymentMethod
from .services import applications, payment_lists
from .services import rates as rate_changes

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
    require(user, "allowance.overview")
    context["lists"] = (
        selectors.payment_list_list(actor=user).filter(month=month).order_by("commune__name")
    )
    context["overdue_by_commune"] = selectors.overdue_by_commune(actor=user, today=today)
    context["figures"] = reports.headline(actor=user, period=reports.Period(month, today))
    context["cards"] = selectors.card_counts(actor=user)
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
            application, _created = applications.application_submit(
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
            "prints": selectors.decision_prints(actor=request.user, application=application),
            "review_form": ReviewForm(initial={"reviewed_on": today}),
            "decide_form": DecideForm(initial={"decided_on": today}),
            "objection_form": ObjectionForm(initial={"received_on": today}),
        },
    )


def _person_page(request, beneficiary, *, account_form=None, card_form=None):
    data = selectors.person_allowance(actor=request.user, beneficiary=beneficiary)
    account, card = data["account"], data["card"]
    if account_form is None:
        initial = {"method": PaymentMethod.POST_OFFICE}
        if account is not None:
            initial = {
                "method": account.method,
                "bank_name": account.bank_name,
                "account_number": account.account_number,
                "account_holder": account.account_holder,
            }
        account_form = PaymentAccountForm(initial=initial)
    if card_form is None and card is not None:
        card_form = CardIssueForm(
            initial={
                "card_number": card.card_number,
                "issued_on": card.issued_on or timezone.localdate(),
                "valid_to": card.valid_to,
            }
        )
    failed = (account_form.errors if account_form.is_bound else None) or (
        card_form is not None and card_form.is_bound and card_form.errors
    )
    return render(
        request,
        "allowances/person.html",
        data | {"beneficiary": beneficiary, "account_form": account_form, "card_form": card_form},
        status=400 if failed else 200,
    )


def _beneficiary(request, beneficiary_id: int):
    _personal(request.user)
    return case_selectors.beneficiary_get(
        actor=request.user, beneficiary_id=beneficiary_id, request=request
    )


@login_required
def person(request, beneficiary_id: int):
    """A person's allowance: decisions, applications, how they are paid, their card."""
    return _person_page(request, _beneficiary(request, beneficiary_id))


@login_required
@require_POST
def payment_account_set(request, beneficiary_id: int):
    beneficiary = _beneficiary(request, beneficiary_id)
    form = PaymentAccountForm(request.POST)
    if form.is_valid():
        try:
            payment_lists.payment_account_set(
                actor=request.user, beneficiary=beneficiary, **form.cleaned_data
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Đã ghi hình thức chi trả."))
            return redirect("allowances:person", beneficiary.pk)
    return _person_page(request, beneficiary, account_form=form)


@login_required
@require_POST
def card_issue(request, beneficiary_id: int):
    beneficiary = _beneficiary(request, beneficiary_id)
    card = selectors.card_list(actor=request.user).filter(beneficiary=beneficiary).first()
    if card is None:
        raise Http404
    form = CardIssueForm(request.POST)
    if form.is_valid():
        try:
            payment_lists.health_insurance_card_issue(
                actor=request.user, card=card, **form.cleaned_data
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Đã ghi thẻ BHYT đã cấp."))
            return redirect("allowances:person", beneficiary.pk)
    return _person_page(request, beneficiary, card_form=form)


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
    return _step(request, pk, ReviewForm, applications.application_review)


@login_required
@require_POST
def application_decide(request, pk: int):
    return _step(request, pk, DecideForm, applications.application_decide)


@login_required
@require_POST
def application_objection(request, pk: int):
    return _step(request, pk, ObjectionForm, applications.objection_record)


@login_required
def decision_print(request, kind: str, pk: int, fmt: str):
    """The chairman's allowance decision in the Decree 30 format, .docx or PDF."""

    user = request.user
    _personal(user)
    if kind not in selectors.DECISION_KINDS or fmt not in ("docx", "pdf"):
        raise Http404
    if kind == "funeral":
        document = decisions.funeral(selectors.funeral_get(actor=user, funeral_id=pk))
    else:
        entitlement = selectors.entitlement_get(actor=user, entitlement_id=pk)
        application = entitlement.application
        signer = str(application.decided_by or "") if application else ""
        if kind == "granting":
            document = decisions.granting(entitlement, signer_name=signer)
        elif kind == "changing":
            previous = selectors.entitlement_replaced(actor=user, entitlement=entitlement)
            if previous is None:
                raise Http404
            document = decisions.changing(entitlement, previous, signer_name=signer)
        else:
            if entitlement.end_month is None:
                raise Http404
            document = decisions.stopping(entitlement)
    if fmt == "docx":
        body, content_type = render_docx(document), DOCX_TYPE
    else:
        try:
            body, content_type = render_pdf(document), "application/pdf"
        except PdfUnavailable as exc:
            return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="quyet-dinh-{kind}-{pk}.{fmt}"'
    return response


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
        result = payment_lists.payment_lists_generate(
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
        payment_lists.payment_list_lock(actor=request.user, payment_list=payment_list)
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
    if fmt == "xlsx" and sync_allowed(payment_list.payments.count()):
        return exports.payment_list_xlsx(request, payment_list)
    if fmt == "pdf" and not exports.pdf_available():
        return exports.payment_list_pdf(request, payment_list)  # says why, clearly
    job = export_job_request(
        kind="allowances.payment_list",
        params={"list_id": payment_list.pk},
        fmt=fmt,
        title=_("Danh sách chi trả %(commune)s tháng %(month)s")
        % {"commune": payment_list.commune.name, "month": f"{payment_list.month:%m/%Y}"},
        actor=request.user,
        back_url=reverse("allowances:payment_list", args=[payment_list.pk]),
    )
    return redirect("exports:job", pk=job.pk)


def _period(request) -> tuple[PeriodForm, reports.Period]:
    today = timezone.localdate()
    form = PeriodForm(request.GET or None, initial={"year": today.year})
    if form.is_bound and form.is_valid():
        return form, reports.report_period(form.cleaned_data["year"], form.cleaned_data["half"])
    return form, reports.report_period(today.year)


@login_required
def report_page(request):
    form, period = _period(request)
    emergency = reports.report_10b(actor=request.user, period=period)
    care = reports.report_10c(actor=request.user, period=period)
    # The headline and more, from the 10b and 10c shown beside it.
    figures = reports.report_10d(actor=request.user, period=period, emergency=emergency, care=care)
    return render(
        request,
        "allowances/reports.html",
        {
            "form": form,
            "period": period,
            "rows": reports.report_10a(actor=request.user, period=period),
            "emergency": emergency,
            "care": care,
            "summary": exports.report_10d_rows(figures),
            "figures": figures,
            "query": request.GET.urlencode(),
        },
    )


@login_required
def report_10a_xlsx(request):
    _form, period = _period(request)
    return exports.report_10a_xlsx(request, period)


@login_required
def report_10b_xlsx(request):
    _form, period = _period(request)
    return exports.report_10b_xlsx(request, period)


@login_required
def report_10d_xlsx(request):
    _form, period = _period(request)
    return exports.report_10d_xlsx(request, period)


@login_required
def report_10c_export(request, fmt: str):
    form, period = _period(request)
    if fmt == "xlsx":
        return exports.report_10c_xlsx(request, period)
    if not exports.pdf_available():
        return exports.report_10c_pdf(request, period)  # says why, clearly
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    job = export_job_request(
        kind="allowances.report_10c",
        params={
            "year": chosen.get("year") or timezone.localdate().year,
            "half": chosen.get("half"),
        },
        fmt="pdf",
        title=_("Báo cáo mẫu 10c, %(period)s") % {"period": period},
        actor=request.user,
        back_url=f"{reverse('allowances:reports')}?{request.GET.urlencode()}",
    )
    return redirect("exports:job", pk=job.pk)


# --- Rates: standard levels and coefficients (department staff) -----------------------


def _rate_form(request, form, title: str, write, *, explain: str = "", extra=None):
    """GET: the form; POST: call the service, back to the rates page on success."""
    if request.method == "POST" and form.is_valid():
        try:
            write(form.cleaned_data)
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("allowances:rates")
    return render(
        request,
        "allowances/rate_form.html",
        {"form": form, "title": title, "explain": explain} | (extra or {}),
        status=400 if form.errors else 200,
    )


@login_required
@requires("allowance.rates.edit")
def rates(request):
    return render(
        request,
        "allowances/rates.html",
        selectors.rate_tables(actor=request.user) | {"last_locked": selectors.last_locked_month()},
    )


@login_required
@requires("allowance.rates.edit")
def standard_level_add(request):
    form = StandardLevelForm(request.POST or None)
    return _rate_form(
        request,
        form,
        _("Thêm mức chuẩn trợ giúp xã hội"),
        lambda data: rate_changes.standard_level_add(actor=request.user, **data),
        explain=_(
            "Mức mới áp dụng từ ngày đã chọn; mức trước đó áp dụng đến hết ngày hôm trước. "
            "Nếu áp dụng hồi tố, danh sách chi trả tháng sau sẽ truy lĩnh phần chênh lệch "
            "cho các tháng đã chi."
        ),
    )


@login_required
@requires("allowance.rates.edit")
def standard_level_edit(request, pk: int):
    level = selectors.standard_level_get(actor=request.user, level_id=pk)
    initial = {
        "scope": level.scope,
        "amount": level.amount,
        "valid_from": level.valid_from,
        "legal_basis": level.legal_basis,
        "confirmed": level.confirmed,
    }
    form = StandardLevelForm(request.POST or None, initial=initial)
    form.fields["scope"].disabled = True

    def write(data):
        data.pop("scope", None)
        rate_changes.standard_level_update(actor=request.user, level=level, **data)

    return _rate_form(
        request,
        form,
        _("Sửa mức chuẩn trợ giúp xã hội"),
        write,
        explain=_(
            "Mức đã dùng để chi trả tháng đã khóa chỉ sửa được căn cứ pháp lý; "
            "thay đổi mức thì thêm mức mới áp dụng từ ngày thay đổi."
        ),
        extra={"level": level, "in_use": selectors.standard_level_in_use(level)},
    )


@login_required
@require_POST
@requires("allowance.rates.edit")
def standard_level_delete(request, pk: int):
    level = selectors.standard_level_get(actor=request.user, level_id=pk)
    try:
        rate_changes.standard_level_delete(actor=request.user, level=level)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Đã xóa."))
    return redirect("allowances:rates")


@login_required
@requires("allowance.rates.edit")
def coefficient_add(request):
    form = CoefficientForm(request.POST or None)
    return _rate_form(
        request,
        form,
        _("Thêm hệ số trợ cấp"),
        lambda data: rate_changes.coefficient_add(actor=request.user, **data),
        explain=_(
            "Dòng mới cho một độ tuổi hoặc nhóm chưa có hệ số. Để đổi hệ số đang áp dụng, "
            "dùng “Thay đổi từ ngày” trên dòng đó."
        ),
    )


def _coefficient_initial(row) -> dict:
    return {
        "coefficient": row.coefficient,
        "min_age": row.min_age,
        "max_age": row.max_age,
        "valid_from": row.valid_from,
        "valid_to": row.valid_to,
        "legal_basis": row.legal_basis,
        "note": row.note,
        "needs_review": row.needs_review,
    }


@login_required
@requires("allowance.rates.edit")
def coefficient_edit(request, pk: int):
    row = selectors.coefficient_get(actor=request.user, coefficient_id=pk)
    form = CoefficientEditForm(request.POST or None, initial=_coefficient_initial(row))
    return _rate_form(
        request,
        form,
        _("Sửa hệ số trợ cấp"),
        lambda data: rate_changes.coefficient_update(actor=request.user, row=row, **data),
        explain=_(
            "Hệ số đã dùng để chi trả tháng đã khóa chỉ sửa được ngày hết áp dụng, căn cứ "
            "pháp lý và ghi chú."
        ),
        extra={"row": row, "in_use": selectors.coefficient_in_use(row)},
    )


@login_required
@requires("allowance.rates.edit")
def coefficient_change(request, pk: int):
    row = selectors.coefficient_get(actor=request.user, coefficient_id=pk)
    form = CoefficientChangeForm(request.POST or None)
    return _rate_form(
        request,
        form,
        _("Thay đổi hệ số từ một ngày"),
        lambda data: rate_changes.coefficient_change(actor=request.user, row=row, **data),
        explain=_(
            "Hệ số đang áp dụng kết thúc vào ngày trước ngày thay đổi; các tháng trước giữ "
            "nguyên hệ số cũ. Ngày thay đổi phải sau tháng cuối cùng đã khóa danh sách chi trả."
        ),
        extra={"row": row},
    )
