"""No list page or API list endpoint escapes the page benchmark."""

from django.urls import reverse

from tests.bench import pages


def test_every_page_is_benchmarked_or_excluded_with_a_reason():
    missing = [n for n in pages.list_routes() if n not in pages.PAGES and not pages.excluded(n)]
    assert not missing, f"add these to tests/bench/pages.py (PAGES or EXCLUDED): {missing}"


def test_every_api_list_endpoint_is_benchmarked_or_excluded():
    paths = pages.api_list_paths()
    assert "/api/v1/beneficiaries/" in paths
    missing = [p for p in paths if p not in pages.API and not pages.excluded(p)]
    assert not missing, f"add these to tests/bench/pages.py (API or EXCLUDED): {missing}"


def test_the_registry_names_only_real_pages():
    for name in pages.PAGES:
        reverse(name)
    assert set(pages.API) <= set(pages.api_list_paths())
