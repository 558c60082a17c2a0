"""Each allowances FilterSet narrows by each filter; a bad value is a 400."""

import datetime

import pytest
from rest_framework.test import APIClient

from socialwork.allowances.filters import (
    ApplicationFilter,
    EntitlementFilter,
    PaymentFilter,
    PaymentListFilter,
)
from socialwork.allowances.models import (
    AllowanceApplication,
    AllowanceEntitlement,
    Payment,
    PaymentList,
)
from socialwork.allowances.services import payment_lists
from tests.cases.factories import BeneficiaryFactory
from tests.factories import UserFactory

from .factories import ApplicationFactory, EntitlementFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _ids(filterset_class, queryset, data):
    filterset = filterset_class(data, queryset=queryset)
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("pk", flat=True))


def test_application_filters_narrow(commune_a, commune_b):
    a = ApplicationFactory(beneficiary=BeneficiaryFactory(commune=commune_a))
    b = ApplicationFactory(
        beneficiary=BeneficiaryFactory(commune=commune_b),
        group="ND20-5.6-severe",
        status="posted",
        filed_on=D(2025, 10, 1),
    )
    everyone = AllowanceApplication.objects.all()
    assert _ids(ApplicationFilter, everyone, {}) == {a.pk, b.pk}
    assert _ids(ApplicationFilter, everyone, {"status": "posted"}) == {b.pk}
    assert _ids(ApplicationFilter, everyone, {"group": a.group}) == {a.pk}
    assert _ids(ApplicationFilter, everyone, {"commune": commune_a.pk}) == {a.pk}
    assert _ids(ApplicationFilter, everyone, {"filed_from": "2025-09-15"}) == {b.pk}
    assert _ids(ApplicationFilter, everyone, {"filed_to": "2025-09-15"}) == {a.pk}


def test_entitlement_filters_narrow(commune_a, commune_b):
    a = EntitlementFactory(beneficiary=BeneficiaryFactory(commune=commune_a))
    b = EntitlementFactory(
        beneficiary=BeneficiaryFactory(commune=commune_b),
        group="ND20-5.6-severe",
        start_month=D(2025, 6, 1),
    )
    everyone = AllowanceEntitlement.objects.all()
    assert _ids(EntitlementFilter, everyone, {"group": a.group}) == {a.pk}
    assert _ids(EntitlementFilter, everyone, {"commune": commune_b.pk}) == {b.pk}
    assert _ids(EntitlementFilter, everyone, {"beneficiary": a.beneficiary_id}) == {a.pk}
    assert _ids(EntitlementFilter, everyone, {"active_in": "2025-03-15"}) == {a.pk}


def test_payment_list_and_payment_filters_narrow(commune_a, commune_b):
    EntitlementFactory(beneficiary=BeneficiaryFactory(commune=commune_a))
    EntitlementFactory(beneficiary=BeneficiaryFactory(commune=commune_b))
    staff = UserFactory()
    payment_lists.payment_lists_generate(actor=staff, month=D(2025, 4, 1))
    payment_lists.payment_lists_generate(actor=staff, month=D(2025, 5, 1), communes=[commune_a])
    may = PaymentList.objects.get(month=D(2025, 5, 1))
    payment_lists.payment_list_lock(actor=staff, payment_list=may)
    lists = PaymentList.objects.all()
    assert _ids(PaymentListFilter, lists, {"month": "2025-05-01"}) == {may.pk}
    assert len(_ids(PaymentListFilter, lists, {"commune": commune_b.pk})) == 1
    assert _ids(PaymentListFilter, lists, {"status": "locked"}) == {may.pk}
    payments = Payment.objects.all()
    assert _ids(PaymentFilter, payments, {"payment_list": may.pk}) == set(
        may.payments.values_list("pk", flat=True)
    )
    assert len(_ids(PaymentFilter, payments, {"month": "2025-04-01"})) == 2
    assert _ids(PaymentFilter, payments, {"change": "unchanged"}) == set(
        may.payments.values_list("pk", flat=True)
    )


@pytest.mark.parametrize(
    "path,query",
    [
        ("/api/v1/allowance-applications/", "status=nonsense"),
        ("/api/v1/allowance-applications/", "filed_from=31/02/2025x"),
        ("/api/v1/allowance-applications/", "commune=abc"),
        ("/api/v1/allowance-entitlements/", "active_in=soon"),
        ("/api/v1/payment-lists/", "month=2025-13-01"),
        ("/api/v1/payments/", "change=sideways"),
    ],
)
def test_a_bad_filter_value_is_a_400_not_a_500(path, query):
    client = APIClient()
    client.force_authenticate(UserFactory())
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400, response.content
    assert response.json()
