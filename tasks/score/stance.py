"""Stance of a quote toward each target side (ukraine, russia): a transparent rule model.

For every quote and target side the model adds up signed contributions (+ favor, - against):

1. frames: framing phrases with a fixed side ("special military operation" -> favor russia,
   "Kyiv regime" -> against ukraine, "occupiers" -> against russia);
2. event roles within a clause: who did what to whom. ``X retreated`` -> against X (agent),
   ``X pushed back Y`` -> favor X, against Y (patient), ``help Y`` -> favor Y, ``X's war`` ->
   against X (owner), ``disorganized X`` / ``X are exhausted`` -> against X (affected).
   Passive ``pushed back by X`` makes X the agent (a passive without auxiliary, "settlements
   retaken by Kyiv", is background and counts a quarter); ``the retreat of X`` makes X the agent
   of an intransitive noun, ``the invasion of X`` the patient. Negation in the two words before
   the cue flips it ("did not retreat" at half weight, "failed to advance" fully). A role with
   no side in the clause may fall back to a default side (``fallback`` in the seeds);
3. speaker prior (weak): when the quote does not name a side and no cue fires for it, but the
   quote is about the conflict (some side or cue in it) and clearly positive (VADER compound >=
   0.5), it favours the speaker's own side (or the side a West speaker backs, seeds/allies.csv).
   Never overrides 1-2. (Negative tone -> against the opponent is available but off: casualty
   reports are "none" by the annotation guidelines.)
4. a side reporting its enemy's gains states a fact: net favor toward the speaker's opponent is
   damped to a quarter (so it alone does not make a label).
5. reporting verb (seed family ``verb``): "Moscow denied committing war crimes" voids the cues
   of the denied (first) clause and favours the speaker's side (when that clause names a side
   or holds a cue: "denied the front had collapsed"); "accused Ukrainian forces of
   shelling" counts against the side the quote opens with.
6. distancing: "Ukraine's claim that Russian troops committed war crimes" from Ukraine's
   opponent (or an ally of the opponent) counts against the claimant and flips every cue after
   the claim word in that sentence (the speaker disputes them). Seed family ``distance``.

"They" is resolved to the side named last in an earlier clause of the quote ("Russia still had
20% of the territory, but they have lost a lot of equipment" -> against russia).

Event families in the seeds beyond wins and losses: shortages ("had no food or fuel" -> against
the agent), resolve ("will continue it until ...", "will never give up" -> favor the agent or the
speaker's side), transitive collapse ("may collapse Russian positions" -> favor the subject).

``score`` is the clipped sum in [-1, 1]; ``label`` is favor/against when ``|sum| >= threshold``.
``evidence`` lists every contribution readable in SQL output, e.g.
``event:retreat(Russian troops)→against russia; frame:'Kyiv regime'→against ukraine``.
``sentiment`` is the VADER compound of the clauses that mention the side (null if none does).
All vocabularies come from ``seeds/`` (see :mod:`tasks.score.cues`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import polars as pl

from tasks.contract import STANCE, TARGET_SIDES, conform
from tasks.score.cues import Lexicon, load_lexicon
from tasks.score.cue_scan import scan

# clause boundaries: sentence ends, dashes, brackets, contrastive conjunctions. Every
# alternative starts with a space, comma or bracket: the lookahead says so first, so the other
# characters fail one test instead of four alternatives (same matches, ~2x faster)
CLAUSE_BREAK = re.compile(
    r"(?=[\s,()\[\]])"
    r"(?:(?<=[.!?;:])\s+|\s+[—–]\s+|\s*[()\[\]]\s*|,?\s+(?:but|while|whereas|although|though|however)\b)",
    re.IGNORECASE,
)
PASSIVE_BY = re.compile(r"\s+(?:\w+\s+)?by\s+(?:the\s+|its\s+|their\s+)?", re.IGNORECASE)
ADJACENT = re.compile(r"\s+(?:the\s+|its\s+|their\s+)?", re.IGNORECASE)
# a main-clause passive: an auxiliary right before the participle, not inside "which was ..."
MAIN_PASSIVE = re.compile(
    r"(?<!which )(?<!that )(?<!who )\b(?:is|are|was|were|be|been|being|get|gets|got)\s+(?:\w+ly\s+)?$",
    re.IGNORECASE,
)
NOMINAL_OF = re.compile(r"\s+(?:of|by)\s+(?:the\s+)?", re.IGNORECASE)
TOKEN = re.compile(r"[\w'’]+")
# cue to patient: at most four words, no punctuation or subordinate clause in between
PATIENT_GAP = re.compile(
    r"(?:(?!\b(?:that|which|who|because|when|if)\b)[^,.;:!?—–]){0,40}", re.IGNORECASE
)
AGENT_WINDOW = 80  # chars between an agent and its cue
SUBJECT_GAP = re.compile(r"[^,;:!?()]{0,45}")  # subject to a state: "X around Izyum are isolated"
OWNER_GAP = re.compile(r"[^,.;:!?()]{0,20}")  # owner to cue: "Kyiv and its allies", "Russia's war"
NEGATION_TOKENS = 2  # words before a cue searched for negation
# a side named as a place or target ("Russian troops in Ukraine retreated", "attacks on Kyiv
# failed") is not the agent of a later cue
LOCATIVE = re.compile(
    r"\b(?:in|into|inside|across|throughout|near|around|outside|at|on|against|toward|towards)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
THAT = re.compile(r"\s+that\b", re.IGNORECASE)
# a side after a preposition ("20% of Ukrainian territory", "the flow goes to Ukraine") is not
# what a later "they" refers to
OBLIQUE = re.compile(
    r"\b(?:of|in|into|to|from|on|at|for|against|with|near|across|about|over|by)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
DETERMINER = re.compile(r"\b(?:the|a|an|its|their|his|her|our)\s+$", re.IGNORECASE)
THEY = re.compile(r"\bthey(?:['’](?:ve|re|d|ll))?\b", re.IGNORECASE)
HEAD_WORDS = 3  # words allowed before the side an "accused ... of" quote opens with
HEAD_OF = re.compile(r"[^,.;:!?]{0,40}?\b(?:of|for|over)\b", re.IGNORECASE)


@dataclass(frozen=True)
class StanceConfig:
    """Switches and thresholds (the switches exist for ablation studies)."""

    frames: bool = True
    events: bool = True
    negation: bool = True
    passive: bool = True
    prior: bool = True
    threshold: float = 0.5
    prior_weight: float = 0.5
    prior_min_compound: float = 0.5
    allies: bool = True  # seeds/allies.csv: a West speaker's unnamed claims count for Ukraine
    background_passive: bool = True  # passive without auxiliary (reduced relative): weak
    background_weight: float = 0.25
    no_favor_for_opponent: bool = True
    opponent_favor_weight: float = 0.25
    prior_against: bool = False  # negative tone -> against the opponent (off: casualty reports)
    distancing: bool = True  # "Ukraine's claim that ..." from its opponent (seed family distance)
    pronouns: bool = True  # "they" after a named side in an earlier clause is that side
    verbs: bool = True  # the reporting verb: "denied" voids, "accused X of" blames X (family verb)


@dataclass(frozen=True)
class Mention:
    """A side mention in a quote."""

    start: int
    end: int
    side: str
    text: str
    via: str = ""  # the seed side it came from: a target side, "speaker" ("we") or "opponent"
    kind: str = ""  # sides.csv kind: country, demonym, capital, forces, pronoun, ...


@dataclass
class SideStance:
    """The stance of one quote toward one side."""

    side: str
    label: str = "none"
    score: float = 0.0
    sentiment: float | None = None
    evidence: list[str] = field(default_factory=list)


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
    return list(_clause_spans(text))


@lru_cache(maxsize=8)
def _clause_spans(text: str) -> tuple[tuple[int, int], ...]:
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
        out.append(Mention(m.start(), m.end(), resolved, m.group(0), side, kind))
    return out


def _word(polarity: float) -> str:
    return "favor" if polarity > 0 else "against"


def _negation(text: str, lo: int, hi: int, lex: Lexicon) -> tuple[float, str]:
    """Multiplier and negating words found in the last words of ``text[lo:hi]``."""
    tokens = TOKEN.findall(text[lo:hi])[-NEGATION_TOKENS:]
    window = " ".join(tokens).replace("n't", " not").replace("n’t", " not")
    for m, cues in lex.negations.finditer(window):
        return cues[0].polarity, m.group(0)
    return 1.0, ""


def _frame_contributions(speaker_side, hits) -> list[tuple[str, float, str, int]]:
    out = []
    for m, cues in hits:
        for cue in cues:
            side = resolve_side(cue.target, speaker_side)
            if side:
                out.append(
                    (side, cue.polarity, f"frame:'{m.group(0)}'→{_word(cue.polarity)} {side}",
                     m.start())
                )
    return out


def _event_contributions(
    text: str,
    speaker_side: str | None,
    aligned: str | None,
    mentions: list[Mention],
    hits: list,
    lex: Lexicon,
    cfg: StanceConfig,
) -> list[tuple[str, float, str, int]]:
    out = []
    for cs, ce in _clause_spans(text) if hits else ():
        inside = [mm for mm in mentions if mm.start >= cs and mm.end <= ce]
        for m, cues in hits:
            if m.start() < cs or m.end() > ce:
                continue
            if any(mm.start <= m.start() and m.end() <= mm.end for mm in inside):
                continue  # the cue is part of a name ("occupation forces")
            before = [mm for mm in inside if mm.end <= m.start()]
            after = [mm for mm in inside if mm.start >= m.end()]
            actors = [mm for mm in before if not LOCATIVE.search(text, max(cs, mm.start - 24), mm.start)]
            agent = actors[-1] if actors and m.start() - actors[-1].end <= AGENT_WINDOW else None
            patient = after[0] if after and PATIENT_GAP.fullmatch(text[m.end() : after[0].start]) else None
            owner = agent if agent and OWNER_GAP.fullmatch(text[agent.end : m.start()]) else None
            if (
                owner is not None
                and owner.kind == "country"
                and not text[owner.end : m.start()].strip()
                and DETERMINER.search(text, max(0, owner.start - 8), owner.start)
            ):
                owner = None  # "the Ukraine invasion": a country name as modifier is the target
            how = ""
            gap = text[m.end() : after[0].start] if after else ""
            if cfg.passive and after and PASSIVE_BY.fullmatch(gap):
                # "pushed back by Ukrainian forces": the by-phrase is the agent
                agent, patient, how = after[0], (before[-1] if before else None), "passive "
                owner = agent
            elif not before and after and NOMINAL_OF.fullmatch(gap):
                if all(c.target in ("agent", "affected") for c in cues):
                    # "the retreat of Russian troops": X of an intransitive noun is its agent
                    agent = owner = after[0]
                    patient = None
                else:
                    # "the defeat of Russia", "the invasion of Ukraine": X is the patient
                    agent = owner = None
            # "disorganized Russian forces", "collapse Russian positions": the side right after
            if after and not how and ADJACENT.fullmatch(gap):
                affected = after[0]
            elif agent is not None and SUBJECT_GAP.fullmatch(text[agent.end : m.start()]):
                affected = agent  # "Russian forces around Izyum are increasingly isolated"
            else:
                affected = None  # "Russia's campaign ..., since the Soviet collapse"
            mult, neg = 1.0, ""
            if cfg.negation:
                lo = agent.end if agent is not None and agent.end <= m.start() else cs
                mult, neg = _negation(text, lo, m.start(), lex)
            cue_text = f"{neg} {m.group(0)}".strip()
            for cue in cues:
                who = {"agent": agent, "patient": patient, "owner": owner, "affected": affected}.get(
                    cue.target
                )
                weight = cue.polarity * mult
                if weight == 0:
                    continue
                if who is not None:
                    side = who.side
                    role = "" if cue.target == "agent" else f"{cue.target} "
                    arg = f"{how}{role}{who.text}"
                else:
                    side = first_resolved(cue.fallback, aligned)
                    arg = f"default {side}"
                if not side:
                    continue
                note = ""
                if how and cfg.background_passive and not MAIN_PASSIVE.search(text[cs : m.start()]):
                    # "settlements retaken by Kyiv": a reduced relative clause, background
                    weight *= cfg.background_weight
                    note = " (background)"
                out.append(
                    (side, weight, f"event:{cue_text}({arg})→{_word(weight)} {side}{note}", m.start())
                )
    return out


def _distancing(
    text: str,
    aligned: str | None,
    mentions: list[Mention],
    hits: list,
    contribs: list[tuple[str, float, str, int]],
) -> list[tuple[str, float, str, int]]:
    """"Ukraine's claim that ..." from Ukraine's opponent: against the claimant, and the cues
    inside the claim (after the cue, same sentence) flip: the speaker disputes them."""
    opponent = opponent_of(aligned)
    if not hits or opponent is None:
        return contribs
    for m, cues in hits:
        before = [mm for mm in mentions if mm.end <= m.start() and mm.side]
        if not before or not OWNER_GAP.fullmatch(text[before[-1].end : m.start()]):
            continue
        owner = before[-1]
        if owner.side != opponent:
            continue
        stop = SENTENCE_END.search(text, m.end())
        # only a that-clause is the claim's content ("Russia's claims of annexation" is not)
        end = (stop.start() if stop else len(text)) if THAT.match(text, m.end()) else m.end()
        flipped = [
            (s, -w, f"{ev} (disputed {owner.side} claim: flipped)", pos)
            if m.end() <= pos < end else (s, w, ev, pos)
            for s, w, ev, pos in contribs
        ]
        cue = cues[0]
        note = f"distancing:'{text[owner.start : m.end()]}'→{_word(cue.polarity)} {owner.side}"
        return [*flipped, (owner.side, cue.polarity, note, m.start())]
    return contribs


def _with_pronouns(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` plus "they" resolved to the side named last before it in the quote, when
    that side is named in an EARLIER clause ("Russia still holds 20%, but they have lost a lot of
    equipment"); a "they" with no earlier side stays unresolved."""
    real = [
        mm for mm in mentions
        if mm.side and not OBLIQUE.search(text, max(0, mm.start - 24), mm.start)
    ]
    if not real:
        return mentions
    out = list(mentions)
    for p in THEY.finditer(text):
        earlier = [mm for mm in real if mm.end <= p.start()]
        if not earlier:
            continue
        ante = earlier[-1]
        if not CLAUSE_BREAK.search(text, ante.end, p.start()):
            continue  # same clause: the named side itself is the nearer agent
        out.append(Mention(p.start(), p.end(), ante.side, f"{p.group(0)}={ante.text}", "pronoun"))
    return sorted(out, key=lambda mm: mm.start)


def _disputed(evidence: str) -> bool:
    """A contribution made by the distancing rule (it already reads the content as disputed)."""
    return evidence.startswith("distancing:") or evidence.endswith("claim: flipped)")


def _verb_rule(
    text: str,
    verb: str | None,
    speaker_side: str | None,
    mentions: list[Mention],
    contribs: list[tuple[str, float, str, int]],
    lex: Lexicon,
    cue_starts: tuple[int, ...] = (),
) -> list[tuple[str, float, str, int]]:
    """The quote's reporting verb: a denial voids the first clause's cues and favours the
    speaker's own side; "accused/blamed X of ..." counts against X (the side the quote opens with)."""
    verb = (verb or "").strip()
    if not verb:
        return contribs
    for rx, cue in lex.verbs:
        if not rx.fullmatch(verb):
            continue
        if cue.target == "dispute":
            cs, ce = _clause_spans(text)[0]
            kept = [c for c in contribs if not cs <= c[3] < ce or _disputed(c[2])]
            voided = len(contribs) - len(kept)
            named = any(cs <= mm.start < ce and mm.side for mm in mentions)
            cued = any(cs <= pos < ce for pos in cue_starts)  # "denied the front had collapsed"
            if speaker_side in TARGET_SIDES and (voided or named or cued):  # not "there are 100,000"
                note = f"verb:{verb}→{_word(cue.polarity)} {speaker_side} (denial by its side"
                note += f"; {voided} cue(s) of the denied clause void)" if voided else ")"
                kept.append((speaker_side, cue.polarity, note, 0))
            return kept
        if cue.target == "head":
            real = [mm for mm in mentions if mm.side]
            if not real:
                return contribs
            head = real[0]
            if len(TOKEN.findall(text[: head.start])) > HEAD_WORDS or not HEAD_OF.match(
                text, head.end
            ):
                return contribs
            note = f"verb:{verb}({head.text} …)→{_word(cue.polarity)} {head.side}"
            return [*contribs, (head.side, cue.polarity, note, head.start)]
    return contribs


def stance_for_text(
    text: str,
    speaker_side: str | None,
    compound: float,
    polarity: Callable[[str], float] | None = None,
    lex: Lexicon | None = None,
    cfg: StanceConfig = StanceConfig(),
    verb: str | None = None,
) -> dict[str, SideStance]:
    """Stance of one quote toward every target side.

    ``compound`` is the VADER compound of the whole quote; ``polarity(text)`` scores clause text
    (target-dependent sentiment; skipped when None); ``verb`` is the quote's reporting verb.
    """
    lex = lex or load_lexicon()
    text = text or ""
    aligned = speaker_side if speaker_side in TARGET_SIDES else None
    if aligned is None and cfg.allies:
        aligned = lex.allies.get(speaker_side or "")
    families = (lex.aliases, lex.frames, lex.events)
    if lex.distances is not None and cfg.distancing:
        families += (lex.distances,)
    alias_hits, frame_hits, event_hits, *rest = scan(families, text)
    if not (alias_hits or frame_hits or event_hits or (rest and rest[0])):
        # no side, frame or event: no rule can fire (the verb rules need a side or a cue)
        return {side: SideStance(side) for side in TARGET_SIDES}
    mentions = find_mentions(text, speaker_side, lex, alias_hits)
    contribs: list[tuple[str, float, str]] = []
    if cfg.frames:
        contribs += _frame_contributions(speaker_side, frame_hits)
    if cfg.events:
        actors = _with_pronouns(text, mentions) if cfg.pronouns and event_hits else mentions
        contribs += _event_contributions(
            text, speaker_side, aligned, actors, event_hits, lex, cfg
        )
    if rest:
        contribs = _distancing(text, aligned, mentions, rest[0], contribs)
    if cfg.verbs and verb:
        starts = tuple(m.start() for m, _ in frame_hits) + tuple(m.start() for m, _ in event_hits)
        contribs = _verb_rule(text, verb, speaker_side, mentions, contribs, lex, starts)
    result = {}
    mentions_real = [mm for mm in mentions if mm.side]
    mentioned = {mm.side for mm in mentions_real}
    named = {mm.side for mm in mentions_real if mm.via != "speaker"}  # "we" does not block the prior
    for side in TARGET_SIDES:
        st = SideStance(side)
        total = 0.0
        for s, w, ev, _pos in contribs:
            if s == side:
                total += w
                st.evidence.append(ev)
        if cfg.prior and side not in named and not st.evidence and (contribs or mentions_real):
            tone = "positive" if compound > 0 else "negative"
            if side == aligned and compound >= cfg.prior_min_compound:
                total = cfg.prior_weight
            elif (
                cfg.prior_against
                and side == opponent_of(aligned)
                and compound <= -cfg.prior_min_compound
            ):
                total = -cfg.prior_weight
            if total:
                st.evidence.append(
                    f"prior:{speaker_side} speaker, {tone} tone ({compound:+.2f})"
                    f"→{_word(total)} {side}"
                )
        if cfg.no_favor_for_opponent and total > 0 and side == opponent_of(aligned) and st.evidence:
            # a side reporting its enemy's gains states a fact; it does not favour them
            total *= cfg.opponent_favor_weight
            st.evidence.append(f"damped: {speaker_side} speaker on its opponent")
        st.score = max(-1.0, min(1.0, total))
        if total >= cfg.threshold:
            st.label = "favor"
        elif total <= -cfg.threshold:
            st.label = "against"
        if polarity is not None and side in mentioned:
            spans = _clause_spans(text)
            parts = [
                text[a:b]
                for a, b in spans
                if any(a <= mm.start < b for mm in mentions_real if mm.side == side)
            ]
            st.sentiment = polarity(" ".join(parts)) if len(parts) < len(spans) else compound
        result[side] = st
    return result


def evidence_text(evidence: list[str]) -> str:
    """The evidence column: contributions joined by "; ", repeats counted ("… ×2")."""
    counts: dict[str, int] = {}
    for ev in evidence:
        counts[ev] = counts.get(ev, 0) + 1
    return "; ".join(ev if n == 1 else f"{ev} ×{n}" for ev, n in counts.items())


def stance_frame(
    scored: pl.DataFrame,
    polarity: Callable[[str], float] | None = None,
    cfg: StanceConfig = StanceConfig(),
) -> pl.DataFrame:
    """STANCE rows (one per quote and target side) for a frame with quote_id, text,
    speaker_side and sentiment_compound.

    Identical inputs (wire copy reprinted by many outlets) run the rules once: each distinct
    ``(text, speaker_side, compound, verb)`` gets its rows once, and every quote gathers them."""
    lex = load_lexicon()
    n_sides = len(TARGET_SIDES)
    memo: dict[tuple, int] = {}
    which: list[int] = []  # per quote: the row block of its distinct input
    uniq: dict[str, list] = {k: [] for k in STANCE if k != "quote_id"}
    sides, labels, scores, sents, evidence = (
        uniq["side"], uniq["label"], uniq["score"], uniq["sentiment"], uniq["evidence"]
    )
    verbs = scored["verb"].to_list() if "verb" in scored.columns else [None] * scored.height
    for key in zip(
        scored["text"].to_list(),
        scored["speaker_side"].to_list(),
        scored["sentiment_compound"].to_list(),
        verbs,
        strict=True,
    ):
        block = memo.get(key)
        if block is None:
            block = memo[key] = len(memo) * n_sides
            text, side, comp, verb = key
            for st in stance_for_text(text, side, comp or 0.0, polarity, lex, cfg, verb).values():
                sides.append(st.side)
                labels.append(st.label)
                scores.append(st.score)
                sents.append(st.sentiment)
                evidence.append(evidence_text(st.evidence) if st.evidence else "")
        which.append(block)
    rows = pl.DataFrame(uniq, schema={k: v for k, v in STANCE.items() if k != "quote_id"})
    take = pl.Series("take", [b + j for b in which for j in range(n_sides)], dtype=pl.UInt32)
    qids = [q for q in scored["quote_id"].to_list() for _ in range(n_sides)]
    out = rows.select(pl.all().gather(take)).with_columns(
        pl.Series("quote_id", qids, dtype=pl.String)
    )
    return conform(out, STANCE)
