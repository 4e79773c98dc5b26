"""Side mentions and clauses of a quote, for the stance rules (tasks/score/stance.py).

- ``Mention``: a side named in a quote ("Russian troops", "Kyiv", "we" through the speaker's
  side); ``find_mentions`` finds them from the alias hits of the seeds;
- ``resolve_side`` / ``first_resolved`` / ``opponent_of``: seed sides (a target side,
  ``speaker``, ``opponent``) as target sides for one speaker;
- ``clause_spans``: the cheap clause split the rules work in (``CLAUSE_BREAK``);
- ``with_pronouns``: "they" resolved to the side named last in an earlier clause, or across
  quotes (``previous_sides``: the side the same speaker named last in the previous quote).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tasks.contract import TARGET_SIDES
from tasks.score.cues import Lexicon

# clause boundaries: sentence ends, dashes, brackets, contrastive conjunctions. Every
# alternative starts with a space, comma or bracket: the lookahead says so first, so the other
# characters fail one test instead of four alternatives (same matches, ~2x faster)
CLAUSE_BREAK = re.compile(
    r"(?=[\s,()\[\]])"
    r"(?:(?<=[.!?;:])\s+|\s+[—–]\s+|\s*[()\[\]]\s*|,?\s+(?:but|while|whereas|although|though|however)\b)",
    re.IGNORECASE,
)
# a side after a preposition ("20% of Ukrainian territory", "the flow goes to Ukraine") is not
# what a later "they" refers to
OBLIQUE = re.compile(
    r"\b(?:of|in|into|to|from|on|at|for|against|with|near|across|about|over|by)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
THEY = re.compile(r"\bthey(?:['’](?:ve|re|d|ll))?\b", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """A side mention in a quote."""

    start: int
    end: int
    side: str
    text: str
    via: str = ""  # the seed side it came from: a target side, "speaker" ("we") or "opponent"
    kind: str = ""  # sides.csv kind: country, demonym, capital, forces, pronoun, ...


def opponent_of(side: str | None) -> str | None:
    """The other target side ("ukraine" <-> "russia"); None for non-target sides."""
    if side not in TARGET_SIDES:
        return None
    others = [s for s in TARGET_SIDES if s != side]
    return others[0] if len(others) == 1 else None


def resolve_side(side: str, speaker_side: str | None) -> str | None:
    """Map a seed side (target side, ``speaker``, ``opponent``) to a target side or None."""
    if side in TARGET_SIDES:
        return side
    if side == "speaker":
        return speaker_side if speaker_side in TARGET_SIDES else None
    if side == "opponent":
        return opponent_of(speaker_side)
    return None


def first_resolved(sides: tuple[str, ...], speaker_side: str | None) -> str | None:
    """The first of ``sides`` that resolves for this speaker (fallback lists like ``opponent|russia``)."""
    for side in sides:
        resolved = resolve_side(side, speaker_side)
        if resolved:
            return resolved
    return None


def clause_spans(text: str) -> list[tuple[int, int]]:
    """Cheap clause split: ``[(start, end), ...]`` covering ``text`` (the last few texts are
    remembered: the rules of one quote ask several times)."""
    return list(cached_clause_spans(text))


@lru_cache(maxsize=8)
def cached_clause_spans(text: str) -> tuple[tuple[int, int], ...]:
    """``clause_spans`` as a tuple, cached for the last 8 texts (the rules ask repeatedly)."""
    spans, start = [], 0
    for m in CLAUSE_BREAK.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return tuple(spans or [(0, len(text))])


def find_mentions(
    text: str, speaker_side: str | None, lex: Lexicon, hits: list | None = None
) -> list[Mention]:
    """Side mentions in ``text``; ``we``/``the enemy`` resolved through the speaker's side.

    ``hits`` are precomputed alias matches (see :func:`tasks.score.cue_scan.scan`)."""
    out = []
    for m, (side, kind) in lex.aliases.finditer(text) if hits is None else hits:
        # unresolved ("our forces" from a West speaker) stay as side "" so they still fill a
        # role; an unresolved bare pronoun ("we are seeing progress") is dropped
        resolved = resolve_side(side, speaker_side) or ""
        if not resolved and kind == "pronoun":
            continue
        if kind == "possessive":
            # "its forces", "their troops": the side named last before it ("Russia ... its
            # troops"), else the speaker's own side ("Ukraine said its fighters had ...")
            earlier = [mm for mm in out if mm.side and mm.kind != "possessive"]
            resolved = earlier[-1].side if earlier else resolved
        out.append(Mention(m.start(), m.end(), resolved, m.group(0), side, kind))
    return out


def with_pronouns(text: str, mentions: list[Mention], before: str | None = None) -> list[Mention]:
    """``mentions`` plus "they" resolved to the side named last before it in the quote, when
    that side is named in an EARLIER clause ("Russia still holds 20%, but they have lost a lot of
    equipment"). A "they" with no side before it in the quote takes ``before`` (the side named
    last in the same speaker's previous quote of the article, given only when it is the speaker's
    enemy, and not when the quote names it in the pronoun's own clause: see
    ``previous_sides``); otherwise it stays unresolved."""
    real = [
        mm for mm in mentions
        if mm.side and not OBLIQUE.search(text, max(0, mm.start - 24), mm.start)
    ]
    if not real and not before:
        return mentions
    out = list(mentions)
    for p in THEY.finditer(text):
        earlier = [mm for mm in real if mm.end <= p.start()]
        if not earlier:
            if before and not any(
                mm.side == before and mm.start >= p.end()
                and not CLAUSE_BREAK.search(text, p.end(), mm.start)
                for mm in mentions
            ):  # "they drove out Russian forces": not the side they act on in the same clause
                out.append(Mention(p.start(), p.end(), before, f"{p.group(0)}=previous quote's "
                                   f"{before}", "pronoun", "pronoun"))
            continue
        ante = earlier[-1]
        if not CLAUSE_BREAK.search(text, ante.end, p.start()):
            continue  # same clause: the named side itself is the nearer agent
        out.append(Mention(p.start(), p.end(), ante.side, f"{p.group(0)}={ante.text}", "pronoun"))
    return sorted(out, key=lambda mm: mm.start)


def previous_sides(
    article_ids: list, starts: list, texts: list, speakers: list, speaker_sides: list,
    kinds: list, lex: Lexicon,
) -> list[str | None]:
    """Per direct quote: the side named last in the same speaker's previous quote of the article
    (by position), or None; None for indirect and mixed quotes, where "they" is often the
    speaker ("Ukrainian officials said they are not going to let up"). Another speaker's quote
    in between does not count (its "they" may be anyone: 13 of 20 corpus cases read right that
    way, 17 of 20 with the same speaker).

    Read by ``with_pronouns`` for a "they" with no side before it ("Russia will keep trying."
    ... "They are using disinformation")."""
    order = sorted(range(len(texts)), key=lambda i: (article_ids[i] or "", starts[i] or 0))
    out: list[str | None] = [None] * len(texts)
    previous: dict[tuple, int] = {}  # (article, speaker) -> its last quote so far
    for i in order:
        key = (article_ids[i], speakers[i])
        j = previous.get(key)
        previous[key] = i
        # only a direct quote with a "they" asks; an unnamed speaker ("" / None) chains nothing
        if j is None or not speakers[i] or kinds[i] != "direct" or not THEY.search(texts[i] or ""):
            continue
        named = [mm for mm in find_mentions(texts[j] or "", speaker_sides[j], lex)
                 if mm.side and mm.kind != "pronoun"]
        out[i] = named[-1].side if named else None
    return out
