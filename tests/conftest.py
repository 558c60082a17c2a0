import pytest

from tests.factories import CommuneFactory, ProvinceFactory

PASSWORD = "mat-khau-thu-1"


@pytest.fixture
def province(db):
    return ProvinceFactory()


@pytest.fixture
def commune_a(province):
    return CommuneFactory(parent=province, name="Xã Ea Tu")


@pytest.fixture
def commune_b(province):
    return CommuneFactory(parent=province, name="Phường Tuy Hòa")


@pytest.fixture(autouse=True)
def _vietnamese(settings):
    settings.LANGUAGE_CODE = "vi"
