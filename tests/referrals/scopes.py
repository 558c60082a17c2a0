"""Until CasesConfig.ready() calls them: the scope policies of case work,
referrals and the hotline (order matters: referrals widen the Case policy)."""

import cases.casework.scoping as casework_scoping
import cases.hotline.scoping as hotline_scoping
import cases.referrals.scoping as referral_scoping
from socialwork.accounts.scoping import policy_for


def register_all() -> None:
    from cases.models import Case

    try:
        policy = policy_for(Case)
    except LookupError:
        policy = None
    if policy is None or not getattr(policy.facility, "widened_by_referrals", False):
        casework_scoping.register()
    referral_scoping.register()
    hotline_scoping.register()
