"""The Django admin: administrators only, and everything they do there logged."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from socialwork.accounts.models import AccessLog, Role
from tests.factories import CollaboratorUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    from tests.factories import AdminUserFactory

    admin = AdminUserFactory(username="quan.tri")
    client.force_login(admin)
    client.admin = admin
    return client


def test_administrators_open_the_admin(admin_client):
    assert admin_client.get(reverse("admin:index")).status_code == 200
    assert admin_client.get(reverse("admin:accounts_user_changelist")).status_code == 200


def test_department_staff_and_others_get_no_admin(client, department_user, collaborator):
    for user in (department_user, collaborator):
        client.force_login(user)
        response = client.get(reverse("admin:index"))

        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_admin_change_of_a_user_is_logged_and_kept_in_history(admin_client, commune_a):
    target = CollaboratorUserFactory(area=commune_a, username="ctv.doi", phone="0987654321")
    url = reverse("admin:accounts_user_change", args=[target.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update(
        {
            "username": "ctv.doi",
            "role": Role.COMMUNE_OFFICIAL,
            "area": commune_a.pk,
            "phone": "0987654321",
            "date_joined_0": "01/01/2025",
            "date_joined_1": "08:00:00",
            "groups": [],
            "user_permissions": [],
        }
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    target.refresh_from_db()
    assert target.role == Role.COMMUNE_OFFICIAL
    log = AccessLog.objects.get(action=AccessLog.Action.ADMIN)
    assert (log.user, log.object_type, log.object_id) == (
        admin_client.admin,
        "accounts.user",
        str(target.pk),
    )
    assert log.detail.startswith("change")
    # pghistory: the update event, with who made it (the request context).
    event = target.events.order_by("pgh_id").last()
    assert event.role == Role.COMMUNE_OFFICIAL
    assert event.pgh_context.metadata["user"] == admin_client.admin.pk


def test_admin_bulk_delete_logs_every_row(admin_client):
    # The admin writes one LogEntry per row in bulk here (bulk_create, no signals):
    # the trigger still copies each.
    doomed = [Group.objects.create(name="Nhóm A"), Group.objects.create(name="Nhóm B")]

    response = admin_client.post(
        reverse("admin:auth_group_changelist"),
        {"action": "delete_selected", "_selected_action": [g.pk for g in doomed], "post": "yes"},
    )

    assert response.status_code == 302
    assert not Group.objects.exists()
    logs = AccessLog.objects.filter(action=AccessLog.Action.ADMIN)
    assert {log.object_id for log in logs} == {str(u.pk) for u in doomed}
    assert all(log.detail.startswith("delete") for log in logs)


def test_admin_add_is_logged(admin_client):
    response = admin_client.post(
        reverse("admin:auth_group_add"), {"name": "Nhóm thử", "permissions": []}
    )

    assert response.status_code == 302
    log = AccessLog.objects.get(action=AccessLog.Action.ADMIN)
    assert (log.object_type, log.detail[:3]) == ("auth.group", "add")


def test_access_log_admin_is_read_only(admin_client, department_user):
    log = AccessLog.objects.create(user=department_user, action="view", object_type="x.y")

    changelist = admin_client.get(reverse("admin:accounts_accesslog_changelist"))
    delete = admin_client.post(
        reverse("admin:accounts_accesslog_delete", args=[log.pk]), {"post": "yes"}
    )
    add = admin_client.get(reverse("admin:accounts_accesslog_add"))

    assert changelist.status_code == 200
    assert (delete.status_code, add.status_code) == (403, 403)
    assert AccessLog.objects.filter(pk=log.pk).exists()


def test_admin_adds_a_collaborator_with_role_commune_and_phone(admin_client, commune_a):
    from socialwork.accounts.models import User

    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "ctv.moi",
            "usable_password": "true",
            "password1": "mot-mat-khau-dai-2025",
            "password2": "mot-mat-khau-dai-2025",
            "role": Role.COLLABORATOR,
            "area": commune_a.pk,
            "phone": "0987000111",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="ctv.moi")
    assert (user.role, user.area, user.phone) == (Role.COLLABORATOR, commune_a, "0987000111")
    assert AccessLog.objects.filter(action="admin", object_id=str(user.pk)).exists()


def test_admin_cannot_give_staff_status_to_department_staff(admin_client, department_user):
    url = reverse("admin:accounts_user_change", args=[department_user.pk])
    data = {
        "username": department_user.username,
        "role": Role.DEPARTMENT,
        "area": department_user.area_id,
        "is_active": "on",
        "is_staff": "on",
        "date_joined_0": "01/01/2025",
        "date_joined_1": "08:00:00",
    }

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "Chỉ quản trị hệ thống mới được vào trang quản trị." in response.content.decode()
    department_user.refresh_from_db()
    assert department_user.is_staff is False
