"""The call log's FilterSet through the API: each filter narrows, a bad value
is a 400 naming the parameter, and one facility never sees another's calls."""

import datetime

import pytest
from django.utils import timezone

from cases.models import HotlineCall
from cases.models.hotline import CallerType, CallIssue, CallKind, CallOutcome
from tests.cases.casework.test_filters import ids, refused

pytestmark = pytest.mark.django_db
URL = "/api/v1/hotline-calls/"


def _call(facility, **kw):
    values = {
        "facility": facility,
        "commune": facility.commune,
        "received_at": timezone.now(),
        "response_due_at": timezone.now() + datetime.timedelta(hours=12),
        "kind": CallKind.REPORT,
        "caller_type": CallerType.NEIGHBOUR,
        "issue": CallIssue.VIOLENCE,
        "summary": "Trẻ bị đánh.",
    }
    values.update(kw)
    return HotlineCall.objects.create(**values)


def test_call_filters_narrow_refuse_and_stay_in_scope(
    client, centre, centre_staff, other_facility_staff
):
    report = _call(centre, from_111=True)
    advice = _call(
        centre, kind=CallKind.ADVICE, issue=CallIssue.POLICY, outcome=CallOutcome.ADVICE_GIVEN,
        commune=None, response_due_at=None, advice_note="Hướng dẫn nộp hồ sơ.",
    )  # fmt: skip
    theirs = _call(other_facility_staff.staff_member.facility)
    assert ids(client, centre_staff, URL) == {report.pk, advice.pk}
    assert ids(client, centre_staff, URL, kind=CallKind.ADVICE) == {advice.pk}
    assert ids(client, centre_staff, URL, issue=CallIssue.VIOLENCE) == {report.pk}
    assert ids(client, centre_staff, URL, outcome=CallOutcome.ADVICE_GIVEN) == {advice.pk}
    assert ids(client, centre_staff, URL, from_111="true") == {report.pk}
    assert ids(client, centre_staff, URL, from_111="false") == {advice.pk}
    assert theirs.pk not in ids(client, centre_staff, URL, issue=CallIssue.VIOLENCE)
    for params in ({"kind": "prank"}, {"issue": "x"}, {"outcome": "x"}, {"from_111": "maybe"}):
        refused(client, centre_staff, URL, **params)
