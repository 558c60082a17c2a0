"""Writes on cases: every change of a case goes through a function in this
package, one module per workflow:

- `cases`: open a case (Mẫu 01), edit its intake, assign it, move it with the person;
- `status`: the status moves (assessment, planning, intervention, monitoring, close, reopen);
- `assessments`: Mẫu 02 and Mẫu 03;
- `plans`: the plan (Mẫu 04) from draft to the leader's decision (Mẫu 05);
- `deliveries`: services given on the case;
- `events`: home visits, emergency interventions, conferences, refusals;
- `decisions`: the leader's decisions (separation Mẫu 07, court, alternative care);
- `reviews`: the review after the plan (Mẫu 06);
- `reminders`: deadline reminders (the beat task);
- `common`: the row lock, version check and transition record they share.

Each write is keyword-only, `@transaction.atomic`, locks the case row
(select_for_update) before checking the rules, records who and when (a
CaseTransition for every status move) and refreshes the legal deadlines.
Creates from phones take a client-generated UUID: a retried POST returns the
first result and creates nothing twice. Edits name the version they began
from: a stale edit is refused and nothing is overwritten.

Callers import from the module that holds the function; nothing is
re-exported here.
"""
