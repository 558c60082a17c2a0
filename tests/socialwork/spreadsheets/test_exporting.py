"""Long exports as jobs (socialwork/spreadsheets/exporting.py), through the
pages: the register export over the limit becomes a job, the job page shows
its state and the download, the file is the requester's only, each download
is logged, the file expires and "try again" builds it anew."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from socialwork.accounts.models import AccessLog
from socialwork.spreadsheets import exporting
from socialwork.spreadsheets.models import ExportJob
from tests.cases.factories import BeneficiaryFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_limit(settings, tmp_path):
    settings.EXPORT_SYNC_MAX_ROWS = 2
    settings.EXPORT_ROOT = tmp_path / "exports"


@pytest.fixture
def people(commune_a):
    return [BeneficiaryFactory(commune=commune_a, full_name=f"=Người {i}") for i in range(3)]


def _request(client):
    response = client.get(reverse("cases:beneficiary_export"), {"commune": ""})
    assert response.status_code == 302
    return ExportJob.objects.get()


def test_an_export_over_the_limit_is_a_job_with_a_page_and_a_logged_download(
    client, department, people
):
    client.force_login(department)
    job = _request(client)
    assert (job.kind, job.fmt, job.created_by, job.status) == (
        "cases.beneficiaries",
        "xlsx",
        department,
        "queued",
    )
    page = client.get(reverse("exports:job", args=[job.pk])).content.decode()
    assert "Đang chờ" in page and "htmx.min.js" in page
    assert not AccessLog.objects.filter(action="export").exists()  # nothing left yet

    exporting.export_job_build(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.total_rows, job.processed_rows, job.attempts) == ("done", 3, 3, 1)
    assert job.expires_at > timezone.now() + datetime.timedelta(hours=23)
    page = client.get(reverse("exports:job", args=[job.pk])).content.decode()
    assert "Tải về doi-tuong.xlsx" in page and "htmx.min.js" not in page

    response = client.get(reverse("exports:download", args=[job.pk]))
    content = b"".join(response.streaming_content)
    assert response["Content-Disposition"] == 'attachment; filename="doi-tuong.xlsx"'
    sheet = load_workbook(io.BytesIO(content)).active
    names = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert sorted(names) == ["=Người 0", "=Người 1", "=Người 2"]
    assert all(row[1].data_type == "s" for row in sheet.iter_rows(min_row=2))
    log = AccessLog.objects.get(action="export")
    assert (log.user, log.object_type) == (department, "cases.beneficiary")
    assert log.detail == f"3 rows; job {job.pk}; xlsx"
    client.get(reverse("exports:download", args=[job.pk]))
    assert AccessLog.objects.filter(action="export").count() == 2


def test_the_file_is_the_requesters_only(client, department, province, people):
    client.force_login(department)
    job = _request(client)
    exporting.export_job_build(job_id=job.pk)
    colleague = UserFactory(area=province, can_view_sensitive=True)
    client.force_login(colleague)
    assert client.get(reverse("exports:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404
    assert AccessLog.objects.filter(user=colleague, action="denied").count() == 2
    assert not AccessLog.objects.filter(action="export").exists()


def test_the_file_expires_and_try_again_builds_it_anew(client, department, people):
    client.force_login(department)
    job = _request(client)
    exporting.export_job_build(job_id=job.pk)
    job.refresh_from_db()
    path = job.file.path
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now())
    assert exporting.export_files_expire() == 1
    job.refresh_from_db()
    assert job.status == "expired" and not job.file
    import os

    assert not os.path.exists(path)
    response = client.get(reverse("exports:download", args=[job.pk]))
    assert response.status_code == 302  # back to the page, with the message
    page = client.get(reverse("exports:job", args=[job.pk])).content.decode()
    assert "Tệp không còn: hãy xuất lại." in page and "Thử lại" in page

    client.post(reverse("exports:retry", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("queued", 0)
    exporting.export_job_build(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "done" and job.file


def test_an_interrupted_export_fails_with_a_message_and_try_again(
    client, department, people, settings
):
    settings.JOBS_MAX_ATTEMPTS = 2
    client.force_login(department)
    job = _request(client)
    stale = timezone.now() - datetime.timedelta(hours=1)
    ExportJob.objects.filter(pk=job.pk).update(
        status="running", attempts=2, sent_at=stale, heartbeat_at=stale, task_token=1
    )
    assert exporting.export_jobs_sweep()["failed"] == 1
    page = client.get(reverse("exports:job", args=[job.pk])).content.decode()
    assert "bị gián đoạn 2 lần" in page and "Thử lại" in page


def test_a_smaller_export_stays_in_the_request(client, department, commune_a):
    BeneficiaryFactory(commune=commune_a)
    client.force_login(department)
    response = client.get(reverse("cases:beneficiary_export"))
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert not ExportJob.objects.exists()


def test_collaborators_over_the_limit_export_as_a_job(client, department, commune_a, settings):
    from tests.collaborators.factories import CollaboratorFactory
    from tests.exports import download_through_job

    settings.EXPORT_SYNC_MAX_ROWS = 1
    for phone in ("0970000001", "0970000002"):
        CollaboratorFactory(user__area=commune_a, user__first_name="=Lan", user__phone=phone)
    client.force_login(department)
    response = client.get(reverse("collaborators:export"), {"fmt": "csv"})
    _download, content = download_through_job(client, response)
    lines = content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 3 and all("'=Lan" in line for line in lines[1:])
    log = AccessLog.objects.get(action="export")
    assert (log.object_type, log.detail) == (
        "collaborators.Collaborator",
        f"2 rows; job {ExportJob.objects.get().pk}; csv",
    )


def test_the_worker_writes_the_file_as_the_rows_come_not_in_memory(
    client, department, people, monkeypatch
):
    """The table goes into a temporary file (a province's million rows never
    sit in the worker's memory) and from there into storage, unchanged."""
    from cases import selectors
    from cases.scoping import may_filter_sensitive
    from socialwork.spreadsheets.exports import copy_csv

    written = []
    write_table = exporting.write_table

    def spy(*args, **kwargs):
        out = write_table(*args, **kwargs)
        written.append(out)
        return out

    monkeypatch.setattr("cases.exports.write_table", spy)
    client.force_login(department)
    response = client.get(reverse("cases:beneficiary_export"), {"commune": "", "format": "csv"})
    assert response.status_code == 302
    job = ExportJob.objects.get()
    exporting.export_job_build(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.total_rows) == ("done", 3)
    (out,) = written
    assert not isinstance(out, bytes) and out.closed  # a file, closed once stored
    queryset = selectors.beneficiary_list(actor=department, filters={})
    values, columns = selectors.beneficiary_export_values(
        queryset=queryset, sensitive=may_filter_sensitive(department)
    )
    expected, rows = copy_csv(values, columns)
    with job.file.open("rb") as stored:
        assert stored.read() == expected and rows == 3
