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


# --- Words of a key (the forgiving name search, cases/name_search.py) ---------
#
# A key's words are `search_words(key)`, in SQL string_to_array(key, ' ')
# (immutable, so a GIN index over it serves `@>` and `&&`). Each word also has
# its letters in code-point order, `word_letters`, in SQL vn_word_letters()
# (ORDER BY … COLLATE "C" is code-point order in UTF-8): two words with the
# same letters are one transposition or so apart, which levenshtein() counts
# as two edits. Both twins derive from the one key above; nothing else is keyed.

SQL_CREATE_LETTERS = r"""
CREATE OR REPLACE FUNCTION vn_word_letters(word text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT coalesce(string_agg(c, '' ORDER BY c COLLATE "C"), '')
  FROM regexp_split_to_table(word, '') AS c
$$;
"""
SQL_DROP_LETTERS = "DROP FUNCTION IF EXISTS vn_word_letters(text);"


def search_words(key: str) -> list[str]:
    """The words of a search key (what string_to_array(key, ' ') gives)."""
    return key.split(" ") if key else []


def word_letters(word: str) -> str:
    return "".join(sorted(word))


# Telex-free and regional spellings of the same sound: "fuc" for "phúc",
# "zung" for "dũng"; each typed word is also looked up with these applied.
SOUND_ALIKE = (("f", "ph"), ("j", "gi"), ("z", "d"), ("w", "u"), ("dz", "d"), ("k", "c"))


def sound_alike(word: str) -> list[str]:
    variants = []
    for typed, meant in SOUND_ALIKE:
        if typed in word:
            variant = word.replace(typed, meant)
            if variant != word and variant not in variants:
                variants.append(variant)
    return variants
