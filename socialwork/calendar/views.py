"""The department's page for the year's holidays, compensatory and swapped days."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialwork.accounts.capabilities import requires

from . import selectors, services
from .forms import PublicHolidayForm


def _year(request) -> int:
    try:
        return max(2000, min(2100, int(request.GET.get("year", ""))))
    except ValueError:
        return timezone.localdate().year


@login_required
@requires("calendar.edit")
def holiday_list(request):
    year = _year(request)
    holidays = selectors.holiday_list(actor=request.user, year=year)
    return render(
        request,
        "workcalendar/holiday_list.html",
        {"year": year, "holidays": holidays, "previous": year - 1, "next": year + 1},
    )


@login_required
@requires("calendar.edit")
def holiday_add(request):
    form = PublicHolidayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        holiday = services.holiday_create(actor=request.user, **form.cleaned_data)
        messages.success(
            request, _("Đã thêm ngày %(date)s.") % {"date": f"{holiday.date:%d/%m/%Y}"}
        )
        return redirect(_list_url(holiday.date.year))
    return render(
        request,
        "workcalendar/holiday_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
@requires("calendar.edit")
def holiday_edit(request, pk: int):
    holiday = selectors.holiday_get(actor=request.user, holiday_id=pk)
    form = PublicHolidayForm(request.POST or None, instance=holiday)
    if request.method == "POST" and form.is_valid():
        services.holiday_update(actor=request.user, holiday=holiday, **form.cleaned_data)
        messages.success(request, _("Đã lưu."))
        return redirect(_list_url(holiday.date.year))
    return render(
        request,
        "workcalendar/holiday_form.html",
        {"form": form, "holiday": holiday},
        status=400 if form.errors else 200,
    )


@login_required
@requires("calendar.edit")
@require_POST
def holiday_delete(request, pk: int):
    holiday = selectors.holiday_get(actor=request.user, holiday_id=pk)
    year = holiday.date.year
    services.holiday_delete(actor=request.user, holiday=holiday)
    messages.success(request, _("Đã xóa."))
    return redirect(_list_url(year))


def _list_url(year: int) -> str:
    return f"{reverse('workcalendar:holidays')}?year={year}"
