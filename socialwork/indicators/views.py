"""Pages of the leadership dashboard. They read snapshots only (selectors);
writes go through services. Commune roles see their own commune's page;
facility staff are refused."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from socialwork.accounts.capabilities import require
from socialwork.areas.selectors import portal_province

from . import catalogue, charts, report, selectors, services
from .assessment import RULE as STATUS_RULE
from .forms import LockForm, PeriodField, RecomputeForm, TargetForm, UnlockForm
from .models import PeriodKind
from .periods import Period, month_period, today, year_period
from .ranking import commune_ranking
from .suppression import RULE as SUPPRESSION_RULE


def _period(request) -> Period:
    raw = request.GET.get("period", "")
    if not raw:
        return selectors.default_period()
    try:
        return PeriodField().clean(raw) or selectors.default_period()
    except ValidationError:
        raise Http404 from None


def _period_choices(period: Period) -> list[Period]:
    this_year = today().year
    years = [year_period(y) for y in range(this_year, 2020, -1)]
    months = [month_period(period.year, m) for m in range(12, 0, -1)]
    return years + [m for m in months if m.start <= today()]


def _common(request, period: Period) -> dict:
    return {
        "period": period,
        "period_choices": _period_choices(period),
        "last_run": selectors.last_done_run(actor=request.user),
        "lock": selectors.period_locked(period),
        "status_rule": STATUS_RULE,
    }


def _own_commune_redirect(request):
    if request.user.is_commune_level:
        query = request.GET.urlencode()
        url = reverse("indicators:commune", args=[request.user.area_id])
        return redirect(f"{url}?{query}" if query else url)
    return None


def _chart(indicator, points, card, title, x_title):
    """A trend with the confirmed 2025/2030 target lines (rates and growths)."""
    percent = indicator.unit == catalogue.PERCENT
    lines = {y: v for y, v in card.targets.items() if y in selectors.TARGET_YEARS}
    return charts.line_chart(
        points,
        targets=lines if indicator.unit in (catalogue.PERCENT, catalogue.GROWTH) else None,
        percent=indicator.unit != catalogue.COUNT,
        title=title,
        x_title=x_title,
        y_title=_("Giá trị (%)") if percent else _("Số lượng"),
    )


def _bar(card) -> str:
    mark = card.target_mark
    label = ""
    if mark is not None and card.assessment:
        label = _("Mục tiêu %(year)s: %(value)s") % {
            "year": card.assessment.target_year,
            "value": selectors.format_value(card.indicator, card.assessment.target),
        }
    return charts.progress_bar(
        card.progress, label=card.indicator.code, target=mark, target_label=label
    )


@login_required
def dashboard(request):
    require(request.user, "indicators.read")
    if (response := _own_commune_redirect(request)) is not None:
        return response
    period = _period(request)
    province = portal_province()
    if province is None:
        raise Http404
    cards = selectors.cards_for(actor=request.user, unit=province, period=period)
    groups = [
        (label, [c for c in cards if c.indicator.group == key])
        for key, label in catalogue.GROUPS.items()
    ]
    for card in cards:
        card.bar = _bar(card)
    context = _common(request, period) | {"groups": groups, "unit": province}
    return render(request, "indicators/dashboard.html", context)


@login_required
def indicator_detail(request, code: str):
    require(request.user, "indicators.read")
    if code not in catalogue.CATALOGUE:
        raise Http404
    if (response := _own_commune_redirect(request)) is not None:
        return response
    indicator = catalogue.get(code)
    period = _period(request)
    province = portal_province()
    card = next(
        c
        for c in selectors.cards_for(actor=request.user, unit=province, period=period)
        if c.indicator.code == code
    )
    card.bar = _bar(card)
    sort = request.GET.get("sort", "worst")
    if sort not in selectors.SORTS:
        sort = "worst"
    trend = selectors.trend(actor=request.user, code=code, unit_id=province.pk, period=period)
    communes = selectors.commune_breakdown(
        actor=request.user, indicator=indicator, period=period, sort=sort
    )
    context = _common(request, period) | {
        "indicator": indicator,
        "card": card,
        "year_chart": _chart(indicator, trend["years"], card, _("Theo năm"), _("Năm")),
        "month_chart": _chart(
            indicator,
            trend["months"],
            card,
            _("Theo tháng"),
            _("Tháng %(year)s") % {"year": period.year},
        ),
        "communes": [
            (cell, selectors.format_value(indicator, cell.value.value)) for cell in communes
        ],
        "breakdowns": _labelled(
            indicator,
            selectors.breakdown_rows(
                actor=request.user, indicator=indicator, unit_id=province.pk, period=period
            ),
        ),
        "sort": sort,
        "suppression_rule": SUPPRESSION_RULE,
        "reconciliation": selectors.commune_reconciliation(
            indicator=indicator, total=card.value, cells=communes
        ),
        "breakdown_note": BREAKDOWN_NOTES.get(code, ""),
    }
    return render(request, "indicators/indicator.html", context)


# Why a breakdown by type or category does (or does not) add up to its total.
BREAKDOWN_NOTES = {
    "CTXH-01": gettext_lazy(
        "Mỗi đơn vị thuộc đúng một loại: các loại cộng lại bằng tổng (mọi xã/phường là "
        "một đơn vị loại “xã/phường”)."
    ),
    "NET-BENEFICIARIES": gettext_lazy(
        "Một người có thể thuộc nhiều nhóm: các nhóm cộng lại lớn hơn tổng, tổng đếm mỗi "
        "người một lần."
    ),
}


def _labelled(indicator, rows):
    labels = breakdown_labels(indicator.code)
    return [
        (labels.get(r.breakdown, r.breakdown), r, selectors.format_value(indicator, r.value))
        for r in rows
    ]


def breakdown_labels(code: str) -> dict[str, str]:
    if code == "CTXH-01":
        from facilities.models import Ctxh01Group

        return {k: str(v) for k, v in Ctxh01Group.choices}
    if code == "NET-BENEFICIARIES":
        from cases.models import Category

        return dict(Category.objects.values_list("code", "name"))
    return {}


@login_required
def ranking(request):
    """Communes by progress towards the targets, worst first (aggregates only)."""

    require(request.user, "indicators.read")
    if (response := _own_commune_redirect(request)) is not None:
        return response
    period = _period(request)
    rows, indicators = commune_ranking(actor=request.user, period=period)
    context = _common(request, period) | {
        "rows": rows,
        "indicators": indicators,
        "suppression_rule": SUPPRESSION_RULE,
    }
    return render(request, "indicators/ranking.html", context)


@login_required
def commune_detail(request, unit_id: int):
    require(request.user, "indicators.read")
    unit = selectors.commune_get(actor=request.user, unit_id=unit_id)
    period = _period(request)
    cards = selectors.commune_cards(actor=request.user, unit=unit, period=period)
    for card, _hidden in cards:
        card.bar = _bar(card)
    context = _common(request, period) | {
        "unit": unit,
        "cards": cards,
        "suppression_rule": SUPPRESSION_RULE,
    }
    return render(request, "indicators/commune.html", context)


@login_required
def report_export(request, fmt: str):
    """The annual report of the chosen period (year by default) as .xlsx or
    .pdf, logged like every export."""
    from django.http import HttpResponse

    from socialwork.spreadsheets.exports import XLSX_TYPE, log_export

    if fmt not in ("xlsx", "pdf"):
        raise Http404
    require(request.user, "indicators.export")
    period = _period(request)
    province = portal_province()
    if province is None:
        raise Http404
    if fmt == "pdf":
        # Laid out by weasyprint in seconds: on the worker, as an export job.
        from socialwork.spreadsheets.exporting import export_job_request

        job = export_job_request(
            kind="indicators.annual_report",
            params={"period": period.key},
            fmt="pdf",
            title=_("Báo cáo chỉ tiêu CTXH, %(period)s") % {"period": period.label},
            actor=request.user,
            back_url=f"{reverse('indicators:dashboard')}?period={period.key}",
        )
        return redirect("exports:job", pk=job.pk)
    content = report.annual_report(actor=request.user, unit=province, period=period)
    if fmt == "xlsx":
        data, content_type = report.write_xlsx(content), XLSX_TYPE
    else:
        data, content_type = report.write_pdf(content), "application/pdf"
    log_export(
        user=request.user,
        object_type="indicators.AnnualReport",
        row_count=content.row_count,
        request=request,
        detail=f"{fmt} {period.key}",
    )
    response = HttpResponse(data, content_type=content_type)
    filename = f"bao-cao-chi-tieu-ctxh-{period.key}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def recompute(request):
    require(request.user, "indicators.manage")
    form = RecomputeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("period", [])))
        return redirect("indicators:dashboard")
    period = form.cleaned_data["period"]
    try:
        run = services.run_request(period=period, actor=request.user)
    except services.PeriodLocked:
        messages.error(request, services.PeriodLocked.message())
        return redirect(f"{reverse('indicators:dashboard')}?period={period.key}")
    return redirect("indicators:run", run_id=run.pk)


def _htmx_available() -> bool:
    return finders.find("vendor/htmx.min.js") is not None


@login_required
def run_detail(request, run_id: int):
    require(request.user, "indicators.manage")
    run = selectors.run_get(actor=request.user, run_id=run_id)
    period = Period(run.period_kind, run.period_start, run.period_end)
    context = {
        "run": run,
        "run_period": period,
        "bar": charts.progress_bar(run.percent, label=_("Tiến độ")),
        "htmx": _htmx_available(),
        "running": run.status == run.Status.STARTED,
        "can_retry": run.status == run.Status.FAILED and not selectors.period_locked(period),
    }
    if request.headers.get("HX-Request"):
        return render(request, "indicators/_run_progress.html", context)
    return render(request, "indicators/run.html", context)


@login_required
@require_POST
def run_retry(request, run_id: int):
    """ "Try again" on a failed run: a new run of the same period."""
    require(request.user, "indicators.manage")
    run = selectors.run_get(actor=request.user, run_id=run_id)
    period = Period(run.period_kind, run.period_start, run.period_end)
    try:
        new_run = services.run_request(period=period, actor=request.user)
    except services.PeriodLocked:
        messages.error(request, services.PeriodLocked.message())
        return redirect("indicators:run", run_id=run.pk)
    return redirect("indicators:run", run_id=new_run.pk)


@login_required
def targets(request):
    require(request.user, "indicators.manage")
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        from socialwork.areas.models import AdministrativeUnit

        try:
            services.target_set(
                code=data["code"],
                unit=AdministrativeUnit.objects.get(pk=data["unit"]),
                year=data["year"],
                value=data["value"],
                confirmed=data["confirmed"],
                source_note=data["source_note"],
                actor=request.user,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("Đã lưu chỉ tiêu."))
            return redirect("indicators:targets")
    rows = selectors.target_list(actor=request.user).order_by("code", "unit__name", "year")
    return render(request, "indicators/targets.html", {"form": form, "targets": rows})


@login_required
def locks(request):
    require(request.user, "indicators.manage")
    lock_form = LockForm(request.POST if request.POST.get("action") == "lock" else None)
    unlock_form = UnlockForm(request.POST if request.POST.get("action") == "unlock" else None)
    if request.method == "POST":
        form = lock_form if request.POST.get("action") == "lock" else unlock_form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if form is lock_form:
                    services.period_lock(
                        period=data["period"], actor=request.user, reason=data["reason"]
                    )
                    messages.success(
                        request, _("Đã khóa kỳ %(period)s.") % {"period": data["period"].label}
                    )
                else:
                    services.period_unlock(
                        period=data["period"], actor=request.user, reason=data["reason"]
                    )
                    messages.success(
                        request, _("Đã mở khóa kỳ %(period)s.") % {"period": data["period"].label}
                    )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                return redirect("indicators:locks")
    context = {
        "lock_form": lock_form,
        "unlock_form": unlock_form,
        "locks": selectors.locks(actor=request.user),
        "kinds": PeriodKind,
    }
    return render(request, "indicators/locks.html", context)
