import pytest

from tests.factories import CollaboratorUserFactory, CommuneLeaderFactory, CommuneOfficialFactory


@pytest.fixture
def people(commune_a):
    return {
        "collaborator": CollaboratorUserFactory(area=commune_a),
        "official": CommuneOfficialFactory(area=commune_a),
        "leader": CommuneLeaderFactory(area=commune_a),
    }
