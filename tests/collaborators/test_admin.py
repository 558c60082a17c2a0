"""Collaborators, courses and attendance are written through the services:
the admin only shows them."""

import pytest
from django.urls import reverse

from tests.factories import AdminUserFactory

pytestmark = pytest.mark.django_db


def test_the_admin_shows_collaborators_without_changing_them(client):
    client.force_login(AdminUserFactory(username="quan.tri"))
    for model in ("collaborator", "trainingcourse", "attendance"):
        assert client.get(reverse(f"admin:collaborators_{model}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:collaborators_{model}_add")).status_code == 403
