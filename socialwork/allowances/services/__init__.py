"""Writes on social assistance, one module per workflow. Every status change
goes through here; reads are in `selectors`, who may act in `permissions`.

- `applications`: filing, review, posting, objections, the chairman's
  decision and the entitlement it grants (or stops);
- `payment_lists`: the monthly payment lists, the account a person is paid
  into, the health insurance (BHYT) cards;
- `funerals`: funeral support (Art. 11);
- `emergencies`: emergency support after disasters (Arts 12–15);
- `rates`: the standard level and the coefficients (department staff).

Since 1/7/2025 the commune chairman decides, with no district or council step
(DOMAIN errata 1).
"""
