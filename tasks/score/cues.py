"""Stance vocabularies from ``seeds/``, compiled once into one regex per family (the families
and the single-pass scan live in :mod:`tasks.score.cue_scan`).

Seed files (all vocabulary lives there, none in code, so another conflict is new seed files):

- ``sides.csv`` (side, alias, kind): words naming a side. ``side`` is a target side
  (``ukraine``/``russia``) or ``speaker`` ("we", "our forces") / ``opponent`` ("the enemy"),
  which are resolved per quote from the speaker's side.
- ``allies.csv`` (speaker_side, ally): the target side a non-party speaker side backs ("west" ->
  "ukraine"); used for unnamed success/aid claims and the tone prior only.
- ``stance_cues.csv`` (family, cue, target, polarity, fallback, note): ``cue`` is a Python regex
  fragment (case-insensitive, matched on word boundaries, no capturing groups).
    * ``frame``: a framing phrase with a fixed ``target`` (a side, ``speaker`` or ``opponent``).
    * ``event``: a verb/noun/state whose stance falls on a role in its clause: ``agent`` (the
      side doing it, or the ``by``-phrase in the passive), ``patient`` (the side it is done to),
      ``owner`` (the side right before it: "Ukraine's backers", "Putin's war"), ``affected``
      (the side right after it if adjacent, "disorganized Russian forces", else the agent),
      ``default`` (always the fallback side), ``victim`` (the patient, only when the clause
      names a doer of the other side: "the Russian attack on Kyiv"). ``fallback``
      lists sides (``a|b``) to use when the role names no side in the clause.
    * ``negation``: words that flip a following event (``polarity`` is the multiplier).
    * ``distance``: a speaker distancing itself from a side's statement ("Ukraine's claim that
      ..."); ``target`` is ``owner`` (the side right before the cue). When the owner is the
      speaker's opponent, it counts ``polarity`` toward the owner and every cue after it in the
      same sentence is flipped (the speaker disputes the claim's content).
    * ``verb``: the quote's reporting verb (matched against the whole verb): ``dispute``
      ("denied") voids the cues of the quote's first clause and favours the speaker's side;
      ``head`` ("accused X of") counts ``polarity`` toward the side named at the start of the
      quote.
    * ``context``: battlefield words ("on the ground", "counteroffensive"): an ally's claim that
      names no side ("we are seeing progress on the ground") is still about the war, so it
      falls back to the side the ally backs (``target`` and ``fallback`` empty).
    * ``casualty``: casualty words ("killed", "wounded", "casualties"): a quote that reports a
      toll and where no cue blames anyone is no stance (the guidelines: "factual casualty counts
      … are usually none"), so the weak priors of tasks/score/stance.py stay off
      (``target`` and ``fallback`` empty).
    * ``topic``: words of the war ("war", "troops", "shelling", "sanctions", "defend"): the
      own-side prior of tasks/score/stance.py reads only a quote that holds one (a refugee's "we
      feel safe here", a minister's grain-export plans are no stance); with no ``topic`` row the
      prior reads every quote (``target`` and ``fallback`` empty).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tasks.contract import SEEDS, TARGET_SIDES
from tasks.seeds import read_seed_csv
from tasks.score.cue_scan import (  # noqa: F401 - scan, word_keys, ... re-exported
    KEY_CHARS,
    WORD_KEY,
    Family,
    SeedError,
    _compile,
    caseless,
    first_chars,
    key_regex,
    prefix_filter,
    scan,
    word_keys,
)

ROLE_SIDES = ("speaker", "opponent")
CUE_FAMILIES = ("frame", "event", "negation", "distance", "verb", "context", "casualty",
                "topic", "claim")
VERB_ROLES = ("dispute", "head")
EVENT_ROLES = ("agent", "patient", "owner", "affected", "default", "victim")


@dataclass(frozen=True)
class Cue:
    """One row of stance_cues.csv."""

    family: str
    cue: str
    target: str
    polarity: float
    fallback: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Lexicon:
    """All stance vocabularies, compiled."""

    aliases: Family  # items: (side, kind)
    frames: Family  # items: tuple[Cue, ...] (rows sharing one cue)
    events: Family
    negations: Family
    allies: dict[str, str]  # speaker side -> the target side it backs (seeds/allies.csv)
    distances: Family | None = None  # items: tuple[Cue, ...]
    verbs: tuple = ()  # (compiled full-match regex, Cue) per reporting-verb row
    contexts: Family | None = None  # battlefield words: an ally's unnamed claim is about the war
    casualties: Family | None = None  # casualty words: a count with no cue is no stance (priors off)
    topics: Family | None = None  # war words: the own-side prior reads only a quote holding one
    # a claim noun among the first three words: the quote is the object of a denial ("denied
    # any involvement in the attack"), which is then the denier's defence of its side
    claims: re.Pattern | None = None


def _read_csv(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    return read_seed_csv(path, columns, SeedError)


def _family(pairs: list[tuple[str, object]], source: str, single: bool = False) -> Family:
    """Group items by fragment (longest fragment first), bucket by first letter, compile.

    With ``single`` each fragment keeps only its first item (aliases: one side each)."""
    grouped: dict[str, list[object]] = {}
    for frag, item in pairs:
        grouped.setdefault(frag, []).append(item)
    frags = sorted(grouped, key=len, reverse=True)
    value = {f: (grouped[f][0] if single else tuple(grouped[f])) for f in frags}
    firsts = {f: first_chars(f) for f in frags}
    unknown = [f for f in frags if firsts[f] is None]
    letters = sorted({c.lower() for f in frags if firsts[f] for c in firsts[f]})
    buckets = {}
    for letter in letters:
        chosen = [f for f in frags if firsts[f] is None or letter in {c.lower() for c in firsts[f]}]
        buckets[letter] = (_compile(chosen, source), tuple(value[f] for f in chosen))
    default = (_compile(unknown, source), tuple(value[f] for f in unknown)) if unknown else None
    fragments = tuple(
        (f, value[f], word_keys(f), ({c.lower() for c in firsts[f]} if firsts[f] else None))
        for f in frags
    )
    return Family(buckets, default, fragments)


def load_sides(seeds_dir: Path = SEEDS) -> list[dict[str, str]]:
    """Rows of sides.csv (side, alias, kind), validated."""
    rows = _read_csv(seeds_dir / "sides.csv", ("side", "alias", "kind"))
    for i, row in enumerate(rows, start=2):
        if row["side"] not in TARGET_SIDES + ROLE_SIDES:
            raise SeedError(f"sides.csv line {i}: unknown side {row['side']!r}")
        if not row["alias"]:
            raise SeedError(f"sides.csv line {i}: empty alias")
    return rows


def load_cues(seeds_dir: Path = SEEDS) -> list[Cue]:
    """Rows of stance_cues.csv as :class:`Cue`, validated."""
    rows = _read_csv(
        seeds_dir / "stance_cues.csv", ("family", "cue", "target", "polarity", "fallback")
    )
    cues = []
    for i, row in enumerate(rows, start=2):
        where = f"stance_cues.csv line {i}"
        fam, target = row["family"], row["target"]
        if fam not in CUE_FAMILIES:
            raise SeedError(f"{where}: unknown family {fam!r}")
        if fam == "frame" and target not in TARGET_SIDES + ROLE_SIDES:
            raise SeedError(f"{where}: frame target must be a side, got {target!r}")
        if fam == "distance" and target != "owner":
            raise SeedError(f"{where}: distance target must be 'owner', got {target!r}")
        if fam == "claim" and target != "object":
            raise SeedError(f"{where}: claim target must be 'object', got {target!r}")
        if fam == "verb" and target not in VERB_ROLES:
            raise SeedError(f"{where}: verb target must be one of {VERB_ROLES}, got {target!r}")
        if fam == "event" and target not in EVENT_ROLES:
            raise SeedError(f"{where}: event target must be one of {EVENT_ROLES}, got {target!r}")
        try:
            polarity = float(row["polarity"])
        except ValueError as exc:
            raise SeedError(f"{where}: polarity must be a number") from exc
        fallback = tuple(s for s in row["fallback"].split("|") if s)
        for side in fallback:
            if side not in TARGET_SIDES + ROLE_SIDES:
                raise SeedError(f"{where}: unknown fallback side {side!r}")
        _compile([row["cue"]], where)
        cues.append(Cue(fam, row["cue"], target, polarity, fallback, row.get("note", "")))
    return cues


def load_allies(seeds_dir: Path = SEEDS) -> dict[str, str]:
    """``{speaker_side: backed target side}`` from allies.csv (absent file: no allies)."""
    if not (seeds_dir / "allies.csv").is_file():
        return {}
    rows = _read_csv(seeds_dir / "allies.csv", ("speaker_side", "ally"))
    for i, row in enumerate(rows, start=2):
        if row["ally"] not in TARGET_SIDES:
            raise SeedError(f"allies.csv line {i}: ally must be one of {TARGET_SIDES}")
    return {r["speaker_side"]: r["ally"] for r in rows}


@lru_cache(maxsize=4)
def load_lexicon(seeds_dir: Path = SEEDS) -> Lexicon:
    """Read and compile the stance seeds once per process."""
    sides = load_sides(seeds_dir)
    aliases = _family(
        [(re.sub(r"['’]", "['’]", re.escape(r["alias"])), (r["side"], r["kind"])) for r in sides],
        "sides.csv",
        single=True,
    )
    cues = load_cues(seeds_dir)
    by_family = {
        fam: _family([(c.cue, c) for c in cues if c.family == fam], "stance_cues.csv")
        for fam in CUE_FAMILIES
    }
    return Lexicon(
        aliases,
        by_family["frame"],
        by_family["event"],
        by_family["negation"],
        load_allies(seeds_dir),
        by_family["distance"],
        tuple(
            (re.compile(rf"(?:{c.cue})", re.IGNORECASE), c) for c in cues if c.family == "verb"
        ),
        by_family["context"],
        by_family["casualty"],
        by_family["topic"] if any(c.family == "topic" for c in cues) else None,
        _claim_object([c.cue for c in cues if c.family == "claim"]),
    )


def _claim_object(patterns: list[str]) -> re.Pattern | None:
    """A claim noun among the first three words of a quote (seed family ``claim``)."""
    if not patterns:
        return None
    return re.compile(r"\s*(?:[\w’'-]+\s+){0,2}?(?:%s)\b" % "|".join(patterns), re.IGNORECASE)
