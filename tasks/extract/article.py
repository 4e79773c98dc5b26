"""The per-article extraction state (``Article``), the ``Quote`` it collects, and the position
helpers every rule uses (direct rules in tasks/extract/direct.py, indirect and mixed rules in
tasks/extract/indirect.py, the sentence loop in tasks/extract/quotes.py).

Every rule is a plain function whose first argument is the ``Article``: ``after_comma(art, pos,
s)``. Offsets are character offsets into ``art.text``; ``s`` / ``e`` are the bounds of the
sentence being read.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field

from tasks.extract.marks import Mark, find_marks
from tasks.extract.patterns import CONJ_VERB, DATELINE, LEAD, WORD
from tasks.extract.speaker import SpeakerFinder, Vocab


@dataclass
class Quote:
    """One extracted quote (offsets into the article text)."""

    start: int
    end: int
    kind: str
    verb: str = ""
    mention: tuple[int, int] | None = None
    nested: bool = False  # a reporting-noun quote may sit inside another quote's clause


@dataclass(slots=True, eq=False)
class Article:
    """Extraction state for one article: its text and vocabulary, its quotation marks, the
    reporting verbs found in it, and the quotes and reported clauses found so far."""

    text: str
    vocab: Vocab
    sp: SpeakerFinder  # finds the speaker mention before / after a reporting verb
    scan_starts: list[int] | None  # where vocabulary matches may start (None: anywhere)
    marks: list[Mark]  # quotation-mark spans, in text order
    opens: list[int]  # ``k.open`` of every mark (sorted)
    starts: list[int]  # ``k.start`` of every mark (sorted)
    # reporting verbs outside quotation marks and their starts (set by the sentence loop)
    verbs: list[re.Match] = field(default_factory=list)
    vstarts: list[int] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    used_ends: set[int] = field(default_factory=set)  # ends of the direct attributions of the sentence
    # reported clauses (indirect/mixed) found so far, sorted by start, for O(log n) lookups
    clauses: list[tuple[int, int]] = field(default_factory=list)
    clause_len: int = 0  # the longest of ``clauses``

    @classmethod
    def of(
        cls, text: str, vocab: Vocab, finder: SpeakerFinder, starts: list[int] | None = None
    ) -> Article:
        """A fresh state for ``text`` (``starts``: candidate vocabulary positions, or None)."""
        marks = find_marks(text)
        return cls(text, vocab, finder, starts, marks, [k.open for k in marks],
                   [k.start for k in marks])


def in_mark(art: Article, pos: int) -> bool:
    """Does ``pos`` fall inside a pair of quotation marks?"""
    i = bisect_right(art.opens, pos) - 1
    return i >= 0 and pos < art.marks[i].outer_end


def after_comma(art: Article, pos: int, s: int) -> bool:
    """Is ``pos`` right after a comma, a closing quote or a dash (spaces between)?"""
    i = pos - 1
    while i >= s and art.text[i].isspace():
        i -= 1
    return i >= s and art.text[i] in ",”\"’—–"


def and_before(art: Article, pos: int, lo: int) -> int | None:
    """Where "and"/"but" (+ "also") starts right before a verb (``said … and urged …``)."""
    m = CONJ_VERB.search(art.text, max(lo, pos - 20), pos)
    return m.start() if m else None


def subject(art: Article, s: int, hi: int) -> tuple[int, int] | None:
    """The subject mention opening the sentence, after a dateline and a leading adverbial
    ("Meanwhile, X …", "In February 2022, X …", "But X …"); None when it is not a mention."""
    text = art.text
    d = DATELINE.match(text, s, hi)
    pos = d.end() if d else s
    lead = LEAD.match(text, pos, hi)
    if lead:
        pos = lead.end()
    m = art.sp.after(text, pos, hi)
    if m is None:
        return None
    toks = list(WORD.finditer(text, m[0], m[1]))
    if toks and toks[0].group().lower() in art.sp.connect:
        return None
    last = toks[-1].group() if toks else ""
    prev = toks[-2].group() if len(toks) > 1 else ""
    if (
        prev[:1].isupper()
        and prev.lower() not in art.sp.mod
        and prev.lower() not in {"the", "a", "an", "this", "these", "those", "its"}
        and last.islower()
        and last not in art.sp.role
        and last.endswith("s")
    ):
        return m[0], toks[-2].end()  # "Golden remembers": the verb, not an agent noun
    return m


def add(art: Article, start: int, end: int, kind: str, verb: str, m) -> Quote:
    """Record a quote (a reported clause, unless ``kind`` is "direct", also in ``clauses``)."""
    q = Quote(start, end, kind, verb, m)
    art.quotes.append(q)
    if kind != "direct":
        insort(art.clauses, (start, end))
        art.clause_len = max(art.clause_len, end - start)
    return q


def in_clause(art: Article, pos: int) -> bool:
    """Does ``pos`` fall inside a reported clause found so far? (only clauses starting
    within the longest clause's length before ``pos`` can hold it)"""
    lo = bisect_left(art.clauses, (pos - art.clause_len, -1))
    hi = bisect_right(art.clauses, (pos, float("inf")))
    return any(pos < end for _, end in art.clauses[lo:hi])
