"""The papers' part of a data-subject report (socialwork/privacy/subjects.py):
which papers the portal holds about a person, on which of their records, of
what kind, type and date; never their content, file name nor note (a name or a
note may name a reporter: Decree 56/2017 Art. 24). Withdrawn papers are left
out (their content is erased); with `withhold_child_protection` so are the
papers of the records the owner kind marks `withheld`, as the register's own
part leaves those records out."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from socialwork.privacy import subjects

from .models import Attachment
from .owners import owner_kinds

_TYPES = {"application/pdf": "PDF", "image/jpeg": "JPEG"}


class AttachmentsSource:
    """Finds no one (the register does); reports a person's papers."""

    def find(self, query: str, *, limit: int = 20) -> list[subjects.Person]:
        return []

    def get(self, person_id: int) -> subjects.Person | None:
        return None

    def report(
        self, person_id: int, *, withhold_child_protection: bool
    ) -> list[subjects.ReportSection]:
        kinds = owner_kinds()
        rule = Q(pk__in=[])
        for kind in kinds.values():
            if kind.person_lookup is None:
                continue
            records = kind.model._default_manager.filter(**{kind.person_lookup: person_id})
            if withhold_child_protection and kind.withheld:
                records = records.exclude(**{kind.withheld: True})
            rule |= Q(owner_kind=kind.kind, owner_id__in=records.values("pk"))
        rows = (
            Attachment.objects.filter(rule, withdrawn_at__isnull=True)
            .only("owner_kind", "document_type", "content_type", "uploaded_at")
            .order_by("uploaded_at", "pk")
        )
        items = [
            _("%(type)s (%(format)s) — %(record)s, ngày %(day)s")
            % {
                "type": row.get_document_type_display(),
                "format": _TYPES.get(row.content_type, row.content_type),
                "record": kinds[row.owner_kind].label if row.owner_kind in kinds else "",
                "day": timezone.localtime(row.uploaded_at).strftime("%d/%m/%Y"),
            }
            for row in rows
        ]
        if not items:
            return []
        return [
            subjects.ReportSection(
                title=_("Tài liệu đính kèm hồ sơ"),
                items=items,
                purpose=_(
                    "Lưu giấy tờ của hồ sơ (quyết định, giấy xác nhận, ảnh chụp) để xét duyệt "
                    "và cung cấp trợ giúp; tệp được mã hoá khi lưu."
                ),
                legal_basis=_(
                    "Nghị định 20/2021/NĐ-CP; Luật Bảo vệ dữ liệu cá nhân 2025, Điều 19."
                ),
                recipients=[_("Người phụ trách hồ sơ của UBND xã"), _("Cán bộ Sở Y tế")],
            )
        ]


def register_source() -> None:
    subjects.register_source(AttachmentsSource())
