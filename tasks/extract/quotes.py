"""Quote extraction: direct, indirect and mixed quotes with their reporting verb and the words
that mention the speaker (resolution of the mention to an actor happens in tasks/attribute/speakers.py).

This module holds the entry points (``extract_quotes`` for a batch, ``quotes_in_text`` for one
text) and the sentence loop that applies the rules to one article:
1. quotation-mark spans (tasks/extract/marks.py) and quote-aware sentences;
2. direct quotes (tasks/extract/direct.py): a quoted stretch that opens a sentence or follows
   ``,`` / ``:``, attributed by a reporting verb next to it (``"…," he said`` / ``X said: "…"`` /
   ``X: "…"``) or floating (a quoted sentence with no attribution of its own; mention "");
3. indirect quotes (tasks/extract/indirect.py): every other reporting verb with a speaker
   mention (``X said (that) …``, ``…, X said``, ``Too often, he says, they get it``,
   ``according to X``, ``X urged Y to …``, ``…, adding that …``, ``X called it a …``); the
   reported clause is "mixed" when it contains quoted fragments (scare quotes alone are not quotes);
4. reporting nouns with a source (tasks/extract/nouns.py): ``Ukraine's claim that …``.
The per-article state the rules share (``Article``) and ``Quote``: tasks/extract/article.py.
Speaker mentions: tasks/extract/speaker.py; regular patterns: tasks/extract/patterns.py; where
reporting verbs and nouns may start, found for the whole batch at once: tasks/extract/scan.py.
Span conventions follow the war guidelines: direct = inside the marks; indirect = the clause
after the verb / "that" (or before "according to"), without attribution and final period.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from functools import partial

import polars as pl

from tasks.contract import EXTRACTED, conform, empty
from tasks.extract.article import Article, Quote, add, in_clause, in_mark
from tasks.extract.direct import attrib_after, attrib_before, opens_attribution, standalone
from tasks.extract.indirect import add_clause, clause_end, indirect
from tasks.extract.marks import Mark, sentence_spans
from tasks.extract.nouns import noun_match_at, noun_quotes
from tasks.extract.patterns import words_upto
from tasks.extract.scan import scan_kind, scan_kinds, scan_matches, scan_starts, spaced
from tasks.extract.speaker import SpeakerFinder, Vocab, load_vocab

_LOG = logging.getLogger(__name__)

MIN_FLOAT_WORDS = 4  # an unattributed quoted sentence needs this many words to be a quote
MIN_ATTRIB_WORDS = 2  # an attributed standalone quote needs this many words


def article_quotes(art: Article) -> list[Quote]:
    """All quotes of one article, in reading order: sentence by sentence, then deduplicated."""
    text = art.text
    abbrevs = art.vocab.words.get("abbrev", frozenset())
    verbs_all, nouns = scan(art)
    vstarts = [v.start() for v in verbs_all]
    art.verbs, art.vstarts = verbs_all, vstarts
    nstarts = [n.start() for n in nouns]
    paragraphs = text.count("\n") >= 3
    for s, e in sentence_spans(text, art.marks, abbrevs, partial(opens_attribution, art)):
        lo, hi = bisect_left(art.opens, s), bisect_left(art.opens, e)
        vlo, vhi = bisect_left(vstarts, s), bisect_left(vstarts, e)
        nlo, nhi = bisect_left(nstarts, s), bisect_left(nstarts, e)
        if lo == hi and vlo == vhi and nlo == nhi:
            continue
        if paragraphs and headline(art, s, e):
            continue
        sentence(art, s, e, verbs_all[vlo:vhi], art.marks[lo:hi], nouns[nlo:nhi])
    art.quotes.sort(key=lambda q: q.start)
    if "Related: " in text:  # a link to another story, flattened into the body: no quote
        links = [m.span() for m in RELATED_LINK.finditer(text)]
        art.quotes = [q for q in art.quotes if not any(a <= q.start < b for a, b in links)]
    return dedupe(art.quotes)


# "Related: <headline>" up to the next paragraph break (a newline, or the run of spaces a
# flattened one leaves): the Guardian's links to other stories inside the body
RELATED_LINK = re.compile(r"(?<![\w,;])Related: [^\n]*?(?=[ \t]{2,}|\n|$)")


def scan(art: Article) -> tuple[list[re.Match], list[re.Match]]:
    """Reporting verbs outside quotation marks, and reporting nouns with their complement,
    in one pass of the vocabulary trie."""
    text, vocab = art.text, art.vocab
    kinds = scan_kinds(vocab)
    verbs, nouns = [], []
    for v in scan_matches(text, art.scan_starts, vocab):
        st = v.start()
        g = v.group()
        kind = kinds.get(g)
        if kind is None:
            kind = kinds[g] = scan_kind(g, vocab)
        if kind & 1:
            n = noun_match_at(text, st, vocab)
            if n is not None:
                nouns.append(n)
        if kind & 2 and not in_mark(art, st):
            verbs.append(v)
    return verbs, nouns


def headline(art: Article, s: int, e: int) -> bool:
    """A whole short line without final punctuation: a headline or label, not body text."""
    text = art.text
    if (s > 0 and text[s - 1] != "\n") or (e < len(text) and text[e] != "\n"):
        return False
    return text[e - 1] not in ".!?\"”’)…:;," and words_upto(text, s, e, 25) < 25


def sentence(
    art: Article, s: int, e: int, verbs: list[re.Match], marks: list[Mark], nouns: list[re.Match]
) -> None:
    """The quotes of sentence [s, e): its direct quotes first, then indirect and mixed quotes of
    the verbs no direct quote used, then reporting nouns."""
    used: dict[int, int] = {}  # verb start -> end of its attribution
    direct: list[Mark] = []
    last_mention = None
    last_verb = ""
    for k in marks:
        if not standalone(art, k, s):
            continue
        n = words_upto(art.text, k.start, k.end, MIN_FLOAT_WORDS)
        att = attrib_after(art, k, verbs, e) or attrib_before(art, k, verbs, s)
        if att:
            v, m = att
            if n < MIN_ATTRIB_WORDS:
                continue
            if v is not None:
                used[v.start()] = max(v.end(), m[1])
            last_mention, last_verb = m, (v.group() if v is not None else "")
            add(art, k.start, k.end, "direct", last_verb, m)
            direct.append(k)
        elif n >= MIN_FLOAT_WORDS and (
            floating_ok(art, k, s, e) or art.text[k.end - 1] in ",.!?…"
        ):
            add(art, k.start, k.end, "direct", "", None)
            direct.append(k)
    clause_lo = s
    art.used_ends = set(used.values())
    for v in verbs:
        if v.start() in used:
            clause_lo = max(clause_lo, used[v.start()])
            continue
        if in_clause(art, v.start()):
            continue
        got = indirect(art, v, s, e, clause_lo, direct, last_mention)
        if got:
            last_mention = got.mention or last_mention
            clause_lo = max(clause_lo, v.end())
    if not nouns:
        return  # no reporting noun in the sentence
    for nq in noun_quotes(art.text, s, [n for n in nouns if n.end() <= e], art.vocab, art.sp):
        got = add_clause(art, nq.start, clause_end(art, nq.start, e), nq.noun, nq.mention,
                         direct, check_verb=False)
        if got:
            got.nested = True


def floating_ok(art: Article, k: Mark, s: int, e: int) -> bool:
    """A quoted stretch without attribution counts when it is the bulk of its sentence."""
    outside = art.text[s : k.open] + art.text[k.outer_end : e]
    return words_upto(outside, 0, len(outside), 4) <= 3


def dedupe(quotes: list[Quote]) -> list[Quote]:
    out: list[Quote] = []
    for q in quotes:
        if out and q.start < out[-1].end:
            prev = out[-1]
            if q.nested and q.end <= prev.end and q.start > prev.start:
                out.append(q)  # "X rejected Ukraine's claim that …": both are quotes
                continue
            if q.kind == "direct" and prev.kind != "direct":
                continue
            overlap = min(q.end, prev.end) - q.start
            if overlap > 0.5 * min(q.end - q.start, prev.end - prev.start):
                continue
        out.append(q)
    return out


def quotes_in_text(text: str, starts: list[int] | None = None) -> list[Quote]:
    """All quotes of one article text, in reading order (``starts``: the candidate positions
    of vocabulary matches from ``scan_starts``; None scans the whole text)."""
    if not text:
        return []
    vocab = load_vocab()
    return article_quotes(Article.of(text, vocab, _finder(vocab), starts))


_FINDERS: dict[int, SpeakerFinder] = {}


def _finder(vocab: Vocab) -> SpeakerFinder:
    f = _FINDERS.get(id(vocab))
    if f is None:
        f = _FINDERS[id(vocab)] = SpeakerFinder(vocab)
    return f


def extract_quotes(articles: pl.DataFrame) -> pl.DataFrame:
    """EXTRACTED frame for a batch of articles (needs columns ``article_id`` and ``text``)."""
    if articles.height == 0:
        return empty(EXTRACTED)
    texts = articles["text"].to_list()
    all_starts = scan_starts(texts, load_vocab())
    out: list[tuple] = []  # one row per quote, in EXTRACTED column order
    append = out.append
    for aid, text, starts in zip(articles["article_id"].to_list(), texts, all_starts):
        if not isinstance(text, str):
            continue
        try:
            found = quotes_in_text(text, starts)
        except Exception as exc:  # a rule bug must not sink the batch; say which article
            _LOG.warning("quote extraction failed for article %s: %s", aid, exc)
            continue
        sid = str(aid)
        for i, q in enumerate(found):
            if q.mention:
                ms, me = q.mention
                mention = text[ms:me]
            else:
                ms = me = None
                mention = ""
            append((sid, i, q.start, q.end, text[q.start : q.end], q.kind, spaced(q.verb),
                    mention, ms, me))
    if not out:
        return empty(EXTRACTED)
    rows = {c: list(col) for c, col in zip(EXTRACTED, zip(*out))}
    return conform(pl.DataFrame(rows, schema=EXTRACTED), EXTRACTED)
