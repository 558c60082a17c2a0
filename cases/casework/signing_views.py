"""The signing pages: the leader previews and signs a decision, the clerk
applies the agency's signature, anyone who may see the case reads the signed
files with their signatures checked. Thin: the work is in .signing."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from socialwork.accounts.capabilities import can, requires
from socialwork.accounts.scoping import get_scoped_or_404
from socialwork.documents import keys
from socialwork.forms import show_refusal

from ..models import (
    EventKind,
    IssuedDocument,
    IssuedStatus,
    SignedFile,
    SignedStage,
    SigningPreview,
)
from . import selectors, signing
from .forms import PaperScanForm


class KeyPasswordForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Mật khẩu khóa ký số"), widget=forms.PasswordInput, required=False
    )
    preview_sha256 = forms.CharField(widget=forms.HiddenInput, required=False)


def _refusal(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
@requires("case.plan.approve")
def plan_sign(request, pk: int):
    """GET: the PDF that will be signed, its hash; POST: sign those bytes."""
    user = request.user
    plan = selectors.plan_get(actor=user, plan_id=pk, request=request)
    form = KeyPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issued = signing.sign_plan(
                actor=user,
                plan=plan,
                preview_sha256=form.cleaned_data["preview_sha256"],
                password=form.cleaned_data["password"],
            )
        except ValidationError as exc:
            _refusal(request, exc)
        else:
            messages.success(
                request,
                _("Đã ký số Quyết định số %(ref)s. Văn thư sẽ ký số của cơ quan.")
                % {"ref": issued.reference},
            )
            return redirect("casework:issued_detail", pk=issued.pk)
    try:
        preview = signing.preview_plan(actor=user, plan=plan)
    except ValidationError as exc:
        _refusal(request, exc)
        return redirect("casework:plan_detail", pk=plan.pk)
    form = KeyPasswordForm(initial={"preview_sha256": preview.sha256})
    return render(
        request,
        "cases/casework/signing/plan_sign.html",
        {
            "plan": plan,
            "preview": preview,
            "form": form,
            "has_key": keys.key_store().has_person(user),
        },
    )


@login_required
def preview_pdf(request, pk: int):
    """The stored preview, only to the leader it was rendered for."""
    preview = SigningPreview.objects.filter(pk=pk, created_by=request.user).first()
    if preview is None:
        raise Http404
    response = HttpResponse(bytes(preview.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="xem-truoc-mau-05-{preview.pk}.pdf"'
    return response


def _issued(request, pk: int) -> IssuedDocument:
    return get_scoped_or_404(
        IssuedDocument.objects.select_related("agency", "plan__case", "event", "signed_by"),
        request.user,
        request,
        pk=pk,
    )


@login_required
def issued_detail(request, pk: int):
    """The decision's files: who signed each, when, valid or not, read from the file."""
    entry = _issued(request, pk)
    files = []
    for stored in entry.files.select_related("signed_by"):
        files.append({"file": stored, "checks": signing.checks_of(stored)})
    sealed = entry.files.filter(stage=SignedStage.SEALED).exists()
    signed = entry.files.filter(stage=SignedStage.SIGNED).exists()
    return render(
        request,
        "cases/casework/signing/issued_detail.html",
        {
            "entry": entry,
            "files": files,
            "may_seal": can(request.user, "document.seal", commune=entry.agency_id)
            and signed
            and not sealed
            and entry.status == IssuedStatus.ISSUED,
            "has_agency_key": keys.key_store().has_agency(entry.agency),
            "form": KeyPasswordForm(),
        },
    )


@login_required
@requires("document.seal")
@require_POST
def issued_seal(request, pk: int):
    entry = _issued(request, pk)
    form = KeyPasswordForm(request.POST)
    form.is_valid()
    try:
        signing.seal(actor=request.user, issued=entry, password=form.cleaned_data["password"])
    except ValidationError as exc:
        _refusal(request, exc)
    else:
        messages.success(
            request,
            _("Đã ký số của cơ quan lên Quyết định số %(ref)s.") % {"ref": entry.reference},
        )
    return redirect("casework:issued_detail", pk=entry.pk)


@login_required
@requires("document.seal")
def seal_inbox(request):
    """Decisions of the clerk's commune signed by the leader, waiting for the seal."""
    waiting = (
        IssuedDocument.objects.filter(
            agency_id=request.user.area_id,
            status=IssuedStatus.ISSUED,
            files__stage=SignedStage.SIGNED,
        )
        .exclude(files__stage=SignedStage.SEALED)
        .select_related("signed_by")
        .order_by("-year", "-number")
        .distinct()
    )
    return render(request, "cases/casework/signing/seal_inbox.html", {"waiting": waiting})


def _register_scan(request, form, event):
    """The leader's and the clerk's pages alike: the scan attached and numbered, or the
    refusal shown on the form (None)."""
    upload = form.cleaned_data["scan"]
    try:
        signing.check_scan_size(upload.size)  # refused before it is read
        issued = signing.paper_decision_register(
            actor=request.user, event=event, scan=upload.read()
        )
    except ValidationError as exc:
        show_refusal(form, exc)
        return None
    messages.success(
        request,
        _("Đã vào số Quyết định số %(ref)s (bản giấy) và lưu bản quét.")
        % {"ref": issued.reference},
    )
    return issued


@login_required
@requires("case.decide")
def paper_register(request, pk: int):
    """The scan of a Mẫu 07 signed on paper: attached, then numbered by the register."""
    user = request.user
    event = selectors.event_get(actor=user, event_id=pk, request=request)
    if event.kind != EventKind.TEMPORARY_SEPARATION:
        raise Http404
    form = PaperScanForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        issued = _register_scan(request, form, event)
        if issued is not None:
            return redirect("casework:issued_detail", pk=issued.pk)
    return render(
        request,
        "cases/casework/signing/paper_register.html",
        {"form": form, "event": event, "case": event.case},
    )


@login_required
@requires("document.register_paper")
def paper_inbox(request):
    """The clerk's list of paper-signed Mẫu 07 waiting for a number: when and by
    whom each was signed, nothing of the case."""
    waiting = selectors.paper_pending_list(actor=request.user)
    return render(request, "cases/casework/signing/paper_inbox.html", {"waiting": waiting})


@login_required
@requires("document.register_paper")
def paper_register_clerk(request, pk: int):
    """The clerk attaches the scan of a paper decision of the commune and the
    register numbers it; the page shows the decision's date and signer only."""
    user = request.user
    event = selectors.paper_pending_get(actor=user, event_id=pk)
    form = PaperScanForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        issued = _register_scan(request, form, event)
        if issued is not None:
            return redirect("casework:issued_detail", pk=issued.pk)
    return render(
        request, "cases/casework/signing/paper_register_clerk.html", {"form": form, "event": event}
    )


EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg"}


@login_required
def signed_file(request, pk: int):
    stored = get_scoped_or_404(
        SignedFile.objects.select_related("issued"), request.user, request, pk=pk
    )
    response = HttpResponse(bytes(stored.content), content_type=stored.content_type)
    extension = EXTENSIONS.get(stored.content_type, "bin")
    name = f"{stored.issued.reference.replace('/', '-')}-{stored.stage}-{stored.part}.{extension}"
    response["Content-Disposition"] = content_disposition_header(False, name)
    return response
