"""Models of the cases app, one module per concern.

- beneficiaries: the register (people, households, categories, consent);
- later modules (cases, assessments, plans, services, referrals) add their
  models here and are re-exported below so `cases.models.X` keeps working.
"""

from .beneficiaries import (
    NO_CARER_CATEGORY,
    Beneficiary,
    BeneficiaryCategory,
    Category,
    CategoryGroup,
    Consent,
    ConsentBasis,
    DisabilityLevel,
    Ethnicity,
    Household,
    HouseholdPoverty,
    MaritalStatus,
    NameWord,
    PovertyStatus,
    SelfCare,
    Sex,
    WorkCapacity,
)

__all__ = [
    "NO_CARER_CATEGORY",
    "Beneficiary",
    "BeneficiaryCategory",
    "Category",
    "CategoryGroup",
    "Consent",
    "ConsentBasis",
    "DisabilityLevel",
    "Ethnicity",
    "Household",
    "HouseholdPoverty",
    "MaritalStatus",
    "NameWord",
    "PovertyStatus",
    "SelfCare",
    "WorkCapacity",
    "Sex",
]
from .casework import *  # noqa: E402, F403 (case management)
from .documents import *  # noqa: E402, F403 (the register of issued documents)

# Its own line: mypy reads a star import's names from a literal __all__ only.
from .hotline import *  # noqa: E402, F403 (the hotline's call log)
from .referrals import *  # noqa: E402, F403 (referrals)
from .tallies import *  # noqa: E402, F403 (per-commune counts kept by triggers)
from .transfers import *  # noqa: E402, F403 (cases handed to another commune)
