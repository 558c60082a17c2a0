import datetime

import pytest

from socialwork.accounts.models import Role
from socialwork.documents import test_ca
from tests.cases.casework.factories import CaseFactory
from tests.cases.factories import BeneficiaryFactory
from tests.factories import CollaboratorUserFactory, CommuneLeaderFactory, UserFactory


@pytest.fixture
def collaborator_a2(commune_a):
    return CollaboratorUserFactory(area=commune_a)


@pytest.fixture
def leader_b(commune_b):
    return CommuneLeaderFactory(area=commune_b)


@pytest.fixture
def child_a(commune_a):
    return BeneficiaryFactory(commune=commune_a, birth_date=datetime.date(2016, 3, 4))


@pytest.fixture
def case_a(child_a, collaborator_a):
    return CaseFactory(beneficiary=child_a, commune=child_a.commune, assigned_worker=collaborator_a)


# --- digital signatures: a CA, its CRL and TSA built by the test ----------------


@pytest.fixture
def ca(tmp_path, settings):
    authority = test_ca.Authority()
    folder = authority.write_store(tmp_path / "keys")
    settings.SIGNING_KEYS_DIR = folder
    settings.SIGNING_TSA_URL = ""
    authority.folder = folder
    return authority


@pytest.fixture
def clerk_a(commune_a):
    return UserFactory(role=Role.COMMUNE_CLERK, area=commune_a)


@pytest.fixture
def keys_a(ca, leader_a, clerk_a, commune_a):
    ca.add_person(ca.folder, leader_a.username, "Nguyen Van Chu Tich")
    ca.add_agency(ca.folder, commune_a.code, "UBND Xa Ea Tu")
    return ca


@pytest.fixture
def submitted(case_a, official_a):
    from tests.cases.casework.services.helpers import _through_to_submitted

    return _through_to_submitted(case_a, official_a)
