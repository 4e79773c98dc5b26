"""Quotation-mark spans and quote-aware sentence boundaries for quote extraction.

Everything here works on one article text with Python ``re`` (character offsets for free).
All patterns are linear or bounded: quote contents are capped at ``MAX_QUOTE`` characters and
never cross a line break, so stray or unbalanced marks cannot swallow the rest of an article.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from tasks.match_at import matches_at

MAX_QUOTE = 2000  # longest quote content (characters) taken from a pair of marks
MAX_SINGLE = 600  # single quotes are ambiguous with apostrophes: keep them shorter

# Double-type marks: curly, straight, guillemets, low-9. Content never crosses a newline.
_DOUBLE = re.compile(
    r"“([^“”\n]{1,%d})[”„]"  # curly (some outlets close with a low mark; tolerate)
    r"|(?!(?<=\w)\"\s)\"([^\"\n]{1,%d})\"(?!(?<=\s\")[\w‘'])"  # straight: a mark between a
    # word and a space only closes ('Putin" target="_blank">': a stray closer), one between a
    # space and a word only opens ('… to make. "We would …': a quote re-opened, news style)
    r"|«([^«»\n]{1,%d})»"  # guillemets
    r"|„([^„“”\n]{1,%d})[“”]" % (MAX_QUOTE, MAX_QUOTE, MAX_QUOTE, MAX_QUOTE)
)
# Single-type marks: the opener follows a non-word char and precedes a letter; the closer
# follows a letter/punctuation and precedes a non-word char (so don't / Ukraine's / '90s fail).
_SINGLE = re.compile(  # the lookbehind sits after the mark so re can skip ahead to marks fast
    r"[‘'](?<![\w’'][‘'])(?=[A-Za-z\u00C0-\u024F\u0400-\u04FF])([^\n]{1,%d}?)(?<=[\w.,!?;:)\]…-])[’'](?![\w’'])"
    % MAX_SINGLE
)
_OPENERS = "“\"«„‘'"
_DOUBLE_CHARS = "“\""  # an opener candidate (checked: after a space, before a letter)
_NEXT_MARK = re.compile(r"[“”\"«»\n]")
_PARA = re.compile(r"[^\n]+")
_BOUNDARY = re.compile(  # one leading character class keeps the scan fast
    r"[.!?…\n](?:(?<=\n)\n*|[.!?…]*[\"”’'»)\]]*\s+(?=[\"“‘'«(\[]?[A-Z0-9\u0400-\u04FF]))"
)
# the characters every match of a pattern starts with (see ``_matches``)
_DOUBLE_FIRST = "“\"«„"
_SINGLE_FIRST = "‘'"
_BOUNDARY_FIRST = ".!?…\n"


def char_positions(text: str, chars: str) -> list[int]:
    """Sorted positions of every occurrence of any of ``chars`` (``str.find`` skips ahead far
    faster than a ``re`` character-class scan)."""
    out: list[int] = []
    find = text.find
    for c in chars:
        i = find(c)
        while i >= 0:
            out.append(i)
            i = find(c, i + 1)
    if len(chars) > 1:
        out.sort()
    return out


def _matches(pattern: re.Pattern, text: str, first: str) -> list[re.Match]:
    """``list(pattern.finditer(text))`` for a pattern whose every match starts with one of the
    characters ``first`` and is never empty."""
    return list(matches_at(pattern, text, char_positions(text, first)))


@dataclass(frozen=True)
class Mark:
    """One quoted stretch: ``open`` is the position of the opening mark, ``start``/``end``
    delimit the words inside and ``outer_end`` is just after the closing mark (== ``end`` when
    the quote runs to a paragraph end without a closing mark)."""

    open: int
    start: int
    end: int
    outer_end: int


def find_marks(text: str) -> list[Mark]:
    """Top-level quoted stretches in reading order (nested quotes stay inside their parent)."""
    marks: list[Mark] = []
    taken: list[tuple[int, int]] = []
    for m in _matches(_DOUBLE, text, _DOUBLE_FIRST):
        g = m.lastindex  # the one group of the branch that matched
        marks.append(Mark(m.start(), m.start(g), m.end(g), m.end()))
        taken.append((m.start(), m.end()))
    for m in _matches(_SINGLE, text, _SINGLE_FIRST):
        if not _inside(m.start(), taken) and not _inside(m.end() - 1, taken):
            marks.append(Mark(m.start(), m.start(1), m.end(1), m.end()))
    marks.extend(_paragraph_openers(text, marks))
    marks.sort(key=lambda k: k.open)
    marks = _drop_nested(marks)
    extra = _unclosed_openers(text, marks)
    if extra:
        marks = sorted(marks + extra, key=lambda k: k.open)
    return marks


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _paragraph_openers(text: str, marks: list[Mark]) -> list[Mark]:
    """Multi-paragraph quotes: a paragraph that opens with a mark never closed in it runs to
    its end (news style: each paragraph re-opens, only the last one closes)."""
    out: list[Mark] = []
    if "\n" not in text:
        return out  # one paragraph at most
    starts = {k.open for k in marks}
    paras = list(_PARA.finditer(text))
    if len(paras) < 2:
        return out
    for p in paras:
        i = p.start()
        while i < p.end() and text[i] in " \t":
            i += 1
        if i >= p.end() or text[i] not in "“\"«„" or i in starts:
            continue
        end = p.end()
        while end > i and text[end - 1].isspace():
            end -= 1
        if any(k.open < end and k.outer_end > i for k in marks):
            continue  # the mark pairs with something else in this paragraph
        if 0 < end - i - 1 <= MAX_QUOTE:
            out.append(Mark(i, i + 1, end, end))
    return out


def _unclosed_openers(text: str, marks: list[Mark]) -> list[Mark]:
    """A quote that opens mid-paragraph and is never closed in it (``… ,” he said. “We have
    nothing.`` then a paragraph that re-opens with a mark, news style) runs to the paragraph
    end, or to the next opening mark in the paragraph."""
    out: list[Mark] = []
    taken = {k.open for k in marks} | {k.outer_end - 1 for k in marks}
    for i in char_positions(text, _DOUBLE_CHARS):
        if i in taken:
            continue  # the opening or closing mark of a pair
        if i > 0 and not (text[i - 1].isspace() or text[i - 1] in "([—–"):
            continue
        j = i + 2 if text[i + 1 : i + 2] == " " else i + 1  # 'said: " Russia wants …'
        if j >= len(text) or not (text[j].isalpha() or text[j] in "‘'"):
            continue
        if any(k.open <= i < k.outer_end for k in _near(marks, i)):
            continue
        stop = _NEXT_MARK.search(text, i + 1)
        if stop is None or (text[stop.start()] in "”»\"" and not _reopens(text, stop.start())):
            continue  # closed after all, or a stray mark at the end of the text
        end = stop.start()
        if text[end] == "\n":
            nxt = end
            while nxt < len(text) and text[nxt].isspace():
                nxt += 1
            if nxt >= len(text) or text[nxt] not in "“\"«":
                continue  # only when the next paragraph re-opens the quote (news style)
        while end > j and text[end - 1].isspace():
            end -= 1
        if end - j > MAX_QUOTE or len(text[j:end].split()) < 4:
            continue
        out.append(Mark(i, j, end, end))
    return out


def _reopens(text: str, i: int) -> bool:
    """A straight mark between a space and a word opens a quote, it closes none."""
    return text[i] == '"' and text[i - 1].isspace() and i + 1 < len(text) and (
        text[i + 1].isalnum() or text[i + 1] in "‘'")


def _near(marks: list[Mark], pos: int) -> list[Mark]:
    lo, hi = 0, len(marks)
    while lo < hi:  # first mark opening after pos
        mid = (lo + hi) // 2
        if marks[mid].open <= pos:
            lo = mid + 1
        else:
            hi = mid
    return marks[max(0, lo - 1) : lo]


def _drop_nested(marks: list[Mark]) -> list[Mark]:
    out: list[Mark] = []
    for k in marks:
        if out and k.open < out[-1].outer_end:
            continue
        out.append(k)
    return out


def sentence_spans(
    text: str,
    marks: list[Mark],
    abbrevs: frozenset[str],
    attribution: Callable[[int], bool] | None = None,
) -> list[tuple[int, int]]:
    """Sentence [start, end) spans; boundaries inside a quote or after an abbreviation
    (Mr., Lt. Gen., U.S., Jan.) or an initial are ignored. Decimal numbers never split.
    ``attribution(pos)`` says whether the text at ``pos`` opens an attribution: a quote ending
    in ``?”`` / ``!”`` then keeps it in its sentence (``“Why negotiate?” Peskov said.``)."""
    cuts = []
    mi = 0
    n_marks = len(marks)
    for m in _boundaries(text):
        a, pos = m.span()
        c = text[a]
        if c != "\n":
            while mi < n_marks and marks[mi].outer_end <= a:
                mi += 1
            if mi < n_marks and marks[mi].open < a and pos <= marks[mi].end:
                continue  # a sentence end inside a quote: keep the quote in one sentence
            if c == "." and is_abbrev(text, a, abbrevs):
                continue
            if (
                attribution is not None
                and c in "?!"
                and text[a + 1 : a + 2] in ("”", '"', "’", "»")
                and "\n" not in text[a:pos]
                and attribution(pos)
            ):
                continue
        cuts.append((a, pos))
    spans = []
    prev = 0
    isspace = str.isspace
    for a, b in cuts + [(len(text), len(text))]:
        if a > prev:
            s, e = prev, a
            while s < e and isspace(text[s]):
                s += 1
            while e > s and isspace(text[e - 1]):
                e -= 1
            if s < e:  # not only whitespace
                spans.append((s, e))
        prev = b
    return spans


_AFTER_END = frozenset(".!?…\"”’'»)]")  # what may follow the first character of a boundary


def _boundaries(text: str) -> list[re.Match]:
    """``list(_BOUNDARY.finditer(text))``: the pattern is tried only where it can match (a
    line break, or ``.!?…`` followed by another end mark, a closing mark or whitespace: not the
    dots of "U.S" or "3.5")."""
    n = len(text)
    positions = [
        p for p in char_positions(text, _BOUNDARY_FIRST)
        # a line break, or a mark with something after it: an end mark, a closing mark or space
        if text[p] == "\n" or (p + 1 < n and (text[p + 1] in _AFTER_END or text[p + 1].isspace()))
    ]
    return list(matches_at(_BOUNDARY, text, positions))


def is_abbrev(text: str, dot: int, abbrevs: frozenset[str]) -> bool:
    """Whether the period at ``dot`` ends an abbreviation or an initial ("Sen.", "U.S.", "J.")."""
    if text[dot] != ".":
        return False
    # the run of letters and dots before the dot: usually it starts after a space
    sp = text.rfind(" ", max(0, dot - 40), dot)
    run = text[sp + 1 : dot] if sp >= 0 else ""
    if not run or not run.replace(".", "").isalpha():
        j = dot  # something else stops the run (or no space near): walk back
        while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
            j -= 1
        run = text[j:dot]
    word = run.lower()
    return len(word) == 1 or word in abbrevs or word.rstrip(".") in abbrevs


def is_opener(ch: str) -> bool:
    """True for any character that can open a quotation."""
    return ch in _OPENERS
