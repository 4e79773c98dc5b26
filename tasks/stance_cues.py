"""Stance vocabularies from ``seeds/``, compiled once into one regex per family.

Seed files (all vocabulary lives there, none in code, so another conflict is new seed files):

- ``sides.csv`` (side, alias, kind): words naming a side. ``side`` is a target side
  (``ukraine``/``russia``) or ``speaker`` ("we", "our forces") / ``opponent`` ("the enemy"),
  which are resolved per quote from the speaker's side.
- ``stance_cues.csv`` (family, cue, target, polarity, fallback, note): ``cue`` is a Python regex
  fragment (case-insensitive, matched on word boundaries, no capturing groups).
    * ``frame``: a framing phrase with a fixed ``target`` (a side, ``speaker`` or ``opponent``).
    * ``event``: a verb/noun/state whose stance falls on a role in its clause: ``agent`` (the
      side doing it, or the ``by``-phrase in the passive), ``patient`` (the side it is done to),
      ``owner`` (the side right before it: "Ukraine's backers", "Putin's war"). ``fallback``
      lists sides (``a|b``) to use when the role names no side in the clause.
    * ``negation``: words that flip a following event (``polarity`` is the multiplier).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tasks.contract import SEEDS, TARGET_SIDES

ROLE_SIDES = ("speaker", "opponent")
CUE_FAMILIES = ("frame", "event", "negation")
EVENT_ROLES = ("agent", "patient", "owner", "default")


class SeedError(ValueError):
    """A seed file is missing or malformed (the message names file and row)."""


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
class Family:
    """One compiled alternation: match group ``i`` (1-based) -> ``items[i - 1]``."""

    regex: re.Pattern[str] | None
    items: tuple

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        """Yield ``(match, item)`` for every non-overlapping match."""
        if self.regex is None:
            return
        end = len(text) if endpos is None else endpos
        for m in self.regex.finditer(text, pos, end):
            yield m, self.items[m.lastindex - 1]


@dataclass(frozen=True)
class Lexicon:
    """All stance vocabularies, compiled."""

    aliases: Family  # items: (side, kind)
    frames: Family  # items: tuple[Cue, ...] (rows sharing one cue)
    events: Family
    negations: Family


def _read_csv(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    if not path.is_file():
        raise SeedError(f"seed file not found: {path}")
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise SeedError(f"{path.name}: missing column(s) {', '.join(missing)}")
        rows = []
        for i, row in enumerate(reader, start=2):
            if None in row:
                raise SeedError(f"{path.name} line {i}: too many fields (quote fields with commas)")
            rows.append({k: (v or "").strip() for k, v in row.items()})
        return rows


def _compile(fragments: list[str], source: str) -> re.Pattern[str] | None:
    """One case-insensitive alternation ``\\b(?:(f1)|(f2)|...)\\b``; longest fragments first."""
    if not fragments:
        return None
    for frag in fragments:
        try:
            groups = re.compile(frag).groups
        except re.error as exc:
            raise SeedError(f"{source}: bad regex {frag!r}: {exc}") from exc
        if groups:
            raise SeedError(f"{source}: use (?:...) not (...) in {frag!r}")
    alternation = "|".join(f"({frag})" for frag in fragments)
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)


def _family(pairs: list[tuple[str, object]], source: str) -> Family:
    """Group items by fragment, order longest fragment first, compile."""
    grouped: dict[str, list[object]] = {}
    for frag, item in pairs:
        grouped.setdefault(frag, []).append(item)
    frags = sorted(grouped, key=len, reverse=True)
    return Family(_compile(frags, source), tuple(tuple(grouped[f]) for f in frags))


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


@lru_cache(maxsize=4)
def load_lexicon(seeds_dir: Path = SEEDS) -> Lexicon:
    """Read and compile the stance seeds once per process."""
    sides = load_sides(seeds_dir)
    aliases = _family(
        [(re.sub(r"['’]", "['’]", re.escape(r["alias"])), (r["side"], r["kind"]))
         for r in sides],
        "sides.csv",
    )
    # one item per fragment: aliases have a single side each (first row wins on duplicates)
    aliases = Family(aliases.regex, tuple(items[0] for items in aliases.items))
    cues = load_cues(seeds_dir)
    by_family = {
        fam: _family([(c.cue, c) for c in cues if c.family == fam], "stance_cues.csv")
        for fam in CUE_FAMILIES
    }
    return Lexicon(aliases, by_family["frame"], by_family["event"], by_family["negation"])
