"""Accept and decline of one referral at the same time, on two connections:
exactly one outcome survives (SELECT … FOR UPDATE on the referral row)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cases.models import ReferralStatus, ReferralTransition
from cases.referrals import services
from tests.cases.referrals.factories import ReferralFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_accept_and_decline_leave_one_outcome(centre, centre_staff):
    referral = ReferralFactory(to_facility=centre)
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def run(name, call):
        try:
            barrier.wait(timeout=10)
            call()
            outcomes[name] = "ok"
        except ValidationError as exc:
            outcomes[name] = exc
        finally:
            connection.close()  # each thread had its own connection

    threads = [
        threading.Thread(
            target=run,
            args=(
                "accept",
                lambda: services.referral_accept(actor=centre_staff, referral=referral),
            ),
        ),
        threading.Thread(
            target=run,
            args=(
                "decline",
                lambda: services.referral_decline(
                    actor=centre_staff, referral=referral, reason="Hết chỗ"
                ),
            ),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(str(v) == "ok" for v in outcomes.values()) == [False, True]
    referral.refresh_from_db()
    assert referral.status in (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED)
    answers = ReferralTransition.objects.filter(
        referral=referral, to_status__in=[ReferralStatus.ACCEPTED, ReferralStatus.DECLINED]
    )
    assert answers.count() == 1
