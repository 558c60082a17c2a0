"""Case pages: thin, every read through a selector, every write through a
service. Collaborator pages are light (no script). Leadership gets 403."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialwork.accounts.capabilities import can, require
from socialwork.forms import show_refusal

from .. import selectors as register_selectors
from .. import services as register_services
from ..errors import StaleEdit
from ..history import case_history
from ..models import AssessmentKind, CaseStatus, EventKind, PlanStatus, TransferStatus
from ..referrals import selectors as referral_selectors
from . import printing, selectors, signing, transfers
from .deadlines import case_deadlines, plan_wait
from .filters import CaseFilter
from .forms import (
    AssessmentForm,
    AssignForm,
    CaseEditForm,
    CaseOpenForm,
    EventForm,
    HomeVisitForm,
    MoveForm,
    PlanForm,
    ReviewForm,
    SeparationExtendForm,
    SeparationForm,
    SeparationLiftForm,
    ServiceForm,
    SignForm,
)
from .scoping import may_see_reporter
from .services import cases as case_writes
from .services import decisions
from .services.assessments import assessment_record
from .services.deliveries import service_record
from .services.events import event_record
from .services.plans import plan_approve, plan_draft, plan_return, plan_submit
from .services.reviews import review_record
from .services.status import (
    case_begin_assessment,
    case_begin_intervention,
    case_begin_monitoring,
    case_begin_planning,
    case_close,
    case_reopen,
    case_replan,
)

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
MOVES = {
    "assess": case_begin_assessment,
    "plan": case_begin_planning,
    "intervene": case_begin_intervention,
    "monitor": case_begin_monitoring,
    "replan": case_replan,
}


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _int_param(request, name: str, default: int, low: int, high: int) -> int:
    try:
        return min(high, max(low, int(request.GET.get(name, default))))
    except ValueError:
        return default


def _page(request, queryset):
    number = _int_param(request, "page", 1, 1, 10**6)
    size = _int_param(request, "page_size", PAGE_SIZE, 1, MAX_PAGE_SIZE)
    # One row more than the page tells whether a next page exists, without a count.
    rows = list(queryset[(number - 1) * size : number * size + 1])
    return rows[:size], number, len(rows) > size


@login_required
def my_cases(request):
    """A collaborator's phone page: my open cases, due first."""
    require(request.user, "case.read")
    rows, number, has_next = _page(request, selectors.my_cases(actor=request.user))
    return render(
        request,
        "cases/casework/my_cases.html",
        {"rows": rows, "page": number, "has_next": has_next, "now": timezone.now()},
    )


@login_required
def case_list(request):
    """The commune's cases (official, leader) or the province's (department), filterable."""
    user = request.user
    require(user, "case.read")
    filterset = CaseFilter(
        request.GET or None, queryset=selectors.case_base(actor=user).none(), request=request
    )
    try:
        queryset = selectors.case_list_due_first(actor=user, filters=request.GET, request=request)
        if request.GET.get("open") == "false" or "status" in request.GET:
            queryset = selectors.case_list(actor=user, filters=request.GET, request=request)
    except ValidationError:
        queryset = selectors.case_base(actor=user).none()
    rows, number, has_next = _page(request, queryset)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/casework/case_list.html",
        {
            "filter": filterset,
            "rows": rows,
            "page": number,
            "has_next": has_next,
            "query": query.urlencode(),
            "now": timezone.now(),
            # The commune's assigners (official, leader) see the plans to draft.
            "to_draft": list(selectors.plans_to_draft(actor=user)[:10])
            if user.is_commune_level and can(user, "case.assign")
            else [],
            "inbox_count": selectors.plan_inbox(actor=user).count(),
        },
    )


@login_required
def case_open(request):
    user = request.user
    require(user, "case.work")
    form = CaseOpenForm(
        request.POST or None, initial={"beneficiary": request.GET.get("beneficiary")}
    )
    # Opened from the person's page: the person is named, never asked for by id.
    named = request.POST.get("beneficiary") or request.GET.get("beneficiary") or ""
    person = None
    if named.isdigit():
        person = register_selectors.beneficiary_get(
            actor=user, beneficiary_id=int(named), request=request
        )
        form.fields["beneficiary"].widget = forms.HiddenInput()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        beneficiary = register_selectors.beneficiary_get(
            actor=user, beneficiary_id=data["beneficiary"], request=request
        )
        try:
            result = case_writes.case_open(
                actor=user,
                beneficiary=beneficiary,
                source=data["source"],
                reported_at=data["reported_at"],
                summary=data["summary"],
                call_reference=data["call_reference"],
                reporter_name=data["reporter_name"],
                reporter_phone=data["reporter_phone"],
                urgency=data["urgency"],
                is_child_protection=data["is_child_protection"],
                needs_emergency_protection=data["needs_emergency_protection"],
                confidential=data["confidential"],
                confidentiality_reason=data["confidentiality_reason"],
                client_uuid=data["client_uuid"],
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            if result.created:
                messages.success(request, _("Đã mở trường hợp."))
            return redirect("casework:case_detail", pk=result.obj.pk)
    return render(request, "cases/casework/case_form.html", {"form": form, "person": person})


@login_required
def case_detail(request, pk: int):
    user = request.user
    require(user, "case.read")
    case = selectors.case_get(actor=user, case_id=pk, request=request)
    plans = list(selectors.plan_list(actor=user, filters={"case": case.pk}))
    can_assign = can(user, "case.assign", commune=case.commune_id)
    assign_form = (
        AssignForm(
            initial={"version": case.version, "worker": case.assigned_worker_id},
            workers=selectors.assignable_workers(actor=user, case=case),
        )
        if can_assign
        else None
    )
    return render(
        request,
        "cases/casework/case_detail.html",
        {
            "case": case,
            "show_reporter": may_see_reporter(user, case),
            "deadlines": case_deadlines(case),
            "now": timezone.now(),
            "assessments": list(selectors.assessment_list(actor=user, filters={"case": case.pk})),
            "plans": plans,
            "reviews": list(selectors.review_list(actor=user, case=case)),
            "services": list(selectors.case_services(actor=user, case=case)[:20]),
            "referrals": list(referral_selectors.case_referrals(actor=user, case_id=case.pk)[:10]),
            "events": list(selectors.event_list(actor=user, filters={"case": case.pk})[:20]),
            "transitions": list(selectors.case_transitions(actor=user, case=case)[:20]),
            "history": case_history(actor=user, case=case, limit=20),
            "visit_form": HomeVisitForm(),
            "service_form": ServiceForm(),
            "move_form": MoveForm(initial={"version": case.version}),
            "is_leader": can(user, "case.decide", commune=case.commune_id),
            "can_assign": can_assign,
            "assign_form": assign_form,
            "is_open": case.status != CaseStatus.CLOSED,
            "forms": printing.FORMS,
            # Families gone to another province: their printed dossier, from the case.
            "dossiers": [
                t
                for t in transfers.transfers_of_case(actor=user, case=case)
                if t.status == TransferStatus.DOSSIER
            ],
        },
    )


@login_required
def case_edit(request, pk: int):
    user = request.user
    require(user, "case.read")
    case = selectors.case_get(actor=user, case_id=pk, request=request)
    form = CaseEditForm(
        request.POST or None,
        initial={"version": case.version, "summary": case.summary, "urgency": case.urgency},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case_writes.case_update(
                actor=user,
                case=case,
                data={"summary": data["summary"], "urgency": data["urgency"]},
                version=data["version"],
            )
        except StaleEdit as exc:
            form.add_error(None, exc.messages)
            return render(
                request, "cases/casework/simple_form.html", {"form": form, "case": case}, status=409
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("casework:case_detail", pk=case.pk)
    return render(request, "cases/casework/simple_form.html", {"form": form, "case": case})


@login_required
@require_POST
def case_assign(request, pk: int):
    user = request.user
    require(user, "case.read")
    case = selectors.case_get(actor=user, case_id=pk, request=request)
    form = AssignForm(request.POST, workers=selectors.assignable_workers(actor=user, case=case))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        worker = form.cleaned_data["worker"]
        try:
            case_writes.case_assign(
                actor=user, case=case, worker=worker, version=form.cleaned_data["version"]
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Đã giao người phụ trách."))
    return redirect("casework:case_detail", pk=case.pk)


@login_required
@require_POST
def case_move(request, pk: int, move: str):
    user = request.user
    require(user, "case.read")
    case = selectors.case_get(actor=user, case_id=pk, request=request)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Biểu mẫu không hợp lệ. Hãy tải lại trang."))
        return redirect("casework:case_detail", pk=case.pk)
    data = form.cleaned_data
    try:
        if move == "close":
            case_close(
                actor=user,
                case=case,
                reason=data["reason"],
                note=data["note"],
                version=data["version"],
            )
        elif move == "reopen":
            case_reopen(actor=user, case=case, reason=data["note"], version=data["version"])
        elif move in MOVES:
            MOVES[move](actor=user, case=case, note=data["note"], version=data["version"])
        else:
            raise Http404
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Đã cập nhật trạng thái."))
    return redirect("casework:case_detail", pk=case.pk)


@login_required
@require_POST
def home_visit(request, pk: int):
    """From the case page: a home visit, now, with its notes, what was seen
    and the next step."""
    return _event(request, pk, EventKind.HOME_VISIT, HomeVisitForm, _("Đã ghi lần thăm gia đình."))


@login_required
@require_POST
def emergency_add(request, pk: int):
    return _event(
        request, pk, EventKind.EMERGENCY_INTERVENTION, EventForm, _("Đã ghi can thiệp khẩn cấp.")
    )


def _event(request, pk: int, kind: str, form_class, done: str):
    user = request.user
    require(user, "case.read")
    case = selectors.case_get(actor=user, case_id=pk, request=request)
    form = form_class(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            result = event_record(actor=user, case=case, kind=kind, **data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            if result.created:
                messages.success(request, done)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("casework:case_detail", pk=case.pk)


@login_required
@require_POST
def service_add(request, pk: int):
    user = request.user
    require(user, "case.read")
    case = selectors.case_get(actor=user, case_id=pk, request=request)
    form = ServiceForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = service_record(
                actor=user,
                case=case,
                service_type=data["service_type"],
                delivered_on=data["delivered_on"],
                note=data["note"],
                client_uuid=data["client_uuid"],
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            if result.created:
                messages.success(request, _("Đã ghi dịch vụ."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("casework:case_detail", pk=case.pk)


def _form_page(request, pk: int, form_class, save, title: str):
    user = request.user
    require(user, "case.read")
    case = selectors.case_get(actor=user, case_id=pk, request=request)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            save(user, case, form.cleaned_data)
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("casework:case_detail", pk=case.pk)
    return render(
        request, "cases/casework/simple_form.html", {"form": form, "case": case, "title": title}
    )


@login_required
def assessment_add(request, pk: int):
    def save(user, case, data):
        fields = {k: v for k, v in data.items() if k not in ("kind", "assessed_on", "client_uuid")}
        assessment_record(
            actor=user,
            case=case,
            kind=data["kind"],
            assessed_on=data["assessed_on"],
            data=fields,
            client_uuid=data["client_uuid"],
        )

    return _form_page(request, pk, AssessmentForm, save, _("Đánh giá"))


@login_required
def plan_add(request, pk: int):
    def save(user, case, data):
        plan_draft(
            actor=user,
            case=case,
            goals=data["goals"],
            conference_on=data["conference_on"],
            actions=[
                {
                    "description": data["action"],
                    "responsible_other": data["responsible"],
                    "due_on": data["due_on"],
                    "cost_estimate": data["cost_estimate"],
                }
            ],
            client_uuid=data["client_uuid"],
        )

    return _form_page(request, pk, PlanForm, save, _("Dự thảo kế hoạch (Mẫu 04)"))


@login_required
def separation_add(request, pk: int):
    def save(user, case, data):
        decisions.separation_decide(
            actor=user,
            case=case,
            decision_number=data["decision_number"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            place=data["place"],
            extension_basis=data["extension_basis"],
            client_uuid=data["client_uuid"],
            on_paper=data["on_paper"],
        )

    return _form_page(request, pk, SeparationForm, save, _("Quyết định cách ly tạm thời (Mẫu 07)"))


def _separation_page(request, pk: int, make_form, save, title: str):
    """A page acting on one temporary separation (the commune leader's decision)."""
    user = request.user
    require(user, "case.read")
    event = selectors.event_get(actor=user, event_id=pk, request=request)
    if event.kind != EventKind.TEMPORARY_SEPARATION:
        raise Http404
    form = make_form(event, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            save(user, event, form.cleaned_data)
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("casework:case_detail", pk=event.case_id)
    return render(
        request,
        "cases/casework/simple_form.html",
        {"form": form, "case": event.case, "title": title},
    )


@login_required
def separation_extend(request, pk: int):
    def save(user, event, data):
        decisions.separation_extend(
            actor=user,
            event=event,
            ends_on=data["ends_on"],
            extension_basis=data["extension_basis"],
        )

    return _separation_page(
        request,
        pk,
        lambda event, data: SeparationExtendForm(data, initial={"ends_on": event.ends_on}),
        save,
        _("Gia hạn cách ly tạm thời"),
    )


@login_required
def separation_lift(request, pk: int):
    def make_form(event, data):
        assessments = selectors.assessment_list(
            actor=request.user, filters={"case": event.case_id}
        ).exclude(kind=AssessmentKind.INITIAL)
        return SeparationLiftForm(data, assessments=assessments)

    def save(user, event, data):
        decisions.separation_lift(actor=user, event=event, assessment=data["assessment"])

    return _separation_page(
        request, pk, make_form, save, _("Chấm dứt cách ly tạm thời (sau đánh giá lại)")
    )


@login_required
def review_add(request, pk: int):
    def save(user, case, data):
        review_record(
            actor=user,
            case=case,
            reviewed_on=data["reviewed_on"],
            findings=data["findings"],
            outcome=data["outcome"],
            safe_and_stable=data["safe_and_stable"],
            client_uuid=data["client_uuid"],
        )

    return _form_page(request, pk, ReviewForm, save, _("Rà soát sau kế hoạch (Mẫu 06)"))


@login_required
def plan_inbox(request):
    """The commune leader's decisions awaiting signature."""
    user = request.user
    require(user, "case.read")
    now = timezone.now()
    rows = [
        (plan, plan_wait(plan, now, needs_on=plan.needs_on))
        for plan in selectors.plan_inbox(actor=user)[:100]
    ]
    return render(request, "cases/casework/inbox.html", {"rows": rows, "now": now})


@login_required
def plan_detail(request, pk: int):
    user = request.user
    require(user, "case.read")
    plan = selectors.plan_get(actor=user, plan_id=pk, request=request)
    case = plan.case
    return render(
        request,
        "cases/casework/plan_detail.html",
        {
            "plan": plan,
            "case": case,
            # What the leader reads before signing: the case, its assessments.
            "assessments": list(
                selectors.assessment_list(actor=user, filters={"case": case.pk})[:3]
            ),
            "services": list(selectors.case_services(actor=user, case=case)[:5]),
            "show_reporter": may_see_reporter(user, case),
            "wait": plan_wait(plan) if plan.status == PlanStatus.SUBMITTED else None,
            "actions": list(plan.actions.select_related("provider", "responsible_user")),
            "sign_form": SignForm(initial={"version": plan.version}),
            "can_sign": plan.status == PlanStatus.SUBMITTED
            and can(user, "case.plan.approve", commune=plan.case.commune_id),
            "can_submit": plan.status in (PlanStatus.DRAFT, PlanStatus.RETURNED)
            and can(user, "case.plan.submit", commune=plan.case.commune_id),
        },
    )


@login_required
@require_POST
def plan_move(request, pk: int, move: str):
    user = request.user
    require(user, "case.read")
    plan = selectors.plan_get(actor=user, plan_id=pk, request=request)
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Biểu mẫu không hợp lệ. Hãy tải lại trang."))
        return redirect("casework:plan_detail", pk=plan.pk)
    data = form.cleaned_data
    try:
        if move == "submit":
            plan_submit(actor=user, plan=plan, version=data["version"])
        elif move == "approve":
            plan_approve(
                actor=user,
                plan=plan,
                decision_number=data["decision_number"],
                version=data["version"],
            )
        elif move == "return":
            plan_return(actor=user, plan=plan, comments=data["comments"], version=data["version"])
        else:
            raise Http404
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Đã cập nhật kế hoạch."))
    return redirect("casework:plan_detail", pk=plan.pk)


@login_required
def plan_preview(request, pk: int):
    """The decision (Mẫu 05) this plan would be approved by, as the PDF the
    printing module renders — the bytes a later signature signs — shown in
    the browser before signing."""
    user = request.user
    require(user, "case.read")
    plan = selectors.plan_get(actor=user, plan_id=pk, request=request)
    case = selectors.case_get(actor=user, case_id=plan.case_id, request=request)
    signer = can(user, "case.plan.approve", commune=case.commune_id)
    try:
        if signer and plan.status == PlanStatus.SUBMITTED:
            # The leader sees the stored preview: exactly the bytes signing.sign_plan signs.
            body = bytes(signing.preview_plan(actor=user, plan=plan).pdf)
        else:
            body = printing.render_pdf(printing.build(case=case, form="05", actor=user, plan=plan))
    except printing.PdfUnavailable as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    register_services_log(request, case)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="mau-05-ke-hoach-{plan.pk}.pdf"'
    return response


@login_required
def case_print(request, pk: int, form: str, fmt: str):
    """Mẫu 01–07 of the case as .docx or PDF."""
    user = request.user
    require(user, "case.read")
    case = selectors.case_get(actor=user, case_id=pk, request=request)
    if form not in printing.FORMS or fmt not in ("docx", "pdf"):
        raise Http404
    document = printing.build(case=case, form=form, actor=user)
    if fmt == "docx":
        body, content_type = printing.render_docx(document), printing.DOCX_TYPE
    else:
        try:
            body, content_type = printing.render_pdf(document), "application/pdf"
        except printing.PdfUnavailable as exc:
            return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    register_services_log(request, case)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="mau-{form}-truong-hop-{case.pk}.{fmt}"'
    )
    return response


def register_services_log(request, case) -> None:

    register_services.access_log_record(
        actor=request.user,
        action="export",
        object_type="cases.case",
        object_ids=[case.pk],
        request=request,
        detail="printed form",
    )
