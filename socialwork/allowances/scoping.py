"""Who may see social-assistance records (imported from AllowancesConfig.ready()).

Standard levels, coefficients and emergency events are reference data. The
rest is personal or commune data: department all, commune roles their
commune, leadership refused (aggregates only, through the report selectors),
facility staff nothing.
"""

from socialwork.accounts.scoping import ScopePolicy, register_scope

from .models import (
    AllowanceApplication,
    AllowanceEntitlement,
    ApplicationObjection,
    ArrearsItem,
    Coefficient,
    EmergencyEvent,
    EmergencySupport,
    FuneralSupport,
    HealthInsuranceCard,
    Payment,
    PaymentAccount,
    PaymentList,
    PaymentRemoval,
    StandardLevel,
)

register_scope(StandardLevel, ScopePolicy(reference=True))
register_scope(Coefficient, ScopePolicy(reference=True))
register_scope(EmergencyEvent, ScopePolicy(reference=True))
register_scope(AllowanceApplication, ScopePolicy(commune="commune"))
register_scope(ApplicationObjection, ScopePolicy(commune="application__commune"))
register_scope(AllowanceEntitlement, ScopePolicy(commune="commune"))
register_scope(PaymentAccount, ScopePolicy(commune="beneficiary__commune"))
# Totals per commune and month: leadership may read them (never the payments).
register_scope(PaymentList, ScopePolicy(commune="commune", public_to_leadership=True))
register_scope(Payment, ScopePolicy(commune="payment_list__commune"))
register_scope(PaymentRemoval, ScopePolicy(commune="payment_list__commune"))
register_scope(ArrearsItem, ScopePolicy(commune="payment__payment_list__commune"))
register_scope(HealthInsuranceCard, ScopePolicy(commune="commune"))
register_scope(FuneralSupport, ScopePolicy(commune="commune"))
register_scope(EmergencySupport, ScopePolicy(commune="commune"))
