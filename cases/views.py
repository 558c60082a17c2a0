"""Pages of the register: thin, every read through a selector, every write
through a service. Collaborator pages stay light (no script at all)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialwork.accounts.capabilities import can, require, requires
from socialwork.accounts.models import AccessLog, User
from socialwork.accounts.scoping import get_scoped_or_404
from socialwork.history import event_actor_id
from socialwork.spreadsheets.exporting import export_job_request, sync_allowed
from socialwork.spreadsheets.exports import export_response

from . import exports, selectors, services
from .filters import BeneficiaryFilter
from .forms import BeneficiaryForm, ConsentForm, ConsentWithdrawForm, MergeForm
from .models import Beneficiary, Consent
from .scoping import can_view_sensitive, may_filter_sensitive

PAGE_SIZES = (10, 25, 50)
SENSITIVE_FIELDS = ("ethnicity", "ethnicity_id", "disability_level", "health_notes")


def _page(request, queryset):
    try:
        size = int(request.GET.get("page_size", 25))
    except ValueError:
        size = 25
    size = size if size in PAGE_SIZES else 25
    try:
        number = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        number = 1
    # No COUNT over the province: fetch one row more to know if a next page exists.
    rows = list(queryset[(number - 1) * size : number * size + 1])
    return rows[:size], number, len(rows) > size, size


@login_required
@requires("person.read")
def beneficiary_list(request):
    """Department list with filters, and the collaborator's "find a person"."""
    filterset = BeneficiaryFilter(
        request.GET or None, queryset=Beneficiary.objects.none(), request=request
    )
    try:
        queryset = selectors.beneficiary_list(
            actor=request.user, filters=request.GET, request=request
        )
    except ValidationError:
        queryset = Beneficiary.objects.none()
    rows, number, has_next, size = _page(request, queryset)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/beneficiary_list.html",
        {
            "filter": filterset,
            "rows": rows,
            "page": number,
            "has_next": has_next,
            "page_size": size,
            "query": query.urlencode(),
            "show_filters": can(request.user, "person.filter"),
        },
    )


@login_required
def beneficiary_register(request):
    """Register a person in a few taps; the duplicate guard shows likely matches."""
    user = request.user
    require(user, "person.register")
    candidates = []
    if request.method == "POST":
        form = BeneficiaryForm(request.POST, user=user)
        if form.is_valid():
            try:
                result = services.beneficiary_register(
                    actor=user,
                    data=form.service_data(),
                    client_uuid=form.cleaned_data["client_uuid"],
                    confirmed_distinct=form.cleaned_data["confirm_distinct"],
                )
            except services.DuplicateSuspected as exc:
                candidates = exc.candidates
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                if result.created:
                    messages.success(request, _("Đã lưu hồ sơ."))
                for warning in result.warnings:
                    messages.warning(request, warning)
                return redirect("cases:beneficiary_detail", pk=result.beneficiary.pk)
    else:
        form = BeneficiaryForm(user=user)
    return render(request, "cases/beneficiary_form.html", {"form": form, "candidates": candidates})


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def beneficiary_detail(request, pk: int):
    user = request.user
    beneficiary = selectors.beneficiary_get(actor=user, beneficiary_id=pk, request=request)
    if beneficiary.pk != pk:
        return redirect("cases:beneficiary_detail", pk=beneficiary.pk)
    show_sensitive = can_view_sensitive(user, beneficiary)
    links = list(beneficiary.category_links.select_related("category", "category__parent"))
    hidden_categories = sum(1 for link in links if link.category.sensitive and not show_sensitive)
    visible_links = [link for link in links if show_sensitive or not link.category.sensitive]
    has_sensitive = selectors.beneficiary_has_sensitive(beneficiary=beneficiary)
    if has_sensitive:
        services.access_log_record(
            actor=user,
            action=AccessLog.Action.VIEW,
            object_type="cases.beneficiary",
            object_ids=[beneficiary.pk],
            request=request,
            detail="sensitive shown" if show_sensitive else "restricted",
        )
    household = beneficiary.household
    members = (
        list(selectors.household_members(actor=user, household=household)) if household else []
    )
    return render(
        request,
        "cases/beneficiary_detail.html",
        {
            "b": beneficiary,
            "show_sensitive": show_sensitive,
            "restricted": has_sensitive and not show_sensitive,
            "links": visible_links,
            "hidden_categories": hidden_categories,
            "household": household,
            "members": members,
            "poverty": list(household.poverty.all()[:5]) if household else [],
            "consents": list(beneficiary.consents.all()),
            "history": _history(user, beneficiary, show_sensitive),
            "consent_form": ConsentForm(),
            "withdraw_form": ConsentWithdrawForm(),
            "merge_form": MergeForm() if can(user, "person.merge") else None,
        },
    )


def _history(user, beneficiary, show_sensitive: bool) -> list[dict]:
    events = list(selectors.beneficiary_history(actor=user, beneficiary=beneficiary)[:30])
    user_ids = {event_actor_id(e) for e in events} - {None}
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=user_ids)}
    fields = [
        f
        for f in Beneficiary.pgh_event_model._meta.fields
        if not f.name.startswith("pgh_") and f.name not in ("updated_at", "version")
    ]
    rows = []
    for event, before in zip(events, [*events[1:], None], strict=False):
        changed = [
            str(f.verbose_name)
            for f in fields
            if before is not None
            and getattr(event, f.attname) != getattr(before, f.attname)
            and (show_sensitive or f.name not in SENSITIVE_FIELDS)
        ]
        who = names.get(event_actor_id(event))
        rows.append({"at": event.pgh_created_at, "label": event.pgh_label, "who": who,
                     "changed": changed})  # fmt: skip
    return rows


@login_required
def beneficiary_edit(request, pk: int):
    user = request.user
    require(user, "person.register")
    beneficiary = selectors.beneficiary_get(actor=user, beneficiary_id=pk, request=request)
    if request.method == "POST":
        form = BeneficiaryForm(request.POST, user=user)
        if form.is_valid():
            try:
                result = services.beneficiary_update(
                    actor=user,
                    beneficiary=beneficiary,
                    data=form.service_data(),
                    version=form.cleaned_data["version"] or 0,
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                for warning in result.warnings:
                    messages.warning(request, warning)
                return redirect("cases:beneficiary_detail", pk=beneficiary.pk)
    else:
        initial = {f: getattr(beneficiary, f) for f in services.BENEFICIARY_FIELDS}
        initial["unidentified"] = not beneficiary.identified
        initial["version"] = beneficiary.version
        initial["categories"] = list(beneficiary.categories.filter(parent__isnull=True))
        form = BeneficiaryForm(initial=initial, user=user)
    return render(request, "cases/beneficiary_form.html", {"form": form, "b": beneficiary})


@login_required
@require_POST
def consent_add(request, pk: int):
    user = request.user
    beneficiary = selectors.beneficiary_get(actor=user, beneficiary_id=pk, request=request)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            services.consent_record(actor=user, beneficiary=beneficiary, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã ghi nhận sự đồng ý."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("cases:beneficiary_detail", pk=beneficiary.pk)


@login_required
@require_POST
@requires("person.register")
def consent_withdraw(request, pk: int):
    """Withdraw a consent from the person's page (Law 91/2025 Art. 12)."""
    consent = get_scoped_or_404(Consent.objects.all(), request.user, request, pk=pk)
    form = ConsentWithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.consent_withdraw(
                actor=request.user, consent=consent, on=form.cleaned_data["withdrawn_on"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã ghi nhận việc rút lại sự đồng ý."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("cases:beneficiary_detail", pk=consent.beneficiary_id)


@login_required
@require_POST
def beneficiary_merge(request, pk: int):
    user = request.user
    require(user, "person.merge")
    keep = selectors.beneficiary_get(actor=user, beneficiary_id=pk, request=request)
    form = MergeForm(request.POST)
    if form.is_valid():
        remove = selectors.beneficiary_get(
            actor=user, beneficiary_id=form.cleaned_data["other_id"], request=request
        )
        try:
            services.beneficiary_merge(actor=user, keep=keep, remove=remove)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã gộp hai hồ sơ."))
    return redirect("cases:beneficiary_detail", pk=keep.pk)


@login_required
def household_detail(request, pk: int):
    user = request.user
    household = selectors.household_get(actor=user, household_id=pk, request=request)
    return render(
        request,
        "cases/household_detail.html",
        {
            "household": household,
            "members": selectors.household_members(actor=user, household=household),
            "poverty": household.poverty.all(),
        },
    )


@login_required
def beneficiary_export(request):
    """The filtered list as .xlsx or .csv: formula-safe, logged, and without
    sensitive columns unless the user may see them. Up to
    EXPORT_SYNC_MAX_ROWS rows in the request; more become a job on the
    worker, whose page has the progress and the download."""
    user = request.user
    require(user, "person.export")
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    filters = request.GET.copy()
    filters.pop("format", None)
    try:
        queryset = selectors.beneficiary_list(actor=user, filters=filters, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(str(m) for m in exc.messages))
        return redirect("cases:beneficiary_list")
    if not sync_allowed(queryset.count()):
        back = reverse("cases:beneficiary_list")
        job = export_job_request(
            kind="cases.beneficiaries",
            params=exports.filters_to_params(filters),
            fmt=fmt,
            title=_("Danh sách đối tượng"),
            actor=user,
            back_url=f"{back}?{filters.urlencode()}" if filters else back,
        )
        return redirect("exports:job", pk=job.pk)
    sensitive = may_filter_sensitive(user)
    rows, columns = selectors.beneficiary_export_rows(queryset=queryset, sensitive=sensitive)
    return export_response(
        rows,
        columns,
        fmt=fmt,
        filename="doi-tuong",
        request=request,
        object_type=exports.OBJECT_TYPE,
        detail="with sensitive columns" if sensitive else "basic columns",
    )


@login_required
def import_communes(request, pk: int):
    """Pick, row by row, the new commune of an old one that was split."""
    from socialwork.spreadsheets.selectors import import_job_get

    user = request.user
    require(user, "person.read")
    job = import_job_get(actor=user, job_id=pk)  # scoped: another's job is 404
    if job.kind != "beneficiaries":
        raise Http404
    rows = selectors.import_split_rows(job=job)
    if request.method == "POST":
        choices = {}
        for row, _options in rows:
            value = request.POST.get(f"row-{row.row_number}", "")
            if value.isdigit():
                choices[row.row_number] = int(value)
        try:
            services.beneficiary_import_choose_communes(job=job, choices=choices, actor=user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã ghi xã/phường đã chọn; đang kiểm tra lại tệp…"))
            return redirect("spreadsheets:job", pk=job.pk)
    return render(request, "cases/import_communes.html", {"job": job, "rows": rows})
