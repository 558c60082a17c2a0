"""A person's papers in their data-subject report: kind, type, date and the
record, never the content, file name or note; none withdrawn; none from a
child-protection record when the law withholds it from the person asking."""

import datetime

import pytest
from django.urls import reverse

from socialwork.accounts.models import Role
from socialwork.attachments import services
from socialwork.privacy import subject_requests, subjects
from tests.cases.casework.factories import CaseFactory
from tests.facilities.factories import AdmissionFactory, FacilityFactory
from tests.factories import UserFactory
from tests.socialwork.allowances.factories import ApplicationFactory

from .conftest import PDF, photo_bytes, upload

pytestmark = pytest.mark.django_db

TITLE = "Tài liệu đính kèm hồ sơ"


def _add(actor, record, data=PDF, name="bien-ban-Tran-Hang-Xom.pdf", kind="dossier", note=""):
    return services.attachment_add(
        actor=actor, record=record, upload=upload(data, name), document_type=kind, note=note
    )


def _papers(person_id, *, withhold):
    found = [
        s
        for s in subjects.report(person_id, withhold_child_protection=withhold)
        if s.title == TITLE
    ]
    return found[0].items if found else []


def test_the_report_lists_the_persons_papers_and_withholds_child_protection(
    department, person_a, person_b
):
    protection = CaseFactory(beneficiary=person_a, is_child_protection=True)
    ordinary = CaseFactory(beneficiary=person_a)
    admission = AdmissionFactory(
        beneficiary=person_a, facility=FacilityFactory(commune=person_a.commune), case=protection
    )
    _add(department, person_a, kind="disability_certificate", note="Gọi Trần Hàng Xóm")
    _add(department, ordinary, data=photo_bytes((400, 300)), name="anh.jpg", kind="photo")
    _add(department, ApplicationFactory(beneficiary=person_a), kind="decision")
    _add(department, protection, kind="dossier")
    _add(department, admission, kind="dossier")
    gone = _add(department, ordinary, kind="other")
    services.attachment_withdraw(actor=department, attachment_id=gone.pk, reason="Nhầm")
    _add(department, person_b)  # someone else's

    full = _papers(person_a.pk, withhold=False)
    assert len(full) == 5
    text = " ".join(full)
    assert "Giấy xác nhận khuyết tật (PDF)" in text and "Ảnh chụp (JPEG)" in text
    assert "Quyết định (PDF) — Hồ sơ trợ cấp" in text
    assert "Khác" not in text  # the withdrawn one
    # Never the file name, the note, nor the bytes.
    for secret in ("Tran-Hang-Xom", "Trần Hàng Xóm", "%PDF"):
        assert secret not in str(full)

    withheld = _papers(person_a.pk, withhold=True)
    # The child-protection case's paper and the admission made for it are left out.
    assert len(withheld) == 3
    assert sum("— Trường hợp" in item for item in withheld) == 1
    assert not any("Tiếp nhận vào cơ sở" in item for item in withheld)

    assert _papers(person_b.pk, withhold=False) and len(_papers(person_b.pk, withhold=False)) == 1


def test_no_papers_no_section(person_a):
    assert _papers(person_a.pk, withhold=False) == []


def test_the_printed_report_shows_them(client, department, person_a, province):
    dpo = UserFactory(area=province, role=Role.DATA_PROTECTION, username="dpo")
    _add(department, person_a, kind="disability_certificate")
    request = subject_requests.request_register(
        actor=dpo,
        person_id=person_a.pk,
        requester_name="Người yêu cầu",
        relation="self",
        identity_check="cccd",
        right="access",
        received_on=datetime.date(2026, 11, 30),
    )
    client.force_login(dpo)
    page = client.get(reverse("privacy:request_report", args=[request.pk])).content.decode()
    assert TITLE in page and "Giấy xác nhận khuyết tật (PDF)" in page
    assert "bien-ban-Tran-Hang-Xom" not in page
