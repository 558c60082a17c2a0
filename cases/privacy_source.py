"""What the register tells the data-protection unit about one person: the
cases app's `SubjectSource` (socialwork/privacy/subjects.py), so the privacy app
reads person data without importing this app.

A report never carries a reporter's name, phone or relation, nor a case's
free-text summary (it may name them): Decree 56/2017 Art. 24. Staff appear by
their office, not their name. With `withhold_child_protection` (the person
asking for a child is the alleged abuser) child-protection cases and the
referrals made for them are left out altogether."""

from __future__ import annotations

from django.utils.translation import gettext as _

from socialwork.privacy.subjects import Person, ReportSection, register_source

from .models import Beneficiary
from .search import apply_search


def _person(b: Beneficiary) -> Person:
    born = b.birth_date.year if b.birth_date else b.birth_year
    parts = [b.full_name or _("(chưa rõ tên)")]
    if born:
        parts.append(str(born))
    if b.commune_id:
        parts.append(b.commune.name)
    return Person(id=b.pk, label=" · ".join(parts), commune_id=b.commune_id)


class CasesSource:
    def find(self, query: str, *, limit: int = 20) -> list[Person]:
        people = apply_search(
            Beneficiary.objects.filter(merged_into__isnull=True).select_related("commune"), query
        )[:limit]
        return [_person(b) for b in people]

    def get(self, person_id: int) -> Person | None:
        b = Beneficiary.objects.select_related("commune").filter(pk=person_id).first()
        return _person(b) if b else None

    def report(self, person_id: int, *, withhold_child_protection: bool) -> list[ReportSection]:
        b = Beneficiary.objects.select_related("commune", "ethnicity").filter(pk=person_id).first()
        if b is None:
            return []
        held = []
        for name in ("full_name", "birth_date", "birth_year", "sex", "cccd", "phone", "address"):
            field = Beneficiary._meta.get_field(name)
            value = getattr(b, f"get_{name}_display")() if field.choices else getattr(b, name)
            if value not in (None, ""):
                shown = value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else value
                held.append(f"{field.verbose_name}: {shown}")
        if b.ethnicity_id:
            held.append(
                f"{Beneficiary._meta.get_field('ethnicity').verbose_name}: {b.ethnicity.name}"
            )
        held.append(f"{Beneficiary._meta.get_field('commune').verbose_name}: {b.commune.name}")
        categories = [link.category.name for link in b.category_links.select_related("category")]
        if categories:
            held.append(_("Nhóm đối tượng: %(names)s") % {"names": ", ".join(categories)})
        sections = [
            ReportSection(
                title=_("Thông tin cá nhân trong sổ đăng ký đối tượng"),
                items=held,
                purpose=_("Xác định và trợ giúp người cần hỗ trợ; thống kê theo quy định."),
                legal_basis=_(
                    "Nghị định 20/2021/NĐ-CP; Luật Bảo vệ dữ liệu cá nhân 2025, Điều 19."
                ),
                recipients=[
                    _("Cán bộ Sở Y tế"),
                    _("UBND %(commune)s") % {"commune": b.commune.name},
                ],
            )
        ]
        cases = b.cases.order_by("reported_at", "id")
        if withhold_child_protection:
            cases = cases.filter(is_child_protection=False)
        items, recipients = [], set()
        for case in cases:
            items.append(
                _("Trường hợp tiếp nhận ngày %(day)s, trạng thái: %(status)s")
                % {
                    "day": case.reported_at.strftime("%d/%m/%Y"),
                    "status": case.get_status_display(),
                }
            )
            for referral in case.referrals.select_related("to_facility"):
                if referral.to_facility_id:
                    recipients.add(referral.to_facility.name)
        if items:
            sections.append(
                ReportSection(
                    title=_("Hồ sơ quản lý trường hợp"),
                    items=items,
                    purpose=_(
                        "Đánh giá nhu cầu, lập kế hoạch và cung cấp dịch vụ công tác xã hội."
                    ),
                    legal_basis=_(
                        "Luật Trẻ em 2016, Nghị định 56/2017/NĐ-CP, Nghị định 110/2024/NĐ-CP."
                    ),
                    recipients=[_("Người phụ trách trường hợp của UBND xã"), *sorted(recipients)],
                )
            )
        consents = [
            _("%(basis)s, ngày %(day)s")
            % {"basis": c.get_basis_display(), "day": c.given_on.strftime("%d/%m/%Y")}
            for c in b.consents.all()
        ]
        if consents:
            sections.append(ReportSection(title=_("Sự đồng ý và căn cứ xử lý"), items=consents))
        return sections


def register() -> None:
    register_source(CasesSource())
