"""Mẫu 07 signed on paper (at night, no certificate at hand): the leader records
the decision without a number; its scan is attached later and takes the next
number of the same register, dated with the day it was signed (Decree 30
Art. 18(5), 25)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cases.casework import numbering, signing
from cases.casework.services import decisions
from cases.casework.services.plans import plan_approve as approve
from cases.models import (
    CaseEvent,
    IssuedDocument,
    IssuedStatus,
    SignedFile,
    SignedStage,
)
from cases.models.casework import PAPER_PENDING, PAPER_REGISTERED
from tests.cases.casework.factories import CaseFactory
from tests.cases.factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PDF = b"%PDF-1.4\n% a scan\n%%EOF\n"


def _night():
    """23:40 yesterday, local time: the decision falls within 12 hours."""
    day = timezone.localdate() - datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 40)))


def _on_paper(leader, case, **kw):
    start = timezone.localdate(_night())
    return decisions.separation_decide(
        actor=leader,
        case=case,
        decision_number="",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=10),
        place="Nhà bà ngoại",
        decided_at=_night(),
        on_paper=True,
        **kw,
    ).obj


def test_a_paper_decision_waits_for_its_number_then_takes_the_registers_next(
    case_a, leader_a, commune_a
):
    event = _on_paper(leader_a, case_a)
    assert event.decision_number == "" and event.details == {"paper": PAPER_PENDING}
    # A number already taken by another decision of the commune: the scan takes the next.
    with transaction.atomic():
        numbering.take(agency=commune_a, kind="QĐ", issued_on=_night().date(), actor=leader_a)
    issued = signing.paper_decision_register(actor=leader_a, event=event, scan=JPEG)
    assert issued.reference == "02/QĐ-UBND" and issued.status == IssuedStatus.ISSUED
    assert issued.form == "07" and issued.event_id == event.pk and issued.plan_id is None
    # Dated with the night it was signed on paper, not the day of registering.
    assert issued.issued_on == timezone.localdate(_night())
    assert issued.signed_by == leader_a
    [scan] = SignedFile.objects.filter(issued=issued)
    assert scan.stage == SignedStage.SCAN and scan.content_type == "image/jpeg"
    assert bytes(scan.content) == JPEG and scan.sha256 == signing.sha256(JPEG)
    event.refresh_from_db()
    assert event.decision_number == "02/QĐ-UBND" and event.details["paper"] == PAPER_REGISTERED
    # Registered once: a second scan is refused and takes no number.
    with pytest.raises(ValidationError, match="đã có số"):
        signing.paper_decision_register(actor=leader_a, event=event, scan=PDF)
    assert IssuedDocument.objects.filter(agency=commune_a).count() == 2


def test_a_paper_decision_takes_no_typed_number(case_a, leader_a):
    with pytest.raises(ValidationError) as exc:
        _on_paper_typed(leader_a, case_a)
    assert "decision_number" in exc.value.message_dict
    # Without the paper mark a number is still required.
    start = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        decisions.separation_decide(
            actor=leader_a,
            case=case_a,
            decision_number="",
            starts_on=start,
            ends_on=start + datetime.timedelta(days=3),
            place="Nhà bà ngoại",
        )
    assert "decision_number" in exc.value.message_dict


def _on_paper_typed(leader, case):
    start = timezone.localdate()
    return decisions.separation_decide(
        actor=leader,
        case=case,
        decision_number="7/QĐ-UBND",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=3),
        place="Nhà bà ngoại",
        on_paper=True,
    )


def test_the_database_refuses_a_separation_without_number_or_paper_mark(case_a, leader_a):
    today = timezone.localdate()
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseEvent.objects.create(
            case=case_a,
            kind="separation",
            occurred_at=timezone.now(),
            decided_by=leader_a,
            starts_on=today,
            ends_on=today,
            place="x",
        )


@pytest.mark.parametrize(
    "scan,message",
    [(b"", "Hãy chọn"), (b"GIF89a....", "PDF hoặc ảnh JPEG"), (b"<html>", "PDF hoặc ảnh JPEG")],
)
def test_a_scan_that_is_no_pdf_or_jpeg_is_refused_and_takes_no_number(
    case_a, leader_a, scan, message
):
    event = _on_paper(leader_a, case_a)
    with pytest.raises(ValidationError, match=message):
        signing.paper_decision_register(actor=leader_a, event=event, scan=scan)
    assert not IssuedDocument.objects.exists()
    event.refresh_from_db()
    assert event.details["paper"] == PAPER_PENDING


def test_only_the_communes_leader_or_clerk_registers(case_a, leader_a, leader_b, official_a):
    event = _on_paper(leader_a, case_a)
    for other in (leader_b, official_a):
        with pytest.raises(PermissionDenied):
            signing.paper_decision_register(actor=other, event=event, scan=PDF)
    assert not IssuedDocument.objects.exists()


def test_a_failure_after_the_number_voids_it_with_its_reason(
    case_a, leader_a, commune_a, monkeypatch
):
    event = _on_paper(leader_a, case_a)
    real = SignedFile.objects.create

    def broken(**kwargs):
        raise ValidationError("Lưu trữ tệp không thành công")

    monkeypatch.setattr(SignedFile.objects, "create", broken)
    with pytest.raises(ValidationError):
        signing.paper_decision_register(actor=leader_a, event=event, scan=PDF)
    monkeypatch.setattr(SignedFile.objects, "create", real)
    [void] = IssuedDocument.objects.filter(agency=commune_a)
    assert void.status == IssuedStatus.VOID and "Lưu trữ tệp không thành công" in void.void_reason
    assert void.event_id is None and not SignedFile.objects.exists()
    event.refresh_from_db()
    assert event.decision_number == "" and event.details["paper"] == PAPER_PENDING
    # Tried again: the next number, the void stays in the register.
    issued = signing.paper_decision_register(actor=leader_a, event=event, scan=PDF)
    assert issued.number == 2


def test_the_case_page_leads_to_the_scan_page_and_the_issued_file(
    client, case_a, leader_a, official_a
):
    client.force_login(leader_a)
    add = client.post(
        reverse("casework:separation_add", args=[case_a.pk]),
        {
            "client_uuid": "6a1c5f0e-2b51-4a5e-9d8e-1f0c3d1a2b3c",
            "decision_number": "",
            "on_paper": "on",
            "starts_on": timezone.localdate().isoformat(),
            "ends_on": (timezone.localdate() + datetime.timedelta(days=5)).isoformat(),
            "place": "Nhà bà ngoại",
            "extension_basis": "",
        },
    )
    assert add.status_code == 302
    event = CaseEvent.objects.get(case=case_a, kind="separation")
    page = client.get(reverse("casework:case_detail", args=[case_a.pk])).content.decode()
    url = reverse("casework:paper_register", args=[event.pk])
    assert "Ký trên giấy, chờ vào số" in page and url in page
    form = client.get(url)
    assert form.status_code == 200 and 'enctype="multipart/form-data"' in form.content.decode()
    bad = client.post(url, {"scan": SimpleUploadedFile("a.png", b"\x89PNG....")})
    assert "PDF hoặc ảnh JPEG" in bad.content.decode()
    done = client.post(
        url, {"scan": SimpleUploadedFile("quyet-dinh.jpg", JPEG, "image/jpeg")}, follow=True
    )
    issued = IssuedDocument.objects.get(event=event)
    body = done.content.decode()
    assert f"Đã vào số Quyết định số {issued.reference} (bản giấy)" in body
    assert "Bản quét văn bản giấy đã ký" in body
    assert reverse("casework:case_detail", args=[case_a.pk]) in body
    stored = SignedFile.objects.get(issued=issued)
    download = client.get(reverse("casework:signed_file", args=[stored.pk]))
    assert download["Content-Type"] == "image/jpeg" and download.content == JPEG
    assert download["Content-Disposition"].endswith("-scan-decision.jpg")
    page = client.get(reverse("casework:case_detail", args=[case_a.pk])).content.decode()
    assert url not in page and f"Văn bản số {issued.reference}" in page
    # The official sees the case but does not decide: no link, no page.
    client.force_login(official_a)
    assert client.get(url).status_code == 403


def test_another_communes_leader_cannot_open_the_scan_page(client, case_a, leader_a, leader_b):
    event = _on_paper(leader_a, case_a)
    client.force_login(leader_b)
    url = reverse("casework:paper_register", args=[event.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"scan": SimpleUploadedFile("a.pdf", PDF)}).status_code == 404
    assert not IssuedDocument.objects.exists()


def test_a_scan_of_another_case_in_the_same_commune_is_its_own_number(leader_a, commune_a):
    cases = [
        CaseFactory(beneficiary=BeneficiaryFactory(commune=commune_a), commune=commune_a)
        for _ in range(2)
    ]
    events = [_on_paper(leader_a, case) for case in cases]
    refs = [
        signing.paper_decision_register(actor=leader_a, event=e, scan=PDF).reference for e in events
    ]
    assert refs == ["01/QĐ-UBND", "02/QĐ-UBND"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_paper_scans_and_approvals_racing_share_one_register_without_gaps(leader_a, commune_a):
    import threading

    from django.db import connection

    from cases.models import CasePlan, CaseStatus, PlanStatus
    from tests.cases.casework.factories import CasePlanFactory

    day = timezone.localdate(_night())
    events = [
        _on_paper(leader_a, CaseFactory(beneficiary=BeneficiaryFactory(commune=commune_a)))
        for _ in range(10)
    ]
    plans = [
        CasePlanFactory(
            case=CaseFactory(
                beneficiary=BeneficiaryFactory(commune=commune_a), status=CaseStatus.PLANNING
            ),
            status=PlanStatus.SUBMITTED,
            submitted_at=timezone.now(),
        )
        for _ in range(10)
    ]
    jobs = [
        lambda e=e: signing.paper_decision_register(actor=leader_a, event=e, scan=PDF)
        for e in events
    ] + [lambda p=p: approve(actor=leader_a, plan=p, decision_date=day) for p in plans]
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as exc:  # noqa: BLE001 (checked below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors and not any(t.is_alive() for t in threads)
    register = IssuedDocument.objects.filter(agency=commune_a, year=day.year).order_by("number")
    assert [r.number for r in register] == list(range(1, 21))
    assert all(r.status == IssuedStatus.ISSUED for r in register)
    assert sorted(r.form for r in register) == ["05"] * 10 + ["07"] * 10
    numbers = {
        e.pk: e.decision_number for e in CaseEvent.objects.filter(pk__in=[e.pk for e in events])
    }
    approved = CasePlan.objects.filter(pk__in=[p.pk for p in plans]).values_list(
        "decision_number", flat=True
    )
    assert len(set(numbers.values()) | set(approved)) == 20


# --- the clerk (văn thư) registers the scan: Decree 30 Art. 25 ------------------------


def test_the_clerk_registers_a_paper_scan_from_the_home_page_without_the_case(
    client, case_a, leader_a, clerk_a, child_a
):
    event = _on_paper(leader_a, case_a)
    client.force_login(clerk_a)
    home = client.get("/").content.decode()
    inbox_url = reverse("casework:paper_inbox")
    assert inbox_url in home and "Quyết định ký trên giấy chờ vào số" in home
    inbox = client.get(inbox_url).content.decode()
    url = reverse("casework:paper_register_clerk", args=[event.pk])
    assert url in inbox and "Mẫu 07 ký trên giấy lúc" in inbox
    page = client.get(url).content.decode()
    # The decision's date and signer; nothing of the child's case.
    assert leader_a.get_full_name() in page
    for private in (
        child_a.full_name,
        "Nhà bà ngoại",
        reverse("casework:case_print", args=[case_a.pk, "07", "pdf"]),
    ):
        assert private not in page and private not in inbox
    done = client.post(
        url, {"scan": SimpleUploadedFile("qd.pdf", PDF, "application/pdf")}, follow=True
    )
    issued = IssuedDocument.objects.get(event=event)
    assert f"Đã vào số Quyết định số {issued.reference} (bản giấy)" in done.content.decode()
    assert issued.reference == "01/QĐ-UBND" and issued.created_by == clerk_a
    # The leader signed it on paper; the clerk registered it.
    assert issued.signed_by == leader_a
    event.refresh_from_db()
    assert event.decision_number == issued.reference and event.details["paper"] == PAPER_REGISTERED
    # Registered: gone from the inbox, its page is a 404.
    assert url not in client.get(inbox_url).content.decode()
    assert client.get(url).status_code == 404


def test_another_communes_clerk_gets_404_and_registers_nothing(client, case_a, leader_a, commune_b):
    from socialwork.accounts.models import Role
    from tests.factories import UserFactory

    event = _on_paper(leader_a, case_a)
    clerk_b = UserFactory(role=Role.COMMUNE_CLERK, area=commune_b)
    client.force_login(clerk_b)
    url = reverse("casework:paper_register_clerk", args=[event.pk])
    assert url not in client.get(reverse("casework:paper_inbox")).content.decode()
    assert client.get(url).status_code == 404
    assert client.post(url, {"scan": SimpleUploadedFile("a.pdf", PDF)}).status_code == 404
    with pytest.raises(PermissionDenied):
        signing.paper_decision_register(actor=clerk_b, event=event, scan=PDF)
    assert not IssuedDocument.objects.exists()


def test_the_clerks_register_page_is_refused_to_the_official(client, case_a, leader_a, official_a):
    event = _on_paper(leader_a, case_a)
    client.force_login(official_a)
    assert client.get(reverse("casework:paper_inbox")).status_code == 403
    url = reverse("casework:paper_register_clerk", args=[event.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"scan": SimpleUploadedFile("a.pdf", PDF)}).status_code == 403
    assert not IssuedDocument.objects.exists()


def test_the_clerks_page_takes_only_paper_decisions_waiting(client, case_a, leader_a, clerk_a):
    numbered = decisions.separation_decide(
        actor=leader_a,
        case=case_a,
        decision_number="5/QĐ",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=3),
        place="Nhà bà ngoại",
    ).obj
    client.force_login(clerk_a)
    assert (
        client.get(reverse("casework:paper_register_clerk", args=[numbered.pk])).status_code == 404
    )
