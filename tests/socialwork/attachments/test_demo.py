"""The demo's papers: a few on every kind of record, sealed through the
service, opening to a real PDF or JPEG, dated after their record and in the past."""

import datetime
import io
import random

import pytest
from django.utils import timezone
from PIL import Image

from cases import demo as cases_demo
from cases.casework import demo as casework_demo
from cases.models import Beneficiary
from facilities import demo as facilities_demo
from socialwork.attachments import demo
from socialwork.attachments.models import Attachment
from socialwork.attachments.owners import kind_named
from socialwork.attachments.sealing import open_content, open_name
from socialwork.attachments.selectors import attachment_list
from socialwork.demo import users
from socialwork.demo.context import SEEDERS, DemoContext
from tests.factories import CommuneFactory
from tests.socialwork.allowances.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_attachments_come_last_of_the_seeders():
    assert SEEDERS[-1] == "socialwork.attachments.demo"


def test_seed_puts_a_few_papers_on_every_kind_of_record(province, commune_a, commune_b):
    communes = [commune_a, commune_b, CommuneFactory(parent=province)]
    ctx = DemoContext(province=province, communes=communes, rng=random.Random(7), scale=0.02)
    users.seed(ctx)
    facilities_demo.seed(ctx)
    cases_demo.seed(ctx)
    casework_demo.seed(ctx)
    # The allowances seeder is slow; one application of the home commune stands for it.
    ApplicationFactory(beneficiary=Beneficiary.objects.filter(commune=ctx.home_commune).first())

    demo.seed(ctx)
    # A few dozen at most: the demo stays quick to seed.
    rows = list(Attachment.objects.all())
    kinds = {row.owner_kind for row in rows}
    assert {"person", "case", "application"} <= kinds
    assert 4 <= len(rows) <= 40
    now = timezone.now()
    for row in rows:
        kind = kind_named(row.owner_kind)
        record = kind.model._default_manager.get(pk=row.owner_id)
        dated = kind.read(record, kind.dated)
        if not isinstance(dated, datetime.datetime):
            dated = timezone.make_aware(datetime.datetime.combine(dated, datetime.time()))
        assert dated <= row.uploaded_at < now
        content = open_content(row)
        if row.content_type == "application/pdf":
            assert content.startswith(b"%PDF-") and b"%%EOF" in content
            assert open_name(row).endswith(".pdf")
        else:
            assert Image.open(io.BytesIO(content)).format == "JPEG"
    # The demo commune official sees them on the records' pages.
    official = ctx.users["demo.congchuc"]
    person = next(r for r in rows if r.owner_kind == "person")
    record = kind_named("person").model._default_manager.get(pk=person.owner_id)
    assert attachment_list(actor=official, record=record)
