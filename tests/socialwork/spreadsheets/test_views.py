import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from socialwork.spreadsheets import services
from socialwork.spreadsheets.models import ImportJob, ImportRow
from tests.factories import (
    CollaboratorUserFactory,
    CommuneFactory,
    CommuneOfficialFactory,
    LeadershipUserFactory,
    UserFactory,
)

from .factories import xlsx_file

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-thu-1"


@pytest.fixture
def staff(province):
    return UserFactory(area=province)


@pytest.fixture
def commune(province):
    return CommuneFactory(parent=province, code="24001")


@pytest.fixture
def validated_job(staff, commune):
    rows = [["an", "An", "", "24001", "", ""], ["", "Bình", "32/13/2000", "24001", "", ""]]
    job = services.import_job_create(kind="test_users", file=xlsx_file(rows), actor=staff)
    return services.import_job_validate(job_id=job.pk)


def test_upload_then_validate_then_commit_through_the_pages(
    client, staff, commune, eager_tasks, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    url = reverse("spreadsheets:upload", args=["test_users"])
    assert client.get(url).status_code == 200
    file = xlsx_file([["an", "An", "", "24001", "", ""], ["", "Bình", "", "24001", "", ""]])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": file})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("spreadsheets:job", args=[job.pk])

    page = client.get(response["Location"]).content.decode()
    assert "Bắt buộc nhập." in page
    assert "Nhập 1 dòng hợp lệ" in page
    assert "htmx.min.js" not in page  # nothing left to poll

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("spreadsheets:commit", args=[job.pk]))
    job.refresh_from_db()
    assert response.status_code == 302
    assert (job.status, job.imported_rows) == (ImportJob.Status.DONE, 1)


def test_upload_of_a_non_spreadsheet_shows_the_message(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("spreadsheets:upload", args=["test_users"]),
        {"file": SimpleUploadedFile("ghi-chu.pdf", b"%PDF-1.4\x00")},
    )
    assert response.status_code == 400
    assert "Tệp không phải Excel (.xlsx) hoặc CSV." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_running_job_page_polls_with_htmx(client, staff, commune):
    job = services.import_job_create(
        kind="test_users", file=xlsx_file([["an", "An", "", "24001", "", ""]]), actor=staff
    )
    client.force_login(staff)
    page = client.get(reverse("spreadsheets:job", args=[job.pk])).content.decode()
    progress_url = reverse("spreadsheets:progress", args=[job.pk])
    assert f'hx-get="{progress_url}"' in page
    assert 'hx-trigger="every 2s"' in page
    assert "vendor/htmx.min.js" in page
    assert client.get(progress_url, headers={"HX-Request": "true"}).status_code == 200

    services.import_job_validate(job_id=job.pk)
    response = client.get(progress_url, headers={"HX-Request": "true"})
    assert response.headers["HX-Refresh"] == "true"


def test_job_page_queries_do_not_grow_with_errors(
    client, staff, commune, django_assert_max_num_queries
):
    rows = [[f"u{i}", "", "", "24001", "", ""] for i in range(60)]
    job = services.import_job_create(kind="test_users", file=xlsx_file(rows), actor=staff)
    services.import_job_validate(job_id=job.pk)
    client.force_login(staff)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("spreadsheets:job", args=[job.pk]))
    assert response.content.decode().count("Bắt buộc nhập.") == 60


def test_commit_button_twice_queues_once(
    client, validated_job, staff, eager_tasks, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    url = reverse("spreadsheets:commit", args=[validated_job.pk])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(url)
        client.post(url)
    assert len(callbacks) == 1
    assert ImportRow.objects.filter(job=validated_job, status="imported").count() == 1


def test_unknown_kind_is_404(client, staff):
    client.force_login(staff)
    assert client.get(reverse("spreadsheets:upload", args=["nope"])).status_code == 404


def test_collaborator_cannot_upload_a_department_kind(client, province):
    client.force_login(CollaboratorUserFactory())
    assert client.get(reverse("spreadsheets:upload", args=["test_users"])).status_code == 403


@pytest.mark.parametrize("name", ["spreadsheets:job", "spreadsheets:progress"])
def test_other_users_jobs_are_404(client, validated_job, commune_a, name):
    url = reverse(name, args=[validated_job.pk])
    for other in (CommuneOfficialFactory(area=commune_a), CollaboratorUserFactory(area=commune_a)):
        client.force_login(other)
        assert client.get(url).status_code == 404


def test_same_commune_colleague_cannot_see_a_job(client, commune_a):
    uploader = CommuneOfficialFactory(area=commune_a)
    job = ImportJob.objects.create(
        kind="test_users",
        file="x.xlsx",
        original_name="x.xlsx",
        created_by=uploader,
        area=commune_a,
    )
    client.force_login(uploader)
    assert client.get(reverse("spreadsheets:job", args=[job.pk])).status_code == 200
    client.force_login(CollaboratorUserFactory(area=commune_a))
    assert client.get(reverse("spreadsheets:job", args=[job.pk])).status_code == 404


def test_other_commune_cannot_commit(client, validated_job, commune_a):
    client.force_login(CommuneOfficialFactory(area=commune_a))
    response = client.post(reverse("spreadsheets:commit", args=[validated_job.pk]))
    assert response.status_code == 404
    validated_job.refresh_from_db()
    assert validated_job.status == ImportJob.Status.VALIDATED


def test_leadership_is_403(client, validated_job):
    client.force_login(LeadershipUserFactory())
    assert client.get(reverse("spreadsheets:job", args=[validated_job.pk])).status_code == 403


def test_another_department_user_may_see_the_job(client, validated_job, province):
    client.force_login(UserFactory(area=province))
    assert client.get(reverse("spreadsheets:job", args=[validated_job.pk])).status_code == 200


def test_pages_need_login(client, validated_job):
    response = client.get(reverse("spreadsheets:job", args=[validated_job.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


KEPT = "sẽ tự bắt đầu khi bộ xử lý hoạt động trở lại"


def test_a_job_the_broker_never_got_says_it_will_start_when_the_worker_is_back(
    client, staff, commune
):
    # No commit callbacks run here: the message is never sent, as with the broker down.
    job = services.import_job_create(
        kind="test_users", file=xlsx_file([["an", "An", "", "24001", "", ""]]), actor=staff
    )
    assert job.in_outbox
    client.force_login(staff)
    assert KEPT in client.get(reverse("spreadsheets:job", args=[job.pk])).content.decode()
    assert KEPT in client.get(reverse("spreadsheets:progress", args=[job.pk])).content.decode()


def test_a_job_interrupted_too_often_fails_with_a_message_and_try_again(
    client, staff, commune, settings, eager_tasks, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    settings.JOBS_MAX_ATTEMPTS = 3
    job = services.import_job_create(
        kind="test_users", file=xlsx_file([["an", "An", "", "24001", "", ""]]), actor=staff
    )
    stale = timezone.now() - datetime.timedelta(hours=1)
    ImportJob.objects.filter(pk=job.pk).update(
        status="validating", attempts=3, task_token=3, sent_at=stale, heartbeat_at=stale
    )
    assert services.import_jobs_sweep()["failed"] == 1
    client.force_login(staff)
    page = client.get(reverse("spreadsheets:job", args=[job.pk])).content.decode()
    assert "bị gián đoạn 3 lần" in page and "Thử lại" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("spreadsheets:retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    # Sent again and (eager here) validated once, from the file.
    assert (job.status, job.attempts, job.valid_rows, job.interrupted) == (
        "validated",
        1,
        1,
        False,
    )
    assert ImportRow.objects.filter(job=job).count() == 1
