"""Sealed at rest, opened only when served; refusals save nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from socialwork.attachments import sealing, services
from socialwork.attachments.models import Attachment, DocumentType
from socialwork.attachments.sealing import open_content, open_name

from .conftest import PDF, upload

pytestmark = pytest.mark.django_db


def _stored(pk):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name_sealed, content_sealed FROM attachments_attachment WHERE id = %s", [pk]
        )
        name, content = cursor.fetchone()
    return bytes(name), bytes(content)


def test_round_trip_is_encrypted_at_rest(official_a, records):
    case = records["a"]["case"]
    added = services.attachment_add(
        actor=official_a,
        record=case,
        upload=upload(PDF, "quyet-dinh-Nguyen-Van-A.pdf", "application/pdf"),
        document_type=DocumentType.DECISION,
    )
    name, content = _stored(added.pk)
    assert PDF not in content and b"%PDF" not in content
    assert b"Nguyen" not in name
    row = Attachment.objects.get(pk=added.pk)
    assert (row.owner_kind, row.owner_id) == ("case", case.pk)
    assert open_content(row) == PDF
    assert open_name(row) == "quyet-dinh-Nguyen-Van-A.pdf"


def test_each_file_gets_its_own_nonce(official_a, records):
    case = records["a"]["case"]
    one, two = (
        services.attachment_add(
            actor=official_a, record=case, upload=upload(PDF, "a.pdf"), document_type="decision"
        )
        for _ in range(2)
    )
    assert _stored(one.pk)[1][:12] != _stored(two.pk)[1][:12]
    assert _stored(one.pk)[1] != _stored(two.pk)[1]


def test_sealed_bytes_moved_to_another_row_do_not_open(official_a, records):
    case = records["a"]["case"]
    one, two = (
        services.attachment_add(
            actor=official_a, record=case, upload=upload(PDF, "a.pdf"), document_type="decision"
        )
        for _ in range(2)
    )
    Attachment.objects.filter(pk=two.pk).update(content_sealed=_stored(one.pk)[1])
    with pytest.raises(sealing.UnsealError):
        open_content(Attachment.objects.get(pk=two.pk))


def test_a_refused_file_saves_nothing_and_keeps_the_others(official_a, records):
    case = records["a"]["case"]
    services.attachment_add(
        actor=official_a, record=case, upload=upload(PDF, "a.pdf"), document_type="decision"
    )
    for bad in (upload(b"", "rong.pdf"), upload(b"not a file", "x.jpg"), None):
        with pytest.raises(ValidationError):
            services.attachment_add(
                actor=official_a, record=case, upload=bad, document_type="decision"
            )
    assert Attachment.objects.count() == 1
    assert open_content(Attachment.objects.get()) == PDF


def test_another_communes_record_is_refused(official_a, records):
    with pytest.raises(PermissionDenied):
        services.attachment_add(
            actor=official_a,
            record=records["b"]["case"],
            upload=upload(PDF, "a.pdf"),
            document_type="decision",
        )


def test_facility_staff_attach_to_their_own_admissions_only(facility_staff, records):
    services.attachment_add(
        actor=facility_staff,
        record=records["a"]["admission"],
        upload=upload(PDF, "a.pdf"),
        document_type="dossier",
    )
    with pytest.raises(PermissionDenied):
        services.attachment_add(
            actor=facility_staff,
            record=records["b"]["admission"],
            upload=upload(PDF, "a.pdf"),
            document_type="dossier",
        )


def test_key_rotation_reseals_under_the_new_key(official_a, records):
    old, new = sealing.generate_key(), sealing.generate_key()
    with override_settings(ATTACHMENT_KEYS=f"k1:{old}"):
        added = services.attachment_add(
            actor=official_a,
            record=records["a"]["person"],
            upload=upload(PDF, "a.pdf"),
            document_type="disability_certificate",
        )
    before = _stored(added.pk)
    with override_settings(ATTACHMENT_KEYS=f"k2:{new},k1:{old}"):
        call_command("reseal_attachments", verbosity=0)
    with override_settings(ATTACHMENT_KEYS=f"k2:{new}"):
        row = Attachment.objects.get(pk=added.pk)
        assert row.key_id == "k2"
        assert open_content(row) == PDF
    assert _stored(added.pk) != before


@override_settings(ATTACHMENT_KEYS="", ATTACHMENT_DEV_KEY_ALLOWED=False)
def test_production_refuses_to_seal_without_a_key():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        sealing.current_key_id()


def test_a_merged_persons_papers_follow_to_the_record_kept(department, records, commune_a):
    from cases.services import beneficiary_merge
    from tests.cases.factories import BeneficiaryFactory

    keep, twin = records["a"]["person"], BeneficiaryFactory(commune=commune_a)
    added = services.attachment_add(
        actor=department, record=twin, upload=upload(PDF, "a.pdf"), document_type="dossier"
    )
    beneficiary_merge(actor=department, keep=keep, remove=twin)
    added.refresh_from_db()
    assert added.owner_id == keep.pk
    assert open_content(added) == PDF
