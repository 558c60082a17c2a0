"""Pages of the collaborator network: thin, over selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from socialwork.accounts.capabilities import can, require
from socialwork.accounts.phones import normalize_phone
from socialwork.spreadsheets.exporting import export_job_request, sync_allowed
from socialwork.spreadsheets.exports import export_response

from . import exports, selectors, services
from .filters import CollaboratorFilter
from .forms import AttendanceForm, CollaboratorForm, CourseForm, EndForm
from .models import Collaborator, IssuedLogin

PAGE_SIZE = 50


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
def collaborator_list(request):
    queryset = selectors.collaborator_list(actor=request.user)
    filterset = CollaboratorFilter(request.GET or None, queryset=queryset)
    page = _page(request, filterset.qs)
    names_only = not can(request.user, "collaborator.profile.read")
    # Imports whose temporary passwords this user has not printed yet.
    pending = (
        list(
            IssuedLogin.objects.filter(created_by=request.user)
            .values_list("import_job_id", flat=True)
            .distinct()
            .order_by("import_job_id")
        )
        if can(request.user, "collaborator.manage")
        else []
    )
    return render(
        request,
        "collaborators/list.html",
        {"filter": filterset, "page": page, "names_only": names_only, "pending_logins": pending},
    )


@login_required
def collaborator_detail(request, pk):
    collaborator = selectors.collaborator_get(actor=request.user, collaborator_id=pk)
    full = selectors.can_see_profile(actor=request.user, collaborator=collaborator)
    context = {
        "collaborator": collaborator,
        "full": full,
        "can_edit": selectors.can_edit_profile(actor=request.user, collaborator=collaborator),
    }
    if full:
        context["caseload"] = selectors.with_caseload(
            Collaborator.objects.filter(pk=collaborator.pk)
        ).values("open_cases", "overdue_follow_ups", "services_this_month")[0]
        context["attendances"] = collaborator.attendances.select_related("course").order_by(
            "-course__starts_on"
        )
    return render(request, "collaborators/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def collaborator_create(request):
    require(request.user, "collaborator.manage")
    form = CollaboratorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.collaborator_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            # Rendered, not redirected: the password is shown once and kept nowhere.
            return render(
                request,
                "collaborators/created.html",
                {"logins": [(created.collaborator, created.temporary_password)]},
            )
    return render(
        request, "collaborators/form.html", {"form": form, "title": _("Thêm cộng tác viên")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def collaborator_edit(request, pk):
    collaborator = selectors.collaborator_get(actor=request.user, collaborator_id=pk)
    if not selectors.can_edit_profile(actor=request.user, collaborator=collaborator):
        raise PermissionDenied
    manager = can(request.user, "collaborator.manage")
    fields = services.MANAGER_EDITABLE if manager else services.SELF_EDITABLE
    initial = {
        "full_name": collaborator.full_name,
        "phone": collaborator.user.phone,
        "commune": collaborator.user.area_id,
        **{
            name: getattr(collaborator, name)
            for name in fields
            if name not in ("full_name", "phone", "commune")
        },
    }
    form = CollaboratorForm(request.POST or None, initial=initial, fields=fields)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data}
        try:
            services.collaborator_update(collaborator=collaborator, actor=request.user, **changes)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Đã lưu thông tin cộng tác viên."))
            return redirect("collaborators:detail", pk=collaborator.pk)
    return render(
        request,
        "collaborators/form.html",
        {"form": form, "title": _("Sửa thông tin"), "collaborator": collaborator},
    )


@login_required
@require_http_methods(["GET", "POST"])
def collaborator_end(request, pk):
    require(request.user, "collaborator.manage")
    collaborator = selectors.collaborator_get(actor=request.user, collaborator_id=pk)
    form = EndForm(request.POST or None)
    open_cases = []
    if request.method == "POST" and form.is_valid():
        try:
            services.collaborator_end(
                collaborator=collaborator,
                actor=request.user,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
            )
        except services.OpenCasesError as exc:
            open_cases = exc.cases
            form.add_error(None, exc.messages)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Đã ghi nhận cộng tác viên nghỉ."))
            return redirect("collaborators:detail", pk=collaborator.pk)
    return render(
        request,
        "collaborators/end.html",
        {"form": form, "collaborator": collaborator, "open_cases": open_cases},
    )


SORTS = {"name", "count", "-count", "per1000", "-per1000"}


@login_required
def coverage(request):
    order = request.GET.get("order", "name")
    report = selectors.coverage(actor=request.user, order=order if order in SORTS else "name")
    return render(
        request,
        "collaborators/coverage.html",
        {"report": report, "order": order, "can_open": can(request.user, "collaborator.manage")},
    )


@login_required
def coverage_commune(request, commune_id):
    commune = selectors.commune_get(actor=request.user, commune_id=commune_id)
    queryset = selectors.collaborator_list(actor=request.user).filter(user__area=commune)
    queryset = selectors.with_training(queryset)
    return render(
        request,
        "collaborators/commune.html",
        {
            "commune": commune,
            "collaborators": queryset,
            "names_only": not can(request.user, "collaborator.profile.read"),
        },
    )


@login_required
def workload(request):
    queryset = selectors.caseload_list(actor=request.user, filters=request.GET or None).order_by(
        "user__area__name", "user__first_name", "pk"
    )
    return render(request, "collaborators/workload.html", {"page": _page(request, queryset)})


# --- Training -----------------------------------------------------------------------------


@login_required
def course_list(request):
    courses = selectors.course_list(actor=request.user, filters=request.GET or None)
    return render(
        request,
        "collaborators/courses.html",
        {"page": _page(request, courses)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_create(request):
    require(request.user, "collaborator.manage")
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Đã tạo khóa đào tạo."))
            return redirect("collaborators:course_detail", pk=course.pk)
    return render(
        request, "collaborators/form.html", {"form": form, "title": _("Thêm khóa đào tạo")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_detail(request, pk):
    course = selectors.course_get(actor=request.user, course_id=pk)
    manager = can(request.user, "collaborator.manage")
    form = AttendanceForm(request.POST or None) if manager else None
    if request.method == "POST":
        require(request.user, "collaborator.manage")
        if form.is_valid():
            data = dict(form.cleaned_data)
            phone = normalize_phone(data.pop("phone"))
            collaborator = (
                selectors.collaborator_list(actor=request.user).filter(user__phone=phone).first()
                if phone
                else None
            )
            if collaborator is None:
                form.add_error("phone", _("Không tìm thấy cộng tác viên có số điện thoại này."))
            else:
                try:
                    services.attendance_record(
                        actor=request.user, course=course, collaborator=collaborator, **data
                    )
                except ValidationError as exc:
                    form.add_service_errors(exc)
                else:
                    messages.success(request, _("Đã ghi nhận tham dự."))
                    return redirect("collaborators:course_detail", pk=course.pk)
    attendances = selectors.attendance_list(actor=request.user).filter(course=course)
    return render(
        request,
        "collaborators/course.html",
        {"course": course, "form": form, "attendances": attendances},
    )


@login_required
def training_status(request):
    """Who has never been trained, who is due for a refresher (not for collaborators:
    they see colleagues by name only)."""
    require(request.user, "collaborator.profile.read")
    show = request.GET.get("show", "never")
    if show == "refresher":
        queryset = selectors.refresher_due(actor=request.user)
    else:
        show = "never"
        queryset = selectors.never_trained(actor=request.user)
    return render(
        request,
        "collaborators/training_status.html",
        {
            "page": _page(request, queryset.order_by("user__area__name", "user__first_name", "pk")),
            "show": show,
            "years": selectors.refresher_years(),
        },
    )


# --- Import and export -----------------------------------------------------------------------


@login_required
def collaborator_import(request):
    """The generic import pages do the work (upload, progress, per-row errors)."""
    require(request.user, "collaborator.manage")
    return redirect("spreadsheets:upload", kind="collaborators")


@login_required
def import_logins(request, job_id):
    """The logins an import created, with their temporary passwords: shown once
    to the person who ran the import, then forgotten."""
    require(request.user, "collaborator.manage")
    issued = services.issued_logins_take(actor=request.user, job_id=job_id)
    logins = [(i.user.collaborator, i.temporary_password) for i in issued]
    return render(
        request, "collaborators/created.html", {"logins": logins, "already_printed": not logins}
    )


@login_required
def collaborator_export(request):
    """The (filtered) list as .xlsx or .csv: formula-safe, logged. Up to
    EXPORT_SYNC_MAX_ROWS rows in the request; more become a job on the worker."""
    require(request.user, "collaborator.manage")
    filters = request.GET.copy()
    fmt = "csv" if filters.pop("fmt", [""])[0] == "csv" else "xlsx"
    queryset = selectors.collaborator_list(actor=request.user, filters=request.GET or None)
    if not sync_allowed(queryset.count()):
        back = reverse("collaborators:list")
        job = export_job_request(
            kind="collaborators.collaborators",
            params={"filters": {key: filters.getlist(key) for key in filters}},
            fmt=fmt,
            title=_("Danh sách cộng tác viên"),
            actor=request.user,
            back_url=f"{back}?{filters.urlencode()}" if filters else back,
        )
        return redirect("exports:job", pk=job.pk)
    return export_response(
        exports.export_rows(queryset),
        exports.export_columns(),
        fmt=fmt,
        filename="cong-tac-vien",
        request=request,
        object_type=exports.OBJECT_TYPE,
    )
