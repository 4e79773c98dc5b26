"""A speaker's side from what the article says about them, with the evidence.

The registry (seeds/actors.csv) knows a few hundred well-known people and bodies; most speakers
in the news are introduced by the article itself: "Rep. Jody Hice, R-Ga.", "Richard Moore, the
head of Britain's MI6", "an IAEA spokesman", "a resident of Kharkiv", "Latvia's foreign
minister". :func:`affiliation` reads such a description and maps it to a side through seeds:

- ``institutions.csv``: governments, ministries, militaries, agencies, think tanks, universities,
  NGOs, international bodies, media and companies, with aliases and a side;
- ``titles.csv``: titles and offices that fix a country ("Sen.", "MEP", "Duma deputy");
- ``countries.csv``: every country with its demonyms, aliases, capital and side;
- ``places.csv``: cities and regions -> country;
- ``us_states.csv``: the state forms of US party tags ("D-Wash.", "(R-Tenn.)").

Evidence reads ``kind:what->country->side`` (``party:R-Ga.->US->west``,
``institution:IAEA->international``, ``demonym:Ukrainian->ukraine``) and lands in
``quotes.speaker_side_evidence``. Stronger evidence wins over weaker (a party tag or an
institution over a country word or a place); among equals, the words nearest the name.

Citizens: people of Ukraine or Russia speaking for themselves are on their country's side; the
citizens of other countries (a "British tourist", "an American mother") are ``other`` (see
../shared/eval/GUIDELINES.md, "Clarifications").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tasks.contract import SEEDS, SIDES
from tasks.seeds import read_seed_csv

COUNTRIES_CSV = SEEDS / "countries.csv"
PLACES_CSV = SEEDS / "places.csv"
INSTITUTIONS_CSV = SEEDS / "institutions.csv"
TITLES_CSV = SEEDS / "titles.csv"
US_STATES_CSV = SEEDS / "us_states.csv"
OUTLETS_CSV = SEEDS / "outlets.csv"

# evidence strength: lower wins
PARTY, INSTITUTION, TITLE, DEMONYM, PLACE = range(5)
KIND_NAMES = {PARTY: "party", INSTITUTION: "institution", TITLE: "title", DEMONYM: "demonym",
              PLACE: "place"}

# country names that are as often given names or US states: never evidence on their own
AMBIGUOUS_COUNTRY_NAMES = frozenset({"Georgia", "Jordan", "Chad", "Israel", "Guinea", "Niger",
                                      "Turkey", "China", "Panama", "Cuba", "Mali", "Oman",
                                      "Sofia", "Victoria"})
# words that say a person speaks for themselves, not for a state
CITIZEN_WORDS = frozenset("""resident residents citizen citizens tourist tourists mother father
mom dad son daughter wife husband widow brother sister grandmother grandfather woman women man men
girl boy student students volunteer volunteers fan fans shopper shoppers customer customers
driver drivers voter voters worker workers refugee refugees local locals family families friend
businessman businesswoman owner retiree pensioner parent parents teacher nurse doctor
neighbour neighbor neighbours neighbors relative relatives survivor survivors""".split())

_PARTY_TAG = re.compile(r"(?<![\w-])([DRI])-([A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?)")
_WORD = re.compile(r"[a-z]+")
_POSSESSIVE_END = re.compile(r"['’‘´]s$")
_CAP_WORD = re.compile(r"[A-Z][^\W_]*")
_CAP_OR_SIGN = re.compile(r"[A-Z][^\W_]*|[^\w\s]")  # where an ASCII-capital phrase can start
_LOWER_OR_DIGIT = re.compile(r"(?<![^\W_])[^\WA-Z_][^\W_]*")  # not an ASCII capital
_FIRST_WORD = re.compile(r"[^\W_]+|[^\w\s]")  # a word, or one sign ("(", "'")


class AffiliationSeedError(ValueError):
    """A seed file of the affiliation vocabularies is missing a column or holds a bad value."""


@dataclass(frozen=True, slots=True)
class Affiliation:
    side: str
    evidence: str
    strength: int = PLACE  # PARTY (strongest) ... PLACE

    @property
    def strong(self) -> bool:
        """A party tag, an institution or a title: stronger than a role word nearby."""
        return self.strength <= TITLE


@dataclass(frozen=True, slots=True)
class _Entry:
    strength: int
    label: str  # what the evidence names: "IAEA", "Rep.", "Ukrainian", "Kharkiv"
    country: str  # ISO2, "EU", "INT" or ""
    side: str


def _rows(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    return read_seed_csv(path, columns, AffiliationSeedError)


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def _check_side(path: Path, side: str, line: str) -> str:
    if side not in SIDES:
        raise AffiliationSeedError(f"{path.name}: unknown side {side!r} for {line!r}")
    return side


class AffiliationIndex:
    """Every phrase of the seeds, indexed by its first word; :meth:`find` picks the best
    evidence."""

    def __init__(self) -> None:
        phrases: dict[str, _Entry] = {}

        def add(phrase: str, entry: _Entry) -> None:
            old = phrases.get(phrase)
            if old is None or entry.strength < old.strength:
                phrases[phrase] = entry

        countries = {}
        written = set()  # country names, aliases and capitals as the text writes them
        named = {}  # a country's name or alias -> its name
        for r in _rows(COUNTRIES_CSV, ("country", "iso2", "side", "demonyms", "aliases", "capital")):
            side = _check_side(COUNTRIES_CSV, r["side"], r["country"])
            countries[r["iso2"]] = (r["country"], side)
            written.update([r["country"], *_split(r["aliases"]), *_split(r["capital"])])
            named.update((n, r["country"]) for n in [r["country"], *_split(r["aliases"])])
            for name in [r["country"], *_split(r["aliases"])]:
                if name not in AMBIGUOUS_COUNTRY_NAMES:
                    add(name, _Entry(DEMONYM, name, r["iso2"], side))
            for dem in _split(r["demonyms"]):
                add(dem, _Entry(DEMONYM, dem, r["iso2"], side))
            for cap in _split(r["capital"]):
                if cap not in AMBIGUOUS_COUNTRY_NAMES:
                    add(cap, _Entry(PLACE, cap, r["iso2"], side))
        self.countries = countries
        self.countries_written = frozenset(written)
        self.country_names = named
        for r in _rows(PLACES_CSV, ("place", "country_iso2", "kind", "aliases")):
            if r["country_iso2"] not in countries:
                raise AffiliationSeedError(
                    f"places.csv: unknown country {r['country_iso2']!r} for {r['place']!r}")
            side = countries[r["country_iso2"]][1]
            for name in [r["place"], *_split(r["aliases"])]:
                add(name, _Entry(PLACE, r["place"], r["country_iso2"], side))
        geo = set(phrases)
        self.institutions: dict[str, tuple[str, tuple[str, ...], str]] = {}
        media = set()  # labels of news media: a contributor's other institution says more
        for r in _rows(INSTITUTIONS_CSV, ("name", "aliases", "kind", "country_iso2", "side")):
            side = _check_side(INSTITUTIONS_CSV, r["side"], r["name"])
            names = (r["name"], *_split(r["aliases"]))
            if r["kind"] == "media":
                media.update(names)
            for name in names:
                self.institutions.setdefault(name, (r["name"], names, side))
            shortest = min(names, key=len)
            for name in names:
                if name in geo:  # "Kyiv", "Russia": the country itself, not its government
                    continue
                label = shortest if len(name) > 40 else name
                add(name, _Entry(INSTITUTION, label, r["country_iso2"], side))
        for r in _rows(TITLES_CSV, ("title", "country_iso2", "kind", "side_hint")):
            iso = r["country_iso2"]
            side = r["side_hint"] or (countries[iso][1] if iso in countries else "")
            if side:
                add(r["title"], _Entry(TITLE, r["title"], iso, _check_side(TITLES_CSV, side, r["title"])))
        states = set()
        for r in _rows(US_STATES_CSV, ("state", "postal", "ap_abbrev", "other_forms")):
            for form in [r["state"], r["postal"], r["ap_abbrev"], *_split(r["other_forms"])]:
                states.add(form.rstrip("."))
            if r["state"] not in AMBIGUOUS_COUNTRY_NAMES and r["state"] not in phrases:
                add(r["state"], _Entry(PLACE, r["state"], "US", countries["US"][1]))  # "North Dakota's"
        self.us_states = frozenset(states)
        self.media = frozenset(media)
        outlets = {}
        for r in _rows(OUTLETS_CSV, ("outlet", "aliases", "country_iso2")):
            if r["country_iso2"] not in countries:
                raise AffiliationSeedError(
                    f"outlets.csv: unknown country {r['country_iso2']!r} for {r['outlet']!r}")
            for name in [r["outlet"], *_split(r["aliases"])]:
                outlets[name.lower()] = r["country_iso2"]
        self.outlets = outlets
        self.phrases = phrases
        # phrases by their first word, longest first: a text is tried only at its word starts
        by_first: dict[str, list[str]] = {}
        for phrase in sorted(phrases, key=len, reverse=True):
            by_first.setdefault(_FIRST_WORD.match(phrase).group(0), []).append(phrase)
        self.by_first = by_first
        # the places alone (all capitalised), for the article's setting: tried at capitalised
        # words only
        self.place_first = {}
        for w, cands in by_first.items():
            places = [ph for ph in cands if phrases[ph].strength == PLACE]
            if places and w[:1].isupper():
                self.place_first[w] = places
        # most phrases start with a capital: only a few first words need a look at every word
        self.lower_first = frozenset(w for w in by_first if not "A" <= w[:1] <= "Z")

    def institution(self, name: str, text: str) -> tuple[str, str, str] | None:
        """An organisation of institutions.csv written as ``name``: (its canonical name, the
        name to show — for an acronym the fullest of its names the article ``text`` spells
        out, else ``name`` as written —, its side)."""
        hit = self.institutions.get(name)
        if hit is None:
            return None
        canonical, names, side = hit
        shown = name
        if name.replace(".", "").isupper():  # an acronym: the name the article spells out
            written = [n for n in names if n in text and n not in self.countries_written
                       and not n.replace(".", "").isupper()]
            shown = max(written, key=len) if written else name
        return canonical, shown, side

    def is_place(self, name: str) -> bool:
        """Whether ``name`` is, as a whole, a country, a demonym or a place of the seeds."""
        return any(pos == 0 and e.strength >= DEMONYM and len(e.label) == len(name)
                   for pos, e in self.hits(name))

    def _has_lower_first(self, text: str) -> bool:
        """Whether a phrase that starts with a lower-case word or a digit may be in ``text``."""
        return any(w in self.lower_first for w in _LOWER_OR_DIGIT.findall(text))

    def places(self, text: str) -> list[_Entry]:
        """The places (cities, regions, capitals) an article names, in order."""
        return [e for _, e in self._phrases_at(text, _CAP_WORD.finditer(text), self.place_first)]

    def _phrases_at(self, text: str, words, table: dict[str, list[str]]):
        """(start, entry) of the seed phrases starting at ``words`` (matches of a word regex):
        the longest phrase whose first word it is, on word boundaries, never overlapping."""
        found = []
        phrases = self.phrases
        taken = 0  # matches do not overlap: the next one starts after the last
        for m in words:
            cands = table.get(m.group(0))
            start = m.start()
            if cands is None or start < taken:
                continue
            if start and (text[start - 1].isalnum() or text[start - 1] in "_-"):
                continue
            for phrase in cands:
                end = start + len(phrase)
                if text.startswith(phrase, start) and (
                        end == len(text) or not (text[end].isalnum() or text[end] == "_")):
                    found.append((start, phrases[phrase]))
                    taken = end
                    break
        return found

    def party(self, text: str) -> list[tuple[int, _Entry]]:
        """US party tags: "R-Ga.", "(D-Wash.)", "I-Vt." with a known state."""
        out = []
        for m in _PARTY_TAG.finditer(text):
            state = m.group(2).rstrip(".")
            if state in self.us_states or state.split(" ")[0] in self.us_states:
                out.append((m.start(), _Entry(PARTY, m.group(0).rstrip(",;"), "US", "west")))
        return out

    def hits(self, text: str) -> list[tuple[int, _Entry]]:
        """Every piece of evidence in ``text`` with its position."""
        words = _FIRST_WORD.finditer(text) if self._has_lower_first(text) else \
            _CAP_OR_SIGN.finditer(text)
        return self._phrases_at(text, words, self.by_first) + self.party(text)

    def find(self, before: str = "", after: str = "", name: str = "") -> Affiliation | None:
        """The best evidence in the words before a name, after it, and in the name itself;
        among equally strong evidence, the nearest to the name."""
        cands = []
        for pos, e in self.hits(name):
            cands.append((e.strength, 0, e))
        hits = sorted(self.hits(before), key=lambda h: h[0])
        for k, (pos, e) in enumerate(hits):
            if (e.strength == TITLE or e.strength == INSTITUTION and e.country == "INT") and k \
                    and hits[k - 1][1].strength >= DEMONYM and \
                    _POSSESSIVE_END.sub("", before[:pos].rstrip()).endswith(hits[k - 1][1].label):
                # "Ukrainian MP", "Luhansk Gov.", "Britain's U.N. Ambassador": the country
                # before the title or the international body
                e = hits[k - 1][1]
            cands.append((e.strength, len(before) - pos, e))
        for pos, e in self.hits(after):
            cands.append((e.strength, pos + 1, e))
        if not cands:
            return None
        strength, _, best = min(cands, key=lambda c: (c[0], c[1]))
        if best.strength == INSTITUTION and best.label in self.media:
            # "an ABC News contributor and former undersecretary at DHS": the government's
            served = [c for c in cands if c[0] == INSTITUTION and c[2].label not in self.media]
            if served:
                strength, _, best = min(served, key=lambda c: c[1])
        side = best.side
        if best.strength >= DEMONYM and side in ("west", "other"):
            words = set(_WORD.findall(f"{before} {after}".lower()))
            if words & CITIZEN_WORDS:
                side = "other"  # a citizen speaking for themselves, not for the state
        via = f"{best.country}->" if best.country and best.country not in ("INT", "EU") else ""
        return Affiliation(side, f"{KIND_NAMES[strength]}:{best.label}->{via}{side}", strength)


# heads of unnamed sources that belong to the place where the story happens
LOCAL_OFFICIALS = frozenset("""authorities authority police prosecutors prosecutor officials
official governor mayor council administration ministry emergency rescuers rescue""".split())
# titles of a country's leaders: undescribed, they are the setting country's
HEAD_OF_STATE_WORDS = frozenset("""president premier prime king queen""".split())
LOCAL_PEOPLE = frozenset("""residents resident locals local people villagers soldiers soldier
troops fighters volunteers volunteer civilians civilian woman women man men mother father
survivor survivors witnesses witness refugees refugee""".split())
SETTING_MIN = 3  # place mentions the setting country needs
SETTING_LEAD = 2.0  # and this many times the next country's


@lru_cache(maxsize=64)  # one article's setting serves all its sources
def setting(text: str) -> tuple[str, str, int] | None:
    """Where the story happens: the country whose cities and regions the article names most
    (at least SETTING_MIN times and SETTING_LEAD times the next one): (iso2, side, count)."""
    ix = affiliation_index()
    counts: dict[str, int] = {}
    for e in ix.places(text):
        if e.country:
            counts[e.country] = counts.get(e.country, 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    iso, n = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if n < SETTING_MIN or n < SETTING_LEAD * runner_up:
        return None
    return iso, ix.countries[iso][1], n


def setting_side(text: str, words: list[str], person: bool) -> Affiliation | None:
    """The side of an undescribed local source from the article's setting: officials and
    authorities get their country's side; people (residents, soldiers, a person named with no
    description) get it when the setting is Ukraine or Russia, else ``other`` (citizens speak
    for themselves)."""
    official = any(w in LOCAL_OFFICIALS for w in words)
    if not (official or person or any(w in LOCAL_PEOPLE for w in words)):
        return None
    where = setting(text)
    if where is None:
        return None
    iso, side, n = where
    if not official and side not in ("ukraine", "russia"):
        side = "other"
    return Affiliation(side, f"setting:{iso} ({n} places)->{side}", PLACE)


# heads of the home country's own bodies, when the article does not name the country:
# "the Ministry of Defence said", "an MoD source", "Defence officials", "the Food Standards Agency"
DOMESTIC_BODIES = frozenset("""agency department ministry office service authority commission
regulator watchdog police prosecutors prosecutor mod defence defense army navy military
intelligence treasury government""".split())


# an owner or a qualifier that makes a government somebody else's than the outlet country's
POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "its": "it", "their": "they"}  # owner -> pronoun
OWNER_PRONOUNS = frozenset(POSSESSIVE_PRONOUNS)
NOT_HOME = OWNER_PRONOUNS | frozenset("foreign central regional local provincial".split())
POSSESSIVES = ("'s", "’s", "´s")
GOVERNMENT_VOICES = frozenset("""spokesperson spokesman spokeswoman spokespeople source sources
official officials insider insiders""".split())


def home_side(outlet: str | None, words: list[str]) -> Affiliation | None:
    """The side of an unqualified national body ("the Ministry of Defence", "Defence officials",
    "a government spokesperson") from the outlet's country (``seeds/outlets.csv``): a British
    paper's MoD is Britain's, RT's "Defense Ministry" is Russia's. "government" only before a
    voice ("spokesperson", "source", "official") and with no owner or qualifier."""
    low = {w.strip(".,'’").lower() for w in words}
    if not outlet or not low & DOMESTIC_BODIES:
        return None
    ix = affiliation_index()
    iso = ix.outlets.get(outlet.strip().lower())
    if iso is None:
        return None
    if low & DOMESTIC_BODIES == {"government"} and (
            not low & GOVERNMENT_VOICES or low & NOT_HOME or
            any(w.endswith(POSSESSIVES) for w in words)):
        return None  # "Kurti's government", "a foreign government official", "the government"
    side = ix.countries[iso][1]
    return Affiliation(side, f"outlet:{outlet}->{iso}->{side}", PLACE)


@lru_cache(maxsize=1)
def affiliation_index() -> AffiliationIndex:
    """The index built from the seeds, once per process."""
    return AffiliationIndex()


@lru_cache(maxsize=50_000)
def is_place(name: str) -> bool:
    """:meth:`AffiliationIndex.is_place` of the seeds' index, cached by name."""
    return affiliation_index().is_place(name)


def country_written(name: str) -> str:
    """The country a name or alias of two words or more names, as the seeds name it ("Saudi
    Arabia", "the Czech Republic" -> Czechia, "The United States of America"), else ""."""
    name = name[4:] if name[:4] in ("the ", "The ") else name
    return affiliation_index().country_names.get(name, "") if " " in name else ""


@lru_cache(maxsize=50_000)
def affiliation(before: str = "", after: str = "", name: str = "") -> Affiliation | None:
    """The side a description gives a speaker (see :class:`AffiliationIndex.find`)."""
    return affiliation_index().find(before, after, name)
