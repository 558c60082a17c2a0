"""Demo papers: a few on each kind of record in the demo logins' commune, so
the attachments sections are not empty. Small generated PDFs and JPEGs, sealed
through the service like an upload, dated a few days after their record.

A few dozen rows at the full size: one service call each (sealing is per file,
not set-based), a few milliseconds apiece."""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from socialwork.accounts.capabilities import can

from .models import DocumentType
from .owners import owner_kinds
from .services import attachment_add

PER_KIND = 8
# Who attaches, the first who may for the record (the commune official for the
# commune's records; the department for a facility's admission).
UPLOADERS = ["demo.congchuc", "demo.ctv", "demo.coso", "demo.so"]
# (document type, file name, PDF or photo) by kind: what such a record holds.
PAPERS = {
    "person": [
        (DocumentType.DISABILITY_CERTIFICATE, "giay-xac-nhan-khuyet-tat.pdf", "pdf"),
        (DocumentType.PHOTO, "anh-can-cuoc.jpg", "jpg"),
    ],
    "case": [
        (DocumentType.PHOTO, "anh-tham-gia-dinh.jpg", "jpg"),
        (DocumentType.DOSSIER, "bien-ban-danh-gia.pdf", "pdf"),
    ],
    "admission": [
        (DocumentType.DOSSIER, "ho-so-tiep-nhan.pdf", "pdf"),
        (DocumentType.DECISION, "quyet-dinh-tiep-nhan.pdf", "pdf"),
    ],
    "application": [
        (DocumentType.DOSSIER, "to-khai-mau-1a.pdf", "pdf"),
        (DocumentType.DECISION, "quyet-dinh-tro-cap.pdf", "pdf"),
    ],
}


def demo_pdf(title: str) -> bytes:
    """A one-page PDF saying it is demo data (ASCII: the standard font)."""
    text = title.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 18 Tf 72 760 Td (" + text + b") Tj 0 -28 Td (Du lieu demo) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def demo_photo(title: str, shade: int) -> bytes:
    image = Image.new("RGB", (640, 480), (180, 160 + shade % 60, 120))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 300, 600, 440), fill=(90, 70, 50))
    draw.text((48, 40), title, fill=(20, 20, 20))
    draw.text((48, 64), "Du lieu demo", fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _moment(value, days: int, now: datetime.datetime) -> datetime.datetime:
    """`days` after the record's date (a date or a moment), never after now."""
    if value is None:
        return now - datetime.timedelta(days=days + 1)
    if not isinstance(value, datetime.datetime):
        value = timezone.make_aware(datetime.datetime.combine(value, datetime.time(9, 0)))
    return min(value + datetime.timedelta(days=days, hours=1), now - datetime.timedelta(hours=1))


def seed(ctx) -> None:
    home = ctx.home_commune or ctx.communes[0]
    uploaders = [ctx.users[name] for name in UPLOADERS if name in ctx.users]
    if not uploaders:
        return
    now = timezone.now()
    count = max(2, ctx.scaled(PER_KIND))
    made = 0
    # The files are made once and attached many times: the sealing differs per row.
    files: dict[str, bytes] = {}
    for kind in owner_kinds().values():
        papers = PAPERS.get(kind.kind)
        if not papers or kind.commune is None:
            continue
        records = kind.model._default_manager.filter(**{kind.commune.replace(".", "__"): home.pk})
        pks = list(records.order_by("pk").values_list("pk", flat=True)[: count * 10])
        if not pks:
            # No such record in that commune (no one of it admitted): anywhere.
            pks = list(
                kind.model._default_manager.order_by("pk").values_list("pk", flat=True)[
                    : count * 10
                ]
            )
        chosen = sorted(ctx.rng.sample(pks, min(count, len(pks))))
        for index, record in enumerate(kind.model._default_manager.filter(pk__in=chosen)):
            commune = kind.read(record, kind.commune)
            facility = kind.read(record, kind.facility)
            actor = next(
                (
                    u
                    for u in uploaders
                    if can(u, "attachment.add", commune=commune, facility=facility)
                ),
                None,
            )
            if actor is None:
                continue
            document_type, name, fmt = papers[index % len(papers)]
            if name not in files:
                files[name] = demo_pdf(name) if fmt == "pdf" else demo_photo(name, len(files))
            dated = kind.read(record, kind.dated) if kind.dated else None
            attachment_add(
                actor=actor,
                record=record,
                upload=SimpleUploadedFile(name, files[name]),
                document_type=document_type,
                note="Dữ liệu demo",
                uploaded_at=_moment(dated, ctx.rng.randint(0, 20), now),
            )
            made += 1
    ctx.say(f"  attachments: {made} papers on records of {home.name} and its people")
