"""The API: a record's attachments listed and uploaded, one downloaded; another
commune's ids refused on every endpoint."""

import pytest
from rest_framework.test import APIClient

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


@pytest.fixture
def api():
    return APIClient()


def _add(actor, record):
    return services.attachment_add(
        actor=actor, record=record, upload=upload(PDF, "a.pdf"), document_type="decision"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_upload_list_and_download(api, department, records, kind):
    record = records["a"][kind]
    api.force_authenticate(department)
    url = f"/api/v1/attachments/{kind}/{record.pk}/"
    created = api.post(
        url,
        {"file": upload(photo_bytes(), "anh.jpg"), "document_type": "photo"},
        format="multipart",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["name"] == "anh.jpg" and body["content_type"] == "image/jpeg"
    listed = api.get(url).json()
    assert [row["id"] for row in listed] == [body["id"]]
    mark = _mark()
    got = api.get(f"/api/v1/attachments/{body['id']}/content/")
    assert got.status_code == 200
    assert got["Content-Disposition"].startswith("attachment;")
    assert "no-store" in got["Cache-Control"]
    assert AccessLog.objects.filter(
        pk__gt=mark, object_type="attachments.attachment", object_id=str(body["id"])
    ).exists()


def test_a_refused_file_is_a_400_with_the_reason(api, official_a, records):
    api.force_authenticate(official_a)
    url = f"/api/v1/attachments/case/{records['a']['case'].pk}/"
    response = api.post(
        url,
        {"file": upload(b"not an image", "x.jpg"), "document_type": "photo"},
        format="multipart",
    )
    assert response.status_code == 400
    assert "Chỉ nhận ảnh chụp" in response.content.decode()
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("kind", KINDS)
def test_another_communes_ids_on_every_endpoint(api, official_a, department, records, kind):
    theirs = records["b"][kind]
    added = _add(department, theirs)
    api.force_authenticate(official_a)
    url = f"/api/v1/attachments/{kind}/{theirs.pk}/"
    assert api.get(url).status_code == 404
    assert (
        api.post(
            url, {"file": upload(PDF), "document_type": "decision"}, format="multipart"
        ).status_code
        == 404
    )
    assert api.get(f"/api/v1/attachments/{added.pk}/").status_code == 404
    assert api.get(f"/api/v1/attachments/{added.pk}/content/").status_code == 404
    assert Attachment.objects.count() == 1


def test_leadership_are_refused(api, leadership, department, records):
    added = _add(department, records["a"]["case"])
    api.force_authenticate(leadership)
    assert api.get(f"/api/v1/attachments/{added.pk}/content/").status_code == 403
    assert api.get(f"/api/v1/attachments/case/{records['a']['case'].pk}/").status_code == 403


def test_withdraw_through_the_api(api, official_a, department, records):
    own = services.attachment_add(
        actor=official_a, record=records["a"]["case"], upload=upload(PDF), document_type="dossier"
    )
    theirs = services.attachment_add(
        actor=department, record=records["b"]["case"], upload=upload(PDF), document_type="dossier"
    )
    api.force_authenticate(official_a)
    assert api.post(f"/api/v1/attachments/{own.pk}/withdraw/", {}).status_code == 400
    other = api.post(f"/api/v1/attachments/{theirs.pk}/withdraw/", {"reason": "x"})
    assert other.status_code == 404
    for _ in range(2):  # a retried POST changes nothing more
        got = api.post(f"/api/v1/attachments/{own.pk}/withdraw/", {"reason": "Nhầm hồ sơ"})
        assert got.status_code == 204
    assert api.get(f"/api/v1/attachments/{own.pk}/").status_code == 404
    assert Attachment.objects.get(pk=own.pk).withdrawn
    assert not Attachment.objects.get(pk=theirs.pk).withdrawn
