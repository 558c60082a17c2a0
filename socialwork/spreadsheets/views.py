"""Generic import pages under /imports/: upload, job page (progress + errors),
commit, try again; export job pages under /exports/: progress, download, try again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from . import exporting, selectors, services, workbooks
from .exports import XLSX_TYPE, export_response
from .forms import ImportUploadForm
from .importers import get_importer


def _importer_or_404(kind: str):
    try:
        return get_importer(kind)
    except LookupError:
        raise Http404 from None


@login_required
def upload(request, kind: str):
    importer = _importer_or_404(kind)
    if not importer.can_upload(request.user):
        raise PermissionDenied
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_create(
                kind=kind, file=form.cleaned_data["file"], actor=request.user
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("spreadsheets:job", pk=job.pk)
    jobs = selectors.import_job_list(actor=request.user, kind=kind)[:10]
    return render(
        request,
        "spreadsheets/upload.html",
        {"form": form, "kind": kind, "importer": importer, "jobs": jobs},
        status=400 if form.errors else 200,
    )


@login_required
def template(request, kind: str):
    """The blank workbook of an importer: headers, an example row, the codes."""
    importer = _importer_or_404(kind)
    if not importer.can_upload(request.user):
        raise PermissionDenied
    response = HttpResponse(workbooks.template_xlsx(importer), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-{kind}.xlsx"'
    return response


@login_required
def failed_rows(request, pk: int):
    """The job's rows with errors and what to fix, to correct and upload again."""
    job = selectors.import_job_get(actor=request.user, job_id=pk)
    if not job.invalid_rows:
        raise Http404
    importer = get_importer(job.kind)
    return export_response(
        workbooks.failed_rows(job),
        workbooks.failed_columns(importer),
        fmt="xlsx",
        filename=f"dong-loi-{job.pk}",
        request=request,
        object_type="spreadsheets.ImportRow",
        detail=f"import {job.pk}",
    )


@login_required
def job_detail(request, pk: int):
    job = selectors.import_job_get(actor=request.user, job_id=pk)
    errors = selectors.import_row_errors(actor=request.user, job=job, page=request.GET.get("page"))
    warnings = selectors.import_row_warnings(actor=request.user, job=job)
    importer = get_importer(job.kind)
    next_steps = importer.next_steps(job) if job.status == job.Status.DONE else []
    row_actions = importer.row_actions(job) if job.status == job.Status.VALIDATED else []
    return render(
        request,
        "spreadsheets/job.html",
        {
            "job": job,
            "errors": errors,
            "warnings": warnings,
            "next_steps": next_steps,
            "row_actions": row_actions,
        },
    )


@login_required
def job_progress(request, pk: int):
    """The htmx fragment polled every 2 s; once the worker is done, reload the page."""
    job = selectors.import_job_get(actor=request.user, job_id=pk)
    if not job.is_running and request.htmx:
        return HttpResponseClientRefresh()
    return render(request, "spreadsheets/_progress.html", {"job": job})


@login_required
@require_POST
def job_commit(request, pk: int):
    job = selectors.import_job_get(actor=request.user, job_id=pk)
    try:
        services.import_job_commit_request(job=job, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đang nhập các dòng hợp lệ…"))
    return redirect("spreadsheets:job", pk=job.pk)


@login_required
@require_POST
def job_retry(request, pk: int):
    job = selectors.import_job_get(actor=request.user, job_id=pk)
    try:
        services.import_job_retry(job=job, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã gửi lại: tệp sẽ được kiểm tra lại từ đầu."))
    return redirect("spreadsheets:job", pk=job.pk)


# --- Exports ----------------------------------------------------------------------


@login_required
def export_list(request):
    jobs = selectors.export_job_list(actor=request.user)[:50]
    return render(request, "spreadsheets/export_list.html", {"jobs": jobs})


@login_required
def export_job(request, pk: int):
    job = selectors.export_job_get(actor=request.user, job_id=pk, request=request)
    if request.htmx:
        if not job.is_running:
            return HttpResponseClientRefresh()
        return render(request, "spreadsheets/_export_progress.html", {"job": job})
    return render(request, "spreadsheets/export_job.html", {"job": job})


@login_required
def export_download(request, pk: int):
    job = selectors.export_job_get(actor=request.user, job_id=pk, request=request)
    try:
        handle = exporting.export_job_download(job=job, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("exports:job", pk=job.pk)
    return FileResponse(
        handle, as_attachment=True, filename=job.filename, content_type=job.content_type
    )


@login_required
@require_POST
def export_retry(request, pk: int):
    job = selectors.export_job_get(actor=request.user, job_id=pk, request=request)
    try:
        exporting.export_job_retry(job=job, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã gửi lại yêu cầu xuất dữ liệu."))
    return redirect("exports:job", pk=job.pk)
