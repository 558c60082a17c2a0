import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from socialwork.accounts import services
from socialwork.accounts.models import AccessLog, ApiToken, User, UserSession
from tests.conftest import PASSWORD
from tests.factories import (
    AdminUserFactory,
    CollaboratorUserFactory,
    CommuneOfficialFactory,
    UserFactory,
)
from tests.socialwork.accounts.factories import ApiTokenFactory

pytestmark = pytest.mark.django_db


def _sign_in(client, user) -> str:
    client.force_login(user)
    return client.session.session_key


# --- temporary password -----------------------------------------------------------------


def test_temporary_password_is_readable_and_random():
    passwords = {services.temporary_password() for _ in range(50)}

    assert len(passwords) == 50
    assert all(re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", p) for p in passwords)
    # No characters people misread: 0/o, 1/l/i.
    assert not any(set("01loi") & set(p) for p in passwords)


def test_user_set_temporary_password(department_user, collaborator, client):
    _sign_in(client, collaborator)
    ApiTokenFactory(user=collaborator)

    password = services.user_set_temporary_password(user=collaborator, actor=department_user)

    collaborator.refresh_from_db()
    assert collaborator.check_password(password)
    assert not collaborator.check_password(PASSWORD)
    assert collaborator.must_change_password is True
    # Whoever held the old credentials is out.
    assert not UserSession.objects.filter(user=collaborator).exists()
    assert not ApiToken.objects.filter(user=collaborator).exists()


@pytest.mark.parametrize(
    "actor_factory",
    [CollaboratorUserFactory, CommuneOfficialFactory, "self", "department-on-admin"],
)
def test_temporary_password_refused_to_those_who_may_not(actor_factory, collaborator):
    target = collaborator
    if actor_factory == "self":
        actor = target = UserFactory()
    elif actor_factory == "department-on-admin":
        actor, target = UserFactory(), AdminUserFactory()
    else:
        actor = actor_factory()

    with pytest.raises(PermissionDenied):
        services.user_set_temporary_password(user=target, actor=actor)

    target.refresh_from_db()
    assert target.check_password(PASSWORD)
    assert target.must_change_password is False


def test_admin_may_reset_an_administrator():
    other_admin = AdminUserFactory()

    password = services.user_set_temporary_password(user=other_admin, actor=AdminUserFactory())

    other_admin.refresh_from_db()
    assert other_admin.check_password(password)


# --- deactivation -------------------------------------------------------------------------


def test_user_deactivate_ends_every_session_and_token_at_once(
    department_user, collaborator, other_collaborator, client
):
    from django.test import Client

    phone_session = _sign_in(client, collaborator)
    desktop_session = _sign_in(Client(), collaborator)
    bystander_session = _sign_in(Client(), other_collaborator)
    ApiTokenFactory.create_batch(2, user=collaborator)
    bystander_token = ApiTokenFactory(user=other_collaborator)

    services.user_deactivate(user=collaborator, actor=department_user)

    collaborator.refresh_from_db()
    assert collaborator.is_active is False
    assert not UserSession.objects.filter(session_key__in=[phone_session, desktop_session]).exists()
    assert not ApiToken.objects.filter(user=collaborator).exists()
    assert UserSession.objects.filter(session_key=bystander_session).exists()
    assert ApiToken.objects.filter(pk=bystander_token.pk).exists()
    # The old cookie now opens nothing.
    assert client.get("/").status_code == 302


def test_user_deactivate_takes_a_fixed_number_of_queries(
    department_user, collaborator, django_assert_max_num_queries
):
    from django.test import Client

    for _ in range(5):
        _sign_in(Client(), collaborator)
    ApiTokenFactory.create_batch(5, user=collaborator)

    # update, delete sessions, delete tokens, plus the savepoint pair and the
    # pghistory context lookups: no loop over sessions.
    with django_assert_max_num_queries(6):
        services.user_deactivate(user=collaborator, actor=department_user)

    assert not UserSession.objects.filter(user=collaborator).exists()


def test_user_deactivate_refused_to_a_collaborator(collaborator, other_collaborator):
    with pytest.raises(PermissionDenied):
        services.user_deactivate(user=other_collaborator, actor=collaborator)

    other_collaborator.refresh_from_db()
    assert other_collaborator.is_active


def test_user_password_changed_clears_the_flag(collaborator):
    collaborator.must_change_password = True
    collaborator.save()

    services.user_password_changed(user=collaborator)

    assert User.objects.get(pk=collaborator.pk).must_change_password is False


# --- tokens -----------------------------------------------------------------------------


def test_api_token_create_stores_only_the_hash(collaborator):
    token, key = services.api_token_create(user=collaborator, name="Điện thoại Hoa")

    assert token.key_hash == ApiToken.hash_key(key)
    assert key not in {token.key_hash, token.prefix}
    assert token.prefix == key[:8]
    assert len(key) >= 40


# --- access log -------------------------------------------------------------------------


def test_log_access_records_who_what_where(collaborator):
    request = RequestFactory().get("/cases/people/7/", REMOTE_ADDR="10.1.2.3")
    request.user = collaborator

    log = services.log_access(
        request=request, action=AccessLog.Action.VIEW, obj_or_type=collaborator, detail="hồ sơ"
    )

    log.refresh_from_db()
    assert (log.user, log.action, log.object_type, log.object_id) == (
        collaborator,
        "view",
        "accounts.user",
        str(collaborator.pk),
    )
    assert (log.path, log.ip_address, log.detail) == ("/cases/people/7/", "10.1.2.3", "hồ sơ")


def test_log_access_with_a_type_label_and_no_request(collaborator):
    log = services.log_access(
        request=None,
        user=collaborator,
        action=AccessLog.Action.EXPORT,
        obj_or_type="cases.beneficiary",
        object_id=None,
    )

    assert (log.object_type, log.object_id, log.path, log.ip_address) == (
        "cases.beneficiary",
        "",
        "",
        None,
    )
