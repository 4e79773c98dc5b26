"""Quote extraction: direct, indirect and mixed quotes with their reporting verb and the words
that mention the speaker (resolution of the mention to an actor happens in tasks/attribute/speakers.py).

Per article (Python ``re``, character offsets):
1. quotation-mark spans (tasks/extract/marks.py) and quote-aware sentences;
2. direct quotes (tasks/extract/direct.py): a quoted stretch that opens a sentence or follows
   ``,`` / ``:``, attributed by a reporting verb next to it (``"…," he said`` / ``X said: "…"`` /
   ``X: "…"``) or floating (a quoted sentence with no attribution of its own; mention "");
3. indirect quotes: every other reporting verb with a speaker mention (``X said (that) …``,
   ``…, X said``, ``Too often, he says, they get it``, ``according to X``, ``X urged Y to …``,
   ``…, adding that …``, ``X called it a …``); the reported clause is "mixed" when it contains
   quoted fragments (scare quotes alone are not quotes);
4. reporting nouns with a source (tasks/extract/nouns.py): ``Ukraine's claim that …``.
Speaker mentions: tasks/extract/speaker.py; regular patterns: tasks/extract/patterns.py; where
reporting verbs and nouns may start, found for the whole batch at once: tasks/extract/scan.py.
Span conventions follow the war guidelines: direct = inside the marks; indirect = the clause
after the verb / "that" (or before "according to"), without attribution and final period.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass

import polars as pl

from tasks.contract import EXTRACTED, conform, empty
from tasks.extract.direct import DirectAttribution
from tasks.extract.marks import Mark, find_marks, sentence_spans
from tasks.extract.nouns import document_source, noun_match_at, noun_object, noun_quotes
from tasks.extract.scan import scan_kind, scan_kinds, scan_matches, scan_starts, spaced, verb_form
from tasks.extract.patterns import (
    _NAMED_OBJECT,
    _TELL_THAT,
    _ADJUNCT_START,
    _WORD,
    _SKIP_AFTER_VERB,
    _TELL_OBJECT,
    _CONJ,
    _NOT_CLAUSE,
    _CLAUSE_TAIL,
    _NOT_CLAUSE_SHORT,
    _NOT_CLAUSE_ANY,
    _RELATIVE_END,
    _INFINITIVE_AFTER,
    _FINITE_WORDS,
    _CONJ_VERB,
    _DATELINE,
    _SUBORD,
    _LEAD,
    _PAREN_TAIL,
    _NOT_CONTINUATION,
    _PASSIVE,
    _AFTER_COMMA_CHARS,
    _QUOTE_CHARS,
    words_upto,
)
from tasks.extract.speaker import SpeakerFinder, Vocab, load_vocab

_LOG = logging.getLogger(__name__)

MIN_FLOAT_WORDS = 4  # an unattributed quoted sentence needs this many words to be a quote
MIN_ATTRIB_WORDS = 2  # an attributed standalone quote needs this many words
MIN_CLAUSE_WORDS = 2  # shortest reported clause

@dataclass
class Quote:
    """One extracted quote (offsets into the article text)."""

    start: int
    end: int
    kind: str
    verb: str = ""
    mention: tuple[int, int] | None = None
    nested: bool = False  # a reporting-noun quote may sit inside another quote's clause


class _Article(DirectAttribution):
    """Extraction state for one article."""

    def __init__(
        self, text: str, vocab: Vocab, finder: SpeakerFinder, starts: list[int] | None = None
    ) -> None:
        self.text = text
        self._scan_starts = starts  # where vocabulary matches may start (None: anywhere)
        self.vocab = vocab
        self.sp = finder
        self.marks = find_marks(text)
        self._opens = [k.open for k in self.marks]
        self._starts = [k.start for k in self.marks]
        self.quotes: list[Quote] = []
        self._used_ends: set[int] = set()  # ends of the direct attributions of the sentence
        # reported clauses (indirect/mixed) found so far, sorted by start, for O(log n) lookups
        self._clauses: list[tuple[int, int]] = []
        self._clause_len = 0

    # -- helpers -------------------------------------------------------------------------------
    def _in_mark(self, pos: int) -> bool:
        i = bisect_right(self._opens, pos) - 1
        return i >= 0 and pos < self.marks[i].outer_end

    # -- rules ---------------------------------------------------------------------------------
    def run(self) -> list[Quote]:
        text = self.text
        abbrevs = self.vocab.words.get("abbrev", frozenset())
        verbs_all, nouns = self._scan()
        vstarts = [v.start() for v in verbs_all]
        self._verbs, self._vstarts = verbs_all, vstarts
        nstarts = [n.start() for n in nouns]
        paragraphs = text.count("\n") >= 3
        for s, e in sentence_spans(text, self.marks, abbrevs, self._opens_attribution):
            lo, hi = bisect_left(self._opens, s), bisect_left(self._opens, e)
            vlo, vhi = bisect_left(vstarts, s), bisect_left(vstarts, e)
            nlo, nhi = bisect_left(nstarts, s), bisect_left(nstarts, e)
            if lo == hi and vlo == vhi and nlo == nhi:
                continue
            if paragraphs and self._headline(s, e):
                continue
            self._sentence(s, e, verbs_all[vlo:vhi], self.marks[lo:hi], nouns[nlo:nhi])
        self.quotes.sort(key=lambda q: q.start)
        return self._dedupe(self.quotes)

    def _scan(self) -> tuple[list[re.Match], list[re.Match]]:
        """Reporting verbs outside quotation marks, and reporting nouns with their complement,
        in one pass of the vocabulary trie."""
        text, vocab = self.text, self.vocab
        kinds = scan_kinds(vocab)
        verbs, nouns = [], []
        for v in scan_matches(text, self._scan_starts, vocab):
            st = v.start()
            g = v.group()
            kind = kinds.get(g)
            if kind is None:
                kind = kinds[g] = scan_kind(g, vocab)
            if kind & 1:
                n = noun_match_at(text, st, vocab)
                if n is not None:
                    nouns.append(n)
            if kind & 2 and not self._in_mark(st):
                verbs.append(v)
        return verbs, nouns

    def _headline(self, s: int, e: int) -> bool:
        """A whole short line without final punctuation: a headline or label, not body text."""
        text = self.text
        if (s > 0 and text[s - 1] != "\n") or (e < len(text) and text[e] != "\n"):
            return False
        return text[e - 1] not in ".!?\"”’)…:;," and words_upto(text, s, e, 25) < 25

    def _sentence(
        self, s: int, e: int, verbs: list[re.Match], marks: list[Mark], nouns: list[re.Match]
    ) -> None:
        used: dict[int, int] = {}  # verb start -> end of its attribution
        direct: list[Mark] = []
        last_mention = None
        last_verb = ""
        for k in marks:
            if not self._standalone(k, s):
                continue
            n = words_upto(self.text, k.start, k.end, MIN_FLOAT_WORDS)
            att = self._attrib_after(k, verbs, e) or self._attrib_before(k, verbs, s)
            if att:
                v, m = att
                if n < MIN_ATTRIB_WORDS:
                    continue
                if v is not None:
                    used[v.start()] = max(v.end(), m[1])
                last_mention, last_verb = m, (v.group() if v is not None else "")
                self._add(k.start, k.end, "direct", last_verb, m)
                direct.append(k)
            elif n >= MIN_FLOAT_WORDS and (
                self._floating_ok(k, s, e) or self.text[k.end - 1] in ",.!?…"
            ):
                self._add(k.start, k.end, "direct", "", None)
                direct.append(k)
        clause_lo = s
        self._used_ends = set(used.values())
        for v in verbs:
            if v.start() in used:
                clause_lo = max(clause_lo, used[v.start()])
                continue
            if self._in_clause(v.start()):
                continue
            got = self._indirect(v, s, e, clause_lo, direct, last_mention)
            if got:
                last_mention = got.mention or last_mention
                clause_lo = max(clause_lo, v.end())
        if not nouns:
            return  # no reporting noun in the sentence
        for nq in noun_quotes(self.text, s, [n for n in nouns if n.end() <= e], self.vocab, self.sp):
            got = self._add_clause(nq.start, self._clause_end(nq.start, e), nq.noun, nq.mention,
                                   direct, check_verb=False)
            if got:
                got.nested = True

    def _floating_ok(self, k: Mark, s: int, e: int) -> bool:
        """A quoted stretch without attribution counts when it is the bulk of its sentence."""
        outside = self.text[s : k.open] + self.text[k.outer_end : e]
        return words_upto(outside, 0, len(outside), 4) <= 3

    def _indirect(self, v, s, e, clause_lo, direct, last_mention) -> Quote | None:
        text = self.text
        form = verb_form(v.group())
        frame = self.vocab.frames.get(form, "clause")
        if _PASSIVE.search(text[max(s, v.start() - 12) : v.start()]):
            return None
        if form.endswith("ed") and _INFINITIVE_AFTER.match(text, v.end()):
            return None  # "fifty people believed to have been inside": a reduced passive
        if frame == "according":
            m = self.sp.after(text, v.end(), e)
            if m is None:
                return None
            m, phrase_end = document_source(text, m, e, self.vocab, self.sp)
            if text[clause_lo : v.start()].strip(" ,—–-") == "":
                cs = phrase_end
                while cs < e and text[cs] in " ,":
                    cs += 1
                ce = self._clause_end(cs, e)
            else:
                cs, ce = self._clause_before(clause_lo, v.start())
            return self._add_clause(cs, ce, v.group(), m, direct)
        conj = self._and_before(v.start(), s) is not None
        participle = (
            form.endswith("ing")
            and (self._after_comma(v.start(), s) or _SUBORD.search(text, max(s, v.start() - 8), v.start()))
        ) or conj
        if participle:
            m = last_mention
            if m is None:
                # "X praised … and said …" / "X arrived in Kyiv on Saturday, saying …": the
                # sentence subject, not the last noun before the comma ("on Twitter, writing")
                m = self._subject(s, v.start())
            if m is None and not conj:
                m = self.sp.before(text, s, self._comma_before(v.start(), s))
            if m is None and conj:
                return None
        else:
            m = self.sp.before(text, s, v.start())
        inverted = False
        if m is None and not participle:
            if not self._after_comma(v.start(), s):
                return None
            m = self.sp.after(text, v.end(), e)
            if m is None or not _CLAUSE_TAIL.match(text, m[1], e):
                return None
            inverted = True
        if inverted:
            cs, ce = self._clause_before(clause_lo, self._comma_before(v.start(), s))
            if self._appositive_of_speaker(cs, ce):
                return None  # "“…,” wrote X, a journalist for Y, AP reported": X's appositive
            got = self._add_clause(cs, ce, v.group(), m, direct)
            return self._continuation(m[1], e, v.group(), m, direct, after_name=True) or got
        if frame == "name":
            return self._naming(v, m, e, direct)
        weak = frame in ("weak", "strict")
        strict = frame == "strict"
        cs = self._content_start(v, frame, e)
        after_comma = _AFTER_COMMA_CHARS.search(text, v.end(), cs + 1) is not None
        if not after_comma and self._nested(cs, e):
            return None  # "X reported that Y, …, wrote that …": Y's verb carries the quote
        ce = self._clause_end(cs, e)
        if m is None:
            return self._add_clause(cs, ce, v.group(), None, direct)  # "…, saying …" unknown subject
        dash = after_comma and m[0] > clause_lo
        if not dash and not participle and m[0] > clause_lo and _ADJUNCT_START.match(text, cs, ce):
            # "“…,” Mr. Corbyn told the House before slamming …": the speech is before
            dash = self._after_comma(self._name_start(m[0], s), s)
        if (dash or words_upto(text, cs, ce, MIN_CLAUSE_WORDS) < MIN_CLAUSE_WORDS) and not participle:
            lead = self._name_start(m[0], s)
            if not self._after_comma(lead, s):
                return None  # "…, X said." needs the comma before X
            if lead < m[0]:
                m = (lead, m[1])  # "…,” Vauxhall’s U.K. managing director Stephen Norman said
            lo = m[0] if m[0] > clause_lo else v.start()
            cs, ce = self._clause_before(clause_lo, self._comma_before(lo, s))
            if self._appositive_of_speaker(cs, ce):
                return None  # "“…,” wrote X, a journalist for Y, AP reported": a credit
            got = self._add_clause(cs, ce, v.group(), m, direct)
            return self._continuation(v.end(), e, v.group(), m, direct) or got
        if strict and not (
            re.search(r"\bthat\b", text[v.end() : cs])
            or self._clause_like(cs, ce)
            or noun_object(text, cs, ce, self.vocab)
        ):
            return None  # "denied a request", "announced the end of the siege": an object, no claim
        return self._add_clause(cs, ce, v.group(), m, direct, weak)

    def _naming(self, v: re.Match, m, e: int, direct: list[Mark]) -> Quote | None:
        """``Trudeau called the allegation “false”`` / ``They called it a bandage solution``:
        the evaluation after the object is the quote (needs a subject)."""
        if m is None:
            return None
        text = self.text
        obj = _NAMED_OBJECT.match(text, v.end(), e)
        if obj is None:
            return None
        cs = obj.end()
        if _ADJUNCT_START.match(text, cs, e) or _NOT_CONTINUATION.match(text, cs, e):
            return None  # "called him on Monday to …": a phone call
        ce = self._clause_end(cs, e)
        quoted = text[cs : cs + 1] in "“\"‘«"
        if not quoted and (
            not re.match(r"(?:an?|the)\s+\S+\s+\S", text[cs:ce])
            or _QUOTE_CHARS.search(text, cs, ce) is not None
        ):
            # without marks, only a noun phrase of 3+ words ("a bandage solution …"); a quoted
            # term inside it is the writer's label ('called the retreat a "regrouping"')
            return None
        return self._add_clause(cs, ce, v.group(), m, direct, min_words=1)

    def _continuation(
        self, pos: int, e: int, verb: str, m, direct: list[Mark], after_name: bool = False
    ) -> Quote | None:
        """``Too often, he says, they get it``: a parenthetical attribution splits the reported
        speech; what follows its comma up to the sentence end is a second quote of the speaker."""
        text = self.text
        t = _PAREN_TAIL.match(text, pos, e)
        if t is None:
            return None
        cs = t.end()
        if _NOT_CONTINUATION.match(text, cs, e) or self._verbs_in(cs, cs + 1):
            return None
        if self._nested(cs, e):
            return None  # "…, the ministry said, Interfax reported": a credit, not speech
        first = text[cs : cs + 12].split(maxsplit=1)[0].lower()
        if after_name and first not in _FINITE_WORDS | {"and", "but", "yet", "so"} and not self._clause_like(cs, e):
            return None  # "…, said X, a spokesman for the agency": an appositive, not speech
        return self._add_clause(cs, self._clause_end(cs, e), verb, m, direct)

    def _subject(self, s: int, hi: int) -> tuple[int, int] | None:
        """The subject mention opening the sentence, after a dateline and a leading adverbial
        ("Meanwhile, X …", "In February 2022, X …", "But X …"); None when it is not a mention."""
        text = self.text
        d = _DATELINE.match(text, s, hi)
        pos = d.end() if d else s
        lead = _LEAD.match(text, pos, hi)
        if lead:
            pos = lead.end()
        m = self.sp.after(text, pos, hi)
        if m is None:
            return None
        toks = list(_WORD.finditer(text, m[0], m[1]))
        if toks and toks[0].group().lower() in self.sp.connect:
            return None
        last = toks[-1].group() if toks else ""
        prev = toks[-2].group() if len(toks) > 1 else ""
        if (
            prev[:1].isupper()
            and prev.lower() not in self.sp.mod
            and prev.lower() not in {"the", "a", "an", "this", "these", "those", "its"}
            and last.islower()
            and last not in self.sp.role
            and last.endswith("s")
        ):
            return m[0], toks[-2].end()  # "Golden remembers": the verb, not an agent noun
        return m

    def _clause_like(self, cs: int, ce: int) -> bool:
        """Content that reports a claim: a pronoun or gerund first, or a finite verb early on."""
        words = [w.lower() for w in _WORD.findall(self.text, cs, min(ce, cs + 120))][:10]
        if not words:
            return False
        first = re.split(r"[’']", words[0])[0]
        if first in self.sp.pron or words[0] in {"i", "we", "you", "there"} or words[0].endswith("ing"):
            return True
        return any(w in _FINITE_WORDS or w.endswith("n’t") or w.endswith("n't") for w in words[1:])

    def _verbs_in(self, a: int, b: int) -> list[re.Match]:
        """Reporting verbs (outside quotes) starting in [a, b)."""
        return self._verbs[bisect_left(self._vstarts, a) : bisect_left(self._vstarts, b)]

    def _nested(self, cs: int, e: int) -> bool:
        """The reported clause opens with another attribution (its speaker, then a verb)."""
        for v2 in self._verbs_in(cs, min(e, cs + 300)):
            m2 = self.sp.before(self.text, cs, v2.start())
            return bool(m2 and m2[0] == cs and self._verb_ok(v2.group(), m2))
        return False

    def _comma_before(self, pos: int, s: int) -> int:
        i = pos - 1
        while i > s and self.text[i] in " \t":
            i -= 1
        return i if i >= s and self.text[i] in ",—–" else pos

    def _content_start(self, v: re.Match, frame: str, e: int) -> int:
        pos = v.end()
        if frame == "tell" and self.vocab.lemmas.get(v.group().lower()) == "tell":
            m = _TELL_THAT.match(self.text, pos, e) or _TELL_OBJECT.match(self.text, pos, e)
            if m:
                pos = m.end()
        if frame == "call":
            return pos
        m = _SKIP_AFTER_VERB.match(self.text, pos, e)
        if m:
            pos = m.end()
        while pos < e and self.text[pos] in " ,:—–":
            pos += 1
        return pos

    def _clause_end(self, cs: int, e: int) -> int:
        """Clause ends at the sentence end or before a following attribution
        (``, saying …`` / ``, adding …`` / ``, according to …`` / ``, he said``)."""
        text = self.text
        frames = self.vocab.frames
        for v in self._verbs_in(cs, e):
            if frames.get(v.group().lower()) == "name":
                continue  # "what it insists on calling …": naming does not open an attribution
            c = self._comma_before(v.start(), cs)
            if c < v.start():
                return c
            a = self._and_before(v.start(), cs)
            if a is not None:
                return a
            m = self.sp.before(text, cs, v.start())
            if m and _RELATIVE_END.search(text, max(cs, m[0] - 12), m[0]):
                continue  # "… with what it insists on calling …": an embedded clause
            if m and m[0] > cs and self._verb_ok(v.group(), m):
                cut = None
                for c in _CONJ.finditer(text, cs, m[0]):
                    cut = c.start()
                return cut if cut is not None and cut > cs else m[0]
        return e

    def _and_before(self, pos: int, lo: int) -> int | None:
        """Where "and"/"but" (+ "also") starts right before a verb (``said … and urged …``)."""
        m = _CONJ_VERB.search(self.text, max(lo, pos - 20), pos)
        return m.start() if m else None

    def _clause_before(self, lo: int, hi: int) -> tuple[int, int]:
        return lo, hi

    def _add_clause(
        self, cs: int, ce: int, verb: str, m, direct: list[Mark], weak: bool = False,
        check_verb: bool = True, min_words: int = MIN_CLAUSE_WORDS,
    ) -> Quote | None:
        text = self.text
        while cs < ce and (text[cs].isspace() or text[cs] in ",;:—–-"):
            cs += 1
        d = _DATELINE.match(text, cs, ce)
        if d:
            cs = d.end()
        while ce > cs and (text[ce - 1].isspace() or text[ce - 1] in ".,;:—–-"):
            ce -= 1
        n_words = words_upto(text, cs, ce, max(min_words, 5))
        if n_words < min_words:
            return None
        if _NOT_CLAUSE_ANY.match(text, cs, ce) or (weak and _NOT_CLAUSE.match(text, cs, ce)) or (
            n_words <= 4 and _NOT_CLAUSE_SHORT.match(text, cs, ce)
        ):
            return None
        if check_verb and not self._verb_ok(verb, m):
            return None
        covered = sum(max(0, min(ce, k.end) - max(cs, k.start)) for k in direct)
        if covered >= 0.5 * (ce - cs):
            return None
        lo, hi = bisect_left(self._starts, cs), bisect_right(self._opens, ce + 1)
        inner = [k for k in self.marks[lo:hi] if k.end <= ce + 1]
        kind = "mixed" if any(k not in direct for k in inner) else "indirect"
        return self._add(cs, ce, kind, verb, m)

    def _verb_ok(self, verb: str, m) -> bool:
        """Base forms that double as nouns ("a report", "civil claim") need a plural or pronoun
        subject: "officials say", "they claim", "analysts suggest"."""
        form = verb.lower()
        if m is None or " " in form:
            return True
        last = self.text[m[0] : m[1]].split()[-1]
        low = last.lower()
        if self.vocab.lemmas.get(form) == form:
            return low.endswith("s") or low in {"i", "we", "they", "you"}
        if form.endswith("s") and not form.endswith("ss") and form != "says":
            # "remarks", "claims", "reports" after a common noun are nouns
            return last[0].isupper() or low in self.sp.pron or low in self.sp.role
        return True

    def _add(self, start: int, end: int, kind: str, verb: str, m) -> Quote:
        q = Quote(start, end, kind, verb, m)
        self.quotes.append(q)
        if kind != "direct":
            insort(self._clauses, (start, end))
            self._clause_len = max(self._clause_len, end - start)
        return q

    def _in_clause(self, pos: int) -> bool:
        """Does ``pos`` fall inside a reported clause found so far? (only clauses starting
        within the longest clause's length before ``pos`` can hold it)"""
        lo = bisect_left(self._clauses, (pos - self._clause_len, -1))
        hi = bisect_right(self._clauses, (pos, float("inf")))
        return any(pos < end for _, end in self._clauses[lo:hi])

    @staticmethod
    def _dedupe(quotes: list[Quote]) -> list[Quote]:
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
    return _Article(text, vocab, _finder(vocab), starts).run()


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
