"""Decree 56/2017 forms (Mẫu 01–07) filled from the case, as .docx and PDF.

Mẫu 05 and Mẫu 07 are decisions of the commune People's Committee and follow
the administrative format of Decree 30/2020/NĐ-CP (Annex I): the issuing body
top left with the number under it, the national motto top right with place
and date under it, the kind of document and its summary, the authority, the
legal grounds one per line, "QUYẾT ĐỊNH:" and the articles, "Nơi nhận"
bottom left and the signature block bottom right with room for signature and
seal. Mẫu 01–04 and 06 are records (a report, assessments, a plan, a review):
they keep their annex layout, dated with the event they record, with the
recorder's signature line.

One data model (`Document`, gathered once by `build()`) is laid out by the
shared renderer, socialwork.documents.layout (the allowance decisions use it
too): .docx with python-docx and PDF with weasyprint from the same blocks.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socialwork.accounts.models import Position
from socialwork.documents.layout import (  # noqa: F401  (re-exported for callers)
    DOCX_TYPE,
    FONT_DIR,
    MARGINS,
    Article,
    Document,
    PdfUnavailable,
    Signature,
    blank_date,
    blank_number,
    in_vietnamese,
    long_date,
    render_docx,
    render_pdf,
    to_html,
)
from socialwork.documents.layout import money as _money
from socialwork.documents.layout import short_date as _d

from ..models import AssessmentKind, Case, EventKind, IssuedStatus, PlanStatus, SignerCapacity
from .numbering import symbol_for

FORMS = {
    "01": gettext_lazy("Mẫu số 01. Phiếu ghi chép thông tin báo cáo"),
    "02": gettext_lazy("Mẫu số 02. Đánh giá ban đầu về nguy cơ, mức độ tổn hại"),
    "03": gettext_lazy("Mẫu số 03. Đánh giá nhu cầu của trẻ em"),
    "04": gettext_lazy("Mẫu số 04. Kế hoạch hỗ trợ, can thiệp"),
    "05": gettext_lazy("Mẫu số 05. Quyết định phê duyệt kế hoạch hỗ trợ, can thiệp"),
    "06": gettext_lazy("Mẫu số 06. Đánh giá việc thực hiện kế hoạch"),
    "07": gettext_lazy("Mẫu số 07. Quyết định tạm thời cách ly trẻ em"),
}
DECISIONS = frozenset({"05", "07"})

# The title each form prints (the FORMS labels name the form in the portal).
TITLES = {
    "01": gettext_lazy("PHIẾU GHI CHÉP THÔNG TIN BÁO CÁO"),
    "02": gettext_lazy("ĐÁNH GIÁ BAN ĐẦU VỀ NGUY CƠ, MỨC ĐỘ TỔN HẠI"),
    "03": gettext_lazy("ĐÁNH GIÁ NHU CẦU CỦA TRẺ EM"),
    "04": gettext_lazy("KẾ HOẠCH HỖ TRỢ, CAN THIỆP"),
    "06": gettext_lazy("ĐÁNH GIÁ VIỆC THỰC HIỆN KẾ HOẠCH HỖ TRỢ, CAN THIỆP"),
}


def _local(value: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(value).date() if value else None


def _signer(capacity: str, name: str) -> Signature:
    if capacity == SignerCapacity.VICE_CHAIRMAN:
        return Signature([_("KT. CHỦ TỊCH"), _("PHÓ CHỦ TỊCH")], name)
    return Signature([_("CHỦ TỊCH")], name)


def _grounds(extra: list[str]) -> list[str]:
    lines = [
        _("Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025;"),
        _("Căn cứ Luật Trẻ em số 102/2016/QH13 ngày 05 tháng 4 năm 2016;"),
        _(
            "Căn cứ Nghị định số 56/2017/NĐ-CP ngày 09 tháng 5 năm 2017 của Chính phủ quy định "
            "chi tiết một số điều của Luật Trẻ em;"
        ),
        *extra,
        _("Theo đề nghị của công chức văn hóa - xã hội."),
    ]
    return lines


def _child(case: Case) -> str:
    person = case.beneficiary
    birth = (
        _("sinh ngày %(d)s") % {"d": _d(person.birth_date)}
        if person.birth_date
        else (_("sinh năm %(y)s") % {"y": person.birth_year} if person.birth_year else "")
    )
    address = ", ".join(filter(None, [person.address, case.commune.name]))
    parts = [str(person), birth, _("giới tính %(s)s") % {"s": person.get_sex_display().lower()}]
    parts.append(_("địa chỉ: %(a)s") % {"a": address})
    parts.append(_("mã trường hợp %(id)s") % {"id": case.pk})
    return ", ".join(filter(None, parts))


def _recipients(case: Case) -> tuple[list[str], str]:
    """Decisions on a child go only to those who act on them (Decree 56 Art. 24)."""
    recipients = [
        _("- Như Điều 3;"),
        _("- Lưu: VT, hồ sơ trường hợp."),
    ]
    note = _(
        "Tài liệu có thông tin bí mật đời sống riêng tư của trẻ em (Điều 24 Nghị định số "
        "56/2017/NĐ-CP): chỉ chuyển đến nơi có tên trên; không sao chụp, không chuyển tiếp."
    )
    return recipients, note


def _record_circulation(case: Case) -> str:
    """A child-protection record stays in the case file (Decree 56 Art. 24)."""
    if not case.is_child_protection:
        return ""
    return _(
        "Tài liệu có thông tin bí mật đời sống riêng tư của trẻ em (Điều 24 Nghị định số "
        "56/2017/NĐ-CP): chỉ lưu trong hồ sơ trường hợp và chỉ người có trách nhiệm với "
        "trường hợp được xem; không sao chụp, không chuyển tiếp."
    )


def _decision(case: Case, form: str) -> Document:
    commune = case.commune.name
    doc = Document(
        form=form,
        issuer=[_("ỦY BAN NHÂN DÂN"), commune.upper()],
        title=_("QUYẾT ĐỊNH"),
        place_date=long_date(commune, None),
        decision=True,
        authority=_("CHỦ TỊCH ỦY BAN NHÂN DÂN %(commune)s") % {"commune": commune.upper()},
    )
    doc.recipients, doc.circulation = _recipients(case)
    return doc


def _number(reference: str) -> str:
    return _("Số: %(n)s") % {"n": reference} if reference else _("Số:      /QĐ-UBND")


def _record(case: Case, form: str, day: datetime.date | None) -> Document:
    commune = case.commune.name
    return Document(
        form=form,
        issuer=[_("ỦY BAN NHÂN DÂN"), commune.upper()],
        title=str(TITLES[form]),
        place_date=long_date(commune, day),
        annex_mark=_("Mẫu số %(n)s") % {"n": form},
    )


def _person_rows(case: Case) -> list[tuple[str, str]]:
    person = case.beneficiary
    birth = _d(person.birth_date) if person.birth_date else str(person.birth_year or "")
    return [
        (_("Họ và tên"), str(person)),
        (_("Ngày/năm sinh"), birth),
        (_("Giới tính"), person.get_sex_display()),
        (_("Địa chỉ"), ", ".join(filter(None, [person.address, case.commune.name]))),
        (_("Mã trường hợp"), str(case.pk)),
    ]


def _plan_table(doc: Document, plan) -> int:
    doc.table_head = [_("Hoạt động"), _("Thực hiện"), _("Thời hạn"), _("Kinh phí (đồng)")]
    total = 0
    for action in plan.actions.select_related("provider", "responsible_user"):
        who = action.provider or action.responsible_user or action.responsible_other
        doc.table.append(
            [action.description, str(who or ""), _d(action.due_on), _money(action.cost_estimate)]
        )
        total += action.cost_estimate
    doc.table.append([_("Tổng cộng"), "", "", _money(total)])
    return total


def _hint() -> str:
    return _("(Ký, ghi rõ họ tên)")


@in_vietnamese
def build(*, case: Case, form: str, actor, plan=None) -> Document:
    """The form's content from the record (the case is already in actor's scope).
    For Mẫu 05, `plan` names the plan decided on (the preview of a submitted
    plan); without it, the approved plan or the latest one. For Mẫu 04 it
    names the plan printed (the decision's attachment); without it, the latest."""
    from .scoping import may_see_reporter  # scoping > transfers > printing: a cycle

    if form == "05":
        return _build_05(case, plan)
    if form == "07":
        return _build_07(case)
    if form == "01":
        doc = _record(case, form, _local(case.reported_at))
        doc.rows += _person_rows(case)
        doc.rows += [
            (_("Thời điểm nhận thông tin"), _d(case.reported_at)),
            (_("Nguồn tiếp nhận"), case.get_source_display()),
            (_("Số tham chiếu cuộc gọi"), case.call_reference),
            (_("Nội dung thông tin"), case.summary),
            (_("Mức độ khẩn"), case.get_urgency_display()),
        ]
        # The reporter's identity only for those the law lets see it (Art. 24).
        if may_see_reporter(actor, case):
            doc.rows.append(
                (
                    _("Người báo tin"),
                    " – ".join(filter(None, [case.reporter_name, case.reporter_phone])),
                )
            )
        if case.confidential:
            doc.rows.append((_("Độ mật"), _("Thông tin bảo mật (NĐ 56/2017, Điều 24)")))
        doc.signatures = [Signature([_("NGƯỜI GHI CHÉP")], str(case.created_by or ""), _hint())]
    elif form in ("02", "03"):
        kinds = (
            [AssessmentKind.INITIAL]
            if form == "02"
            else [AssessmentKind.NEEDS, AssessmentKind.REASSESSMENT]
        )
        assessment = case.assessments.filter(kind__in=kinds).order_by("-assessed_on", "-id").first()
        doc = _record(case, form, assessment.assessed_on if assessment else None)
        doc.rows += _person_rows(case)
        if assessment is None:
            doc.rows.append((_("Đánh giá"), _("Chưa có")))
            doc.signatures = [Signature([_("NGƯỜI ĐÁNH GIÁ")], "", _hint())]
        else:
            doc.rows += [
                (_("Ngày đánh giá"), _d(assessment.assessed_on)),
                (_("Mức độ nguy cơ"), assessment.get_risk_level_display()),
                (_("Tình trạng thể chất"), assessment.physical_state),
                (_("Tình trạng tâm lý, tình cảm"), assessment.psychological_state),
                (_("Hoàn cảnh gia đình, khả năng bảo vệ"), assessment.family_situation),
                (_("Các yếu tố nguy cơ"), assessment.risk_factors),
                (_("Nhu cầu"), assessment.needs),
                (_("Ý kiến của trẻ em"), assessment.child_views),
                (_("Kết luận, đề xuất"), assessment.conclusion),
            ]
            doc.signatures = [
                Signature([_("NGƯỜI ĐÁNH GIÁ")], str(assessment.assessed_by or ""), _hint())
            ]
    elif form == "04":
        plan = plan or case.plans.order_by("-drafted_at", "-id").first()
        doc = _record(case, form, _local(plan.drafted_at) if plan else None)
        doc.rows += _person_rows(case)
        if plan is None:
            doc.rows.append((_("Kế hoạch"), _("Chưa có")))
            doc.signatures = [Signature([_("NGƯỜI LẬP KẾ HOẠCH")], "", _hint())]
        else:
            doc.rows += [
                (_("Mục tiêu"), plan.goals),
                (_("Ngày họp trường hợp"), _d(plan.conference_on)),
            ]
            _plan_table(doc, plan)
            doc.signatures = [
                Signature([_("NGƯỜI LẬP KẾ HOẠCH")], str(plan.drafted_by or ""), _hint())
            ]
    elif form == "06":
        review = case.reviews.order_by("-reviewed_on", "-id").first()
        doc = _record(case, form, review.reviewed_on if review else None)
        doc.rows += _person_rows(case)
        if review is None:
            doc.rows.append((_("Rà soát"), _("Chưa có")))
            doc.signatures = [Signature([_("NGƯỜI ĐÁNH GIÁ")], "", _hint())]
        else:
            doc.rows += [
                (_("Ngày rà soát"), _d(review.reviewed_on)),
                (_("Kết quả thực hiện kế hoạch"), review.findings),
                (_("Đã an toàn, ổn định"), _("Có") if review.safe_and_stable else _("Không")),
                (_("Đề xuất"), review.get_outcome_display()),
            ]
            doc.signatures = [
                Signature([_("NGƯỜI ĐÁNH GIÁ")], str(review.reviewed_by or ""), _hint())
            ]
    else:
        raise KeyError(form)
    doc.circulation = _record_circulation(case)
    return doc


def _build_05(case: Case, plan=None) -> Document:
    doc = _decision(case, "05")
    doc.summary = _("Về việc phê duyệt kế hoạch hỗ trợ, can thiệp đối với trẻ em")
    doc.grounds = _grounds([])
    if plan is None:
        plans = case.plans.order_by("-drafted_at", "-id")
        plan = plans.filter(status=PlanStatus.APPROVED).first() or plans.first()
    if plan is None:
        doc.number = _number("")
        doc.articles = [
            Article(
                _("Điều 1."),
                _("Chưa có kế hoạch hỗ trợ, can thiệp đối với trẻ em %(child)s.")
                % {"child": _child(case)},
            )
        ]
        doc.signatures = [_signer(SignerCapacity.CHAIRMAN, "")]
        return doc
    approved = plan.status == PlanStatus.APPROVED
    issued = plan.issued.filter(status=IssuedStatus.ISSUED).first() if approved else None
    doc.number = _number(plan.decision_number if approved else "")
    doc.place_date = long_date(case.commune.name, plan.decision_date if approved else None)
    total = _plan_table(doc, plan)
    doc.articles = [
        Article(
            _("Điều 1."),
            _(
                "Phê duyệt Kế hoạch hỗ trợ, can thiệp đối với trẻ em %(child)s, với các nội "
                "dung sau:"
            )
            % {"child": _child(case)},
            [
                _("Mục tiêu: %(goals)s") % {"goals": plan.goals},
                _("Ngày họp trường hợp: %(day)s")
                % {"day": _d(plan.conference_on) or _("không họp")},
                _("Các hoạt động hỗ trợ, can thiệp và kinh phí dự trù: theo bảng dưới đây."),
                _("Tổng kinh phí dự trù: %(total)s đồng.") % {"total": _money(total)},
            ],
        ),
        Article(
            _("Điều 2."),
            _(
                "Giao %(worker)s (người quản lý trường hợp) chủ trì, phối hợp với gia đình, "
                "các cơ quan, tổ chức, cá nhân có liên quan thực hiện Kế hoạch; theo dõi, rà "
                "soát, đánh giá việc thực hiện và báo cáo Chủ tịch Ủy ban nhân dân xã."
            )
            % {"worker": str(case.assigned_worker or _("người quản lý trường hợp được phân công"))},
        ),
        _article_3(),
    ]
    capacity = issued.signer_capacity if issued else SignerCapacity.CHAIRMAN
    doc.signatures = [_signer(capacity, str(plan.approved_by or "") if approved else "")]
    return doc


def capacity_of(user) -> str:
    """The signer's capacity from the leader's position (a vice-chairman signs KT.)."""

    if getattr(user, "position", "") == Position.VICE_CHAIRMAN:
        return SignerCapacity.VICE_CHAIRMAN
    return SignerCapacity.CHAIRMAN


@in_vietnamese
def build_for_signing(*, plan, actor) -> Document:
    """Mẫu 05 as the leader signs it: the number and date left to the register,
    the signer's name and capacity (KT. CHỦ TỊCH for a vice-chairman) printed."""

    case = plan.case
    doc = _build_05(case, plan)
    doc.signable = True
    doc.symbol = symbol_for("QĐ")
    doc.place = case.commune.name
    doc.number = blank_number(doc.symbol)
    doc.place_date = blank_date(doc.place)
    doc.signatures = [_signer(capacity_of(actor), str(actor))]
    return doc


@in_vietnamese
def build_attachment(*, plan, actor) -> Document:
    """Mẫu 04 of this plan, the file attached to the decision."""
    return build(case=plan.case, form="04", actor=actor, plan=plan)


def _article_3() -> Article:
    return Article(
        _("Điều 3."),
        _(
            "Quyết định này có hiệu lực kể từ ngày ký. Công chức văn hóa - xã hội, người quản "
            "lý trường hợp, cha mẹ hoặc người chăm sóc trẻ em và các cơ quan, tổ chức, cá nhân "
            "có liên quan chịu trách nhiệm thi hành Quyết định này./."
        ),
    )


def _build_07(case: Case) -> Document:
    doc = _decision(case, "07")
    doc.summary = _("Về việc tạm thời cách ly trẻ em khỏi môi trường hoặc người gây tổn hại")
    doc.grounds = _grounds([])
    event = case.events.filter(kind=EventKind.TEMPORARY_SEPARATION).order_by("-occurred_at").first()
    if event is None:
        doc.number = _number("")
        doc.articles = [
            Article(
                _("Điều 1."),
                _("Chưa có quyết định cách ly tạm thời đối với trẻ em %(child)s.")
                % {"child": _child(case)},
            )
        ]
        doc.signatures = [_signer(SignerCapacity.CHAIRMAN, "")]
        return doc
    doc.number = _number(event.decision_number)
    doc.place_date = long_date(case.commune.name, _local(event.occurred_at))
    items = [
        _("Thời gian cách ly: từ ngày %(a)s đến ngày %(b)s.")
        % {"a": _d(event.starts_on), "b": _d(event.ends_on)},
        _("Nơi ở an toàn: %(place)s.") % {"place": event.place},
    ]
    if event.carer_name:
        items.append(_("Người nhận chăm sóc: %(name)s.") % {"name": event.carer_name})
    if event.extension_basis:
        items.append(_("Căn cứ gia hạn: %(basis)s.") % {"basis": event.extension_basis})
    if event.note:
        items.append(_("Nội dung: %(note)s") % {"note": event.note})
    issued = event.issued.filter(status=IssuedStatus.ISSUED).first()
    doc.articles = [
        Article(
            _("Điều 1."),
            _(
                "Tạm thời cách ly trẻ em %(child)s khỏi môi trường hoặc người gây tổn hại cho "
                "trẻ em, như sau:"
            )
            % {"child": _child(case)},
            items,
        ),
        Article(
            _("Điều 2."),
            _(
                "Giao %(worker)s (người quản lý trường hợp) bố trí nơi ở an toàn, theo dõi, "
                "đánh giá lại tình trạng của trẻ em và báo cáo Chủ tịch Ủy ban nhân dân xã "
                "trước khi hết thời hạn cách ly."
            )
            % {"worker": str(case.assigned_worker or _("người quản lý trường hợp được phân công"))},
        ),
        _article_3(),
    ]
    capacity = issued.signer_capacity if issued else SignerCapacity.CHAIRMAN
    doc.signatures = [_signer(capacity, str(event.decided_by or ""))]
    return doc
