"""Case management (DOMAIN §5): a plain package inside the cases app.

Models live in cases/models/casework.py; writes in services/, reads in
selectors.py, the legal timers in deadlines.py, printable forms in printing.py.
"""
