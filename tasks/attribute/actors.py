"""The actor registry (seeds/actors.csv), role words (seeds/role_words.csv) and name matching.

Names are matched to registry actors exactly after :func:`normalise_name` (case, diacritics,
curly apostrophes, hyphens, periods, a leading "the", a trailing possessive), then fuzzily with
rapidfuzz on full person names only (conservative threshold, surname must agree closely).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import polars as pl
from rapidfuzz import fuzz, process

from tasks.contract import SEEDS, SIDES
from tasks.seeds import read_seed_csv

ACTORS_CSV = SEEDS / "actors.csv"
ROLE_WORDS_CSV = SEEDS / "role_words.csv"
UNKNOWN = "unknown"  # the side of a speaker nothing tells
FIRST_NAMES_CSV = SEEDS / "first_names.csv"  # common given names with their usual gender
TITLE_ABBREVIATIONS_CSV = SEEDS / "title_abbreviations.csv"  # "PM" -> "prime minister"
GIVEN_NAMES_CSV = SEEDS / "given_names.csv"  # US Census 1990 given names: gender only
ROLE_HOLDERS_CSV = SEEDS / "role_holders.csv"  # "the Kremlin spokesman" -> Dmitry Peskov
ROLE_SYNONYMS_CSV = SEEDS / "role_synonyms.csv"  # "envoy" is a "representative"

FUZZY_CUTOFF = 86.0  # whole-name similarity (0-100) for a fuzzy registry match
SURNAME_CUTOFF = 75.0  # the last tokens must also be this similar
_MISS = object()
# Text-keyed caches (names, runs, words) hold at most this many entries: about two batches' worth
# of distinct names, so a worker of a long run stays at the memory of a short one (at 200,000
# a worker of the 10x run held ~70 MB more than one of the 1x run)
CACHE_MAX = 50_000  # names remembered by Registry.match before it starts afresh

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_DASHES = re.compile(r"[\-‐‑‒–—]+")
_NON_WORD = re.compile(r"[^\w' ]+")
_SPACES = re.compile(r"\s+")
_POSSESSIVE_END = re.compile(r"'s$|'$")
_PLAIN = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")
_LEADING_THE = re.compile(r"^the ")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=CACHE_MAX)
def normalise_name(s: str | None) -> str:
    """Lower-case, strip diacritics/periods/hyphens, a leading "the" and a trailing possessive.

    >>> normalise_name("The Kremlin’s")
    'kremlin'
    >>> normalise_name("Thomas-Greenfield")
    'thomas greenfield'
    """
    if not s:
        return ""
    if _PLAIN.fullmatch(s):  # letters and single spaces only: nothing but case and "the"
        s = s.lower()
        return s[4:] if s.startswith("the ") else s
    s = s.translate(_APOSTROPHES)
    if not s.isascii():  # strip diacritics (ASCII names, the common case, skip this)
        s = unicodedata.normalize("NFKD", s)
        s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.lower()
    s = s.replace(".", "")
    s = _DASHES.sub(" ", s)
    s = _NON_WORD.sub(" ", s)
    s = _SPACES.sub(" ", s).strip()
    s = _POSSESSIVE_END.sub("", s).strip()
    s = _LEADING_THE.sub("", s)
    return s.replace("'", "")


@lru_cache(maxsize=CACHE_MAX)
def slugify(s: str) -> str:
    """A lower-case ASCII slug for actor ids: "Oleh Syniehubov" -> "oleh-syniehubov"."""
    slug = _NON_SLUG.sub("-", normalise_name(s)).strip("-")
    return slug or "unknown"


@lru_cache(maxsize=1)
def load_actor_registry() -> pl.DataFrame:
    """The registry: actor_id, name, kind, side, aliases (list of strings). Cached."""
    df = pl.read_csv(ACTORS_CSV, schema_overrides={"aliases": pl.String}).with_columns(
        pl.col("aliases").fill_null("").str.split("|").list.eval(
            pl.element().str.strip_chars().filter(pl.element() != "")
        )
    )
    bad = df.filter(~pl.col("side").is_in(list(SIDES)))
    if bad.height:
        raise ValueError(f"seeds/actors.csv: unknown side for {bad['actor_id'].to_list()}")
    return df


@dataclass(frozen=True, eq=False)  # hashed by identity (cached singleton)
class RoleWords:
    """Vocabularies from seeds/role_words.csv, keyed by lower-cased word."""

    affiliation: dict[str, str]  # word -> side
    titles: frozenset[str]
    groups: frozenset[str]
    orgs: frozenset[str]
    gender: dict[str, str]  # title or first name -> male/female
    first_names: frozenset[str]
    function: frozenset[str]  # determiners, connectives, weekdays: never part of a name
    name_side: dict[str, str]  # first names typical of one side's transliteration (weak cue)
    org_nouns: frozenset[str]  # heads of descriptions of organisations: "the company"
    documents: frozenset[str]  # heads of descriptions of documents: "the report"
    abbreviations: dict[str, str] = field(default_factory=dict)  # "PM" -> "prime minister"
    given_gender: dict[str, str] = field(default_factory=dict)  # "elise" -> female: he/she only
    events: frozenset[str] = frozenset()  # "Games", "Cup", "Festival": a run naming no speaker
    synonyms: dict[str, str] = field(default_factory=dict)  # "envoy" -> "representative"
    kin: frozenset[str] = frozenset()  # titles of a private person's family: "son", "widow"

    def roles(self, words) -> set[str]:
        """Lower-case words with each role word read as its synonym ("the UN envoy" describes
        "UN Special Representative X"; "spokeswoman" a "spokesman"; "defence" "defense")."""
        return {self.synonyms.get(w, w) for w in words}

    def first_name_gender(self, first: str) -> str | None:
        """The gender a lower-cased first name gives: role_words / first_names.csv (which may
        list a name with none), else the census given names."""
        return self.gender.get(first) if first in self.first_names else self.given_gender.get(first)


@lru_cache(maxsize=1)
def load_role_words() -> RoleWords:
    """Role, affiliation, group, organisation and first-name vocabularies. Cached."""
    df = pl.read_csv(ROLE_WORDS_CSV, schema_overrides={c: pl.String for c in ("side", "gender")})
    rows = df.fill_null("").iter_rows(named=True)
    aff, gender, name_side = {}, {}, {}
    titles, groups, orgs, firsts, func, kin = set(), set(), set(), set(), set(), set()
    org_nouns, documents, events = set(), set(), set()
    for r in rows:
        w = r["word"].lower().rstrip(".")
        if r["kind"] == "affiliation":
            aff[w] = r["side"]
        elif r["kind"] in ("title", "kin"):
            titles.add(w)
            if r["kind"] == "kin":
                kin.add(w)
        elif r["kind"] == "group":
            groups.add(w)
        elif r["kind"] == "org":
            orgs.add(w)
        elif r["kind"] == "first_name":
            firsts.add(w)
            if r["side"]:
                name_side[w] = r["side"]
        elif r["kind"] == "function":
            func.add(w)
        elif r["kind"] == "org_noun":
            org_nouns.add(w)
        elif r["kind"] == "document":
            documents.add(w)
        elif r["kind"] == "event":
            events.add(w)
        if r["gender"]:
            gender[w] = r["gender"]
    for w in func & aff.keys():  # "WHO" read lower-cased is the pronoun "who"
        del aff[w]
    # common given names: role_words.csv wins (it lists names of either gender with none)
    for name, sex in pl.read_csv(FIRST_NAMES_CSV).fill_null("").iter_rows():
        w = name.lower()
        if w not in firsts and w not in func and w not in titles and w not in aff:
            firsts.add(w)
            if sex in ("male", "female"):
                gender[w] = sex
    abbreviations = {r["abbreviation"]: r["title"].lower() for r in
                     read_seed_csv(TITLE_ABBREVIATIONS_CSV, ("abbreviation", "title"))}
    # a longer list of given names tells he or she of a person named in full, but never
    # makes a capitalised word a name ("Grant", "Hope", "May" are words too)
    given = {r["name"].lower(): r["gender"] for r in read_seed_csv(GIVEN_NAMES_CSV, ("name", "gender"))
             if r["gender"] in ("male", "female")}
    synonyms = {r["word"].lower(): r["same_as"].lower()
                for r in read_seed_csv(ROLE_SYNONYMS_CSV, ("word", "same_as"))}
    return RoleWords(aff, frozenset(titles), frozenset(groups), frozenset(orgs), gender,
                     frozenset(firsts), frozenset(func), name_side,
                     frozenset(org_nouns), frozenset(documents), abbreviations, given,
                     frozenset(events), synonyms, frozenset(kin))


_BAG_DROP = {"of", "the", "for", "and"}
_BAG_SPELLING = {"defence": "defense", "organisation": "organization", "programme": "program"}


def bag_key(s: str) -> str:
    """Word-order-free key for organisation names: "Russia's Ministry of Defence" and
    "Russia's Defense Ministry" share one key."""
    words = [_BAG_SPELLING.get(w, w) for w in normalise_name(s).split() if w not in _BAG_DROP]
    return " ".join(sorted(words))


@dataclass
class Actor:
    """One registry actor."""

    actor_id: str
    name: str
    kind: str
    side: str
    gender: str | None = None  # from the canonical first name (role_words / given_names)


@dataclass
class Registry:
    """Alias lookup (exact, then fuzzy for full person names) with a per-process cache."""

    actors: dict[str, Actor]
    exact: dict[str, str]  # normalised alias -> actor_id
    bags: dict[str, str]  # bag_key of organisation aliases -> actor_id
    fuzzy_keys: list[str]  # normalised multi-token person names/aliases
    fuzzy_ids: list[str]
    cache: dict[str, Actor | None] = field(default_factory=dict)
    _by_len: dict[int, tuple[list[str], list[int]]] = field(default_factory=dict)

    def match(self, name: str) -> Actor | None:
        """The registry actor for a name as written, or None."""
        cache = self.cache
        got = cache.get(name, _MISS)
        if got is not _MISS:
            return got
        key = normalise_name(name)
        got = cache.get(key, _MISS)
        if got is not _MISS:
            return got
        actor = None
        if key in self.exact:
            actor = self.actors[self.exact[key]]
        elif " " in key and bag_key(key) in self.bags:
            actor = self.actors[self.bags[bag_key(key)]]
        elif " " in key and len(key) >= 7:
            keys, index = self._fuzzy_candidates(len(key))
            hit = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
            if hit is not None:
                cand = hit[0]
                if fuzz.ratio(cand.split()[-1], key.split()[-1]) >= SURNAME_CUTOFF:
                    actor = self.actors[self.fuzzy_ids[index[hit[2]]]]
        if len(cache) >= CACHE_MAX:  # names repeat within a batch; bound a long run's memory
            cache.clear()
        cache[key] = cache[name] = actor
        return actor

    def _fuzzy_candidates(self, n: int) -> tuple[list[str], list[int]]:
        """The fuzzy keys (in registry order, with their indices) that can reach
        FUZZY_CUTOFF against a key of length ``n``: fuzz.ratio is 100 * (1 - d / (n + m)) for
        an insert/delete distance d >= |n - m|, so a length far from ``n`` never can."""
        got = self._by_len.get(n)
        if got is None:
            index = [i for i, k in enumerate(self.fuzzy_keys)
                     if 100.0 * (1 - abs(n - len(k)) / (n + len(k))) >= FUZZY_CUTOFF - 1e-6]
            got = self._by_len[n] = ([self.fuzzy_keys[i] for i in index], index)
        return got


@lru_cache(maxsize=1)
def registry() -> Registry:
    """The cached :class:`Registry` built from :func:`load_actor_registry`."""
    df = load_actor_registry()
    rw = load_role_words()
    actors, exact, bags, fkeys, fids = {}, {}, {}, [], []
    for r in df.iter_rows(named=True):
        first = r["name"].split()[0].lower()
        gender = rw.first_name_gender(first) if r["kind"] == "person" else None
        actor = Actor(r["actor_id"], r["name"], r["kind"], r["side"], gender)
        actors[actor.actor_id] = actor
        for alias in [r["name"], *r["aliases"]]:
            key = normalise_name(alias)
            if key and key not in exact:
                exact[key] = actor.actor_id
            if r["kind"] != "person" and " " in key:
                bags.setdefault(bag_key(key), actor.actor_id)
            if r["kind"] == "person" and " " in key:
                fkeys.append(key)
                fids.append(actor.actor_id)
    return Registry(actors, exact, bags, fkeys, fids)


@lru_cache(maxsize=1)
def role_holders() -> dict[str, list[tuple[str, date | None, date | None]]]:
    """seeds/role_holders.csv: a description of one office ("the Kremlin spokesman",
    "Ukraine's president") -> [(actor_id, start, end)] of its holders, validated on load."""
    actors = registry().actors
    out: dict[str, list[tuple[str, date | None, date | None]]] = {}
    for r in read_seed_csv(ROLE_HOLDERS_CSV, ("role", "actor_id", "start", "end")):
        if r["actor_id"] not in actors:
            raise ValueError(f"role_holders.csv: unknown actor_id {r['actor_id']!r} (not in actors.csv)")
        try:
            span = tuple(date.fromisoformat(r[c]) if r[c] else None for c in ("start", "end"))
        except ValueError:
            raise ValueError(f"role_holders.csv: bad date for {r['actor_id']!r} "
                             f"(start {r['start']!r}, end {r['end']!r}; YYYY-MM-DD)") from None
        for role in r["role"].split("|"):
            out.setdefault(role.strip().lower(), []).append((r["actor_id"], *span))
    return out


def role_holder(description: str, when: date | None) -> Actor | None:
    """The registry person who held the office ``description`` names on ``when``; with no date,
    only an office with one holder and no end. None for anything else ("the former president")."""
    key = description.strip().lower().replace("’", "'")
    key = key[4:] if key.startswith("the ") else key
    holders = role_holders().get(key)
    if not holders:
        return None
    if when is None:
        found = [h for h in holders if h[2] is None] if len(holders) == 1 else []
    else:
        found = [h for h in holders if (h[1] is None or h[1] <= when) and (h[2] is None or when < h[2])]
    return registry().actors[found[0][0]] if len(found) == 1 else None


# --- side words: the side an affiliation word gives ("Ukrainian", "Russia's", "U.S.") ---

_POSSESSIVE_END = re.compile(r"['’‘´]s?$")


def _strip_possessive(w: str) -> str:
    if "'" not in w and "’" not in w and "‘" not in w and "´" not in w:
        return w  # no apostrophe: nothing to strip
    return _POSSESSIVE_END.sub("", w)


def _word_side(w: str, rw: RoleWords) -> str | None:
    """The side of an affiliation word, also possessive or with periods (memoised by
    :func:`infer_side`)."""
    for cand in (w, _strip_possessive(w), w.replace(".", ""), _strip_possessive(w).replace(".", "")):
        side = rw.affiliation.get(cand)
        if side:
            return side
    head, _, tail = w.partition("-")
    if tail in _PROXY_TAILS:  # "Russian-imposed", "Moscow-appointed": a body of that side
        return _word_side(head, rw)
    return None


# what a side's name before a hyphen makes of a body: its proxy ("Russian-imposed authority")
_PROXY_TAILS = frozenset("installed imposed appointed".split())


@lru_cache(maxsize=1)
def _side_memo(rw: RoleWords) -> dict[str, str | None]:
    """word -> _word_side(word) for the words seen (a plain dict: cheaper than the lru call)."""
    return {}


def infer_side(words: list[str], rw: RoleWords) -> str:
    """The side of the first affiliation word in ``words`` (lower-cased), else unknown."""
    return side_word(words, rw)[0]


def side_word(words: list[str], rw: RoleWords) -> tuple[str, str]:
    """(side, word) of the first affiliation word in ``words``, else (unknown, "")."""
    known = _side_memo(rw)
    for w in words:
        side = known.get(w, "")
        if side == "":
            side = _word_side(w, rw)
            if len(known) >= 100_000:
                known.clear()
            known[w] = side
        if side:
            return side, w
    return UNKNOWN, ""
