"""The allowance decisions of the commune chairman in the Decree 30/2020
format: granting, changing and stopping the monthly allowance, and funeral
support (Decree 20/2021/NĐ-CP Art. 7, 8, 11; amended by Decree 76/2024/NĐ-CP).

Built from the record as a `socialwork.documents.layout.Document` and laid out
by the shared renderer (.docx and PDF from the same blocks)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from socialwork.documents.layout import (
    Article,
    Document,
    Signature,
    in_vietnamese,
    long_date,
    money,
    short_date,
)

from .models import AllowanceEntitlement, FuneralSupport, StandardLevel


def entitlement_amount(entitlement: AllowanceEntitlement, month) -> int:
    """The standard level in force that month × the decided coefficient × units
    (the decision prints the amount at its start; monthly pay follows amounts.py)."""
    level = (
        StandardLevel.objects.filter(valid_from__lte=month, confirmed=True)
        .order_by("-valid_from", "-scope")
        .first()
    )
    standard = level.amount if level else 0
    return int(round(standard * entitlement.coefficient * entitlement.units))


def _month(day) -> str:
    return day.strftime("%m/%Y") if day else ""


def _grounds() -> list[str]:
    return [
        _("Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025;"),
        _(
            "Căn cứ Nghị định số 20/2021/NĐ-CP ngày 15 tháng 3 năm 2021 của Chính phủ quy định "
            "chính sách trợ giúp xã hội đối với đối tượng bảo trợ xã hội; Nghị định số "
            "76/2024/NĐ-CP ngày 01 tháng 7 năm 2024 của Chính phủ sửa đổi, bổ sung một số điều "
            "của Nghị định số 20/2021/NĐ-CP;"
        ),
        _("Theo đề nghị của công chức văn hóa - xã hội."),
    ]


def _frame(commune, summary: str, number: str, day) -> Document:
    name = commune.name
    return Document(
        form="",
        issuer=[_("ỦY BAN NHÂN DÂN"), name.upper()],
        title=_("QUYẾT ĐỊNH"),
        place_date=long_date(name, day),
        decision=True,
        number=_("Số: %(n)s") % {"n": number} if number else _("Số:      /QĐ-UBND"),
        summary=summary,
        authority=_("CHỦ TỊCH ỦY BAN NHÂN DÂN %(commune)s") % {"commune": name.upper()},
        grounds=_grounds(),
        recipients=[_("- Như Điều 3;"), _("- Lưu: VT, hồ sơ đối tượng.")],
        signatures=[Signature([_("CHỦ TỊCH")], "")],
    )


def _person(person) -> str:
    birth = short_date(person.birth_date) if person.birth_date else str(person.birth_year or "")
    address = ", ".join(filter(None, [person.address, person.commune.name]))
    return _("Ông/Bà %(name)s, sinh ngày/năm %(birth)s, địa chỉ: %(address)s") % {
        "name": str(person),
        "birth": birth,
        "address": address,
    }


def _article_3() -> Article:
    return Article(
        _("Điều 3."),
        _(
            "Quyết định này có hiệu lực kể từ ngày ký. Công chức văn hóa - xã hội, công chức tài "
            "chính - kế toán và ông/bà có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định "
            "này./."
        ),
    )


@in_vietnamese
def granting(entitlement: AllowanceEntitlement, *, signer_name: str = "") -> Document:
    """The decision granting the monthly allowance."""
    doc = _frame(
        entitlement.commune,
        _("Về việc trợ cấp xã hội hằng tháng"),
        entitlement.decision_number,
        entitlement.decided_on,
    )
    amount = entitlement_amount(entitlement, entitlement.start_month)
    doc.articles = [
        Article(
            _("Điều 1."),
            _("Trợ cấp xã hội hằng tháng đối với %(person)s, như sau:")
            % {"person": _person(entitlement.beneficiary)},
            [
                _("Nhóm đối tượng: %(group)s.") % {"group": entitlement.get_group_display()},
                _("Hệ số: %(k)s; số suất: %(u)s.")
                % {"k": entitlement.coefficient, "u": entitlement.units},
                _("Mức trợ cấp: %(amount)s đồng/tháng.") % {"amount": money(amount)},
                _("Thời điểm hưởng: từ tháng %(m)s.") % {"m": _month(entitlement.start_month)},
            ],
        ),
        Article(
            _("Điều 2."),
            _(
                "Giao công chức văn hóa - xã hội lập danh sách và tổ chức chi trả trợ cấp "
                "hằng tháng."
            ),
        ),
        _article_3(),
    ]
    doc.signatures[0].name = signer_name
    return doc


@in_vietnamese
def changing(
    entitlement: AllowanceEntitlement, previous: AllowanceEntitlement, *, signer_name: str = ""
) -> Document:
    """The decision changing the allowance (a new group, coefficient or units)."""
    doc = granting(entitlement, signer_name=signer_name)
    doc.summary = _("Về việc điều chỉnh mức trợ cấp xã hội hằng tháng")
    old = entitlement_amount(previous, previous.start_month)
    new = entitlement_amount(entitlement, entitlement.start_month)
    doc.articles[0] = Article(
        _("Điều 1."),
        _("Điều chỉnh mức trợ cấp xã hội hằng tháng đối với %(person)s, như sau:")
        % {"person": _person(entitlement.beneficiary)},
        [
            _("Mức đang hưởng: %(amount)s đồng/tháng (%(group)s).")
            % {"amount": money(old), "group": previous.get_group_display()},
            _("Mức điều chỉnh: %(amount)s đồng/tháng (%(group)s).")
            % {"amount": money(new), "group": entitlement.get_group_display()},
            _("Thời điểm điều chỉnh: từ tháng %(m)s.") % {"m": _month(entitlement.start_month)},
        ],
    )
    return doc


@in_vietnamese
def stopping(
    entitlement: AllowanceEntitlement,
    *,
    number: str | None = None,
    day=None,
    signer_name: str | None = None,
):
    """The decision stopping the allowance (Decree 20 Art. 8), with the number,
    date and signer the stop recorded unless given."""
    if number is None:
        number = entitlement.stop_decision_number
    if signer_name is None:
        signer_name = str(entitlement.stop_decided_by or "")
    doc = _frame(
        entitlement.commune,
        _("Về việc thôi hưởng trợ cấp xã hội hằng tháng"),
        number,
        day or entitlement.stop_decided_on or entitlement.ended_on,
    )
    doc.articles = [
        Article(
            _("Điều 1."),
            _("Thôi hưởng trợ cấp xã hội hằng tháng đối với %(person)s, như sau:")
            % {"person": _person(entitlement.beneficiary)},
            [
                _("Lý do: %(reason)s.") % {"reason": entitlement.get_end_reason_display()},
                _("Thời điểm thôi hưởng: từ tháng sau tháng %(m)s.")
                % {"m": _month(entitlement.end_month)},
            ],
        ),
        Article(
            _("Điều 2."),
            _("Giao công chức văn hóa - xã hội đưa đối tượng ra khỏi danh sách chi trả."),
        ),
        _article_3(),
    ]
    doc.signatures[0].name = signer_name
    return doc


@in_vietnamese
def funeral(support: FuneralSupport, *, signer_name: str | None = None) -> Document:
    """The decision on funeral support (Decree 20 Art. 11), signed by the one
    who decided it unless a name is given."""
    if signer_name is None:
        signer_name = str(support.decided_by or "")
    doc = _frame(
        support.commune,
        _("Về việc hỗ trợ chi phí mai táng"),
        support.decision_number,
        support.decided_on,
    )
    who = _("ông/bà %(name)s") % {"name": support.applicant_name}
    if support.applicant_relation:
        who += _(" (%(relation)s của người chết)") % {"relation": support.applicant_relation}
    doc.articles = [
        Article(
            _("Điều 1."),
            _(
                "Hỗ trợ chi phí mai táng cho %(who)s, người đứng ra mai táng %(person)s, "
                "chết ngày %(d)s."
            )
            % {
                "who": who,
                "person": _person(support.beneficiary),
                "d": short_date(support.died_on),
            },
            [_("Mức hỗ trợ: %(amount)s đồng.") % {"amount": money(support.amount)}],
        ),
        Article(
            _("Điều 2."),
            _("Giao công chức văn hóa - xã hội, tài chính - kế toán chi trả mức hỗ trợ trên."),
        ),
        _article_3(),
    ]
    doc.signatures[0].name = signer_name
    return doc
