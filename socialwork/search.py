"""Vietnamese search keys: accent-free, lower-case, one apostrophe.

"Nguyễn Văn Đức", "nguyen van duc" and "nguyen văn đuc" share one key; so do
the Ê Đê name "H'Hen Niê" typed with ', ’ or ʼ. The database computes the same
key with the immutable SQL function `vn_search_key` (see the areas migration
0001), so an index over it serves searches; `search_key` here normalises what
the user typed. A test checks that both agree.
"""

import re
import unicodedata

APOSTROPHES = "’‘ʼ`´ʻ"
_SPACES = re.compile(r"\s+")

# The SQL twin. unaccent() is only STABLE (it reads a dictionary), so it cannot
# back an index; the wrapper pins the dictionary and is declared IMMUTABLE.
SQL_CREATE_FUNCTION = r"""
CREATE OR REPLACE FUNCTION vn_search_key(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT btrim(regexp_replace(
    lower(translate(public.unaccent('public.unaccent'::regdictionary, value),
                    'đĐ’‘ʼ`´ʻ', 'dD''''''''''''')),
    '\s+', ' ', 'g'))
$$;
"""
SQL_DROP_FUNCTION = "DROP FUNCTION IF EXISTS vn_search_key(text);"


def search_key(value: str | None) -> str:
    if not value:
        return ""
    value = value.replace("đ", "d").replace("Đ", "D")
    for mark in APOSTROPHES:
        value = value.replace(mark, "'")
    decomposed = unicodedata.normalize("NFD", value)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return _SPACES.sub(" ", stripped.lower()).strip()
