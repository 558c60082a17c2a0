import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.cases.casework.factories import CaseFactory
from tests.cases.factories import BeneficiaryFactory
from tests.facilities.factories import AdmissionFactory, FacilityFactory, FacilityStaffUserFactory
from tests.socialwork.allowances.factories import ApplicationFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def photo_bytes(size=(4000, 3000), *, gps=True, orientation=None, fmt="JPEG") -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    # A dark left half: orientation shows where it ends up.
    image.paste((10, 10, 10), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (12.0, 40.0, 0.0), 3: "E", 4: (108.0, 3.0, 0.0)}
    out = io.BytesIO()
    image.save(out, fmt, exif=exif, quality=95)
    return out.getvalue()


def upload(data: bytes, name="anh-chup.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def person_a(commune_a):
    return BeneficiaryFactory(commune=commune_a)


@pytest.fixture
def person_b(commune_b):
    return BeneficiaryFactory(commune=commune_b)


@pytest.fixture
def records(person_a, person_b):
    """One record of each kind in commune A and in commune B."""
    facility = FacilityFactory(commune=person_a.commune)
    other_facility = FacilityFactory(commune=person_b.commune)
    return {
        "a": {
            "person": person_a,
            "case": CaseFactory(beneficiary=person_a),
            "admission": AdmissionFactory(beneficiary=person_a, facility=facility),
            "application": ApplicationFactory(beneficiary=person_a),
        },
        "b": {
            "person": person_b,
            "case": CaseFactory(beneficiary=person_b),
            "admission": AdmissionFactory(beneficiary=person_b, facility=other_facility),
            "application": ApplicationFactory(beneficiary=person_b),
        },
        "facility": facility,
        "other_facility": other_facility,
    }


@pytest.fixture
def facility_staff(records):
    return FacilityStaffUserFactory(facility=records["facility"])
