"""Pages: a record's papers (the section on its page posts here), a download,
and withdrawing a paper attached by mistake (a confirm page with the reason)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from socialwork.accounts.capabilities import can, capability, requires

from . import selectors, services
from .forms import AttachmentForm, WithdrawForm
from .responses import serve
from .sealing import open_name


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


@login_required
@requires("attachment.remove")
@require_http_methods(["GET", "POST"])
def withdraw(request, pk: int):
    """GET: the confirm step (what, and the reason); POST: withdraw. A second
    POST of the same form (double submit) finds it withdrawn and goes back."""
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.attachment_withdraw(
                actor=request.user,
                attachment_id=pk,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as exc:
            form.add_error("reason", exc.message_dict.get("reason", exc.messages))
        else:
            owner, record = selectors.attachment_record(row)
            messages.success(request, _("Đã gỡ bỏ tài liệu đính kèm."))
            back = (
                owner.url(record)
                if owner.url and record is not None
                else reverse("attachments:record", args=[owner.kind, row.owner_id])
            )
            return redirect(f"{back}#attachments")
    attachment = selectors.attachment_get(actor=request.user, attachment_id=pk, request=request)
    owner, record = selectors.attachment_record(attachment)
    commune = owner.read(record, owner.commune) if record is not None else None
    facility = owner.read(record, owner.facility) if record is not None else None
    if not services.may_withdraw(request.user, attachment, commune=commune, facility=facility):
        raise PermissionDenied(capability("attachment.remove").refusal)
    return render(
        request,
        "attachments/withdraw.html",
        {
            "attachment": attachment,
            "name": open_name(attachment),
            "owner": owner,
            "record": record,
            "back": owner.url(record) if owner.url and record is not None else None,
            "form": form,
        },
        status=400 if form.errors else 200,
    )
