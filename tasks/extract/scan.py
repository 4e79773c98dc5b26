"""Where reporting verbs and nouns can start, for a whole batch of articles at once (and the
memoised normalisation of the verb forms found).

The vocabulary scan of quote extraction (``Vocab.scan_re``, a trie of ~500 verb forms and
reporting nouns) is the one ``re`` pattern that must be tried at every character of an article:
it is the slowest single step of extraction. Every match starts with the first word of one of
the forms, so polars finds the candidate positions for the whole batch in Rust first and
Python ``re`` then only tries the pattern there (``scan_matches``): the same matches as
``scan_re.finditer``, a fraction of the time. Offsets are counted in CHARACTERS
(``str.len_chars``), never bytes.
"""

from __future__ import annotations

import re

import polars as pl

from tasks.extract.speaker import Vocab
from tasks.match_at import matches_at

_NOT_BEFORE = "_-’'"  # with letters and digits: a character a match never follows
_FIRST: dict[int, tuple[Vocab, tuple[str, ...] | None]] = {}


def _first_words(vocab: Vocab) -> tuple[str, ...] | None:
    """The first words of all scanned forms, or None when one is not plain ASCII letters (the
    candidate search then cannot be trusted to find every match: use the regex scan)."""
    got = _FIRST.get(id(vocab))
    if got is None or got[0] is not vocab:
        got = _FIRST[id(vocab)] = (vocab, _compute_first_words(vocab))
    return got[1]


def _compute_first_words(vocab: Vocab) -> tuple[str, ...] | None:
    forms = set(vocab.frames) | vocab.words.get("noun_that", frozenset()) | vocab.words.get(
        "noun_to", frozenset()
    )
    first = {re.split(r"\s", f)[0] for f in forms}
    if not first or not all(w.isascii() and w.isalpha() for w in first):
        return None
    return tuple(sorted(first))


def scan_starts(texts: list[str | None], vocab: Vocab) -> list[list[int] | None]:
    """For each text, increasing character positions where a match of ``vocab.scan_re`` may
    start: a superset of them (every place where a form's first word follows a character that is
    not an ASCII letter, in any case). None for a text that is not a string, or for all texts
    when the vocabulary does not allow it.

    Rust does it all: ``extract_all`` cuts each text into pieces that each end with one such
    first word; the CHARACTER length of the pieces summed up is where each word ends, minus
    the word's length (its trailing letters) is where it starts."""
    pattern = _candidate_pattern(vocab)
    if pattern is None or not texts:
        return [None] * len(texts)
    e = pl.element()
    try:
        series = pl.Series("text", texts, dtype=pl.String, strict=False)
        found = series.str.extract_all(pattern).list.eval(
            e.str.len_chars().cum_sum() - e.str.extract(r"([A-Za-z]+)$", 1).str.len_chars()
        ).to_list()
    except Exception:  # texts polars cannot hold: every article falls back to the regex scan
        return [None] * len(texts)
    out: list[list[int] | None] = []
    for text, starts in zip(texts, found):
        if not isinstance(text, str) or starts is None:
            out.append(None)
        else:
            out.append([p for p in starts if p is not None])  # None: a Unicode case fold
    return out


def _candidate_pattern(vocab: Vocab) -> str | None:
    """``.*?`` up to the next first word of a form that no ASCII letter precedes (Rust regex:
    lazy, leftmost-first; the words are tried longest first)."""
    first = _first_words(vocab)
    if first is None:
        return None
    words = sorted(first, key=lambda w: (-len(w), w))
    return r"(?s).*?(?:^|[^A-Za-z])(?i:%s)" % "|".join(words)


def scan_matches(text: str, starts: list[int] | None, vocab: Vocab) -> list[re.Match]:
    """``list(vocab.scan_re.finditer(text))`` with the matches that do not start a word left
    out, trying the pattern at ``starts`` only (all of them when ``starts`` is None)."""
    if starts is None:
        out = []
        for v in vocab.scan_re.finditer(text):
            st = v.start()
            if st and (text[st - 1].isalnum() or text[st - 1] in _NOT_BEFORE):
                continue
            out.append(v)
        return out
    # the pattern's lookbehind: a match starts a word
    word_starts = (p for p in starts
                   if not (p and (text[p - 1].isalnum() or text[p - 1] in _NOT_BEFORE)))
    return list(matches_at(vocab.scan_re, text, word_starts))


_SPACES = re.compile(r"\s+")
_SPACED: dict[str, str] = {}  # verb as written -> whitespace runs made single spaces
_FORMS: dict[str, str] = {}  # verb as written -> lower case, single spaces (its vocabulary form)


def spaced(verb: str) -> str:
    """The verb with each whitespace run made one space, memoised (a few hundred distinct)."""
    got = _SPACED.get(verb)
    if got is None:
        got = _SPACED[verb] = _SPACES.sub(" ", verb)
    return got


def verb_form(verb: str) -> str:
    """The vocabulary form of a verb as written: lower case, single spaces; memoised."""
    got = _FORMS.get(verb)
    if got is None:
        got = _FORMS[verb] = _SPACES.sub(" ", verb.lower())
    return got


_KINDS: dict[int, tuple[Vocab, dict[str, int]]] = {}


def scan_kinds(vocab: Vocab) -> dict[str, int]:
    """The memo of ``scan_kind`` for this vocabulary (matched string -> kind bits)."""
    got = _KINDS.get(id(vocab))
    if got is None or got[0] is not vocab:
        got = _KINDS[id(vocab)] = (vocab, {})
    return got[1]


def scan_kind(g: str, vocab: Vocab) -> int:
    """What a match of the vocabulary scan is: bit 1 a reporting noun (one word), bit 2 a
    reporting verb form."""
    form = g.lower()
    nouns = vocab.words.get("noun_that", frozenset()) | vocab.words.get("noun_to", frozenset())
    noun = " " not in form and "\n" not in form and form in nouns
    verb = form in vocab.frames or re.sub(r"\s+", " ", form) in vocab.frames
    return (1 if noun else 0) | (2 if verb else 0)
