"""The filter pages' reference selects (communes, categories) read their options
as (key, name) rows and render them in one template: the same HTML as Django's
own select, a chosen option kept, a foreign id still refused."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from cases.filters import BeneficiaryFilter
from cases.models import Beneficiary, Category
from socialwork.api.filters import NamedChoiceIterator
from tests.factories import CommuneFactory, ProvinceFactory

pytestmark = pytest.mark.django_db


def _filter(data, user):
    request = RequestFactory().get("/")
    request.user = user
    return BeneficiaryFilter(data, queryset=Beneficiary.objects.none(), request=request)


def test_the_commune_select_lists_names_and_keeps_the_chosen_one(commune_a, commune_b, department):
    html = str(_filter({"commune": str(commune_b.pk)}, department).form["commune"])

    assert f'<option value="{commune_a.pk}">{commune_a.name}</option>' in html
    assert f'<option value="{commune_b.pk}" selected>{commune_b.name}</option>' in html
    # By name, as province_communes orders them: "Phường Tuy Hòa" before "Xã Ea Tu".
    assert html.index(commune_b.name) < html.index(commune_a.name)
    assert html.startswith('<select name="commune" id="id_commune">')
    assert '<option value="" selected>' not in html  # a choice was made


def test_the_category_select_is_keyed_by_code_and_reads_no_models(department):
    field = _filter(None, department).form.fields["category"]
    assert isinstance(field.iterator(field), NamedChoiceIterator)

    with CaptureQueriesContext(connection) as queries:
        options = list(iter(field.choices))  # list() alone would COUNT first

    assert len(queries) == 1, [q["sql"] for q in queries.captured_queries]
    assert options[0][0] == ""  # "— all —"
    first = Category.objects.filter(active=True, sensitive=False).order_by("sort_order", "code")[0]
    assert (first.code, first.name) in options
    assert not any(isinstance(value, Category) for value, _ in options)


def test_a_commune_outside_the_province_is_still_refused(department):
    elsewhere = CommuneFactory(parent=ProvinceFactory(code="01", name="Thành phố Hà Nội"))
    form = _filter({"commune": str(elsewhere.pk)}, department).form

    assert not form.is_valid()
    assert "commune" in form.errors


def test_a_sensitive_category_is_neither_offered_nor_accepted_without_the_right(department):
    sensitive = Category.objects.filter(sensitive=True, active=True).first()
    department.can_view_sensitive = False
    filterset = _filter({"category": sensitive.code}, department)

    assert sensitive.code not in str(filterset.form["category"])
    assert not filterset.form.is_valid()
