"""The user list's FilterSet (page and selector; its narrowing by role,
commune and search is walked in test_views.py): being active narrows, a bad
value lists nobody and says which filter is wrong, and a commune's official
reading users never reaches another commune's."""

import pytest
from django.urls import reverse

from socialwork.accounts import selectors
from socialwork.accounts.models import Role
from tests.factories import CollaboratorUserFactory, CommuneOfficialFactory

pytestmark = pytest.mark.django_db


def test_active_narrows(client, department_user, commune_a):
    here = CollaboratorUserFactory(area=commune_a)
    gone = CollaboratorUserFactory(area=commune_a, is_active=False)
    client.force_login(department_user)
    url = reverse("accounts:user_list")
    inactive = client.get(url, {"active": "false"}).context["page"].object_list
    active = client.get(url, {"active": "true", "commune": commune_a.pk}).context["page"]
    assert list(inactive) == [gone]
    assert list(active.object_list) == [here]


@pytest.mark.parametrize("params", [{"role": "king"}, {"active": "perhaps"}, {"commune": "abc"}])
def test_a_bad_value_lists_nobody_and_says_which(client, department_user, commune_a, params):
    CollaboratorUserFactory(area=commune_a)
    client.force_login(department_user)
    response = client.get(reverse("accounts:user_list"), params)
    assert response.status_code == 200
    assert set(params) <= set(response.context["filter"].form.errors)
    assert not response.context["page"].object_list


def test_the_scope_holds_under_any_filter(commune_a, commune_b):
    official = CommuneOfficialFactory(area=commune_a)
    far = CollaboratorUserFactory(area=commune_b)
    found = selectors.user_list(actor=official, filters={"commune": commune_b.pk})
    assert far not in found
    assert far not in selectors.user_list(actor=official, filters={"role": Role.COLLABORATOR})
