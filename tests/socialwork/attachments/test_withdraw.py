"""Withdrawing a paper attached by mistake: who may (the uploader, the
province; not leadership), the confirm step, the reason, the row kept with its
sealed bytes erased, history and the access log, another commune's ids, and a
double submit."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from socialwork.accounts.models import AccessLog
from socialwork.attachments import services
from socialwork.attachments.models import Attachment
from socialwork.history import event_actor_id, event_model

from .conftest import PDF, upload

pytestmark = pytest.mark.django_db


def _mark() -> int:
    last = AccessLog.objects.order_by("-pk").first()
    return last.pk if last else 0


def _add(actor, record, name="nham-ho-so.pdf"):
    return services.attachment_add(
        actor=actor, record=record, upload=upload(PDF, name), document_type="dossier"
    )


def _stored(pk):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name_sealed, content_sealed FROM attachments_attachment WHERE id = %s", [pk]
        )
        name, content = cursor.fetchone()
    return bytes(name), bytes(content)


def test_the_uploader_withdraws_through_the_confirm_step(client, official_a, records):
    case = records["a"]["case"]
    added = _add(official_a, case)
    kept = _add(official_a, case, name="dung-ho-so.pdf")
    client.force_login(official_a)
    page_url = reverse("casework:case_detail", args=[case.pk])
    withdraw_url = reverse("attachments:withdraw", args=[added.pk])
    assert withdraw_url in client.get(page_url).content.decode()

    confirm = client.get(withdraw_url)
    assert confirm.status_code == 200
    text = confirm.content.decode()
    assert "nham-ho-so.pdf" in text and 'name="reason"' in text
    # The confirm page changes nothing.
    assert not Attachment.objects.get(pk=added.pk).withdrawn

    # No reason: refused, said so, nothing changed.
    refused = client.post(withdraw_url, {"reason": "  "})
    assert refused.status_code == 400
    assert "Hãy ghi lý do" in refused.content.decode() or "bắt buộc" in refused.content.decode()
    assert not Attachment.objects.get(pk=added.pk).withdrawn

    mark = _mark()
    done = client.post(withdraw_url, {"reason": "Đính kèm nhầm hồ sơ của người khác"})
    assert done.status_code == 302 and done["Location"] == f"{page_url}#attachments"

    row = Attachment.objects.get(pk=added.pk)
    assert row.withdrawn and row.withdrawn_by == official_a
    assert row.withdrawal_reason == "Đính kèm nhầm hồ sơ của người khác"
    # Kept for the audit trail, its sealed name and bytes erased.
    assert _stored(added.pk) == (b"", b"")
    assert row.size == len(PDF) and row.uploaded_by == official_a

    page = client.get(page_url).content.decode()
    assert "nham-ho-so.pdf" not in page and "dung-ho-so.pdf" in page
    assert reverse("attachments:download", args=[added.pk]) not in page
    assert client.get(reverse("attachments:download", args=[added.pk])).status_code == 404
    api = APIClient()
    api.force_authenticate(official_a)
    assert api.get(f"/api/v1/attachments/{added.pk}/").status_code == 404
    assert api.get(f"/api/v1/attachments/{added.pk}/content/").status_code == 404
    listed = api.get(f"/api/v1/attachments/case/{case.pk}/").json()
    assert [a["id"] for a in listed] == [kept.pk]

    log = AccessLog.objects.get(pk__gt=mark, action=AccessLog.Action.ADMIN)
    assert log.object_type == "attachments.attachment" and log.object_id == str(added.pk)
    assert log.person_id == case.beneficiary_id and log.commune_id == case.commune_id
    assert log.user == official_a and "withdraw" in log.detail

    events = event_model(Attachment).objects.filter(pgh_obj_id=added.pk).order_by("pgh_id")
    assert [e.pgh_label for e in events] == ["insert", "update"]
    last = events.last()
    assert last.withdrawn_by_id == official_a.pk and last.withdrawal_reason
    assert event_actor_id(last) == official_a.pk
    # History never copies the sealed parts.
    assert not hasattr(last, "content_sealed") and not hasattr(last, "name_sealed")


def test_a_double_submit_withdraws_once(client, official_a, records):
    case = records["a"]["case"]
    added = _add(official_a, case)
    client.force_login(official_a)
    url = reverse("attachments:withdraw", args=[added.pk])
    mark = _mark()
    first = client.post(url, {"reason": "Nhầm tệp"})
    second = client.post(url, {"reason": "Nhầm tệp lần hai"})
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    row = Attachment.objects.get(pk=added.pk)
    assert row.withdrawal_reason == "Nhầm tệp"
    assert AccessLog.objects.filter(pk__gt=mark, action=AccessLog.Action.ADMIN).count() == 1
    assert event_model(Attachment).objects.filter(pgh_obj_id=added.pk).count() == 2


def test_someone_elses_upload_is_the_provinces_to_withdraw(
    client, official_a, collaborator_a, department, records
):
    case = records["a"]["case"]
    theirs = _add(collaborator_a, case)
    client.force_login(official_a)
    page = client.get(reverse("casework:case_detail", args=[case.pk])).content.decode()
    assert reverse("attachments:withdraw", args=[theirs.pk]) not in page
    url = reverse("attachments:withdraw", args=[theirs.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Không phải của tôi"}).status_code == 403
    assert not Attachment.objects.get(pk=theirs.pk).withdrawn

    client.force_login(department)
    page = client.get(reverse("casework:case_detail", args=[case.pk])).content.decode()
    assert url in page
    assert client.post(url, {"reason": "CTV báo đính kèm nhầm"}).status_code == 302
    assert Attachment.objects.get(pk=theirs.pk).withdrawn_by == department


def test_leadership_and_data_protection_withdraw_nothing(department, leadership, records):
    added = _add(department, records["a"]["case"])
    with pytest.raises(PermissionDenied):
        services.attachment_withdraw(actor=leadership, attachment_id=added.pk, reason="x")
    assert not Attachment.objects.get(pk=added.pk).withdrawn


def test_the_service_wants_a_reason(official_a, records):
    added = _add(official_a, records["a"]["person"])
    with pytest.raises(ValidationError):
        services.attachment_withdraw(actor=official_a, attachment_id=added.pk, reason=" ")


@pytest.mark.parametrize("kind", ["person", "case", "admission", "application"])
def test_another_communes_ids_are_404(client, official_a, department, records, kind):
    """Even an upload of one's own, once the record is another commune's."""
    theirs = _add(department, records["b"][kind])
    client.force_login(official_a)
    url = reverse("attachments:withdraw", args=[theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Thử id xã khác"}).status_code == 404
    assert not Attachment.objects.get(pk=theirs.pk).withdrawn
    assert AccessLog.objects.filter(
        action=AccessLog.Action.DENIED, object_type="attachments.attachment"
    ).exists()


def test_facility_staff_withdraw_their_own_upload_only_in_their_facility(
    client, facility_staff, department, records
):
    own = _add(facility_staff, records["a"]["admission"])
    other = _add(department, records["b"]["admission"])
    client.force_login(facility_staff)
    assert (
        client.post(reverse("attachments:withdraw", args=[other.pk]), {"reason": "x"}).status_code
        == 404
    )
    assert (
        client.post(reverse("attachments:withdraw", args=[own.pk]), {"reason": "Nhầm"}).status_code
        == 302
    )


def test_reseal_skips_withdrawn_rows(official_a, records, settings):
    from socialwork.attachments import sealing

    added = _add(official_a, records["a"]["case"])
    services.attachment_withdraw(actor=official_a, attachment_id=added.pk, reason="Nhầm")
    settings.ATTACHMENT_KEYS = f"k2:{sealing.generate_key()}"
    assert services.reseal_all() == 0
