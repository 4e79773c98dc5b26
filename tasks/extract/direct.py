"""Direct quotes and their attribution, for quote extraction (the sentence loop in
tasks/extract/quotes.py calls these on each quoted stretch).

A quoted stretch is a candidate direct quote when it opens its sentence or follows ``,`` / ``:``
or a reporting verb; its attribution is a reporting verb next to it with a speaker mention:
``"…," he said`` / ``"…," said X`` / ``"…," former U.S. ambassador to NATO, Kurt Volker told
ABC`` / ``X said: "…"`` / ``X: "…"``. A quote ending in ``?”`` / ``!”`` keeps the attribution
that follows it (``opens_attribution`` is consulted by the sentence splitter).

Functions over the per-article state ``Article`` (tasks/extract/article.py).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from tasks.extract.article import Article, after_comma, and_before, subject
from tasks.extract.marks import Mark, is_abbrev
from tasks.extract.patterns import (
    CLAUSE_TAIL,
    GAP_AFTER_STOP,
    GAP_BEFORE_STOP,
    NOUN_USE,
    PLATFORM_BEFORE_COLON,
    ROLE_COMMA,
    SENTENCE_STOP,
    WORD,
    ends_that,
    ends_verb,
    words_upto,
)

MAX_GAP = 160  # characters between a quote and its attribution verb
# spaces of any kind (no-break spaces too) and dashes/commas at both ends of a stretch
_EDGE_PUNCT = re.compile(r"^[\s,—–-]+|[\s,—–-]+$")


def standalone(art: Article, k: Mark, s: int) -> bool:
    """A quote that opens its sentence or follows ``,`` ``:`` ``—``: candidate direct quote."""
    i = k.open - 1
    while i >= s and art.text[i].isspace():
        i -= 1
    if i < s or art.text[i] in ",:;—–-([" or art.text[i] in "”\"’»":
        return True
    # right after a reporting verb (or its "that"): X hailed "…" / X told Y that "…"
    prefix = art.text[max(s, i - 40) : i + 1]
    if ends_that(prefix) and art.vocab.verb_re.search(art.text, s, i):
        return ends_clause(art, k)
    verb = ends_verb(prefix)
    return bool(verb and art.vocab.verb_re.fullmatch(verb)) and ends_clause(art, k)


def ends_clause(art: Article, k: Mark) -> bool:
    if art.text[k.end - 1] in ",.!?…":
        return True  # the quote carries its own closing punctuation
    return bool(CLAUSE_TAIL.match(art.text, k.outer_end)) and not art.text.startswith(
        (" on", " in", " at"), k.outer_end
    )


def attrib_after(art: Article, k: Mark, verbs: list[re.Match], e: int):
    """``"…," he said`` / ``"…," said X`` / ``"…," X told reporters``."""
    for v in verbs:
        if v.start() < k.outer_end:
            continue
        gap = art.text[k.outer_end : v.start()]
        if len(gap) > MAX_GAP or GAP_AFTER_STOP.search(gap):
            return None
        if NOUN_USE.search(gap):
            continue  # "…," the report said: "report" is a noun here, the verb comes later
        if gap.strip(" ,—–-\n") == "":
            m = art.sp.after(art.text, v.end(), e) or art.sp.after_loose(art.text, v.end(), e)
        else:
            m = art.sp.before(art.text, k.outer_end, v.start())
            if m is None:
                return None
            extra = _EDGE_PUNCT.sub("", art.text[k.outer_end : m[0]])
            if extra and ROLE_COMMA.fullmatch(art.text, k.outer_end, m[0]) and role_phrase(art, extra):
                # "…," former U.S. ambassador to NATO, Kurt Volker told ABC: role, name
                return v, (art.text.index(extra, k.outer_end), m[1])
            if extra:
                if words_upto(extra, 0, len(extra), 6) > 5 or any(c in extra for c in ",;:()"):
                    return None
                if not (extra[0].isupper() or extra.split()[0].lower() in {"the", "a", "an"}):
                    return (v, m)  # "…," in the coming weeks, Beasley said: keep the name only
                m = (art.text.index(extra, k.outer_end), m[1])
        return (v, m) if m else None
    return None


def appositive_of_speaker(art: Article, cs: int, ce: int) -> bool:
    """The stretch right after a direct quote's speaker describes that speaker."""
    return cs in art.used_ends and role_phrase(art, art.text[cs:ce])


def role_phrase(art: Article, phrase: str) -> bool:
    """A description that names a role ("former U.S. ambassador to NATO")."""
    words = [w.lower() for w in WORD.findall(phrase)]
    if not words or words[0].endswith(("ing", "ed")) or words[0] in art.sp.connect:
        return False
    return any(art.sp.is_role(w) for w in words)


def attrib_before(art: Article, k: Mark, verbs: list[re.Match], s: int):
    """``X said: "…"`` / ``X told reporters, "…"`` / ``X: "…"``."""
    prior = [v for v in verbs if v.end() <= k.open]
    if prior:
        v = prior[-1]
        gap = art.text[v.end() : k.open]
        if len(gap) <= MAX_GAP and not GAP_BEFORE_STOP.search(gap):
            if v.group().lower().startswith("according"):
                m = art.sp.after(art.text, v.end(), k.open)
            else:
                m = art.sp.before(art.text, s, v.start())
                if m is None and v.group().endswith("ing") and after_comma(art, v.start(), s):
                    m = art.sp.after(art.text, s, v.start())  # "X, …, denied it, saying: …"
                if m is None and after_comma(art, v.start(), s):
                    # "…, said X: “…”", else "X, asked what …, said: “…”"
                    m = art.sp.after(art.text, v.end(), k.open) or \
                        _interrupted_subject(art, s, v.start())
                if m is None and and_before(art, v.start(), s) is not None:
                    m = subject(art, s, v.start())  # "X did not reveal …, but said “…”"
            if m:
                return v, m
    j = k.open - 1
    while j > s and art.text[j].isspace():
        j -= 1
    if j > s and art.text[j] == ":":
        if PLATFORM_BEFORE_COLON.search(art.text, max(s, j - 40), j):
            return None
        m = art.sp.before(art.text, s, j)
        if m and not art.text[m[0] : m[1]].isupper():
            return None, m
    return None


def _interrupted_subject(art: Article, s: int, v: int) -> tuple[int, int] | None:
    """``X, asked what the U.S. would do, said: "…"``: the sentence's subject, set off by a
    comma from a short clause that runs up to the reporting verb."""
    m = subject(art, s, v)
    if m is None or not art.text.startswith(",", m[1]):
        return None
    clause = art.text[m[1] + 1:v].rstrip(" ,")
    if not clause or words_upto(clause, 0, len(clause), 26) > 25 or stops_sentence(art, m[1], v):
        return None
    return m


def name_start(art: Article, pos: int, s: int) -> int:
    """Where the words before a mention start after a comma or closing quote when they are
    a short capitalised description ("Vauxhall’s U.K. managing director" + name)."""
    i = pos - 1
    while i > s and (
        art.text[i] not in ",”\"’—–;:!?"
        or (art.text[i] == "’" and not art.text[i + 1].isspace())  # Vauxhall’s
    ):
        i -= 1
    if i <= s or art.text[i] not in ",”\"’—–":
        return pos
    lead = i + 1
    while lead < pos and art.text[lead].isspace():
        lead += 1
    between = art.text[lead:pos]
    if not between or not between[0].isupper() or words_upto(art.text, lead, pos, 6) > 5:
        return pos
    return lead


def opens_attribution(art: Article, pos: int) -> bool:
    """Does the text at ``pos`` start with a speaker and a reporting verb and nothing else
    ("Peskov told reporters …", "Michael Every, a strategist at Rabobank, said …")?"""
    text = art.text
    i = bisect_left(art.vstarts, pos)
    if i >= len(art.verbs) or art.verbs[i].start() > pos + 160:
        return False
    v = art.verbs[i]
    if stops_sentence(art, pos, v.start()):
        return False
    if v.start() == pos:
        return True  # "Said Peskov: …"
    m = art.sp.before(text, pos, v.start())
    return m is not None and m[0] == pos


_PARTY_TAG_END = re.compile(r"[DRI]-[A-Z][A-Za-z.]*$")


def stops_sentence(art: Article, a: int, b: int) -> bool:
    """Whether [a, b) holds a sentence end or a quote mark; the periods of abbreviations and
    party tags do not count ("Rep. Steve Cohen, D-Tenn., tweeted")."""
    text = art.text
    abbrevs = art.vocab.words.get("abbrev", frozenset())
    for m in SENTENCE_STOP.finditer(text, a, b):
        i = m.start()
        if text[i] == "." and (is_abbrev(text, i, abbrevs)
                               or _PARTY_TAG_END.search(text, max(a, i - 14), i)):
            continue
        return True
    return False
