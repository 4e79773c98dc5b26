"""Capitalised name runs of an article text -> candidate antecedent entities.

The scanning half of the light coreference in :mod:`tasks.attribute.coref`: capitalised runs (with name
particles and "of/for the" connectors), split at possessives and classified as a person (titles
stripped, gender from titles and first names) or an organisation, plus lone surnames after an
honorific ("Mr. Blinken"). :class:`EntityScanner` finds them in any window of one article and
classifies each run only once however many windows hold it (the resolution rules ask for the
same stretches of text again and again).
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from tasks.attribute.actors import CACHE_MAX, RoleWords
from tasks.attribute.affiliation import is_place
from tasks.match_at import matches_at

_CAP = r"[A-ZÀ-ÞА-Я][\w'’\-]*"
# capitalised runs, allowing name particles and "of/for the" connectors between capitals
_CAP_WORD = rf"{_CAP}+"  # possessive: a word never gives back letters (the same runs, faster)
_RUN_RE = re.compile(
    rf"{_CAP_WORD}(?:[ \t](?:(?:von|van|der|de|da|del|bin|al|di|of|for|the|and|on)[ \t])*"
    rf"{_CAP_WORD})+"
)  # two or more capitalised words, one space apart: a run of spaces is a lost paragraph break
# ("Photograph: Serhii Korovayny   Diana Berg, Lviv" names two people)

_CONNECTORS = {"of", "for", "the", "and", "on"}

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
# words that open a sentence before a name but are never part of it
_RUN_LEADS = _CLAUSE_OPENERS | _NOT_SUBJECT_NEXT | frozenset(
    "beside besides unlike like despite without amid among according".split()
)

# a photo credit or the outlet glued to the next sentence's name when the paragraph break was
# lost ("… Photograph: Sergei Supinsky/Getty Images Ksienich says", "told the Guardian Mark")
_CREDIT_LEADS = frozenset("getty images afp epa reuters ap shutterstock alamy guardian photograph "
                          "read watch listen related"
                          .split())
_SENT_END = re.compile(r"[.!?\n\"“”]")
_SENT_END_SET = frozenset(".!?\n\"“”")


def _sentence_cut(s: str) -> int:
    """The end of the last _SENT_END character in ``s`` (-1 when none):
    ``max((m.end() for m in _SENT_END.finditer(s)), default=-1)`` without a match object per
    character."""
    k = max(s.rfind("."), s.rfind("!"), s.rfind("?"), s.rfind("\n"), s.rfind('"'),
            s.rfind("“"), s.rfind("”"))
    return k + 1 if k >= 0 else -1


def _description_cut(s: str) -> int:
    """Like :func:`_sentence_cut`, but a period ending an abbreviation ("U.N.", "Gen.", "Lt.
    Col.") is no sentence end: "Former U.N. Secretary-General" is one description."""
    k = len(s)
    while True:
        cut = _sentence_cut(s[:k])
        if cut <= 0 or s[cut - 1] != ".":
            return cut
        word = s[:cut - 1].rsplit(None, 1)[-1] if s[:cut - 1].strip() else ""
        if not (_INITIALS.fullmatch(word) or word in _ABBREVIATIONS):
            return cut
        k = cut - 1


_INITIALS = re.compile(r"(?:[A-Z]\.)*[A-Z]")  # "U.N", "U.S", "E.U": the last period is cut
_ABBREVIATIONS = frozenset("""Mr Ms Mrs Dr Mme Sen Rep Gen Lt Col Maj Capt Sgt Gov Adm Prof Cmdr
Brig Pres Amb Rev St Jr Sr No Corp Inc Ltd Co Dept Govt""".split())


@dataclass(slots=True)
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


def _parse_run(run: str, rw: RoleWords) -> tuple[str, int, str, str | None, bool, bool] | None:
    """Classify a capitalised run (through :func:`_run_plan`, cached by the run's text).

    Returns (kind, offset of the name in the run, name, gender, titles stripped?, first name
    known?) or None when the run names no person or organisation."""
    skip = _skip_words(rw)
    toks = run.split()
    if run.isupper() and all(t.isupper() for t in toks) and \
            sum(len(t) >= 3 for t in toks) >= min(2, len(toks)):
        return None  # a label in capitals: "READ MORE", "FILE PHOTO", "DAY IN ASIA"
    lows = run.lower().replace("’", "'").split()  # the tokens lower-cased (no new spaces)
    if any(t in rw.events for t in lows):
        return None  # an event: "the Winter Games", "the World Cup", "Cannes Film Festival"
    titles = rw.titles
    k = -1  # the last title word before two more words; "of" is a title word ("Chief of
    # Staff") but never the last title before a name ("International Union of Operating ...")
    for j in range(len(lows) - 3, -1, -1):
        if lows[j].rstrip(".") in titles and lows[j] not in _CONNECTORS:
            k = j
            break
    if k >= 0 and any(t in _CONNECTORS or t in skip or t in rw.orgs for t in lows[k + 1:]):
        k = -1  # "Minister of Foreign Affairs": no name after the title
    if k < 0 and any(t.rstrip(".") in rw.orgs for t in lows):
        return ("org", 0, run, None, False, False)
    i = 0
    while i < len(toks) and (lows[i] in skip or lows[i] in _RUN_LEADS or lows[i].endswith("'s")):
        i += 1  # "Later BC Hydro", "Unlike Al Mnajer": sentence adverbs, prepositions
    while i < len(toks) - 1 and lows[i] in _CREDIT_LEADS and toks[i + 1][:1].isupper():
        i += 1
    slash = max((j for j, t in enumerate(toks[:-1]) if "/" in t), default=-1)
    if slash >= i:  # "Maxar Technologies/Reuters Hennadiy Lahuta": the credit ends at the slash
        i = slash + 1
    if k < 0 and i < len(toks) and _acronym_led(toks[i:], lows[i:], rw):
        # "BC Hydro", "Later CBC News": no person's name opens with an acronym
        return ("org", run.index(toks[i]) if i else 0, " ".join(toks[i:]), None, False, False)
    rest = lows[i:]
    # a title inside the run: the name follows the last one ("Charles County Prosecuting
    # Attorney Tim Lohmar", "Chinese Foreign Ministry Spokesperson Lu Kang")
    if k >= 0:
        i = k + 1
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
    gender = title_gender or rw.first_name_gender(first)
    offset = run.index(toks[i]) if i else 0
    name = " ".join(toks[i:])
    if is_place(name):
        return None  # "Democrat of New Jersey": a place is nobody's name
    return ("person", offset, name, gender, i > 0, first in rw.first_names)


def titled_person(run: str, rw: RoleWords) -> str:
    """The person a capitalised run names after its title or lead words ("Ukrainian Police
    Chief Ihor Klymenko" -> "Ihor Klymenko", "ABC News Political Director Rick Klein"), else ""."""
    got = _parse_run(run, rw)
    if got is None or got[0] != "person":  # read as no person: a given name and a surname last
        toks = run.split()  # ("the Chairman of the … Military Administration Pavlo Kyrylenko")
        if len(toks) >= 4 and toks[-2].lower() in rw.first_names and toks[-1].isalpha() and \
                toks[-1][0].isupper() and toks[-3][0].isupper():
            return " ".join(toks[-2:])
        return ""
    if not got[4]:
        return ""
    name = got[2].split(" (")[0]  # "Mitch McConnell (R-Ky.)"
    return name if all(w[:1].isupper() for w in name.split()) else ""  # not "later clarified"


def _acronym_led(toks: list[str], lows: list[str], rw: RoleWords) -> bool:
    """A run opened by an all-capital acronym that is no title or affiliation ("BC Hydro")."""
    first = toks[0]
    return (len(first) >= 2 and first.isalpha() and first.isupper() and len(toks) > 1
            and lows[0] not in _skip_words(rw) and not any(t in rw.first_names for t in lows[1:2]))


_POSSESSIVE_TOKEN = re.compile(r"['’]s?(?=[ \t]|$)")


def _run_segments(text: str, lo: int, hi: int):
    """Capitalised runs as (start, end, run), split at a possessive: "Jeanine Durning’s This
    Shape" is the name "Jeanine Durning" (the owner) and the run after it; "Canadian Pacific
    Railway's" is the name without the "'s". A trailing article glued on by a missing full stop
    ("The Canadian Press A train ...") is no part of the name."""
    for m in _RUN_RE.finditer(text, lo, hi):
        yield from _segments(m.group(), m.start(), m.end())


def _segments(run: str, start: int, end: int):
    """The (start, end, run) segments of one run match at [start, end) (see _run_segments)."""
    cut = _POSSESSIVE_TOKEN.search(run) if "'" in run or "’" in run else None
    owner = run[:cut.start()] if cut is not None else ""
    if " " not in owner:  # no possessive, or a one-word owner ("Russia’s Defense
        if run.endswith((" A", " An")):  # Ministry"): the whole run, as before
            run = run.rsplit(" ", 1)[0]
            if " " not in run:
                return
        yield start, start + len(run), run
        return
    yield start, start + len(owner), owner
    rest = run[cut.end():].lstrip(" \t")
    if " " in rest and _RUN_RE.fullmatch(rest):
        yield end - len(rest), end, rest


_PLAN_MAX = CACHE_MAX  # run texts remembered by _run_plan before it starts afresh


@lru_cache(maxsize=1)
def _plans(rw: RoleWords) -> dict[str, tuple]:
    """run text -> _run_plan(run), for the one RoleWords in use. A plain dict keyed by the text:
    no tuple key per entry for the garbage collector to walk, as an lru_cache on (run, rw) has."""
    return {}


def _run_plan(run: str, rw: RoleWords) -> tuple[tuple[int, int, tuple], ...]:
    """The segments of a run (offsets relative to the run) with their :func:`_parse_run`
    classification, unclassifiable ones left out (cached: runs repeat across articles)."""
    plans = _plans(rw)
    got = plans.get(run)
    if got is not None:
        return got
    if len(plans) >= _PLAN_MAX:
        plans.clear()
    got = plans[run] = _plan(run, rw)
    return got


def _plan(run: str, rw: RoleWords) -> tuple[tuple[int, int, tuple], ...]:
    out = []
    for s0, e0, seg in _segments(run, 0, len(run)):
        for s1, e1, part in _conjoined(seg, s0, rw):
            parsed = _parse_run(part, rw)
            if parsed is not None:
                out.append((s1, e1, parsed))
    return tuple(out)


def _conjoined(seg: str, s0: int, rw: RoleWords):
    """Two persons joined by "and" in one run ("Ban Ki-moon and Juan Manuel Santos"): both,
    when each side has two words or more, the left none of "of/for/the/on" and the right opens
    with a first name, or a title and a first name ("Health and Human Services", "Security and
    Defence Council" stay whole)."""
    k = seg.find(" and ")
    if k > 0:
        left, right = seg[:k], seg[k + 5:]
        lt, rt = left.lower().split(), right.lower().split()
        if len(lt) >= 2 and len(rt) >= 2 and not _CONNECTORS.intersection(lt) and (
                rt[0] in rw.first_names or rt[0].rstrip(".") in rw.titles and rt[1] in rw.first_names):
            yield s0, s0 + k, left
            yield s0 + k + 5, s0 + len(seg), right
            return
    yield s0, s0 + len(seg), seg


def _honorific_titles(rw: RoleWords) -> str:
    titles = sorted(w for w, kind in rw.gender.items() if w not in rw.first_names and len(w) <= 5)
    return "|".join(re.escape(t.capitalize()) for t in titles)


@lru_cache(maxsize=1)
def _honorific_re(rw: RoleWords) -> re.Pattern:
    return re.compile(rf"\b({_honorific_titles(rw)})\.?[ \t]+({_CAP})(?![ \t]+{_CAP})")


@lru_cache(maxsize=1)
def _honorific_hint_re(rw: RoleWords) -> re.Pattern:
    """Where an honorific match may start: every start of :func:`_honorific_re` in any window
    is a start of this one in the whole text (3x cheaper to scan: no word boundary test; it
    stops before the capital, so no hint hides the next one)."""
    return re.compile(rf"(?:{_honorific_titles(rw)})\.?[ \t]+(?={_CAP[:_CAP.index(']') + 1]})")


def _honorific_matches(text: str, hints: list[int], k: int, hi: int, pattern: re.Pattern):
    """``pattern.finditer(text, hints[k], hi)`` when every match starts at a hint: tries the
    hints only (non-overlapping matches, as finditer)."""
    return matches_at(pattern, text, itertools.islice(hints, k, None), hi)


_LABEL_LINE = re.compile(r"(?m)^[ \t]*[A-Z][A-Z ]{2,}:.*$")  # "WATCH: ...", "READ MORE: ..."


_LABEL_HEAD = re.compile(r"[ \t]*[A-Z][A-Z ]{2,}:")


def _label_lines(text: str) -> list[tuple[int, int]]:
    """Spans of short labelled headlines ("WATCH: Police warn of scams"), not of dateline
    paragraphs ("KYIV: President Zelenskyy said on Monday ... .")."""
    out = []
    last = -1
    colon = text.find(":")
    while colon >= 0:  # only lines with a colon can match _LABEL_LINE: try each once
        start = text.rfind("\n", 0, colon) + 1
        end = text.find("\n", colon)
        end = len(text) if end < 0 else end
        if start != last:
            last = start
            if _LABEL_HEAD.match(text, start, end):  # == _LABEL_LINE matching that line
                line = text[start:end].rstrip()
                if len(line) <= 150 and not line.endswith((".", "\"", "”")):
                    out.append((start, end))
        colon = text.find(":", end)
    return out


def _alone_on_line(text: str, start: int, end: int) -> bool:
    """Whether [start, end) fills its whole line (bar spaces and closing punctuation)."""
    if start and text[start - 1] not in " \t\n":
        return False
    i = start - 1
    while i >= 0 and text[i] != "\n":  # only spaces between the line start and ``start``
        if not text[i].isspace():
            return False
        i -= 1
    nl = text.find("\n", end)
    tail = text[end:nl if nl >= 0 else len(text)]
    return not tail.strip(" \t\r.:!?")


class EntityScanner:
    """The entities of one article text in any window [lo, hi), outside quotes and labelled
    headlines. The text is scanned for capitalised runs once (after windows scanned one by one
    add up to its length); a window holds exactly the runs of the whole text that lie inside it
    unless it cuts one (then it is scanned itself, as a cut run is another, shorter run). Each
    run is classified once per article (keyed by its span), so overlapping windows, then the
    whole text, cost one classification per run.

    It holds no reference to its :class:`tasks.attribute.coref.ArticleContext` (no reference cycle: the
    article's objects are freed as soon as it is done, not by the cyclic garbage collector)."""

    def __init__(self, text: str, rw: RoleWords, quote_starts: list[int], quote_ends: list[int]):
        self.text = text
        self.rw = rw
        self._q_starts = quote_starts  # sorted quote starts, running maximum of their ends
        self._q_ends = quote_ends
        self._runs: dict[tuple[int, int], tuple[Entity, ...]] = {}
        self._starts: list[int] | None = None  # the runs of the whole text
        self._ends: list[int] = []
        self._scanned = 0  # characters scanned window by window before the whole text
        self._labels: list[tuple[int, int]] | None = None
        self._hints: list[int] | None = None
        self._all: list[Entity] | None = None
        self._plans = _plans(rw)

    def inside_quote(self, pos: int) -> bool:
        """Whether ``pos`` lies inside a quote span."""
        i = bisect.bisect_right(self._q_starts, pos) - 1
        return i >= 0 and pos < self._q_ends[i]

    def labels(self) -> list[tuple[int, int]]:
        """Spans of labelled headline lines ("WATCH: ..."), found once."""
        if self._labels is None:
            self._labels = _label_lines(self.text) if ":" in self.text else []
        return self._labels

    def find(self, lo: int = 0, hi: int | None = None) -> list[Entity]:
        """Entities in [lo, hi) sorted by start (runs first among equal starts)."""
        text = self.text
        hi = len(text) if hi is None else hi
        whole = lo <= 0 and hi >= len(text)
        if whole and self._all is not None:
            return list(self._all)
        ents: list[Entity] = []
        runs = self._runs
        for key in self._spans(lo, hi):
            got = runs.get(key)
            ents.extend(self._classify(key) if got is None else got)
        ents = self._with_honorifics(ents, lo, hi)
        if whole:
            self._all = list(ents)
        return ents

    def find_at(self, lo: int, hi: int, pos: int) -> list[Entity]:
        """``[e for e in find(lo, hi) if e.start <= pos < e.end]``, classifying only the runs
        that hold ``pos``."""
        ents: list[Entity] = []
        runs = self._runs
        for key in self._spans(lo, hi):
            if key[0] <= pos < key[1]:
                got = runs.get(key)
                ents.extend(e for e in (self._classify(key) if got is None else got)
                            if e.start <= pos < e.end)
        return [e for e in self._with_honorifics(ents, lo, hi) if e.start <= pos < e.end]

    def _spans(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """The spans of the runs that a scan of [lo, hi) finds."""
        if self._starts is None:
            if hi - lo + self._scanned < len(self.text):  # a few windows: scan just them
                self._scanned += hi - lo
                return [m.span() for m in _RUN_RE.finditer(self.text, lo, hi)]
            spans = [m.span() for m in _RUN_RE.finditer(self.text)]
            self._starts = [a for a, _ in spans]  # ints: nothing for the collector to track
            self._ends = [b for _, b in spans]
        starts, ends = self._starts, self._ends
        i = bisect.bisect_left(starts, lo)
        j = bisect.bisect_left(starts, hi, i)
        if (i > 0 and ends[i - 1] > lo) or (j > i and ends[j - 1] > hi):
            return [m.span() for m in _RUN_RE.finditer(self.text, lo, hi)]  # a cut run
        return list(zip(starts[i:j], ends[i:j]))

    def _with_honorifics(self, ents: list[Entity], lo: int, hi: int) -> list[Entity]:
        """``ents`` (runs, in text order) and the lone surnames after an honorific in [lo, hi)
        ("Mr. Blinken", "Ms Kowalczyk"), sorted by start. Matches are tried at hinted starts only:
        those of this window while windows are scanned one by one (see _spans), then those of
        the whole text (a window's hints are the text's hints inside it, as a hint ends before
        the capital that a match needs inside the window)."""
        rw = self.rw
        if self._starts is None:  # the hints of this window only
            hints = [m.start() for m in _honorific_hint_re(rw).finditer(self.text, lo, hi)]
            if not hints:
                return ents
            matches = _honorific_matches(self.text, hints, 0, hi, _honorific_re(rw))
        else:
            if self._hints is None:
                self._hints = [m.start() for m in _honorific_hint_re(rw).finditer(self.text)]
            hints = self._hints
            k = bisect.bisect_left(hints, lo)
            if k >= len(hints) or hints[k] >= hi:
                return ents
            matches = _honorific_matches(self.text, hints, k, hi, _honorific_re(rw))
        skip = _skip_words(rw)
        n = len(ents)
        for m in matches:
            word = m.group(2)
            if word.lower() not in skip and not self.inside_quote(m.start()):
                gender = rw.gender.get(m.group(1).lower())
                ents.append(Entity(m.start(2), m.end(2), word, "person", gender, m.start(), True))
        if len(ents) > n:  # runs come in text order already
            ents.sort(key=lambda e: e.start)
        return ents

    def _classify(self, span: tuple[int, int]) -> tuple[Entity, ...]:
        """The entities of the run at ``span`` (remembered)."""
        text, rw = self.text, self.rw
        start, end = span
        labels = self._labels
        if labels is None:
            labels = self.labels()
        out: list[Entity] = []
        q_starts, q_ends = self._q_starts, self._q_ends
        run = text[start:end]
        plan = self._plans.get(run)
        if plan is None:
            plan = _run_plan(run, rw)
        for s0, e0, (kind, offset, name, gender, stripped, first_known) in plan:
            start0, run_end = start + s0, start + e0
            i = bisect.bisect_right(q_starts, start0) - 1
            if i >= 0 and start0 < q_ends[i]:  # inside a quote
                continue
            if kind == "person" and (start0 == 0 or text[start0 - 1] in "\n \t") and \
                    _alone_on_line(text, start0, run_end):
                continue  # a heading or boilerplate line ("Article Continued Below")
            if labels and any(a <= start0 < b for a, b in labels):
                continue  # a labelled headline ("WATCH: Police warn of scams")
            if kind == "org":
                out.append(Entity(start0 + offset, run_end, name, "org", None))
                continue
            initial = not stripped and (start0 == 0 or not _SENT_END_SET.isdisjoint(
                text[max(0, start0 - 3):start0]))  # a sentence end just before
            out.append(Entity(start0 + offset, run_end, name, "person", gender, start0,
                              first_known or not initial))
        got = self._runs[span] = tuple(out)
        return got
