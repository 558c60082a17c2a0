"""Pages of the register: thin, every read through a selector, every write
through a service. Collaborator pages stay light (no script at all)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialwork.accounts.capabilities import can, require, requires
from socialwork.accounts.models import AccessLog
from socialwork.accounts.scoping import get_scoped_or_404
from socialwork.forms import show_refusal
from socialwork.spreadsheets.exporting import export_job_request, sync_allowed
from socialwork.spreadsheets.exports import export_response

from . import exports, selectors, services
from .filters import BeneficiaryFilter
from .forms import (
    RELATIONS,
    BeneficiaryForm,
    ConsentForm,
    ConsentWithdrawForm,
    HouseholdForm,
    HouseholdMemberForm,
    MergeForm,
)
from .history import person_history
from .models import Beneficiary, Consent
from .scoping import can_view_sensitive, may_filter_sensitive

PAGE_SIZES = (10, 25, 50)
SENSITIVE_FIELDS = ("ethnicity", "ethnicity_id", "disability_level", "health_notes",
                    *selectors.HEALTH_FIELDS)  # fmt: skip


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
        initial = {}
        if request.GET.get("household", "").isdigit():
            # "Add a member" on a household page: the household, scoped (404 otherwise).
            household = selectors.household_get(
                actor=user, household_id=int(request.GET["household"]), request=request
            )
            initial = {"household": household.pk, "commune": household.commune_id,
                       "address": household.address}  # fmt: skip
        form = BeneficiaryForm(initial=initial, user=user)
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
            "history": person_history(actor=user, beneficiary=beneficiary),
            "consent_form": ConsentForm(),
            "withdraw_form": ConsentWithdrawForm(),
            "merge_form": MergeForm() if can(user, "person.merge") else None,
            "related": selectors.person_related(actor=user, beneficiary=beneficiary),
            "now": timezone.now(),
            "household_form": None
            if household
            else HouseholdForm(initial={"address": beneficiary.address}),
        },
    )


@login_required
def beneficiary_edit(request, pk: int):
    user = request.user
    require(user, "person.register")
    beneficiary = selectors.beneficiary_get(actor=user, beneficiary_id=pk, request=request)
    # Sensitive fields only for those who may see them (else neither shown nor changed).
    sensitive = can_view_sensitive(user, beneficiary)
    if request.method == "POST":
        form = BeneficiaryForm(request.POST, user=user, sensitive=sensitive)
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
        initial["household"] = beneficiary.household_id
        initial["unidentified"] = not beneficiary.identified
        initial["version"] = beneficiary.version
        initial["categories"] = list(beneficiary.categories.filter(parent__isnull=True))
        if not sensitive:
            for name in BeneficiaryForm.SENSITIVE:
                initial.pop(name, None)
        form = BeneficiaryForm(initial=initial, user=user, sensitive=sensitive)
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
    query = request.GET.get("q", "").strip()
    found = []
    if query:
        try:
            found = list(
                selectors.beneficiary_list(
                    actor=user, filters={"q": query}, request=request
                ).filter(household__isnull=True, commune_id=household.commune_id)[:5]
            )
        except ValidationError:
            found = []
    return render(
        request,
        "cases/household_detail.html",
        {
            "household": household,
            "query": query,
            "found": found,
            "relations": RELATIONS,
            "members": list(selectors.household_members(actor=user, household=household)),
            "poverty": household.poverty.all(),
        },
    )


# --- Households: made, edited and recomposed from the person and household pages ---


@login_required
@require_POST
@requires("person.register")
def household_create(request, pk: int):
    """A household for this person, who becomes its head."""
    user = request.user
    person = selectors.beneficiary_get(actor=user, beneficiary_id=pk, request=request)
    form = HouseholdForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            household, _created = services.household_create(
                actor=user,
                commune=person.commune,
                address=data["address"],
                code=data["code"],
                size=data["size"],
                livelihood=data["livelihood"],
                head=person,
                client_uuid=data["client_uuid"],
            )
        except ValidationError as exc:
            _flash(request, exc)
        else:
            messages.success(request, _("Đã tạo hộ gia đình."))
            return redirect("cases:household_detail", pk=household.pk)
    else:
        _flash(request, ValidationError(form.errors))
    return redirect("cases:beneficiary_detail", pk=person.pk)


def _flash(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
@requires("person.register")
def household_edit(request, pk: int):
    user = request.user
    household = selectors.household_get(actor=user, household_id=pk, request=request)
    if request.method == "POST":
        form = HouseholdForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.household_update(
                    actor=user,
                    household=household,
                    data={k: data[k] for k in services.HOUSEHOLD_FIELDS},
                    version=data["version"] or 0,
                )
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("cases:household_detail", pk=household.pk)
    else:
        form = HouseholdForm(
            initial={k: getattr(household, k) for k in services.HOUSEHOLD_FIELDS}
            | {"version": household.version}
        )
    return render(request, "cases/household_form.html", {"form": form, "household": household})


def _member(request, household):
    form = HouseholdMemberForm(request.POST)
    if not form.is_valid():
        raise Http404
    # Scoped like any id a user names: another commune's person is a 404.
    member = selectors.beneficiary_get(
        actor=request.user, beneficiary_id=form.cleaned_data["member"], request=request
    )
    return member, form.cleaned_data


@login_required
@require_POST
@requires("person.register")
def household_change_head(request, pk: int):
    household = selectors.household_get(actor=request.user, household_id=pk, request=request)
    member, data = _member(request, household)
    try:
        services.household_change_head(
            actor=request.user,
            household=household,
            head=member,
            former_relation=data["former_relation"],
        )
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Đã đổi chủ hộ: %(name)s.") % {"name": member})
    return redirect("cases:household_detail", pk=household.pk)


@login_required
@require_POST
@requires("person.register")
def household_remove_member(request, pk: int):
    household = selectors.household_get(actor=request.user, household_id=pk, request=request)
    member, _data = _member(request, household)
    try:
        services.household_remove_member(
            actor=request.user, household=household, beneficiary=member
        )
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Đã đưa %(name)s ra khỏi hộ.") % {"name": member})
    return redirect("cases:household_detail", pk=household.pk)


@login_required
@require_POST
@requires("person.register")
def household_add_existing(request, pk: int):
    """Put a person already in the register into this household."""
    household = selectors.household_get(actor=request.user, household_id=pk, request=request)
    member, data = _member(request, household)
    try:
        services.household_add_member(
            actor=request.user,
            household=household,
            beneficiary=member,
            relation_to_head=data["former_relation"],
        )
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Đã thêm %(name)s vào hộ.") % {"name": member})
    return redirect("cases:household_detail", pk=household.pk)


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
    rows, columns = selectors.beneficiary_export_values(queryset=queryset, sensitive=sensitive)
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
