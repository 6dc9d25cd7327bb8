"""One normalisation for every reader of free text: the lexicon and the classifier see the same
characters, so a disguise that defeats one defeats neither.

Steps, each chosen so that a crisis phrasing written oddly still reads as itself:

1. NFKC: full-width letters, digits and punctuation become half-width, the ideographic space a
   space, ligatures and circled digits plain.
2. Traditional characters become simplified (OpenCC's ``t2s`` table): 自殺 is 自杀, 遺書 is 遗书.
   Seafarers from Hong Kong, Taiwan and Macau and phones set to traditional input write so.
3. Case-folded.
4. Zero-width and other format characters (U+200B, U+200D, U+FEFF, soft hyphen, bidi marks)
   are removed outright, so that "自\u200b杀" is "自杀" even in the forms that keep spaces.
5. Look-alike digits inside Latin words become letters ("su1c1de", "k1ll"), because people write
   around filters that way; a digit between digits stays a digit.

Two views are derived from the normalised text:
- ``compact``: only letters and digits — what the Chinese patterns and the classifier's Chinese
  n-grams read ("想 死", "想,死", "想…死" are all "想死");
- ``words``: Latin words separated by single spaces, apostrophes dropped ("can't" → "cant") —
  what the English patterns read, with word boundaries.

Nothing here can fail on odd input: every step is total over ``str``; ``None`` is "".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`]")
_NOT_LATIN = re.compile(r"[^a-z0-9]+")
# A digit used as a letter: inside a run of letters on at least one side and not between digits.
_LEET = {"1": "i", "3": "e", "0": "o", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
_LEET_RE = re.compile(r"(?<=[a-z])[1304@$57](?=[a-z])|(?<=[a-z][a-z])[1304@$57]\b")


def _without_format_characters(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


@lru_cache(maxsize=1024)
def normalise(text: str | None) -> str:
    """NFKC, simplified, case-folded, without format characters, look-alike digits as letters."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text)
    folded = _T2S.convert(folded).casefold()
    folded = _without_format_characters(folded)
    return _LEET_RE.sub(lambda match: _LEET[match.group(0)], folded)


def compact(text: str | None) -> str:
    """The normalised text with everything but letters and digits removed."""
    return "".join(ch for ch in normalise(text) if unicodedata.category(ch)[0] in "LN")


def words(text: str | None) -> str:
    """The normalised text as Latin words separated by single spaces, padded with one space."""
    return " " + _NOT_LATIN.sub(" ", _APOSTROPHES.sub("", normalise(text))).strip() + " "
