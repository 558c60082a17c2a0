import datetime

import pytest

from tests.cases.casework.factories import CaseFactory
from tests.cases.factories import BeneficiaryFactory
from tests.factories import CollaboratorUserFactory, CommuneLeaderFactory


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
