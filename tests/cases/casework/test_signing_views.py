"""The signing pages: preview, sign, seal, the signed files with their checks."""

import pytest
from django.urls import reverse

from cases.models import IssuedDocument, SignedFile, SigningPreview
from socialwork.documents import test_ca

pytestmark = pytest.mark.django_db
PASSWORD = test_ca.PASSWORD


def test_the_leader_previews_signs_and_the_clerk_seals(
    client, keys_a, submitted, leader_a, clerk_a
):
    client.force_login(leader_a)
    plan_page = client.get(reverse("casework:plan_detail", args=[submitted.pk])).content.decode()
    sign_url = reverse("casework:plan_sign", args=[submitted.pk])
    assert sign_url in plan_page
    page = client.get(sign_url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ban Cơ yếu Chính phủ" in text
    preview = SigningPreview.objects.get(plan=submitted)
    assert preview.sha256 in text
    shown = client.get(reverse("casework:preview_pdf", args=[preview.pk]))
    assert shown["Content-Type"] == "application/pdf" and shown.content == bytes(preview.pdf)
    wrong = client.post(
        sign_url, {"preview_sha256": preview.sha256, "password": "sai"}, follow=True
    )
    assert "Mật khẩu khóa ký số không đúng" in wrong.content.decode()
    assert not SignedFile.objects.exists()
    done = client.post(
        sign_url, {"preview_sha256": preview.sha256, "password": PASSWORD}, follow=True
    )
    issued = IssuedDocument.objects.get(plan=submitted)
    body = done.content.decode()
    assert "Đã ký số Quyết định số 01/QĐ-UBND" in body and "hợp lệ" in body
    assert "không hợp lệ" not in body
    # Another leader of another commune cannot see it.
    client.force_login(clerk_a)
    home = client.get("/").content.decode()
    assert reverse("casework:seal_inbox") in home
    inbox = client.get(reverse("casework:seal_inbox")).content.decode()
    detail_url = reverse("casework:issued_detail", args=[issued.pk])
    assert detail_url in inbox
    client.post(reverse("casework:issued_seal", args=[issued.pk]), {"password": PASSWORD})
    detail = client.get(detail_url).content.decode()
    assert detail.count("hợp lệ") >= 4 and "không hợp lệ" not in detail
    assert "Nguyen Van Chu Tich" in detail and "UBND Xa Ea Tu" in detail
    assert detail_url not in client.get(reverse("casework:seal_inbox")).content.decode()


def test_a_preview_is_shown_only_to_its_leader(client, keys_a, submitted, leader_a, official_a):
    client.force_login(leader_a)
    client.get(reverse("casework:plan_sign", args=[submitted.pk]))
    preview = SigningPreview.objects.get(plan=submitted)
    client.force_login(official_a)
    assert client.get(reverse("casework:preview_pdf", args=[preview.pk])).status_code == 404
    assert client.get(reverse("casework:plan_sign", args=[submitted.pk])).status_code == 403
