# The portal's English pages keep the Vietnamese conventions: the records are
# Vietnamese, and a date must read the same in both languages.
from socialwork.formats.vi.formats import *  # noqa: F403

MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
