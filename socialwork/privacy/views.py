"""The department's breach register: list with the 72-hour clock, a form to
register a suspected breach, and a page that follows it to the authority's
confirmation, showing what the access log says was exposed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialwork.accounts.capabilities import requires
from socialwork.forms import show_refusal

from . import selectors, services
from .forms import AdvanceForm, BreachForm
from .models import TRANSITIONS, BreachStatus


@login_required
@requires("privacy.breach.handle")
def breach_list(request):
    breaches = selectors.breach_list(actor=request.user)
    return render(request, "privacy/breach_list.html", {"breaches": breaches})


@login_required
@requires("privacy.breach.handle")
def breach_add(request):
    form = BreachForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["suspected_user"] = data.pop("suspected_login")
        try:
            breach = services.breach_register(actor=request.user, **data)
        except ValidationError as refused:
            show_refusal(form, refused)
        else:
            messages.success(request, _("Đã ghi nhận. Hạn thông báo cơ quan chuyên trách: 72 giờ."))
            return redirect("privacy:breach_detail", pk=breach.pk)
    return render(
        request, "privacy/breach_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@requires("privacy.breach.handle")
def breach_detail(request, pk: int, form: AdvanceForm | None = None, status: int = 200):
    breach = selectors.breach_get(actor=request.user, pk=pk, request=request)
    return render(
        request,
        "privacy/breach_detail.html",
        {
            "breach": breach,
            "events": breach.events.select_related("actor"),
            "next_steps": [(s, BreachStatus(s).label) for s in sorted(TRANSITIONS[breach.status])],
            "form": form or AdvanceForm(),
            "exposure": selectors.breach_exposure(breach=breach),
        },
        status=status,
    )


@login_required
@requires("privacy.breach.handle")
@require_POST
def breach_advance(request, pk: int):
    breach = selectors.breach_get(actor=request.user, pk=pk, request=request)
    form = AdvanceForm(request.POST)
    if form.is_valid():
        try:
            services.breach_advance(actor=request.user, breach=breach, **form.cleaned_data)
        except ValidationError as refused:
            show_refusal(form, refused)
        else:
            messages.success(request, _("Đã cập nhật bước xử lý."))
            return redirect("privacy:breach_detail", pk=breach.pk)
    return breach_detail(request, pk, form=form, status=400)
