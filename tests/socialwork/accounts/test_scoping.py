"""scope_for and get_scoped_or_404, shown on User (department: every login;
commune roles: their commune's; leadership: none; facility: none)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from socialwork.accounts.models import AccessLog, ApiToken, User
from socialwork.accounts.scoping import get_scoped_or_404, scope_for
from tests.factories import (
    AdminUserFactory,
    CollaboratorUserFactory,
    CommuneLeaderFactory,
    CommuneOfficialFactory,
    FacilityUserFactory,
    LeadershipUserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(department_user, collaborator, other_collaborator):
    return {department_user, collaborator, other_collaborator}


def test_department_and_admin_see_every_user(department_user, people):
    admin = AdminUserFactory()

    assert set(scope_for(User.objects.all(), department_user)) == people | {admin}
    assert set(scope_for(User.objects.all(), admin)) == people | {admin}


@pytest.mark.parametrize(
    "factory", [CollaboratorUserFactory, CommuneOfficialFactory, CommuneLeaderFactory]
)
def test_commune_roles_see_their_commune_only(factory, commune_a, collaborator, people):
    viewer = factory(area=commune_a)

    assert set(scope_for(User.objects.all(), viewer)) == {collaborator, viewer}


def test_leadership_is_refused_personal_records(people):
    with pytest.raises(PermissionDenied):
        scope_for(User.objects.all(), LeadershipUserFactory())


def test_facility_staff_and_strangers_see_no_user(collaborator):
    assert list(scope_for(User.objects.all(), FacilityUserFactory())) == []
    assert list(scope_for(User.objects.all(), AnonymousUser())) == []


def test_a_deactivated_user_sees_nothing(department_user, people):
    department_user.is_active = False

    assert list(scope_for(User.objects.all(), department_user)) == []


def test_a_model_without_policy_is_refused(department_user):
    with pytest.raises(LookupError):
        scope_for(ApiToken.objects.all(), department_user)


def test_get_scoped_or_404_returns_the_visible_record_and_logs_the_view(commune_a, collaborator):
    official = CommuneOfficialFactory(area=commune_a)

    assert get_scoped_or_404(User.objects.all(), official, pk=collaborator.pk) == collaborator
    [log] = AccessLog.objects.all()
    assert (log.action, log.object_type, log.object_id, log.user) == (
        "view",
        "accounts.user",
        str(collaborator.pk),
        official,
    )
    # A user's commune is their area: the page filters by it.
    assert log.commune_id == commune_a.pk


def test_get_scoped_or_404_on_another_commune_is_404_and_logged(commune_a, other_collaborator):
    official = CommuneOfficialFactory(area=commune_a)
    request = RequestFactory().get(f"/x/{other_collaborator.pk}/", REMOTE_ADDR="10.2.2.2")
    request.user = official

    with pytest.raises(Http404):
        get_scoped_or_404(User.objects.all(), official, request, pk=other_collaborator.pk)

    log = AccessLog.objects.get()
    assert (log.user, log.action, log.object_type, log.object_id) == (
        official,
        AccessLog.Action.DENIED,
        "accounts.user",
        str(other_collaborator.pk),
    )
    assert (log.path, log.ip_address) == (f"/x/{other_collaborator.pk}/", "10.2.2.2")


def test_get_scoped_or_404_for_leadership_is_403_and_logged(collaborator):
    chief = LeadershipUserFactory()

    with pytest.raises(PermissionDenied):
        get_scoped_or_404(User.objects.all(), chief, pk=collaborator.pk)

    assert AccessLog.objects.get().action == AccessLog.Action.DENIED


def test_get_scoped_or_404_on_an_id_that_does_not_exist_looks_the_same(department_user):
    with pytest.raises(Http404):
        get_scoped_or_404(User.objects.all(), department_user, pk=10**9)

    assert AccessLog.objects.get().object_id == str(10**9)
