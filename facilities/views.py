"""Pages of the facility network: thin, reads through selectors, writes
through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from socialwork.accounts.capabilities import can, require

from . import selectors, services
from .filters import FacilityFilter
from .forms import (
    AdmissionForm,
    DecisionForm,
    DischargeForm,
    DossierDoneForm,
    DossierForm,
    FacilityForm,
    StaffForm,
    StepForm,
)
from .models import SocialWorkAssignment

PAGE_SIZE = 50


def _report(form, exc: ValidationError) -> None:
    """Put a service's refusal on the form, field by field where it can."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
def facility_list(request):
    """The network overview: every unit with its kind, beds and the staff
    doing social work; filters by kind, commune, ownership, service."""
    filterset = FacilityFilter(request.GET or None)
    try:
        facilities = selectors.facility_list(actor=request.user, filters=request.GET)
    except ValidationError:
        facilities = selectors.facility_list(actor=request.user).none()  # the form shows why
    page = Paginator(facilities, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "facilities/facility_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "can_edit": can(request.user, "facility.register.edit"),
        },
    )


@login_required
def facility_detail(request, facility_id: int):
    facility = selectors.facility_get(actor=request.user, facility_id=facility_id)
    staff = selectors.facility_staff(actor=request.user, facility=facility)
    return render(
        request,
        "facilities/facility_detail.html",
        {
            "facility": facility,
            "staff": staff,
            "doing_social_work": [SocialWorkAssignment.FULL_TIME, SocialWorkAssignment.PART_TIME],
            "can_edit": can(request.user, "facility.register.edit"),
            "is_own": selectors.user_facility_id(request.user) == facility.pk,
            "can_see_residents": can(request.user, "admission.record", facility=facility),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def facility_create(request):
    require(request.user, "facility.register.edit")
    form = FacilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            facility = services.facility_create(
                actor=request.user,
                services=data.pop("services"),
                in_ctxh01_scope=data.pop("in_ctxh01_scope"),
                in_ctxh02_plan=data.pop("in_ctxh02_plan"),
                scope_from=data.pop("scope_from"),
                **data,
            )
        except ValidationError as exc:
            _report(form, exc)
        else:
            messages.success(request, _("Đã thêm đơn vị vào danh mục."))
            return redirect("facilities:detail", facility_id=facility.pk)
    return render(request, "facilities/facility_form.html", {"form": form, "facility": None})


@login_required
@require_http_methods(["GET", "POST"])
def facility_edit(request, facility_id: int):
    facility = selectors.facility_get(actor=request.user, facility_id=facility_id)
    require(request.user, "facility.register.edit")
    period = facility.scope_periods.filter(valid_to__isnull=True).first()
    initial = {
        "in_ctxh01_scope": period.in_ctxh01_scope if period else False,
        "in_ctxh02_plan": period.in_ctxh02_plan if period else False,
    }
    form = FacilityForm(request.POST or None, instance=facility, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        scope = (data.pop("in_ctxh01_scope"), data.pop("in_ctxh02_plan"))
        scope_from = data.pop("scope_from")
        scope_changed = scope != (initial["in_ctxh01_scope"], initial["in_ctxh02_plan"])
        try:
            # Both changes or neither.
            with transaction.atomic():
                facility = services.facility_update(
                    actor=request.user, facility=facility, services=data.pop("services"), **data
                )
                if scope_changed and scope_from is None:
                    raise ValidationError(
                        {"scope_from": _("Hãy nhập ngày phạm vi chỉ tiêu mới bắt đầu áp dụng.")}
                    )
                if scope_changed:
                    services.facility_set_scope(
                        actor=request.user,
                        facility=facility,
                        in_ctxh01_scope=scope[0],
                        in_ctxh02_plan=scope[1],
                        valid_from=scope_from,
                    )
        except ValidationError as exc:
            _report(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin đơn vị."))
            return redirect("facilities:detail", facility_id=facility.pk)
    return render(request, "facilities/facility_form.html", {"form": form, "facility": facility})


@login_required
@require_http_methods(["GET", "POST"])
def staff_create(request, facility_id: int):
    facility = selectors.facility_get(actor=request.user, facility_id=facility_id)
    require(request.user, "facility.register.edit")
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.staff_create(actor=request.user, facility=facility, **data)
        except ValidationError as exc:
            _report(form, exc)
        else:
            messages.success(request, _("Đã thêm nhân viên."))
            return redirect("facilities:detail", facility_id=facility.pk)
    return render(
        request, "facilities/staff_form.html", {"form": form, "facility": facility, "staff": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_edit(request, staff_id: int):
    """A staff member's page; the department also edits it and records a new
    social-work assignment from a date."""
    staff = selectors.staff_get(actor=request.user, staff_id=staff_id)
    can_edit = can(request.user, "facility.register.edit")
    if request.method == "POST":
        require(request.user, "facility.register.edit")
    form = StaffForm(
        request.POST or None,
        instance=staff,
        initial={"assignment": staff.current_assignment or SocialWorkAssignment.NONE},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        assignment = data.pop("assignment")
        assignment_from = data.pop("assignment_from")
        assignment_to = data.pop("assignment_to")
        meets_rule = data.pop("meets_allowance_rule")
        changed = assignment != (staff.current_assignment or SocialWorkAssignment.NONE)
        try:
            if changed and assignment_from is None:
                raise ValidationError(
                    {"assignment_from": _("Hãy nhập ngày phân công mới bắt đầu áp dụng.")}
                )
            # Both changes or neither.
            with transaction.atomic():
                updated = services.staff_update(actor=request.user, staff=staff, **data)
                if assignment_from is not None:
                    services.staff_assign(
                        actor=request.user,
                        staff=updated,
                        assignment=assignment,
                        valid_from=assignment_from,
                        valid_to=assignment_to,
                        meets_allowance_rule=meets_rule,
                    )
        except ValidationError as exc:
            _report(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin nhân viên."))
            return redirect("facilities:detail", facility_id=staff.facility_id)
    return render(
        request,
        "facilities/staff_form.html",
        {"form": form, "facility": staff.facility, "staff": staff, "can_edit": can_edit},
    )


# --- Residents -------------------------------------------------------------------


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _beneficiary_for(request, beneficiary_id):
    from cases.models import Beneficiary
    from socialwork.accounts.scoping import get_scoped_or_404

    return get_scoped_or_404(Beneficiary.objects.all(), request.user, request, pk=beneficiary_id)


@login_required
def facility_residents(request, facility_id: int):
    """Residents and open dossiers, with the occupancy over the last year."""
    require(request.user, "admission.read")
    facility = selectors.facility_get(actor=request.user, facility_id=facility_id)
    residents = selectors.facility_residents(actor=request.user, facility=facility)
    require(request.user, "admission.record", facility=facility)
    page = Paginator(residents, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "facilities/residents.html",
        {
            "facility": facility,
            "page": page,
            "occupancy": services.facility_occupancy(facility=facility),
            "series": selectors.occupancy_series(facility=facility),
            "dossier_form": DossierForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def admission_create(request, facility_id: int):
    """Admit at once (emergency, temporary shelter, voluntary): on a phone or a desk."""
    from cases.referrals.selectors import referral_get

    require(request.user, "admission.read")
    facility = selectors.facility_get(actor=request.user, facility_id=facility_id)
    referral = None
    referral_id = request.GET.get("referral") or request.POST.get("referral")
    if referral_id:
        referral = referral_get(actor=request.user, referral_id=int(referral_id), request=request)
    form = AdmissionForm(request.POST or None, referral=referral)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        beneficiary_id = data.pop("beneficiary", None)
        try:
            if referral is not None:
                beneficiary = referral.beneficiary
            elif beneficiary_id:
                beneficiary = _beneficiary_for(request, beneficiary_id)
            else:
                raise ValidationError({"beneficiary": _("Hãy nhập mã số đối tượng.")})
            admission = services.admission_admit(
                actor=request.user,
                facility=facility,
                beneficiary=beneficiary,
                referral=referral,
                **data,
            )
        except ValidationError as exc:
            _report(form, exc)
        else:
            if admission.over_capacity:
                messages.warning(request, _("Đã tiếp nhận vượt công suất; Sở đã được báo."))
            messages.success(request, _("Đã tiếp nhận vào cơ sở."))
            return redirect("facilities:admission_detail", admission_id=admission.pk)
    return render(
        request,
        "facilities/admission_form.html",
        {"form": form, "facility": facility, "referral": referral},
    )


@login_required
@require_POST
def admission_open_dossier(request, facility_id: int):
    require(request.user, "admission.read")
    facility = selectors.facility_get(actor=request.user, facility_id=facility_id)
    form = DossierForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy nhập mã số đối tượng và ngày nhận hồ sơ."))
        return redirect("facilities:residents", facility_id=facility.pk)
    try:
        beneficiary = _beneficiary_for(request, form.cleaned_data["beneficiary"])
        admission = services.admission_open_dossier(
            actor=request.user,
            facility=facility,
            beneficiary=beneficiary,
            requested_on=form.cleaned_data["requested_on"],
        )
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("facilities:residents", facility_id=facility.pk)
    return redirect("facilities:admission_detail", admission_id=admission.pk)


@login_required
def admission_detail(request, admission_id: int):
    require(request.user, "admission.read")
    admission = selectors.admission_get(
        actor=request.user, admission_id=admission_id, request=request
    )
    return render(
        request,
        "facilities/admission_detail.html",
        {
            "admission": admission,
            "can_act": _may_act(request.user, admission),
            "discharge_form": DischargeForm(),
            "step_form": StepForm(),
            "decision_form": DecisionForm(),
            "dossier_done_form": DossierDoneForm(),
        },
    )


def _may_act(user, admission) -> bool:
    return can(user, "admission.record", facility=admission.facility_id)


ADMISSION_MOVES = {
    "discharge": (DischargeForm, services.admission_discharge),
    "step": (StepForm, services.admission_record_step),
    "decide": (DecisionForm, services.admission_decide),
    "dossier": (DossierDoneForm, services.admission_complete_dossier),
}


@login_required
@require_POST
def admission_move(request, admission_id: int, move: str):
    require(request.user, "admission.read")
    if move not in ADMISSION_MOVES:
        raise Http404
    admission = selectors.admission_get(
        actor=request.user, admission_id=admission_id, request=request
    )
    form_class, service = ADMISSION_MOVES[move]
    form = form_class(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("facilities:admission_detail", admission_id=admission.pk)
    try:
        service(actor=request.user, admission=admission, **form.cleaned_data)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Đã lưu."))
    return redirect("facilities:admission_detail", admission_id=admission.pk)
