"""Speaker attribution: EXTRACTED quotes -> ATTRIBUTED quotes + ACTORS.

For every quote the ``speaker_mention`` written in the text is resolved to an actor:

* named mentions: titles/roles before the name and appositives after it are stripped
  ("Kremlin spokesman Dmitry Peskov" -> Dmitry Peskov), surnames are expanded to the most
  complete form in the article ("Haidai" -> "Serhiy Haidai"), then matched to the registry
  (seeds/actors.csv) exactly after normalisation and fuzzily for transliterations;
* pronouns (he/she/they/it) -> the previous quote's speaker when compatible, else the last
  compatible named entity before the mention (gender from titles, first names, earlier pronouns);
* definite descriptions ("the president", "the ministry", "the source") -> the person or
  organisation so described earlier (or just after) in the article;
* floating quotes (empty mention) -> the previous quote's speaker;
* unnamed sources ("local officials", "a U.S. official") keep the description as written,
  with the side taken from role/affiliation words (seeds/role_words.csv).

Work is per article, in quote order; the article text is scanned once (lazily) with a regex
for capitalised name runs, which are the candidate antecedents.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import polars as pl

from tasks.actors import (
    RoleWords,
    load_actor_registry,
    load_role_words,
    normalise_name,
    registry,
    slugify,
)
from tasks.contract import ACTORS, ATTRIBUTED, EXTRACTED, conform, empty

__all__ = ["resolve_speakers", "load_actor_registry", "normalise_name", "attribute_speakers"]

PRONOUNS = {
    "he": "male", "him": "male", "his": "male", "she": "female", "her": "female",
    "they": "plural", "them": "plural", "their": "plural", "it": "neuter", "its": "neuter",
    "i": "self", "we": "self", "you": "self",
}
DETERMINERS = {"the", "this", "that", "these", "those"}
NAME_PARTICLES = {"von", "van", "der", "de", "da", "del", "la", "le", "bin", "al", "di"}
PREPOSITIONS = {"in", "of", "at", "from", "for", "to", "with", "on", "near", "across", "inside"}
UNKNOWN = "unknown"

_CAP = r"[A-ZÀ-ÞА-Я][\w'’\-]*"
# capitalised runs, allowing name particles and "of/for the" connectors between capitals
_RUN_RE = re.compile(
    rf"{_CAP}(?:[ \t]+(?:(?:von|van|der|de|da|del|bin|al|di|of|for|the|and|on)[ \t]+)*{_CAP})+"
)  # two or more capitalised words
_WORD_RE = re.compile(r"[\w'’.\-]+")
_CONNECTORS = {"of", "for", "the", "and", "on"}
_PRONOUN_RE = re.compile(r"\b(he|his|him|she|her)\b", re.IGNORECASE)
# words after a name that show it is NOT the subject of its clause ("talks with John Tory about")
_NOT_SUBJECT_NEXT = frozenset(
    "of in at from for to with on near across inside about by as into than and or but nor after "
    "before during over under against between through since until while because if that which "
    "whose whom where when the a an vs via per".split()
)
# words that may open a sentence before its subject ("But Trudeau said")
_SUBJECT_LEADS = frozenset(
    "but and so then later now still yet also meanwhile however instead earlier finally".split()
)
_CLAUSE_OPENERS = _SUBJECT_LEADS | frozenset(
    "that when while as because after before where if though although since until and".split()
)
_INTRODUCED_RE = re.compile(r",[ \t]*(?:\d{1,3}\b|who\b)")
_NEXT_WORD_RE = re.compile(r"[ \t]*(?:\([^)\n]{0,40}\)[ \t]*)?([A-Za-z’']+)")
_SENT_END = re.compile(r"[.!?\n\"“”]")


@dataclass
class Who:
    """A resolved speaker within one article."""

    actor_id: str
    speaker: str
    side: str
    kind: str  # person / org / media / group
    gender: str | None = None
    desc: set[str] = field(default_factory=set)  # lower-case words describing it
    in_registry: bool = False


@dataclass
class Mention:
    """A person named outside quotes in subject position (candidate antecedent of he/she)."""

    start: int
    name: str  # as written: a full name or a surname already named in full


@dataclass
class Entity:
    """A capitalised name run in the article text (candidate antecedent)."""

    start: int
    end: int
    name: str
    kind: str  # person / org
    gender: str | None
    run_start: int = -1  # start of the capitalised run incl. titles ("US Senator Mark Warner")
    sure: bool = True  # starts with a known first name or a title, or not sentence-initial


@lru_cache(maxsize=1)
def _skip_words(rw: RoleWords) -> frozenset[str]:
    """Words that never start a person's name: function words, titles, affiliations."""
    return frozenset(rw.function | rw.titles | rw.affiliation.keys())


@lru_cache(maxsize=200_000)
def _parse_run(run: str, rw: RoleWords) -> tuple[str, int, str, str | None, bool, bool] | None:
    """Classify a capitalised run (cached: runs repeat across articles).

    Returns (kind, offset of the name in the run, name, gender, titles stripped?, first name
    known?) or None when the run names no person or organisation."""
    skip = _skip_words(rw)
    toks = run.split()
    lows = [t.lower().replace("’", "'") for t in toks]
    if any(t in rw.orgs for t in lows):
        return ("org", 0, run, None, False, False)
    i = 0
    while i < len(toks) and (lows[i] in skip or lows[i].endswith("'s")):
        i += 1
    rest = lows[i:]
    # "Calgary MP Michelle Rempel", "Organizer Dwayne Croteau": start at a first name
    if len(rest) > 2 and rest[0] not in rw.first_names:
        for j in range(1, len(rest) - 1):
            if rest[j] in rw.first_names:
                i += j
                rest = lows[i:]
                break
    if not rest or any(t in _CONNECTORS or t in skip for t in rest):
        return None
    title_gender = rw.gender.get(lows[i - 1].rstrip(".")) if i > 0 else None
    if len(rest) < 2 and not title_gender:
        return None
    first = rest[0]
    gender = title_gender or (rw.gender.get(first) if first in rw.first_names else None)
    offset = run.index(toks[i]) if i else 0
    return ("person", offset, " ".join(toks[i:]), gender, i > 0, first in rw.first_names)


@lru_cache(maxsize=1)
def _honorific_re(rw: RoleWords) -> re.Pattern:
    titles = sorted(w for w, kind in rw.gender.items() if w not in rw.first_names and len(w) <= 5)
    alt = "|".join(re.escape(t.capitalize()) for t in titles)
    return re.compile(rf"\b({alt})\.?[ \t]+({_CAP})(?![ \t]+{_CAP})")


def _words(s: str) -> list[str]:
    return [w.strip(".,;:").lower().replace("’", "'") for w in _WORD_RE.findall(s)]


def _strip_possessive(w: str) -> str:
    return re.sub(r"['’]s?$", "", w)


def _is_cap(tok: str) -> bool:
    return bool(tok) and (tok[0].isupper() or tok.lower() in NAME_PARTICLES)


@lru_cache(maxsize=100_000)
def _word_side(w: str, rw: RoleWords) -> str | None:
    for cand in (w, _strip_possessive(w), w.replace(".", ""), _strip_possessive(w).replace(".", "")):
        side = rw.affiliation.get(cand)
        if side:
            return side
    return None


def infer_side(words: list[str], rw: RoleWords) -> str:
    """The side of the first affiliation word in ``words`` (lower-cased), else unknown."""
    for w in words:
        side = _word_side(w, rw)
        if side:
            return side
    return UNKNOWN


def name_run(part: str, rw: RoleWords) -> str:
    """The trailing capitalised name in a mention part, titles and roles stripped.

    "Kremlin spokesman Dmitry Peskov" -> "Dmitry Peskov"; "Mr Zelensky" -> "Zelensky";
    "Sen. Richard Shelby of Alabama" -> "Richard Shelby"; "local officials" -> "".
    """
    toks = part.split()
    # a name followed by a prepositional phrase: try the words before the preposition first
    for k, tok in enumerate(toks[1:], start=1):
        if tok.lower() in PREPOSITIONS:
            head = _name_run_tail(toks[:k], rw)
            if " " in head:  # "Richard Shelby" of Alabama, not "Out" of the Cold
                return head
            if k == 1 and head and toks[k].lower() in ("in", "on") and toks[k + 1:k + 2] and (
                    toks[k + 1].lower() in ("a", "an", "his", "her", "their", "its")):
                return head  # "Nicholson in an Aug. 28 email"
            break
    return _name_run_tail(toks, rw)


def _name_run_tail(toks: list[str], rw: RoleWords) -> str:
    out: list[str] = []
    for tok in reversed(toks):
        clean = tok.strip(".,;:()\"“”")
        low = clean.lower().replace("’", "'")
        if not _is_cap(clean) or low.endswith("'s") or low.endswith("'"):
            break
        if low.rstrip(".") in rw.titles or low in rw.function:
            break
        if low in rw.affiliation and out:
            break
        out.append(clean)
    while out and out[-1].lower() in NAME_PARTICLES:
        out.pop()
    name = " ".join(reversed(out))
    # a lone affiliation word ("Ukrainian") or a name after a preposition ("officials in Kyiv")
    idx = len(toks) - len(out) - 1
    if out and idx >= 0 and toks[idx].lower() in PREPOSITIONS:
        return ""
    if len(out) == 1 and out[0].lower() in rw.affiliation and len(toks) > 1:
        return ""
    if len(out) == 1 and (out[0].lower() in rw.groups or out[0].lower() in rw.function):
        return ""  # "Analysts", "Some"
    return name


class ArticleContext:
    """Per-article state: text, lazily found entities, quote spans and resolved speakers."""

    def __init__(self, text: str, quote_spans: list[tuple[int, int]], rw: RoleWords):
        self.text = text or ""
        self.rw = rw
        self.quote_spans = sorted(quote_spans)
        self._starts = [s for s, _ in self.quote_spans]
        self._ends = list(itertools.accumulate((e for _, e in self.quote_spans), max))
        self._entities: list[Entity] | None = None
        self._index: tuple[dict[str, list[Entity]], dict[str, list[Entity]]] | None = None
        self.history: list[tuple[int, Who]] = []  # (position, who) of resolved quotes
        self.genders: dict[str, str] = {}  # actor_id -> gender learnt from pronouns
        self.named: dict[str, Who] = {}  # mention as written -> resolved actor
        self._near_cache: dict[str, tuple[dict[str, list[Entity]], dict[str, list[Entity]]]] = {}
        self._subjects: list[Mention] | None = None
        self.limit = len(self.text)  # subjects are looked for before this position only
        self.who_cache: dict[tuple[str, int], Who] = {}
        self._context: dict[str, list[str]] = {}

    # --- entities -------------------------------------------------------------------------
    def _inside_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self._ends[i]

    @property
    def entities(self) -> list[Entity]:
        if self._entities is None:
            self._entities = self._find_entities()
        return self._entities

    def _find_entities(self, lo: int = 0, hi: int | None = None) -> list[Entity]:
        hi = len(self.text) if hi is None else hi
        rw = self.rw
        text = self.text
        skip = _skip_words(rw)
        ents: list[Entity] = []
        for m in _RUN_RE.finditer(text, lo, hi):
            start0 = m.start()
            if self._inside_quote(start0):
                continue
            parsed = _parse_run(m.group(), rw)
            if parsed is None:
                continue
            kind, offset, name, gender, stripped, first_known = parsed
            if kind == "org":
                ents.append(Entity(start0, m.end(), name, "org", None))
                continue
            initial = not stripped and (start0 == 0 or bool(_SENT_END.search(text, max(0, start0 - 3), start0)))
            ents.append(Entity(start0 + offset, m.end(), name, "person", gender, start0,
                               first_known or not initial))
        # a lone surname after an honorific: "Mr. Blinken", "Ms Kowalczyk"
        for m in _honorific_re(rw).finditer(text, lo, hi):
            word = m.group(2)
            if word.lower() not in skip and not self._inside_quote(m.start()):
                gender = rw.gender.get(m.group(1).lower())
                ents.append(Entity(m.start(2), m.end(2), word, "person", gender, m.start(), True))
        ents.sort(key=lambda e: e.start)
        return ents

    @property
    def person_index(self) -> tuple[dict[str, list[Entity]], dict[str, list[Entity]]]:
        """Multi-word person entities by normalised last word and by first word."""
        if self._index is None:
            by_last: dict[str, list[Entity]] = {}
            by_first: dict[str, list[Entity]] = {}
            for e in self.entities:
                if e.kind == "person" and " " in e.name:
                    words = normalise_name(e.name).split()
                    if words:
                        by_last.setdefault(words[-1], []).append(e)
                        by_first.setdefault(words[0], []).append(e)
            self._index = (by_last, by_first)
        return self._index

    def full_name(self, name: str, pos: int | None = None) -> str:
        """The most complete person name in the article for ``name`` (a surname, or a first name).

        Among several people with that surname, the one named last before ``pos`` wins
        (else the first one after it)."""
        key = normalise_name(name)
        if not key:
            return name
        by_last, by_first = self.person_index if self._entities is not None else self._near(name)
        words = key.split()
        for table, test in (
            (by_last, lambda ek: ek.endswith(" " + key)),
            (by_first, lambda ek: len(words) == 1 and ek.startswith(key + " ")),
        ):
            hits = [e for e in table.get(words[-1] if table is by_last else words[0], ())
                    if len(e.name) > len(name) and test(normalise_name(e.name))]
            hits = [e for e in hits if e.sure] or hits  # "Later Haidai" < "Serhiy Haidai"
            if hits:
                if pos is None:
                    return max(hits, key=lambda e: len(e.name)).name
                before = [e for e in hits if e.start < pos]
                if before:
                    latest = normalise_name(before[-1].name).split()
                    # the longest form used for that same person
                    same = [e for e in before if normalise_name(e.name).split()[0] == latest[0]]
                    return max(same or before[-1:], key=lambda e: len(e.name)).name
                return hits[0].name
        return name

    def _near(self, word: str) -> tuple[dict[str, list[Entity]], dict[str, list[Entity]]]:
        """Like :attr:`person_index`, but only for the runs around occurrences of ``word``
        (much cheaper than scanning the whole article for one surname)."""
        if word in self._near_cache:
            return self._near_cache[word]
        text = self.text
        seen: dict[int, Entity] = {}
        start = text.find(word)
        while start >= 0:
            end = start + len(word)
            lo = text.rfind(" ", 0, max(0, start - 80)) + 1
            hi = min(len(text), end + 80)
            for e in self._find_entities(lo, hi):
                if e.start <= start < e.end:
                    seen[e.start] = e
            start = text.find(word, end)
        by_last: dict[str, list[Entity]] = {}
        by_first: dict[str, list[Entity]] = {}
        for e in sorted(seen.values(), key=lambda e: e.start):
            if e.kind == "person" and " " in e.name:
                words = normalise_name(e.name).split()
                by_last.setdefault(words[-1], []).append(e)
                by_first.setdefault(words[0], []).append(e)
        self._near_cache[word] = (by_last, by_first)
        return by_last, by_first

    def gender_after(self, name: str) -> str | None:
        """The gender of the first he/she pronoun in the 200 characters after ``name``."""
        pos = self.text.find(name)
        if pos < 0:
            return None
        m = _PRONOUN_RE.search(self.text, pos + len(name), pos + len(name) + 200)
        if m is None:
            return None
        return "male" if m.group(1).lower() in ("he", "his", "him") else "female"

    def context_words(self, name: str) -> list[str]:
        """Words around the first occurrence of ``name``: the title before and appositive after."""
        got = self._context.get(name)
        if got is None:
            got = self._context[name] = self._context_words(name)
        return got

    def _context_words(self, name: str) -> list[str]:
        pos = self.text.find(name)
        if pos < 0:
            return []
        before = self.text[max(0, pos - 80):pos]
        cut = max((m.end() for m in _SENT_END.finditer(before)), default=0)
        before_words = _words(before[cut:])[::-1]  # nearest first
        after = self.text[pos + len(name):pos + len(name) + 120]
        after_words: list[str] = []
        if after.startswith(","):
            after_words = _words(re.split(r"[.;\n]|,(?=\s)", after[1:], maxsplit=1)[0])
        return before_words + after_words

    def is_subject(self, start: int, end: int) -> bool:
        """Whether the name at [start, end) is the subject of its clause: it opens its sentence
        (after at most a conjunction or adverb) or a verb-like lower-case word follows it."""
        text = self.text
        if text.startswith(("'s", "’s", "'", "’"), end) or text[end - 2:end] in ("'s", "’s"):
            return False  # possessive: "Trudeau's office"
        lead = text[max(0, start - 60):start]
        while True:  # titles before the name: "Dr. Robert Strang", "Education Minister Rob"
            parts = lead.rstrip().rsplit(None, 1)
            if len(parts) == 2 and (parts[1].rstrip(".").lower() in self.rw.titles
                                    or parts[1].lower() in self.rw.affiliation):
                lead = parts[0] + " "
            else:
                break
        cut = max((m.end() for m in _SENT_END.finditer(lead)), default=-1)
        if cut > 0 and lead[cut - 1] == ".":
            before = lead[:cut - 1].rsplit(None, 1)[-1:] or [""]
            if before[0][:1].isupper() and len(before[0]) <= 4:
                cut = -2  # an abbreviation ("U.S.", "Ont.", "Mr."), not a sentence end
        if cut >= 0 or (cut == -1 and start < 60):
            rw = self.rw
            words = _words(lead[max(cut, 0):])
            if all(w in _SUBJECT_LEADS or w in rw.titles or w in rw.affiliation for w in words):
                return True
        if _INTRODUCED_RE.match(text, end):
            return True  # "Toronto retiree Doug Purdy, 73, ..." / "..., Doug Purdy, who lost"
        # mid-sentence: opens a clause ("..., Lohmar said", "when Trudeau said") and a verb-like
        # lower-case word follows (not "the season-long FedEx Cup race")
        before = lead.rstrip()
        if not before or before[-1] not in ",;:—–(" and (
                before.rsplit(None, 1)[-1].lower() not in _CLAUSE_OPENERS):
            return False
        m = _NEXT_WORD_RE.match(text, end)
        if m is None:
            return False
        word = m.group(1)
        return word[0].islower() and word.lower() not in _NOT_SUBJECT_NEXT

    @property
    def subjects(self) -> list[Mention]:
        """Persons named in subject position outside quotes, in text order: full names and
        lone surnames (or honorific + surname) of persons named in full in the article."""
        if self._subjects is not None:
            return self._subjects
        out: list[Mention] = []
        surnames: set[str] = set()
        taken: list[tuple[int, int]] = []
        limit = self.limit
        if self._entities is None and 2 * limit < len(self.text):
            ents = self._find_entities(0, limit)
        else:  # most of the article: scan it all once, shared with full_name() and the rest
            ents = self.entities
        for e in ents:
            if e.start >= limit:
                break
            if e.kind != "person":
                continue
            taken.append((e.start, e.end))
            if " " in e.name:
                last = e.name.split()[-1]
                if len(last) > 2:
                    surnames.add(_strip_possessive(last))
            if self.is_subject(e.start, e.end) and not self.text.startswith("(", e.start - 1):
                out.append(Mention(e.start, e.name))
        if surnames:
            t_starts = [a for a, _ in taken]  # entities are sorted by start
            t_ends = list(itertools.accumulate((b for _, b in taken), max))
            text = self.text
            hits = []
            for w in surnames:
                a = text.find(w, 0, limit)
                while a >= 0:
                    b = a + len(w)
                    if (a == 0 or not (text[a - 1].isalnum() or text[a - 1] in "-’'")) and (
                            b == len(text) or not (text[b].isalnum() or text[b] == "-")):
                        hits.append((a, b, w))
                    a = text.find(w, b, limit)
            for a, b, w in hits:
                k = bisect.bisect_right(t_starts, a) - 1
                if (k >= 0 and a < t_ends[k]) or self._inside_quote(a):
                    continue
                prev = self.text[max(0, a - 2):a]
                if prev[-1:] == " " and prev[:1].isupper():
                    continue  # inside a longer capitalised run ("Jake Patterson")
                if self.is_subject(a, b):
                    out.append(Mention(a, w))
        out.sort(key=lambda mm: mm.start)
        self._subjects = out
        self.subject_starts = [mm.start for mm in out]
        return out

    # --- speakers -------------------------------------------------------------------------
    def previous(self) -> Who | None:
        return self.history[-1][1] if self.history else None


def _compatible(who: Who, gender: str, genders: dict[str, str]) -> bool:
    g = genders.get(who.actor_id, who.gender)
    if gender in ("male", "female"):
        return who.kind == "person" and g in (None, gender)
    if gender == "neuter":
        singular_group = who.kind == "group" and not who.speaker.endswith("s")
        return who.kind in ("org", "media") or singular_group
    if gender == "plural":
        return who.kind in ("org", "media", "group")
    return True


def _who_for_name(name: str, ctx: ArticleContext, mention_words: list[str],
                  kind_hint: str = "person", pos: int | None = None) -> Who:
    """A Who for a proper name: registry actor when it matches, else a discovered actor."""
    reg = registry()
    rw = ctx.rw
    single = " " not in name.strip()
    full = ctx.full_name(name, pos) if kind_hint == "person" and single else name
    actor = reg.match(full)
    if actor is None and full != name:
        actor = reg.match(name)
        if actor is not None and " " in full:  # a different person with that surname
            actor = None
    ctx_words = ctx.context_words(full)
    desc = set(mention_words) | set(ctx_words)
    gender = None
    first = full.split()[0].lower() if full.split() else ""
    if first in rw.first_names:
        gender = rw.gender.get(first)
    for w in mention_words + ctx_words[:3]:
        if w.rstrip(".") in rw.gender and w.rstrip(".") not in rw.first_names:
            gender = gender or rw.gender[w.rstrip(".")]
    if actor is None and kind_hint == "person":
        gender = gender or ctx.gender_after(full)
    if actor is not None:
        return Who(actor.actor_id, actor.name, actor.side, actor.kind, actor.gender or gender,
                   desc, True)
    lows = [t.lower() for t in full.split()]
    kind = "org" if any(t in rw.orgs for t in lows) or full.isupper() else kind_hint
    if kind == "person" and len(lows) == 1 and first not in rw.first_names and gender is None:
        kind = "org"  # a lone capitalised word never described as he/she: "Facebook"
    side = infer_side(mention_words, rw)
    if side == UNKNOWN:
        side = infer_side(ctx_words, rw)
    if side == UNKNOWN and kind == "person":
        side = rw.name_side.get(first, UNKNOWN)
    return Who(slugify(full), full, side, kind, gender, desc, False)


def _fuller_org(name: str, pos: int | None, ctx: ArticleContext) -> Who | None:
    """An organisation named earlier in fuller form ("Russian Defense Ministry" for
    "Defense Ministry"): an earlier speaker, else an organisation run in the text before."""
    key = normalise_name(name)
    for _, who in reversed(ctx.history):
        if who.kind in ("org", "media") and normalise_name(who.speaker).endswith(" " + key):
            return who
    if pos is None:
        return None
    lo = max(0, pos - 3000)
    for ent in reversed(ctx._find_entities(lo, pos) if ctx._entities is None else
                        [e for e in ctx.entities if e.end <= pos]):
        if ent.kind == "org" and normalise_name(ent.name).endswith(" " + key):
            hit = registry().match(ent.name)
            if hit is not None:
                return Who(hit.actor_id, hit.name, hit.side, hit.kind, None, set(), True)
    return None


def _group(mention: str, rw: RoleWords) -> Who:
    """An unnamed source kept as written ("local officials")."""
    speaker = mention.strip(" ,")
    words = _words(speaker)
    return Who(slugify(speaker), speaker, infer_side(words, rw), "group", None, set(words), False)


def _group_in(mention: str, ctx: ArticleContext) -> Who:
    """An unnamed source; with no affiliation word, the side of an earlier source of that kind."""
    who = _group(mention, ctx.rw)
    words = _words(mention)
    if who.side == UNKNOWN and words:
        head = _strip_possessive(words[-1])
        for _, prev in reversed(ctx.history):
            if prev.kind == "group" and head in prev.desc and prev.side != UNKNOWN:
                who.side = prev.side
                break
    return who


def resolve_named(mention: str, ctx: ArticleContext, pos: int | None = None) -> Who:
    """Resolve a mention that is not a pronoun nor a bare definite description."""
    rw = ctx.rw
    reg = registry()
    mention = mention.strip(" ,")
    if pos is not None and (_PARTY_TAG.match(mention) or mention.rstrip(".") in _HONORIFICS):
        # "Sen. Debbie Stabenow, D-Mich., ... said": the name is just before the party tag;
        # "Ms. May said" cut at the period: the name is just after the honorific
        name = _adjacent_name(ctx.text, pos, mention)
        if name:
            return resolve_named(name, ctx, None)
    mention_words = _words(mention)
    bare = _strip_possessive(mention)
    if " " not in bare and bare[:1].isupper() and bare.lower() not in rw.groups:
        # one word: a surname ("Kuleba") is first expanded with the article's full name
        return _who_for_name(bare, ctx, mention_words, pos=pos)
    whole = reg.match(bare)
    if whole is not None:
        return Who(whole.actor_id, whole.name, whole.side, whole.kind, whole.gender,
                   set(mention_words), True)
    # conjoined sources: "Antony Blinken and the head of NATO" -> kept whole, side of the first
    lead = mention.split(", ", 1)[0]
    if " and " in lead and not any(w in rw.orgs for w in mention_words):
        first, _ = mention.split(" and ", 1)
        who = resolve_named(first, ctx, pos)
        stripped = mention[len(first) - len(first.lstrip()):]
        head = name_run(first, rw)
        if head:
            stripped = mention[mention.find(head):]
        return Who(slugify(stripped), stripped, who.side, "group", None, set(mention_words), False)
    parts = [p.strip() for p in re.split(r",\s+", mention) if p.strip()]
    if len(parts) > 1 and _FULL_NAME.fullmatch(parts[-1]) and " of " in parts[0]:
        parts = parts[::-1]  # "Keeper of the Ruler's Seal, Syed Danial Syed Ahmad"
    for part in parts:
        part = _strip_possessive(part)
        cand = reg.match(part)
        if cand is not None:
            return Who(cand.actor_id, cand.name, cand.side, cand.kind, cand.gender,
                       set(mention_words), True)
        # an organisation written in full ("The Institute for the Study of War")
        toks = part.split()
        low = [t.lower() for t in toks]
        if any(t in rw.orgs for t in low) and any(_is_cap(t) for t in toks[1:] or toks):
            # longest registry suffix first ("The US Institute for ..."), else as written
            for i in range(len(toks)):
                hit = reg.match(" ".join(toks[i:]))
                if hit is not None:
                    return Who(hit.actor_id, hit.name, hit.side, hit.kind, None,
                               set(mention_words), True)
            if toks[0].lower() in rw.function:
                toks = toks[1:]
            name = " ".join(toks)
            if toks and all(_is_cap(t) or t.lower() in {"of", "for", "the", "and", "on"} for t in toks):
                fuller = _fuller_org(name, pos, ctx)
                if fuller is not None:  # "Defense Ministry" after "Russia's Defense Ministry"
                    return fuller
                who = _who_for_name(name, ctx, mention_words, kind_hint="org")
                if who.side == UNKNOWN:
                    who.side = infer_side(mention_words, rw)
                return who
        name = name_run(part, rw)
        if name:
            return _who_for_name(name, ctx, mention_words, pos=pos)
    return _group_in(mention, ctx)


_PARTY_TAG = re.compile(r"^[DRI]-[A-Z][a-z]+\.?(?:,|$)")
_HONORIFICS = frozenset({"Mr", "Ms", "Mrs", "Dr", "Mme", "Sen", "Rep", "Gen", "Lt", "Col", "Sgt"})
_FULL_NAME = re.compile(rf"{_CAP}(?:[ \t]+{_CAP})+")
_NAME_BEFORE = re.compile(rf"({_CAP}(?:[ \t]+{_CAP})+)(?:[ \t]+\([^)]*\))?,?[ \t]*$")
_NAME_AFTER = re.compile(rf"\.?[ \t]+({_CAP}(?:[ \t]+{_CAP})*)")


def _adjacent_name(text: str, pos: int, mention: str) -> str:
    """The name written just before a party tag or just after an honorific at ``pos``."""
    if _PARTY_TAG.match(mention):
        m = _NAME_BEFORE.search(text, max(0, pos - 80), pos)
        return m.group(1) if m else ""
    m = _NAME_AFTER.match(text, pos + len(mention))
    return m.group(1) if m else ""


def _definite_head(mention: str, rw: RoleWords) -> str | None:
    """The head noun of a bare definite description ("the Ukrainian governor" -> governor)."""
    words = mention.strip().split()
    if len(words) < 2 or words[0].lower() not in DETERMINERS:
        return None
    for i, w in enumerate(words[1:], start=1):
        low = w.lower().strip(".,")
        if low in PREPOSITIONS:  # "the governor of Kharkiv" -> governor
            words = words[:i]
            break
        if _is_cap(w) and low not in rw.affiliation and low not in rw.titles:
            return None  # contains a proper name
    if len(words) < 2:
        return None
    return _strip_possessive(words[-1].lower().strip(".,"))


def resolve_definite(head: str, mention: str, pos: int, ctx: ArticleContext) -> Who:
    """Resolve "the president" / "the ministry" / "the source" to an earlier (or next) actor."""
    rw = ctx.rw
    side = infer_side(_words(mention), rw)

    def side_ok(who: Who) -> bool:
        return side == UNKNOWN or who.side in (side, UNKNOWN)

    for _, who in reversed(ctx.history):
        if head in who.desc and side_ok(who):
            return who
    if head in rw.orgs:
        for ent in reversed([e for e in ctx.entities if e.end <= pos and e.kind == "org"]):
            if head in (t.lower() for t in ent.name.split()):
                who = resolve_named(ent.name, ctx)
                if side_ok(who):
                    return who
    persons = [e for e in ctx.entities if e.kind == "person"]
    end = pos + len(mention)
    before = [e for e in persons if e.end <= pos][::-1]
    after = [e for e in persons if e.start >= end and e.start - end < 600]
    for ent in before + after:
        if head in ctx.context_words(ent.name)[:8]:
            who = _who_for_name(ent.name, ctx, _words(mention))
            if side_ok(who):
                return who
    return _description_fallback(head, mention, pos, side, ctx)


def _description_fallback(head: str, mention: str, pos: int, side: str, ctx: ArticleContext) -> Who:
    """No antecedent described that way: documents -> the previous speaker; organisation
    nouns -> the last organisation; person epithets -> the last person (of that side)."""
    rw = ctx.rw
    prev = ctx.previous()
    if head in rw.documents or head in rw.function:  # "the report", "the same"
        return prev if prev is not None else _group(mention, rw)
    if head in rw.org_nouns and side != UNKNOWN:  # "the Ukrainian military": its own actor
        return _group_in(mention, ctx)
    if head in rw.org_nouns:
        for _, who in reversed(ctx.history):
            if who.kind in ("org", "media") and (side == UNKNOWN or who.side == side):
                return who
        return _group(mention, rw)
    if head in rw.groups and head.endswith("s"):
        return _group_in(mention, ctx)
    for _, who in reversed(ctx.history):  # "the US diplomat", "the spokesman", "the veteran"
        if who.kind == "person" and (side == UNKNOWN or who.side == side):
            return who
    return _group_in(mention, ctx)


def _newer_entity(gender: str, after: int, pos: int, ctx: ArticleContext) -> Who | None:
    """A compatible person named after the previous speaker's mention, in the pronoun's paragraph."""
    if gender not in ("male", "female"):
        return None
    para = ctx.text.rfind("\n", 0, pos) + 1
    lo = max(after + 1, para)
    best = None
    window = ctx._entities if ctx._entities is not None else ctx._find_entities(lo, pos)
    for ent in window:
        if ent.end > pos:
            break
        if ent.start >= lo and ent.kind == "person" and ent.gender in (None, gender):
            lead = ctx.text[max(0, ent.run_start - 40):ent.run_start]
            cut = max((m.end() for m in _SENT_END.finditer(lead)), default=-1)
            if cut >= 0 and not lead[cut:].strip(" “\"'‘"):  # subject: starts its sentence
                best = ent
    if best is None:
        return None
    who = _who_for_name(best.name, ctx, [])
    if not _compatible(who, gender, ctx.genders):
        return None
    return who


def _last_subject(gender: str, after: int, pos: int, ctx: ArticleContext) -> Who | None:
    """The compatible person named last in subject position between ``after`` and ``pos``."""
    subjects = ctx.subjects
    i = bisect.bisect_left(ctx.subject_starts, pos) - 1
    seen: set[str] = set()
    while i >= 0 and subjects[i].start > after:
        m = subjects[i]
        i -= 1
        if m.name in seen:
            continue
        seen.add(m.name)
        key = (m.name, m.start if " " not in m.name else -1)
        who = ctx.who_cache.get(key)
        if who is None:
            who = ctx.who_cache[key] = _who_for_name(m.name, ctx, [], pos=m.start)
        # only persons known to be he/she ("Lower Mainland", "FedEx Cup" have no gender), or
        # of unknown gender but named again by surname alone ("Bissonnette had ...")
        known = ctx.genders.get(who.actor_id, who.gender)
        if who.kind == "person" and (known == gender or (known is None and " " not in m.name
                                                          and " " in who.speaker)):
            return who
    return None


def _last_gendered(gender: str, pos: int, ctx: ArticleContext) -> Who | None:
    """The last person named before ``pos`` (in any position) known to be he/she."""
    seen: set[str] = set()
    for ent in reversed([e for e in ctx.entities if e.end <= pos and e.kind == "person"]):
        if ent.name in seen or ent.gender not in (None, gender):
            continue
        seen.add(ent.name)
        who = _who_for_name(ent.name, ctx, [], pos=ent.start)
        if who.kind == "person" and ctx.genders.get(who.actor_id, who.gender) == gender:
            return who
    return None


def _sentence_start(text: str, pos: int, lo: int) -> int:
    """Start of the sentence holding ``pos`` (not before ``lo``); a period after a short
    capitalised token ("U.S.", "Mr.") is an abbreviation, not a sentence end."""
    start = lo
    for m in _SENT_END.finditer(text, lo, pos):
        if text[m.start()] == ".":
            token = text[max(lo, m.start() - 5):m.start()].split()[-1:]
            if token and token[0][:1].isupper() and len(token[0]) <= 4:
                continue
        start = m.end()
    return start


def _org_in_sentence(pos: int, ctx: ArticleContext) -> Who | None:
    """An organisation named earlier in the pronoun's own sentence, outside quotes."""
    start = _sentence_start(ctx.text, pos, max(0, pos - 200))
    ents = ctx._find_entities(start, pos) if ctx._entities is None else ctx._entities
    orgs = [e for e in ents if e.kind == "org" and start <= e.start and e.end <= pos]
    if not orgs:
        return None
    who = resolve_named(orgs[-1].name, ctx)
    return who if who.kind in ("org", "media") else None


def resolve_pronoun(gender: str, pos: int, ctx: ArticleContext) -> Who | None:
    """he/she: the person named last in subject position, or the previous speaker when that
    mention is older (quotes' speakers preferred); others: the previous compatible speaker, else
    the last compatible entity before ``pos``."""
    prev = ctx.previous()
    if gender == "self":
        return prev
    if gender in ("male", "female"):
        prev_ok = prev is not None and _compatible(prev, gender, ctx.genders)
        after = ctx.history[-1][0] if prev_ok else -1
        subject = _last_subject(gender, after, pos, ctx)
        if subject is not None:
            return subject
        if prev_ok:
            return prev
        named = _last_gendered(gender, pos, ctx)
        if named is not None:
            return named
    if gender == "neuter":
        org = _org_in_sentence(pos, ctx)
        if org is not None:  # "the British Defense Ministry told reporters it believed ..."
            return org
    if prev is not None and _compatible(prev, gender, ctx.genders):
        newer = _newer_entity(gender, ctx.history[-1][0], pos, ctx)
        return newer if newer is not None else prev
    kinds = {"male": ("person",), "female": ("person",), "neuter": ("org",), "plural": ("org",)}
    best_pos, best = -1, None
    for p, who in ctx.history:
        if p < pos and _compatible(who, gender, ctx.genders) and p > best_pos:
            best_pos, best = p, who
    for ent in ctx.entities:
        if ent.end > pos:
            break
        if ent.kind in kinds.get(gender, ()) and ent.start > best_pos:
            if ent.kind == "person" and gender in ("male", "female") and ent.gender not in (None, gender):
                continue
            best_pos = ent.start
            best = ent
    if isinstance(best, Entity):
        if best.kind == "person":
            return _who_for_name(best.name, ctx, [])
        return resolve_named(best.name, ctx)
    return best


def resolve_mention(mention: str, pos: int, ctx: ArticleContext) -> Who:
    """Dispatch one speaker mention to the right rule family."""
    m = (mention or "").strip()
    if not m:
        prev = ctx.previous()
        return prev if prev is not None else Who(UNKNOWN, UNKNOWN, UNKNOWN, "group")
    low = m.lower()
    if low in PRONOUNS:
        who = resolve_pronoun(PRONOUNS[low], pos, ctx)
        if who is None:
            return Who(UNKNOWN, UNKNOWN, UNKNOWN, "group")
        if PRONOUNS[low] in ("male", "female") and who.kind == "person":
            ctx.genders.setdefault(who.actor_id, PRONOUNS[low])
        return who
    head = _definite_head(m, ctx.rw)
    if head is not None and registry().match(m) is None:
        return resolve_definite(head, m, pos, ctx)
    if m not in ctx.named:  # the same words name the same actor within one article
        ctx.named[m] = resolve_named(m, ctx, pos)
    return ctx.named[m]


def _article_speakers(rows: list[dict], text: str, rw: RoleWords) -> list[Who]:
    spans = [(r["char_start"] or 0, r["char_end"] or 0) for r in rows]
    ctx = ArticleContext(text, spans, rw)
    pronoun_at = [r["mention_start"] for r in rows
                  if r["mention_start"] is not None and (r["speaker_mention"] or "").lower() in PRONOUNS]
    ctx.limit = max(pronoun_at, default=0)
    out: list[Who] = []
    for r in rows:
        pos = r["mention_start"] if r["mention_start"] is not None else (r["char_start"] or 0)
        try:
            who = resolve_mention(r["speaker_mention"] or "", pos, ctx)
        except Exception:  # never crash a batch on one odd mention
            who = Who(UNKNOWN, UNKNOWN, UNKNOWN, "group")
        ctx.history.append((pos, who))
        out.append(who)
    return out


def resolve_speakers(quotes: pl.DataFrame, articles: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Resolve every quote's speaker: (ATTRIBUTED frame, ACTORS frame of referenced actors)."""
    quotes = conform(quotes, EXTRACTED)
    if quotes.height == 0:
        return empty(ATTRIBUTED), empty(ACTORS)
    rw = load_role_words()
    texts = dict(
        articles.select(pl.col("article_id").cast(pl.String), pl.col("text").cast(pl.String))
        .unique("article_id").iter_rows()
    )
    quotes = quotes.with_row_index("_row").sort(["article_id", "quote_index", "char_start"])
    cols = ("article_id", "char_start", "char_end", "speaker_mention", "mention_start")
    by_article: dict[str, list[dict]] = {}
    for values in zip(*(quotes[c].to_list() for c in cols)):
        by_article.setdefault(values[0], []).append(dict(zip(cols, values)))
    ids, names, sides = [], [], []
    actors: dict[str, tuple[str, str, Counter, bool]] = {}
    for aid, rows in by_article.items():
        for who in _article_speakers(rows, texts.get(aid) or "", rw):
            ids.append(who.actor_id)
            names.append(who.speaker)
            sides.append(who.side)
            entry = actors.setdefault(who.actor_id, (who.speaker, who.kind, Counter(), who.in_registry))
            entry[2][who.side] += 1
    out = quotes.with_columns(
        pl.Series("actor_id", ids, pl.String),
        pl.Series("speaker", names, pl.String),
        pl.Series("speaker_side", sides, pl.String),
    ).sort("_row")
    rows = []
    for actor_id, (name, kind, side_counts, in_reg) in actors.items():
        known = [s for s, _ in side_counts.most_common() if s != UNKNOWN]
        rows.append({"actor_id": actor_id, "name": name, "kind": kind,
                     "side": known[0] if known else UNKNOWN, "in_registry": in_reg})
    actors_df = conform(pl.DataFrame(rows, schema=ACTORS), ACTORS).sort("actor_id")
    return conform(out, ATTRIBUTED), actors_df


def _attribute_task(quotes: pl.DataFrame, articles: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    from prefect import get_run_logger

    logger = get_run_logger()
    attributed, actors = resolve_speakers(quotes, articles)
    new = actors.filter(~pl.col("in_registry")).height
    unknown = attributed.filter(pl.col("speaker_side") == UNKNOWN).height
    logger.info(
        "attributed %d quotes to %d actors (%d new actors to review, %d quotes with unknown side)",
        attributed.height, actors.height, new, unknown,
    )
    return attributed, actors


def __getattr__(name: str):
    """Build the Prefect task lazily so importing this module does not import prefect."""
    if name == "attribute_speakers":
        from prefect import task

        global attribute_speakers
        attribute_speakers = task(name="attribute_speakers")(_attribute_task)
        return attribute_speakers
    raise AttributeError(name)
