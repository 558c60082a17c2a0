"""The dashboard pages: who sees what, suppression, recompute, targets, locks."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from socialwork.indicators import services
from socialwork.indicators.models import ComputationRun, IndicatorTarget, PeriodLock
from socialwork.indicators.periods import year_period
from tests.factories import (
    AdminUserFactory,
    CollaboratorUserFactory,
    CommuneFactory,
    CommuneOfficialFactory,
    FacilityUserFactory,
)

from .factories import IndicatorTargetFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db
YEAR = "?period=2025"


def _login(client, user):
    client.force_login(user)
    return client


def test_leadership_sees_every_indicator_with_targets(
    client, small_province, leadership, django_assert_max_num_queries
):
    services.indicators_compute(period=year_period(2025))
    _login(client, leadership)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("indicators:dashboard") + YEAR)
    assert response.status_code == 200
    page = response.content.decode()
    for code in ("CTXH-01", "CTXH-02", "CTXH-03", "CTXH-04", "CTXH-05", "TGXH-966a"):
        assert code in page
    assert "50,0%" in page  # CTXH-01: 3 of 6 units
    # Every indicator is computed; where nothing is counted (CTXH-05, TGXH-966a
    # here) the card says so rather than showing a made-up 0%.
    assert "Chưa có dữ liệu" not in page and "Không có mẫu số" in page
    assert "Có nguy cơ" in page or "Chậm tiến độ" in page or "Đạt tiến độ" in page
    assert "<svg" in page and "style=" not in page


def test_query_count_does_not_grow_with_communes(client, province, leadership):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import CommuneFactory

    _login(client, leadership)
    urls = [
        reverse("indicators:dashboard") + YEAR,
        reverse("indicators:indicator", args=["CTXH-01"]) + YEAR,
        reverse("indicators:indicator", args=["NET-BENEFICIARIES"]) + YEAR,
    ]

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    IndicatorValueFactory(unit=CommuneFactory(parent=province))
    few = counts()
    run = ComputationRun.objects.get()
    for _ in range(30):
        unit = CommuneFactory(parent=province)
        IndicatorValueFactory(unit=unit, run=run)
        IndicatorValueFactory(code="NET-BENEFICIARIES", unit=unit, run=run, numerator=3)
    assert counts() == few
    assert max(few) <= 16


def test_indicator_page_sorts_communes_worst_first(client, small_province, leadership):
    services.indicators_compute(period=year_period(2025))
    _login(client, leadership)
    page = client.get(reverse("indicators:indicator", args=["CTXH-01"]) + YEAR).content.decode()
    p = small_province
    # commune_b 0%, commune_c 50%, commune_a 100%.
    assert page.index(p["b"].name) < page.index(p["c"].name) < page.index(p["a"].name)
    by_name = client.get(
        reverse("indicators:indicator", args=["CTXH-01"]) + YEAR + "&sort=name"
    ).content.decode()
    assert by_name.index(p["b"].name) < by_name.index(p["a"].name)  # Phường… < Xã…


def test_small_counts_are_suppressed_in_the_breakdown(
    client, province, commune_a, commune_b, commune_c, leadership
):
    # NET-BENEFICIARIES is sensitive: commune_a's 3 is hidden, and commune_b's
    # 57 (the smallest other) too, so the province total gives nothing away.
    IndicatorValueFactory(code="NET-BENEFICIARIES", unit=commune_a, numerator=3, denominator=None)
    IndicatorValueFactory(
        code="NET-BENEFICIARIES",
        unit=commune_b,
        numerator=57,
        denominator=None,
        run=ComputationRun.objects.get(),
    )
    IndicatorValueFactory(
        code="NET-BENEFICIARIES",
        unit=commune_c,
        numerator=120,
        denominator=None,
        run=ComputationRun.objects.get(),
    )
    _login(client, leadership)
    page = client.get(
        reverse("indicators:indicator", args=["NET-BENEFICIARIES"]) + YEAR
    ).content.decode()
    table = page[page.index('<table class="ind-table">') :]
    assert ">3<" not in table and ">57<" not in table
    assert ">120<" in table
    assert "từ 1 đến 4" in page  # the rule is shown


@pytest.mark.parametrize("sort", ["numerator", "worst", "best"])
def test_hidden_rows_come_last_in_name_order_whatever_they_hide(client, province, leadership, sort):
    # Their order among themselves must not rank the counts they hide.
    run = None
    for name, count in (("Xã Bình", 4), ("Xã An", 1), ("Xã Cao", 0), ("Xã Đông", 200)):
        row = IndicatorValueFactory(
            code="NET-BENEFICIARIES",
            unit=CommuneFactory(parent=province, name=name),
            numerator=count,
            denominator=None,
            value=count,
            **({"run": run} if run else {}),
        )
        run = row.run
    _login(client, leadership)
    url = reverse("indicators:indicator", args=["NET-BENEFICIARIES"]) + YEAR + f"&sort={sort}"
    rows = [c.unit.name for c, _v in client.get(url).context["communes"]]
    # 1 and 4 cannot trade (5 or 0 would leave 1–4): the empty Cao joins them.
    assert rows == ["Xã Đông", "Xã An", "Xã Bình", "Xã Cao"]


def test_commune_roles_see_their_own_commune_only(client, small_province):
    p = small_province
    services.indicators_compute(period=year_period(2025))
    official = CommuneOfficialFactory(area=p["a"])
    _login(client, official)
    response = client.get(reverse("indicators:dashboard") + YEAR)
    assert response.status_code == 302
    assert response.url.startswith(reverse("indicators:commune", args=[p["a"].pk]))
    assert client.get(reverse("indicators:commune", args=[p["a"].pk]) + YEAR).status_code == 200
    assert client.get(reverse("indicators:commune", args=[p["b"].pk])).status_code == 404
    assert client.get(reverse("indicators:indicator", args=["CTXH-01"])).status_code == 302


def test_facility_staff_are_refused(client, province):
    _login(client, FacilityUserFactory(area=province))
    assert client.get(reverse("indicators:dashboard")).status_code == 403


def test_unknown_indicator_and_bad_period_are_404(client, province, leadership):
    _login(client, leadership)
    assert client.get(reverse("indicators:indicator", args=["NOPE"])).status_code == 404
    assert client.get(reverse("indicators:dashboard") + "?period=20x5").status_code == 404


def test_anonymous_is_sent_to_login(client, province):
    assert client.get(reverse("indicators:dashboard")).status_code == 302


def test_leadership_cannot_manage(client, province, leadership):
    _login(client, leadership)
    assert client.post(reverse("indicators:recompute"), {"period": "2025"}).status_code == 403
    assert client.get(reverse("indicators:targets")).status_code == 403
    assert client.get(reverse("indicators:locks")).status_code == 403


def test_department_recomputes_and_watches_progress(
    client, small_province, department, eager_tasks, django_capture_on_commit_callbacks
):
    _login(client, department)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("indicators:recompute"), {"period": "2025"})
    run = ComputationRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("indicators:run", args=[run.pk])
    assert (run.status, run.triggered_by) == ("done", department)
    page = client.get(response.url).content.decode()
    assert "Hoàn tất" in page and "100%" in page
    assert "http-equiv" not in page  # finished: no more refreshing


@pytest.mark.parametrize(
    ("htmx", "present", "absent"),
    [
        (True, 'hx-trigger="every 2s"', "http-equiv"),
        (False, '<meta http-equiv="refresh" content="3">', "hx-get"),
    ],
)
def test_progress_page_refreshes_while_running(
    client, province, department, monkeypatch, htmx, present, absent
):
    from socialwork.indicators import views

    from .factories import ComputationRunFactory

    monkeypatch.setattr(views, "_htmx_available", lambda: htmx)
    run = ComputationRunFactory(status="started", finished_at=None, total_steps=4, done_steps=1)
    _login(client, department)
    page = client.get(reverse("indicators:run", args=[run.pk])).content.decode()
    assert "1 / 4" in page
    assert present in page and absent not in page
    # htmx asks for the fragment only.
    fragment = client.get(reverse("indicators:run", args=[run.pk]), headers={"HX-Request": "true"})
    assert fragment.content.decode().startswith('<div id="run-progress"')


def test_recompute_of_a_locked_period_is_refused(client, province, department):
    services.period_lock(period=year_period(2025), actor=department)
    _login(client, department)
    response = client.post(reverse("indicators:recompute"), {"period": "2025"}, follow=True)
    assert "đã khóa" in response.content.decode()
    assert not ComputationRun.objects.exists()


def test_recompute_bad_period_is_a_clear_message(client, province, department):
    _login(client, department)
    response = client.post(reverse("indicators:recompute"), {"period": "năm ngoái"}, follow=True)
    assert "Kỳ không hợp lệ" in response.content.decode()


def test_department_edits_a_target(client, province, commune_a, department):
    IndicatorTargetFactory(code="CTXH-01", unit=province, year=2025, value=Decimal(60))
    _login(client, department)
    response = client.post(
        reverse("indicators:targets"),
        {"code": "CTXH-01", "unit": province.pk, "year": 2025, "value": "70", "confirmed": "on"},
    )
    assert response.status_code == 302
    assert IndicatorTarget.objects.get(code="CTXH-01", year=2025, unit=province).value == 70
    # A bad value is refused with the typed data kept.
    response = client.post(
        reverse("indicators:targets"),
        {"code": "CTXH-01", "unit": commune_a.pk, "year": 2025, "value": "150"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Tỷ lệ phải từ 0 đến 100" in page
    assert 'value="150"' in page
    assert not IndicatorTarget.objects.filter(unit=commune_a).exists()


def test_department_locks_admin_unlocks_with_reason(client, province, department):
    _login(client, department)
    client.post(
        reverse("indicators:locks"), {"action": "lock", "period": "2025", "reason": "Đã gửi"}
    )
    assert PeriodLock.objects.filter(period_start=datetime.date(2025, 1, 1)).exists()
    assert (
        client.post(
            reverse("indicators:locks"), {"action": "unlock", "period": "2025", "reason": "x"}
        ).status_code
        == 403
    )
    _login(client, AdminUserFactory(area=province))
    response = client.post(
        reverse("indicators:locks"), {"action": "unlock", "period": "2025", "reason": ""}
    )
    assert response.status_code == 200 and PeriodLock.objects.exists()  # reason required
    client.post(
        reverse("indicators:locks"),
        {"action": "unlock", "period": "2025", "reason": "Sửa số liệu xã"},
    )
    assert not PeriodLock.objects.exists()


def test_collaborator_gets_own_commune_page(client, small_province):
    p = small_province
    _login(client, CollaboratorUserFactory(area=p["c"]))
    assert client.get(reverse("indicators:commune", args=[p["c"].pk])).status_code == 200
    assert client.get(reverse("indicators:commune", args=[p["a"].pk])).status_code == 404


def test_commune_drilldown_hides_small_sensitive_counts(
    client, province, commune_a, commune_b, leadership
):
    run = IndicatorValueFactory(
        code="NET-BENEFICIARIES", unit=commune_a, numerator=2, denominator=None
    ).run
    IndicatorValueFactory(
        code="NET-BENEFICIARIES", unit=commune_b, numerator=40, denominator=None, run=run
    )
    IndicatorValueFactory(
        code="NET-COLLABORATORS", unit=commune_a, numerator=3, denominator=None, value=3, run=run
    )
    _login(client, leadership)
    page = client.get(reverse("indicators:commune", args=[commune_a.pk]) + YEAR).content.decode()
    assert "Ẩn để bảo vệ số nhỏ" in page  # 2 people in the register: hidden
    assert '<div class="ind-value">3</div>' in page  # collaborators are not sensitive
    # commune_b's 40 is hidden too (secondary suppression).
    page_b = client.get(reverse("indicators:commune", args=[commune_b.pk]) + YEAR).content.decode()
    assert "Ẩn để bảo vệ số nhỏ" in page_b and ">40<" not in page_b


def test_commune_page_shows_the_province_targets(client, province, commune_a):
    IndicatorTargetFactory(code="CTXH-04", unit=province, year=2025, value=Decimal(30))
    IndicatorValueFactory(code="CTXH-04", unit=commune_a, numerator=1, denominator=4, value=25)
    _login(client, CommuneOfficialFactory(area=commune_a))
    page = client.get(reverse("indicators:commune", args=[commune_a.pk]) + YEAR).content.decode()
    assert "Mục tiêu 2025: 30" in page and "25,0%" in page


def _page(client, code, period="2026"):
    return client.get(
        reverse("indicators:indicator", args=[code]) + f"?period={period}"
    ).content.decode()


def test_a_rate_above_100_percent_is_a_data_quality_warning_never_on_track(
    client, province, leadership
):
    """Issue 13: 3210/977 = 328.6% was labelled on track. A rate above 100%
    is flagged with its cause, whatever the target."""
    IndicatorTargetFactory(code="NET-RESIDENTS", unit=province, year=2025, value=Decimal(85))
    IndicatorTargetFactory(code="CTXH-05", unit=province, year=2025, value=Decimal(85))
    IndicatorTargetFactory(code="CTXH-05", unit=province, year=2030, value=Decimal(90))
    IndicatorValueFactory(
        code="CTXH-05", unit=province, numerator=3210, denominator=977, value=Decimal("328.5568"),
        source="official",
    )  # fmt: skip
    IndicatorValueFactory(
        code="NET-RESIDENTS", unit=province, numerator=130, denominator=120, value=Decimal("108.3")
    )
    _login(client, leadership)
    page = client.get(reverse("indicators:dashboard") + YEAR).content.decode()
    assert 'class="badge ok"' not in page
    assert page.count('<span class="badge bad">Cần kiểm tra số liệu</span>') == 2
    assert "lớn hơn mẫu số thống kê chính thức" in page  # CTXH-05's cause
    assert "số người ở vượt số giường" in page  # NET-RESIDENTS's cause


def test_an_official_denominator_below_the_register_is_shown_as_outdated(
    client, province, leadership
):
    from .factories import OfficialDenominatorFactory

    OfficialDenominatorFactory(code="CTXH-05", unit=province, year=2025, value=977)
    IndicatorValueFactory(
        code="CTXH-05", unit=province, numerator=3210, denominator=5342, value=Decimal("60.09"),
        source="outdated",
    )  # fmt: skip
    _login(client, leadership)
    page = _page(client, "CTXH-05", "2025")
    assert "Số chính thức đã cũ" in page
    assert "(977) thấp hơn số đã có trong sổ đăng ký (5.342)" in page
    assert "60,1%" in page


def test_ctxh03_shows_its_count_and_baseline_rule_without_a_baseline(client, province, leadership):
    """Issue 13: CTXH-03 for 2026 showed "Không có mẫu số" and nothing else."""
    IndicatorValueFactory(
        code="CTXH-03", unit=province, numerator=1200, denominator=None, value=None,
        period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31),
    )  # fmt: skip
    IndicatorValueFactory(
        code="CTXH-03", unit=province, numerator=1000, denominator=None, value=None
    )
    _login(client, leadership)
    page = _page(client, "CTXH-03")
    assert '<div class="ind-value">1.200 <span class="ind-unit">người</span></div>' in page
    assert "Chưa có số năm gốc 2025" in page
    assert "+200 so với kỳ trước (1.000)" in page
    assert "từ năm 2026 (giai đoạn 2026–2030) là số năm 2025" in page


def test_an_unconfirmed_target_is_never_assessed_against(client, province, leadership):
    """CTXH-04's 2030 target is unconfirmed (DOMAIN §1.1): in 2026 the card
    shows the value and its change, no status and no number for 2030."""
    IndicatorTargetFactory(code="CTXH-04", unit=province, year=2025, value=Decimal(30))
    IndicatorTargetFactory(
        code="CTXH-04", unit=province, year=2030, value=Decimal(50), confirmed=False
    )
    IndicatorValueFactory(
        code="CTXH-04", unit=province, numerator=20, denominator=100, value=Decimal(20),
        period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31),
    )  # fmt: skip
    IndicatorValueFactory(code="CTXH-04", unit=province, numerator=10, denominator=100, value=10)
    _login(client, leadership)
    page = _page(client, "CTXH-04")
    assert "2030: chưa xác nhận" in page and "2030: 50" not in page
    assert 'class="badge ok"' not in page and 'class="badge bad"' not in page
    assert "Có nguy cơ</span>" not in page
    assert "Mục tiêu chưa được xác nhận: không đánh giá tiến độ" in page
    assert "+10,0 điểm so với kỳ trước" in page
    # 2025 is assessed against its confirmed target, with the rule stated.
    page_2025 = _page(client, "CTXH-04", "2025")
    assert "Chậm tiến độ: giá trị 10 thấp hơn kỳ vọng 20 điểm (quá 10)" in page_2025


def test_the_month_in_progress_is_marked_and_targets_drawn(client, province, leadership):
    from socialwork.indicators.periods import month_period, today

    day = today()
    IndicatorTargetFactory(code="CTXH-01", unit=province, year=2025, value=Decimal(60))
    IndicatorTargetFactory(code="CTXH-01", unit=province, year=2030, value=Decimal(90))
    for month in range(1, day.month + 1):
        p = month_period(day.year, month)
        IndicatorValueFactory(
            code="CTXH-01", unit=province, period_kind="month", period_start=p.start,
            period_end=p.end, numerator=6, denominator=10, value=Decimal(60),
        )  # fmt: skip
    now = year_period(day.year)
    IndicatorValueFactory(code="CTXH-01", unit=province, period_start=now.start, period_end=now.end)
    _login(client, leadership)
    page = _page(client, "CTXH-01", str(day.year))
    assert "Đang diễn ra" in page and "Số liệu tạm tính đến ngày" in page
    # Year and month charts: the period in progress is hollow and dashed.
    assert page.count('class="ind-partial"') >= 2 and "đến nay" in page
    assert page.count('class="ind-target"') == 4  # 2025 and 2030 on both charts
    assert "MT 2030: 90%" in page and "ind-target-mark" in page  # the bar's marker
    assert "Tháng" in page and "Giá trị (%)" in page  # axis titles


def test_the_commune_table_says_why_it_does_not_add_up(
    client, province, commune_a, commune_b, leadership
):
    run = IndicatorValueFactory(
        code="KPI-12H", unit=province, numerator=24, denominator=33, value=Decimal("72.7")
    ).run
    IndicatorValueFactory(
        code="KPI-12H", unit=commune_a, numerator=2, denominator=3, value=Decimal("66.7"), run=run
    )
    IndicatorValueFactory(
        code="KPI-12H", unit=commune_b, numerator=22, denominator=30, value=Decimal("73.3"), run=run
    )
    _login(client, leadership)
    page = _page(client, "KPI-12H", "2025")
    assert "ô bị ẩn vì số nhỏ" in page
    assert "Các ô hiển thị cộng lại" in page
    # A table with nothing hidden adds up and says so.
    run = IndicatorValueFactory(
        code="NET-OPEN-CASES", unit=province, numerator=50, denominator=None, value=50
    ).run
    for unit, n in ((commune_a, 20), (commune_b, 30)):
        IndicatorValueFactory(
            code="NET-OPEN-CASES", unit=unit, numerator=n, denominator=None, value=n, run=run
        )
    assert "Các xã/phường cộng lại bằng toàn tỉnh." in _page(client, "NET-OPEN-CASES", "2025")


def test_a_failed_run_offers_try_again(
    client, small_province, department, eager_tasks, django_capture_on_commit_callbacks
):
    from .factories import ComputationRunFactory

    failed = ComputationRunFactory(status="failed", error="Bị gián đoạn 3 lần.")
    _login(client, department)
    page = client.get(reverse("indicators:run", args=[failed.pk])).content.decode()
    assert "Bị gián đoạn 3 lần." in page and "Thử lại" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("indicators:run_retry", args=[failed.pk]))
    again = ComputationRun.objects.exclude(pk=failed.pk).get()
    assert response.url == reverse("indicators:run", args=[again.pk])
    assert (again.status, again.attempts, again.triggered_by) == ("done", 1, department)


def test_a_recompute_the_broker_never_got_says_it_will_start_later(client, province, department):
    _login(client, department)
    # No commit callbacks run here: the message is never sent, as with the broker down.
    response = client.post(reverse("indicators:recompute"), {"period": "2025"})
    run = ComputationRun.objects.get()
    assert run.in_outbox
    page = client.get(response.url).content.decode()
    assert "sẽ tự bắt đầu khi bộ xử lý hoạt động trở lại" in page
