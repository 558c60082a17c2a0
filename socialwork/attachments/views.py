"""Pages: a record's papers (the section on its page posts here) and a download."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from socialwork.accounts.capabilities import can, requires

from . import selectors, services
from .forms import AttachmentForm
from .responses import serve


@login_required
@requires("attachment.read")
@require_http_methods(["GET", "POST"])
def record_attachments(request, kind: str, owner_id: int):
    owner, record = selectors.record_get(
        actor=request.user, kind=kind, owner_id=owner_id, request=request
    )
    form = AttachmentForm()
    if request.method == "POST":
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.attachment_add(
                    actor=request.user,
                    record=record,
                    upload=form.cleaned_data["file"],
                    document_type=form.cleaned_data["document_type"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                form.add_error(None if hasattr(exc, "error_dict") else "file", exc)
            else:
                messages.success(request, _("Đã đính kèm tài liệu."))
                back = owner.url(record) if owner.url else request.path
                return redirect(f"{back}#attachments")
    return render(
        request,
        "attachments/record_attachments.html",
        {
            "record": record,
            "owner": owner,
            "back": owner.url(record) if owner.url else None,
            "attachments": selectors.attachment_list(actor=request.user, record=record),
            "form": form,
            "may_add": can(request.user, "attachment.add"),
            "max_mb": settings.ATTACHMENT_MAX_MB,
        },
        status=400 if form.errors else 200,
    )


@login_required
@requires("attachment.read")
@require_GET
def download(request, pk: int):
    attachment = selectors.attachment_get(actor=request.user, attachment_id=pk, request=request)
    name, content = selectors.attachment_open(
        actor=request.user, attachment=attachment, request=request
    )
    return serve(name, content, attachment.content_type)
