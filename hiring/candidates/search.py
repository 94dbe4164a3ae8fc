"""Finding people: the one rule for what a search matches. Pure.

A search matches a candidate when every word of the query is found in their name or email,
ignoring case and accents, in any script: "jose" finds José, "王" finds 王芳, "SITI" finds Siti.

- Both sides are read the same way (`search_key`): NFKD, combining marks dropped where they sit on
  a Latin, Greek or Cyrillic letter (accents: é → e, ñ → n, ç → c), case-folded, NFKC again,
  zero-width characters dropped, whitespace collapsed. Marks of other scripts stay: a Devanagari
  vowel sign is a letter of the word, not an accent (प्रिया stays प्रिया).
- Candidates keep their key in a column (`Candidate.search_text`, kept up to date by the model),
  so the database does the matching with LIKE on any engine; `like_pattern` escapes what LIKE reads
  as wildcards, so "%" or "_" in a query match themselves.
"""

from __future__ import annotations

import unicodedata

#: Accents are dropped only from letters of these scripts (the first word of a character's name).
_ACCENTED_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
#: The longest query read; anything longer is cut (a name and an email fit well within it).
MAX_QUERY = 100
ESCAPE = "\\"


def search_key(text: str) -> str:
    """`text` as searches compare it (see the module docstring)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    kept: list[str] = []
    base_script = ""
    for char in decomposed:
        if unicodedata.combining(char):
            if base_script in _ACCENTED_SCRIPTS:
                continue
        else:
            base_script = unicodedata.name(char, " ").split(" ")[0]
        kept.append(char)
    folded = unicodedata.normalize("NFKC", "".join(kept).casefold())
    return " ".join(folded.translate(_INVISIBLE).split())


def query_words(query: str) -> list[str]:
    """The words of a query, each as `search_key` reads it; [] when there is nothing to look for."""
    return search_key((query or "")[:MAX_QUERY]).split()


def like_pattern(word: str) -> str:
    """A LIKE pattern matching `word` anywhere, its own % and _ taken literally (escape: `ESCAPE`)."""
    escaped = word.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")
    return f"%{escaped}%"
