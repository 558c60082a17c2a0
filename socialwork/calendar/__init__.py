"""The working-day calendar: the one place legal deadlines are counted.

- `workdays.py`: `is_working_day`, `add_working_days` (counted from the day
  after the start), `working_day_deadline` (end of that day, aware, local
  time), `working_days_between`, `add_hours` (hour deadlines run through
  nights and holidays). Use these for every deadline; never count weekdays
  yourself.
- `models.PublicHoliday`: one row per day that differs from the ordinary
  Monday–Friday week: a legal holiday, a compensatory/swapped day off, or a
  swapped working day (a Saturday made a working day). Seeded for 2025–2027
  by migration 0002; rows not yet checked against the official notice are
  `confirmed=False`.
- Pages: /calendar/holidays/?year=YYYY (list, add, edit, delete) for
  department staff and administrators; everyone else gets 403.
- Writes: `services.holiday_create/update/delete(*, actor, ...)`.
"""
