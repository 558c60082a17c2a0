"""The whole scoping matrix against the access log: every registered personal
model with an API retrieve or a record page, as every demo role, with an id the
role may see and one it may not: each request leaves exactly one log row, and a
refusal is logged as one."""

import importlib
import random

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from socialwork.accounts.models import AccessLog, User
from socialwork.accounts.scoping import is_personal, scope_for
from socialwork.demo.context import SEEDERS, DemoContext
from tests.factories import CommuneFactory, ProvinceFactory

pytestmark = pytest.mark.django_db

SLOW_SEEDERS = {"socialwork.allowances.demo"}
# Record pages and the model each one shows.
PAGES = {
    "cases:beneficiary_detail": ("cases", "Beneficiary"),
    "casework:case_detail": ("cases", "Case"),
    "referrals:detail": ("cases", "Referral"),
    "hotline:detail": ("cases", "HotlineCall"),
    "facilities:admission_detail": ("facilities", "Admission"),
    "collaborators:detail": ("collaborators", "Collaborator"),
}


@pytest.fixture(scope="module")
def province(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            province = ProvinceFactory()
            communes = [
                CommuneFactory(parent=province, name=name)
                for name in ("Phường Tân Lập", "Phường Tuy Hòa", "Phường Buôn Ma Thuột")
            ]
            ctx = DemoContext(
                province=province, communes=communes, rng=random.Random(5), scale=0.02
            )
            for dotted in SEEDERS:
                if dotted not in SLOW_SEEDERS:
                    importlib.import_module(dotted).seed(ctx)
            yield ctx
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _ids(model, user):
    """An id the user may see and one they may not (None where there is none)."""
    everything = model._default_manager.order_by("pk").values_list("pk", flat=True)
    try:
        visible = scope_for(model._default_manager.all(), user).order_by("pk")
        own = visible.values_list("pk", flat=True).first()
        other = everything.exclude(pk__in=visible.values("pk")).first()
    except Exception:  # noqa: BLE001 (leadership: the model is refused outright)
        own, other = None, everything.first()
    return own, other


def _api_targets():
    import socialwork.urls  # noqa: F401 (every app's viewsets registered)
    from socialwork.api.router import router

    for prefix, viewset, _ in router.registry:
        queryset = getattr(viewset, "queryset", None)
        if queryset is not None and hasattr(viewset, "retrieve") and is_personal(queryset.model):
            yield f"/api/v1/{prefix}/{{}}/", queryset.model


def _page_targets():
    from django.apps import apps

    for name, model in PAGES.items():
        yield name, apps.get_model(*model)


def _walk(province, make_request):
    checked, rows = [], []
    for user in User.objects.filter(username__startswith="demo.").order_by("username"):
        for target, model in make_request["targets"]():
            own, other = _ids(model, user)
            for kind, pk in (("own", own), ("other", other)):
                if pk is None:
                    continue
                before = AccessLog.objects.count()
                status = make_request["get"](user, target, pk)
                new = list(AccessLog.objects.order_by("-id")[: AccessLog.objects.count() - before])
                checked.append((user.username, target, kind, status))
                if len(new) != 1:
                    rows.append((user.username, target, kind, status, len(new)))
                elif status in (403, 404):
                    assert new[0].action == "denied", (user.username, target, kind, status)
    return checked, rows


def test_every_api_retrieve_leaves_one_row(province):
    def get(user, target, pk):
        client = APIClient()
        client.force_authenticate(user)
        return client.get(target.format(pk)).status_code

    checked, wrong = _walk(province, {"targets": _api_targets, "get": get})

    assert len({c[1] for c in checked}) >= 10, "the walk reached too few models"
    assert {c[2] for c in checked} == {"own", "other"}
    assert wrong == []


def test_every_record_page_leaves_one_row(province):
    def get(user, name, pk):
        client = Client()
        client.force_login(user)
        return client.get(reverse(name, args=[pk])).status_code

    checked, wrong = _walk(province, {"targets": _page_targets, "get": get})

    assert len({c[1] for c in checked}) == len(PAGES)
    assert wrong == []
