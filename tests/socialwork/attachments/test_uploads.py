"""Photos are downscaled and stripped, PDFs kept; the limits say why in Vietnamese."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from PIL import Image

from socialwork.attachments.uploads import JPEG, PDF, prepare

from .conftest import PDF as PDF_BYTES
from .conftest import photo_bytes, upload


def test_a_large_phone_photo_is_downscaled_to_a_jpeg():
    prepared = prepare(upload(photo_bytes((4000, 3000))))
    image = Image.open(io.BytesIO(prepared.content))
    assert prepared.content_type == JPEG
    assert image.format == "JPEG"
    assert max(image.size) == 2000
    assert image.size == (2000, 1500)


def test_exif_and_gps_are_stripped():
    original = Image.open(io.BytesIO(photo_bytes()))
    assert original.getexif().get(0x010F) == "PhoneMaker"
    prepared = prepare(upload(photo_bytes()))
    image = Image.open(io.BytesIO(prepared.content))
    assert not image.getexif()
    assert b"PhoneMaker" not in prepared.content
    assert "exif" not in image.info


def test_exif_orientation_is_applied_before_it_is_dropped():
    # Orientation 6: the camera held upright, the pixels stored turned; the dark
    # left half of the stored image ends up on top once turned.
    prepared = prepare(upload(photo_bytes((400, 300), orientation=6)))
    image = Image.open(io.BytesIO(prepared.content)).convert("RGB")
    assert image.size == (300, 400)
    top, bottom = image.getpixel((150, 20)), image.getpixel((150, 380))
    assert sum(top) < 100 < sum(bottom)


def test_a_small_png_keeps_its_size_and_becomes_jpeg():
    out = io.BytesIO()
    Image.new("RGBA", (300, 200), (0, 0, 0, 0)).save(out, "PNG")
    prepared = prepare(upload(out.getvalue(), "scan.png", "image/png"))
    assert prepared.name == "scan.jpg"
    assert Image.open(io.BytesIO(prepared.content)).size == (300, 200)


def test_a_pdf_is_kept_byte_for_byte():
    prepared = prepare(upload(PDF_BYTES, "quyet-dinh.pdf", "application/pdf"))
    assert prepared.content == PDF_BYTES
    assert prepared.content_type == PDF
    assert prepared.name == "quyet-dinh.pdf"


def test_the_type_is_read_from_the_bytes_not_the_name():
    with pytest.raises(ValidationError) as exc:
        prepare(upload(b"MZ\x90\x00 not a picture", "anh.jpg", "image/jpeg"))
    assert "Chỉ nhận ảnh chụp" in str(exc.value)


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as exc:
        prepare(upload(b"", "anh.jpg"))
    assert "Tệp rỗng" in str(exc.value)


def test_no_file_is_refused():
    with pytest.raises(ValidationError) as exc:
        prepare(None)
    assert "Hãy chọn tệp" in str(exc.value)


@override_settings(ATTACHMENT_MAX_MB=1)
def test_a_file_over_the_limit_is_refused_before_it_is_read():
    big = upload(b"%PDF-" + b"0" * (1024 * 1024 + 10), "lon.pdf", "application/pdf")
    with pytest.raises(ValidationError) as exc:
        prepare(big)
    assert "Tệp quá lớn" in str(exc.value)
    assert big.tell() == 0


def test_the_name_keeps_no_path():
    prepared = prepare(upload(PDF_BYTES, "C:\\Users\\x\\giấy tờ.pdf", "application/pdf"))
    assert prepared.name == "giấy tờ.pdf"
