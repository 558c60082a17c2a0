import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from socialwork.allowances.models import (
    HealthInsuranceCard,
    PaymentList,
)
from socialwork.allowances.selectors import card_counts
from socialwork.allowances.services import payment_lists

from ..factories import EntitlementFactory, poor_older

pytestmark = pytest.mark.django_db
D = datetime.date


def test_one_health_insurance_card_per_person(commune_a, people):
    person = poor_older(commune_a)
    EntitlementFactory(beneficiary=person, group="ND20-5.5a")
    EntitlementFactory(beneficiary=person, group="ND20-5.6-severe")
    EntitlementFactory(beneficiary=poor_older(commune_a))
    assert (
        payment_lists.health_insurance_cards_list(
            actor=people["official"], listed_on=D(2025, 5, 1), communes=[commune_a]
        )
        == 2
    )
    assert (
        payment_lists.health_insurance_cards_list(
            actor=people["official"], listed_on=D(2025, 6, 1), communes=[commune_a]
        )
        == 0
    )
    assert HealthInsuranceCard.objects.count() == 2


def test_lock_needs_a_list_maker(commune_a, people):
    payment_list = PaymentList.objects.create(commune=commune_a, month=D(2025, 5, 1))
    with pytest.raises(PermissionDenied):
        payment_lists.payment_list_lock(actor=people["collaborator"], payment_list=payment_list)


def test_the_account_allowances_are_paid_into(commune_a, commune_b, people):
    person = poor_older(commune_a)
    with pytest.raises(ValidationError) as refused:
        payment_lists.payment_account_set(
            actor=people["official"], beneficiary=person, method="bank", account_number="12ab"
        )
    assert set(refused.value.message_dict) == {"bank_name", "account_number", "account_holder"}
    account = payment_lists.payment_account_set(
        actor=people["official"],
        beneficiary=person,
        method="bank",
        bank_name=" Agribank ",
        account_number="3600 205 123.456",
        account_holder="Nguyễn Văn A",
    )
    assert (account.bank_name, account.account_number) == ("Agribank", "3600205123456")
    # Back to the post office: the bank details go.
    account = payment_lists.payment_account_set(
        actor=people["leader"], beneficiary=person, method="post_office", bank_name="Agribank"
    )
    assert (account.method, account.bank_name, account.account_number) == ("post_office", "", "")
    with pytest.raises(PermissionDenied):
        payment_lists.payment_account_set(
            actor=people["collaborator"], beneficiary=person, method="post_office"
        )
    with pytest.raises(PermissionDenied):
        payment_lists.payment_account_set(
            actor=people["official"], beneficiary=poor_older(commune_b), method="post_office"
        )


def test_a_listed_card_is_issued_once_its_number_is_known(commune_a, people):
    first, second = poor_older(commune_a), poor_older(commune_a)
    for person in (first, second):
        EntitlementFactory(beneficiary=person)
    payment_lists.health_insurance_cards_list(
        actor=people["official"], listed_on=D(2025, 5, 1), communes=[commune_a]
    )
    card = HealthInsuranceCard.objects.get(beneficiary=first)
    for number, issued_on, field in (
        ("BT27", D(2025, 5, 20), "card_number"),
        ("bt 2797924123456", D(2025, 4, 30), "issued_on"),
        ("BT2797924123456", D(2099, 1, 1), "issued_on"),
    ):
        with pytest.raises(ValidationError) as refused:
            payment_lists.health_insurance_card_issue(
                actor=people["official"], card=card, card_number=number, issued_on=issued_on
            )
        assert list(refused.value.message_dict) == [field]
    card = payment_lists.health_insurance_card_issue(
        actor=people["official"],
        card=card,
        card_number="bt 2797924123456",
        issued_on=D(2025, 5, 20),
        valid_to=D(2025, 12, 31),
    )
    assert (card.status, card.card_number) == ("issued", "BT2797924123456")
    other = HealthInsuranceCard.objects.get(beneficiary=second)
    with pytest.raises(ValidationError) as refused:
        payment_lists.health_insurance_card_issue(
            actor=people["official"],
            card=other,
            card_number="BT2797924123456",
            issued_on=D(2025, 5, 20),
        )
    assert "người khác" in refused.value.message_dict["card_number"][0]
    with pytest.raises(PermissionDenied):
        payment_lists.health_insurance_card_issue(
            actor=people["collaborator"],
            card=other,
            card_number="BT2797924123457",
            issued_on=D(2025, 5, 20),
        )
    assert card_counts(actor=people["official"]) == {"listed": 1, "issued": 1}
