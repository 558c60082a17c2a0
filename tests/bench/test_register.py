"""The beneficiary register at province scale: name search and list pages."""

import pytest
from django.test import Client

from cases.selectors import beneficiary_list, beneficiary_search
from tests.bench.conftest import measured
from tests.explain import plan
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(bench_province):
    return UserFactory()


@pytest.mark.parametrize("query", ["nguyen van duc", "Nguyễn Thị Lan", "h'hen nie", "tran hung"])
def test_name_search(staff, query):
    with measured(f"search {query!r}") as figures:
        rows = list(beneficiary_search(actor=staff, query=query)[:50])
        figures["rows"] = len(rows)
    text = plan(beneficiary_search(actor=staff, query=query)[:50], seqscan=True)
    print(text)
    assert "cases_benef_search_trgm" in text or "Index" in text


@pytest.mark.parametrize("page_size", [10, 50])
def test_list_page_queries_do_not_grow_with_page_size(staff, page_size):
    client = Client()
    client.force_login(staff)
    with measured(f"list page size {page_size}") as figures:
        response = client.get("/cases/people/", {"page_size": page_size})
        figures["status"] = response.status_code
    assert response.status_code == 200


def test_list_selector_uses_an_index(staff):
    queryset = beneficiary_list(actor=staff, filters={"commune": staff.area_id})[:50]
    with measured("beneficiary_list first page") as figures:
        figures["rows"] = len(list(queryset))
