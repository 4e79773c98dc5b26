"""The per-article entity tracker behind speaker resolution (light coreference).

:class:`ArticleContext` holds one article's text, its quote spans and the speakers resolved so
far; it finds candidate antecedents lazily: capitalised name runs (persons with gender from
titles and first names, organisations by their nouns), persons named in subject position
outside quotes, the fullest written form of a surname, and the words describing a name
(title before it, appositive after it). The resolution rules live in :mod:`tasks.attribute.speakers`;
finding and classifying the capitalised runs lives in :mod:`tasks.attribute.entities`.
"""

from __future__ import annotations

import bisect
import csv
import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache

from tasks.attribute.actors import (  # noqa: F401  (side words re-exported from here)
    CACHE_MAX, UNKNOWN, RoleWords, _strip_possessive, infer_side, normalise_name, side_word,
)
from tasks.contract import SEEDS
from tasks.extract.patterns import JOINED_PARTICLES
from tasks.attribute.entities import (  # noqa: F401  (re-exported: the rules import them from here)
    _CAP,
    _CLAUSE_OPENERS,
    _NOT_SUBJECT_NEXT,
    _SENT_END,
    _SUBJECT_LEADS,
    Entity,
    EntityScanner,
    _acronym_led,
    _label_lines,
    _parse_run,
    _run_segments,
    _description_cut,
    _sentence_cut,
    _skip_words,
)

PRONOUNS = {
    "he": "male", "him": "male", "his": "male", "she": "female", "her": "female",
    "they": "plural", "them": "plural", "their": "plural", "it": "neuter", "its": "neuter",
    "i": "self", "we": "self", "you": "self",
}
DETERMINERS = {"the", "this", "that", "these", "those"}
NAME_PARTICLES = {"von", "van", "der", "de", "da", "del", "la", "le", "bin", "al", "di"}
PREPOSITIONS = {"in", "of", "at", "from", "for", "to", "with", "on", "near", "across", "inside"}

_WORD_RE = re.compile(r"[\w'’‘´.\-]+")
_PRONOUN_RE = re.compile(r"\b(he|his|him|she|her)\b", re.IGNORECASE)
_APPOSITIVE_END = re.compile(r"[.;\n]|,(?=\s)")
_APPOSITIVE_MAX = 10  # words of an appositive after "Name," that describe the name
_INTRODUCED_RE = re.compile(r",[ \t]*(?:\d{1,3}\b|who\b)")
_NEXT_WORD_RE = re.compile(r"[ \t]*(?:\([^)\n]{0,40}\)[ \t]*)?([A-Za-z’']+)")



@dataclass(slots=True)
class Who:
    """A resolved speaker within one article."""

    actor_id: str
    speaker: str
    side: str
    kind: str  # person / org / media / group
    gender: str | None = None
    desc: set[str] = field(default_factory=set)  # lower-case words describing it
    in_registry: bool = False
    evidence: str = ""  # why it has its side: "registry", "institution:IAEA->international"


@dataclass(slots=True)
class Mention:
    """A person named outside quotes in subject position (candidate antecedent of he/she)."""

    start: int
    name: str  # as written: a full name or a surname already named in full


# a body's capitalised name, never the clause after it: "the Kiel Institute for the World Economy"
BODY_NAME = r"[A-Z][\w’'&.\-]*(?:[ \t]+(?:(?:of|for|and|the|on|in)[ \t]+)*[A-Z][\w’'&.\-]*)*"
_OF_BODY_AFTER = re.compile(
    r"[ \t]+(?:(?:of|at)[ \t]+(?:the[ \t]+)?|from[ \t]+the[ \t]+)" + BODY_NAME)
_SENTENCE_END = re.compile(r"[.!?][\"”’]?\s+")
_AGE = re.compile(r"\s*\d{1,3}\s*")
_PARTY_TAG_AFTER = re.compile(r",?\s*\(?[DRI]-[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?\)?")


def _words(s: str) -> list[str]:
    """The lower-cased words of ``s`` (a new list: callers may change it)."""
    return list(_words_of(s))


@lru_cache(maxsize=CACHE_MAX)
def _words_of(s: str) -> tuple[str, ...]:
    if s.isascii():  # lower-case once (non-ASCII case maps may change the tokens: "İ")
        return tuple([w.strip(".,;:") for w in _WORD_RE.findall(s.lower())])
    return tuple([w.strip(".,;:").lower().replace("’", "'") for w in _WORD_RE.findall(s)])


def _is_cap(tok: str) -> bool:
    """Capitalised, a name particle ("von", "al"), or one joined to a name ("al-Shabaab")."""
    if not tok:
        return False
    if tok[0].isupper() or tok.lower() in NAME_PARTICLES:
        return True
    return tok.lower().startswith(JOINED_PARTICLES) and tok.partition("-")[2][:1].isupper()


# "a car mechanic from western Ukraine", "Russia's western exclave": a compass point, not the
# West (which "western officials", "Western allies" are)
_GEOGRAPHIC_WEST = re.compile(r"\bwestern[ \t]+(?=[A-Z]|(?:regions?|exclave|city|cities|border|"
                              r"part|parts|flank|outskirts|suburbs?|provinces?|oblasts?)\b)")


@lru_cache(maxsize=1)
def _speech_forms() -> frozenset[str]:
    """Single-word reporting verb forms (seeds/reporting_verbs.csv): "says", "told", ..."""
    with open(SEEDS / "reporting_verbs.csv", newline="", encoding="utf-8") as fh:
        forms = {row["form"].strip().lower() for row in csv.DictReader(fh)}
    return frozenset(f for f in forms if f and " " not in f)


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
        self.routes: dict[str, str] = {}  # raw mention -> its key in named, when pos-independent
        self._near_cache: dict[str, tuple[dict[str, list[Entity]], dict[str, list[Entity]]]] = {}
        self._subjects: list[Mention] | None = None
        self.limit = len(self.text)  # subjects are looked for before this position only
        # the end of the previous quote (or its mention); the quote being attributed, whose own
        # subjects are no speakers
        self.prev_end, self.quote_span = -1, (-1, -1)
        self.prev_span = (-1, -1)  # the previous quote's span (its content is no antecedent)
        self.own_words = (-1, -1)  # the span of the current quote when it is direct speech
        self._counts: dict[str, int] = {}
        self.who_cache: dict[tuple[str, int], Who] = {}
        self._context: dict[str, list[str]] = {}
        self._description: dict[str, tuple[str, str]] = {}
        self.local_sides: dict = {}  # (words, person) -> the setting's side (names.local_side)
        self.outlet: str | None = None  # the article's outlet (its home country: outlets.csv)
        self.published = None  # the article's date (datetime.date): who held an office then
        self._scanner = EntityScanner(self.text, rw, self._starts, self._ends)

    @property
    def label_lines(self) -> list[tuple[int, int]]:
        """Spans of labelled headline lines ("WATCH: ..."), found once."""
        return self._scanner.labels()

    def count(self, s: str) -> int:
        """Occurrences of ``s`` in the text (cached)."""
        got = self._counts.get(s)
        if got is None:
            got = self._counts[s] = self.text.count(s)
        return got

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
        """Entities in [lo, hi) (see :class:`tasks.attribute.entities.EntityScanner`)."""
        return self._scanner.find(lo, hi)

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
        for table, test in (  # a given name is the first word as written: "Russia-controlled
            # Zaporozhye" is no name of Russia's
            (by_last, lambda e: normalise_name(e.name).endswith(" " + key)),
            (by_first, lambda e: len(words) == 1 and normalise_name(e.name.split()[0]) == key),
        ):
            hits = [e for e in table.get(words[-1] if table is by_last else words[0], ())
                    if len(e.name) > len(name) and test(e)]
            hits = [e for e in hits if e.sure] or hits  # "Later Haidai" < "Serhiy Haidai"
            if hits:
                if pos is None:
                    return max(hits, key=lambda e: len(e.name)).name
                before = [e for e in hits if e.start < pos]
                if before:
                    latest = normalise_name(before[-1].name).split()
                    first = normalise_name(before[0].name).split()
                    other = next((e for e in before if normalise_name(e.name).split()[0] != first[0]), None)
                    if other is not None and self._bare_between(name, before[0].end, other.start):
                        latest = first  # "Alexander Vindman … Vindman testified … his brother
                        # Yevgeny Vindman …": the bare name stays the one it named first
                    # the longest form used for that same person
                    same = [e for e in before if normalise_name(e.name).split()[0] == latest[0]]
                    return max(same or before[-1:], key=lambda e: len(e.name)).name
                return hits[0].name
        return name

    def _bare_between(self, name: str, lo: int, hi: int) -> bool:
        """Whether ``name`` is written alone (no capitalised word before it) in [lo, hi)."""
        for m in re.finditer(r"(?<![\w’'-])%s(?![\w’'-])" % re.escape(name), self.text[lo:hi]):
            before = self.text[max(0, lo + m.start() - 30):lo + m.start()].split()
            if not before or not before[-1][:1].isupper() or before[-1].endswith((".", ",")):
                return True
        return False

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
            for e in self._scanner.find_at(lo, hi, start):
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
        for m in _PRONOUN_RE.finditer(self.text, pos + len(name), pos + len(name) + 200):
            if not self._inside_quote(m.start()):  # "he" in a quote is someone else
                return "male" if m.group(1).lower() in ("he", "his", "him") else "female"
        return None

    def context_words(self, name: str) -> list[str]:
        """Words around the first occurrence of ``name``: the title before and appositive after."""
        got = self._context.get(name)
        if got is None:
            got = self._context[name] = self._context_words(name)
        return got

    def _context_words(self, name: str) -> list[str]:
        before, after = (_GEOGRAPHIC_WEST.sub("", part) for part in self.description(name))
        before_words = _words(before)[::-1]  # nearest first
        after_words = _words(after)[:_APPOSITIVE_MAX] if after else []
        return before_words + after_words

    def description(self, name: str) -> tuple[str, str]:
        """The words before the first occurrence of ``name`` (back to the sentence start, at
        most 80 characters) and its appositive after a comma ("", "" when not found)."""
        got = self._description.get(name)
        if got is not None:
            return got
        pos = self.text.find(name)
        if pos < 0:
            got = ("", "")
        else:
            before = self.text[max(0, pos - 80):pos]
            before = before[max(_description_cut(before), 0):]
            k = before.rfind(" and ")
            lead = before[:k].rstrip(" ,").rsplit(None, 1) if k > 0 else []
            if lead and lead[-1][:1].isupper():
                # "Secretary-General Ban Ki-moon and [former President] Juan Manuel Santos":
                # the words before the first name are the first person's
                before = before[k + 5:]
            after = self.text[pos + len(name):pos + len(name) + 120]
            # an appositive is short: a long stretch is a clause ("According to EHS, that
            # target is met ... but Chapman says that's not what the union is seeing")
            tag = _PARTY_TAG_AFTER.match(after)  # ", R-N.Y.," / " (D-Wash.)": periods inside
            if tag:
                after = tag.group(0) + _APPOSITIVE_END.split(after[tag.end():], maxsplit=1)[0]
            elif after.startswith(","):
                parts = _APPOSITIVE_END.split(after[1:], maxsplit=2)
                after = parts[0]
                first = after.split(None, 1)[0] if after.strip() else ""
                if first in _speech_forms():  # "Gen. Zaluzhniy, praised the units": a clause
                    after = ""
                if _AGE.fullmatch(after) and len(parts) > 1:  # "Olena, 34, who fled Mariupol"
                    after = f"{after}, {parts[1]}"
            else:  # "Tim Noonan of the ITUC", "Liz Cheney of Wyoming": the body, else nothing
                body = _OF_BODY_AFTER.match(after)
                after = body.group(0) if body else ""
            got = (before, after)
        self._description[name] = got
        return got

    def is_subject(self, start: int, end: int) -> bool:
        """Whether the name at [start, end) is the subject of its clause: it opens its sentence
        (after at most a conjunction or adverb) or a verb-like lower-case word follows it."""
        text = self.text
        if text.startswith(("'s", "’s", "'", "’"), end) or text[end - 2:end] in ("'s", "’s"):
            return False  # possessive: "Trudeau's office"
        lead = text[max(0, start - 60):start]
        titles, affiliation = self.rw.titles, self.rw.affiliation
        titled = False
        while True:  # titles before the name: "Dr. Robert Strang", "Education Minister Rob",
            # with the capitalised words of the title ("Chinese Foreign Ministry spokesperson")
            parts = lead.rstrip().rsplit(None, 1)
            if len(parts) == 2:
                last = parts[1]
                is_title = last.rstrip(".").lower() in titles
                if is_title or last.lower() in affiliation or titled and last[:1].isupper() \
                        and last[-1:] not in ".!?\"”":
                    titled = titled or is_title
                    lead = parts[0] + " "
                    continue
            break
        cut = _sentence_cut(lead)
        if cut > 0 and lead[cut - 1] == ".":
            before = lead[:cut - 1].rsplit(None, 1)[-1:] or [""]
            if before[0][:1].isupper() and len(before[0]) <= 4:
                cut = -2  # an abbreviation ("U.S.", "Ont.", "Mr."), not a sentence end
        if cut >= 0 or (cut == -1 and start < 60):
            for w in _words_of(lead[max(cut, 0):]):
                if w not in _SUBJECT_LEADS and w not in titles and w not in affiliation:
                    break
            else:
                return True
        if _INTRODUCED_RE.match(text, end):
            return True  # "Toronto retiree Doug Purdy, 73, ..." / "..., Doug Purdy, who lost"
        if lead.rstrip().lower().endswith("according to"):
            return True  # the source of what follows: "According to Haley, the threats ..."
        # mid-sentence: opens a clause ("..., Lohmar said", "when Trudeau said") and a verb-like
        # lower-case word follows (not "the season-long FedEx Cup race")
        before = lead.rstrip()
        if not before or before[-1] not in ",;:—–(" and (
                before.rsplit(None, 1)[-1].lower() not in _CLAUSE_OPENERS):
            return False
        m = _NEXT_WORD_RE.match(text, end)
        if m is None and before[-1] == "," and text.startswith(",", end):
            # "the director, Jeff Fraser, says": an appositive name before a reporting verb
            m = _NEXT_WORD_RE.match(text, end + 1)
            return m is not None and m.group(1) in _speech_forms()
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
            if not self.text.startswith("(", e.start - 1) and self.is_subject(e.start, e.end):
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


def names_itself(who: Who, text: str, span: tuple[int, int]) -> bool:
    """Whether a person is named in the third person inside the quote at ``span`` ("I have
    warned Putin. Let him think" is not Putin's): then no floating quote or he/she is theirs."""
    if who.kind != "person" or span[0] < 0 or not who.speaker.split():
        return False
    last, inside = who.speaker.split()[-1], text[span[0]:span[1]]
    if len(last) < 3 or last not in inside:  # cheap test first: most quotes do not name them
        return False
    last = re.escape(last)
    if re.search(r"\b%s\b" % last, inside) is None:
        return False
    # "I am Kamala Harris", or an attribution the quote marks failed to close ("…, Todd said")
    return re.search(r"\b(?:I am|I'm|I’m|my name is)\s+(?:\w+\s+)?%s\b|\b%s\s+(?:said|says|added|"
                     r"told|wrote|asked|then)\b" % (last, last), inside) is None
