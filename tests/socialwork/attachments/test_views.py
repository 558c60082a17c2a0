"""The pages: the section on the four record pages, upload, download (logged,
never cached), and another commune's ids on every URL."""

import pytest
from django.urls import reverse

from socialwork.accounts.models import AccessLog
from socialwork.attachments import services
from socialwork.attachments.models import Attachment

from .conftest import PDF, photo_bytes, upload

pytestmark = pytest.mark.django_db


def _mark() -> int:
    """The access log is append-only: tests read the rows after this id."""
    last = AccessLog.objects.order_by("-pk").first()
    return last.pk if last else 0


KINDS = ["person", "case", "admission", "application"]
PAGES = {
    "person": lambda r: reverse("cases:beneficiary_detail", args=[r.pk]),
    "case": lambda r: reverse("casework:case_detail", args=[r.pk]),
    "admission": lambda r: reverse("facilities:admission_detail", args=[r.pk]),
    "application": lambda r: reverse("allowances:application_detail", args=[r.pk]),
}


def _add(actor, record, data=PDF, name="giay-xac-nhan.pdf"):
    return services.attachment_add(
        actor=actor, record=record, upload=upload(data, name), document_type="dossier"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_each_record_page_shows_its_attachments_and_the_upload_form(
    client, department, records, kind
):
    record = records["a"][kind]
    added = _add(department, record)
    client.force_login(department)
    page = client.get(PAGES[kind](record)).content.decode()
    assert "Tài liệu đính kèm" in page
    assert 'accept="image/*,application/pdf"' in page and "capture" in page
    assert 'enctype="multipart/form-data"' in page
    assert reverse("attachments:download", args=[added.pk]) in page
    assert "giay-xac-nhan.pdf" in page


def test_a_collaborator_uploads_a_photo_to_a_case_and_downloads_it(client, collaborator_a, records):
    case = records["a"]["case"]
    client.force_login(collaborator_a)
    url = reverse("attachments:record", args=["case", case.pk])
    response = client.post(
        url,
        {
            "attachment-file": upload(photo_bytes(), "IMG_0001.HEIC.jpg"),
            "attachment-document_type": "photo",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:case_detail", args=[case.pk]) + "#attachments"
    added = Attachment.objects.get()
    assert added.content_type == "image/jpeg" and added.uploaded_by == collaborator_a

    mark = _mark()
    got = client.get(reverse("attachments:download", args=[added.pk]))
    assert got.status_code == 200
    assert got["Content-Type"] == "image/jpeg"
    assert got["Content-Disposition"].startswith("attachment;")
    assert "no-store" in got["Cache-Control"]
    assert got.content[:3] == b"\xff\xd8\xff"
    log = AccessLog.objects.get(pk__gt=mark)
    assert log.action == AccessLog.Action.VIEW
    assert log.object_type == "attachments.attachment" and log.object_id == str(added.pk)
    assert log.person_id == case.beneficiary_id and log.commune_id == case.commune_id
    assert log.user == collaborator_a
    assert "download" in log.detail


def test_every_download_is_its_own_log_row(client, official_a, records):
    added = _add(official_a, records["a"]["person"])
    client.force_login(official_a)
    mark = _mark()
    for _ in range(3):
        client.get(reverse("attachments:download", args=[added.pk]))
    assert AccessLog.objects.filter(pk__gt=mark, object_type="attachments.attachment").count() == 3


def test_a_refused_upload_says_why_and_keeps_the_choices(client, official_a, records):
    case = records["a"]["case"]
    _add(official_a, case)
    client.force_login(official_a)
    url = reverse("attachments:record", args=["case", case.pk])
    for data, message in [
        (b"", "Tệp rỗng"),
        (b"GIF89 but not really", "Chỉ nhận ảnh chụp"),
    ]:
        response = client.post(
            url,
            {
                "attachment-file": upload(data, "x.jpg"),
                "attachment-document_type": "decision",
                "attachment-note": "QĐ số 12",
            },
        )
        assert response.status_code == 400
        page = response.content.decode()
        assert message in page
        assert 'value="QĐ số 12"' in page
        assert 'value="decision" selected' in page
        # What was saved before is still listed.
        assert "giay-xac-nhan.pdf" in page
    response = client.post(url, {"attachment-document_type": "decision"})
    assert "Hãy chọn tệp" in response.content.decode()
    assert Attachment.objects.count() == 1


@pytest.mark.parametrize("kind", KINDS)
def test_another_communes_ids_are_404_on_every_url(client, official_a, department, records, kind):
    theirs = records["b"][kind]
    added = _add(department, theirs)
    client.force_login(official_a)
    record_url = reverse("attachments:record", args=[kind, theirs.pk])
    assert client.get(record_url).status_code == 404
    assert (
        client.post(
            record_url, {"attachment-file": upload(PDF), "attachment-document_type": "decision"}
        ).status_code
        == 404
    )
    assert client.get(reverse("attachments:download", args=[added.pk])).status_code == 404
    assert Attachment.objects.count() == 1
    assert AccessLog.objects.filter(action=AccessLog.Action.DENIED).exists()


def test_facility_staff_see_only_their_own_peoples_papers(
    client, facility_staff, department, records
):
    own = _add(department, records["a"]["admission"])
    other = _add(department, records["b"]["admission"])
    client.force_login(facility_staff)
    assert client.get(reverse("attachments:download", args=[own.pk])).status_code == 200
    assert client.get(reverse("attachments:download", args=[other.pk])).status_code == 404
    url = reverse("attachments:record", args=["admission", records["b"]["admission"].pk])
    assert client.get(url).status_code == 404


def test_a_confidential_case_hides_its_papers_from_other_collaborators(
    client, collaborator_a, department, records
):
    case = records["a"]["case"]
    case.confidential = True
    case.save(update_fields=["confidential"])
    added = _add(department, case)
    client.force_login(collaborator_a)
    assert client.get(reverse("attachments:download", args=[added.pk])).status_code == 404


def test_leadership_see_no_one_s_papers(client, leadership, department, records):
    added = _add(department, records["a"]["case"])
    client.force_login(leadership)
    assert client.get(reverse("attachments:download", args=[added.pk])).status_code == 403


def test_an_unknown_kind_is_404(client, official_a):
    client.force_login(official_a)
    assert client.get(reverse("attachments:record", args=["household", 1])).status_code == 404
