from socialwork.areas.models import CodeSet, Level
from tests.factories import CollaboratorUserFactory, LeadershipUserFactory, UserFactory
from tests.socialwork.areas.checks import current_province, legacy_province

URL = "/api/v1/areas/"


def test_anonymous_is_refused(loaded, client):
    response = client.get(URL)
    assert response.status_code in (401, 403)


def test_list_is_the_current_map_ordered_by_code(loaded, client):
    client.force_login(UserFactory())
    response = client.get(URL, {"page_size": 100})
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == 100
    codes = [r["code"] for r in results]
    assert codes == sorted(codes)
    assert {r["code_set"] for r in results} == {CodeSet.CURRENT}
    assert response.json()["next"]


def test_cursor_walks_on_without_repeats(loaded, client):
    client.force_login(UserFactory())
    first = client.get(URL, {"level": Level.PROVINCE, "page_size": 20}).json()
    second = client.get(first["next"]).json()
    codes = [r["code"] for r in first["results"] + second["results"]]
    assert len(codes) == 34 == len(set(codes))
    assert second["next"] is None


def test_list_filters_by_level_province_and_search(loaded, client):
    client.force_login(CollaboratorUserFactory())
    provinces = client.get(URL, {"level": Level.PROVINCE, "q": "dak lak"}).json()["results"]
    assert [(p["code"], p["name"]) for p in provinces] == [("66", "Tỉnh Đắk Lắk")]
    communes = client.get(URL, {"province": "66", "q": "binh kien"}).json()["results"]
    assert [c["name"] for c in communes] == ["Phường Bình Kiến"]
    assert communes[0]["province"] == current_province("66").id


def test_bad_level_is_a_clear_400(loaded, client):
    client.force_login(UserFactory())
    response = client.get(URL, {"level": "huyen"})
    assert response.status_code == 400
    assert "level" in response.json()


def test_leadership_reads_reference_data(loaded, client):
    client.force_login(LeadershipUserFactory())
    response = client.get(f"{URL}{current_province('66').id}/")
    assert response.status_code == 200
    assert response.json()["name"] == "Tỉnh Đắk Lắk"


def test_legacy_units_are_not_served(loaded, client):
    client.force_login(UserFactory())
    assert client.get(f"{URL}{legacy_province('54').id}/").status_code == 404


def test_list_queries_do_not_grow_with_page_size(loaded, client, django_assert_max_num_queries):
    client.force_login(UserFactory())
    with django_assert_max_num_queries(6):
        small = client.get(URL, {"page_size": 5})
    with django_assert_max_num_queries(6):
        large = client.get(URL, {"page_size": 500})
    assert len(small.json()["results"]) == 5
    assert len(large.json()["results"]) == 500
