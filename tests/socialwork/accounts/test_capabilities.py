"""The capability table: its engine, its units, and every name templates use."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.template import Context, Template
from rest_framework.test import APIRequestFactory

from socialwork.accounts import capabilities
from socialwork.accounts.capabilities import Allows, can, require, table
from socialwork.accounts.models import Role

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_role_and_commune_both_count(collaborator_a, collaborator_b, official_a, commune_a):
    assert can(official_a, "person.register", commune=commune_a)
    assert can(collaborator_a, "person.register", commune=commune_a.pk)
    # The right role in the wrong commune is refused, with the message saying why.
    with pytest.raises(PermissionDenied) as refused:
        require(collaborator_b, "person.register", commune=commune_a)
    assert str(refused.value) == str(capabilities.OTHER_COMMUNE)
    # The wrong role anywhere: the capability's own refusal.
    with pytest.raises(PermissionDenied) as refused:
        require(collaborator_a, "case.plan.approve", commune=commune_a)
    assert "lãnh đạo UBND xã" in str(refused.value)


@pytest.mark.django_db
def test_province_roles_act_in_every_commune(department, commune_a, commune_b):
    assert can(department, "person.register", commune=commune_a)
    assert can(department, "person.register", commune=commune_b)


@pytest.mark.django_db
def test_leadership_holds_nothing_personal(leadership):
    personal = [name for name in table() if name.split(".")[0] in {"person", "case", "referral"}]
    assert personal
    assert not any(can(leadership, name) for name in personal)
    assert can(leadership, "indicators.export")


@pytest.mark.django_db
def test_facility_staff_act_for_their_own_facility_only(centre_staff, centre, other_facility_staff):
    assert can(centre_staff, "admission.record", facility=centre)
    assert can(centre_staff, "admission.record", facility=centre.pk)
    with pytest.raises(PermissionDenied) as refused:
        require(other_facility_staff, "admission.record", facility=centre)
    assert str(refused.value) == str(capabilities.OTHER_FACILITY)


def test_unknown_names_fail_loudly():
    with pytest.raises(LookupError):
        can(None, "person.regsiter")
    with pytest.raises(LookupError):
        capabilities.requires("no.such.thing")


def test_every_role_in_the_table_exists():
    for capability in table().values():
        assert capability.roles <= set(Role.values), capability.name


@pytest.mark.django_db
def test_drf_permission_reads_and_writes(collaborator_a, leadership):
    factory = APIRequestFactory()
    permission = Allows("person.read", write="person.register")()
    read = factory.get("/api/v1/people/")
    read.user = collaborator_a
    write = factory.post("/api/v1/people/")
    write.user = collaborator_a
    assert permission.has_permission(read, None)
    assert permission.has_permission(write, None)
    read.user = leadership
    assert not permission.has_permission(read, None)
    assert permission.message


@pytest.mark.django_db
def test_templates_read_capabilities_by_dotted_name(collaborator_a, leadership):
    template = Template("{% if can.person.register %}yes{% else %}no{% endif %}")
    request = type("R", (), {"user": collaborator_a})()
    assert template.render(Context(capabilities.context_processor(request))) == "yes"
    request.user = leadership
    assert template.render(Context(capabilities.context_processor(request))) == "no"


def test_every_capability_a_template_names_is_defined():
    """`can.x.y` in any template must be in the table: a typo would refuse silently."""
    used = set()
    for path in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in path.parts:
            continue
        used |= set(re.findall(r"\bcan\.([a-z_]+(?:\.[a-z_]+)+)", path.read_text()))
    missing = sorted(name for name in used if name not in table())
    assert not missing
