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
20% of the territory, but they have lost a lot of equipment" -> against russia); with no side
before it in a direct quote, to the speaker's enemy when the same speaker named it last in the
previous quote of the article (``pronouns_across``).

Event families in the seeds beyond wins and losses: shortages ("had no food or fuel" -> against
the agent), resolve ("will continue it until ...", "will never give up" -> favor the agent or the
speaker's side), transitive collapse ("may collapse Russian positions" -> favor the subject).

``score`` is the clipped sum in [-1, 1]; ``label`` is favor/against when ``|sum| >= threshold``.
``evidence`` lists every contribution readable in SQL output, e.g.
``event:retreat(Russian troops)→against russia; frame:'Kyiv regime'→against ukraine``.
``sentiment`` is the VADER compound of the clauses that mention the side (null if none does).
All vocabularies come from ``seeds/`` (see :mod:`tasks.score.cues`).

Side mentions and clauses live in :mod:`tasks.score.mentions`, the rules' contributions in
:mod:`tasks.score.rules`. This module holds the switches (``StanceConfig``), adds the
contributions up per side (``stance_for_text``: prior, damping, label, sentiment) and builds
the STANCE rows of a frame (``stance_frame``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

from tasks.contract import STANCE, TARGET_SIDES, conform
from tasks.score.cue_scan import scan
from tasks.score.cues import Lexicon, load_lexicon
from tasks.score.model import features, load_model
from tasks.score.mentions import (
    cached_clause_spans,
    find_mentions,
    opponent_of,
    previous_sides,
    with_pronouns,
)
from tasks.score.rules import (
    HELD_BY,
    PLACE_PRIOR,
    denies_a_claim,
    distancing,
    event_contributions,
    frame_contributions,
    polarity_word,
    verb_rule,
)


# what "they" across quotes reads (StanceConfig.pronouns_across)
ACROSS_COLUMNS = ("article_id", "char_start", "speaker", "kind")


@dataclass(frozen=True)
class StanceConfig:
    """Switches and thresholds (the switches exist for ablation studies)."""

    frames: bool = True
    events: bool = True
    negation: bool = True
    passive: bool = True
    passive_patient: bool = True  # "Russia must be defeated": the subject of a passive is the patient
    prior: bool = False
    threshold: float = 0.5
    prior_weight: float = 0.5
    prior_min_compound: float = 0.5
    allies: bool = True  # seeds/allies.csv: a West speaker's unnamed claims count for Ukraine
    # ... only when the quote names the side it backs or the battlefield (seed family context):
    # "we won" alone may be an election; an ally's fallback "speaker" needs one of them
    ally_claims_named: bool = True
    background_passive: bool = True  # passive without auxiliary (reduced relative): weak
    background_weight: float = 0.25
    no_favor_for_opponent: bool = True
    opponent_favor_weight: float = 0.25
    prior_against: bool = False  # negative tone -> against the opponent (off: casualty reports)
    # a side the allies oppose (seeds/allies.csv: West backs Ukraine, so Russia), named only in
    # clauses of clearly negative tone, by a speaker not of that side, with no cue for it:
    # against it ("Russia will continue to target our infrastructure"); the clauses must not
    # name the other side. The backed side's hardship is no stance against it ("Ukraine's grid
    # is in a critical state"): 45.8 -> 37.2 F_avg toward Ukraine on war-train developed.
    named_tone: bool = True
    named_tone_min: float = 0.2
    named_tone_weight: float = 0.5
    distancing: bool = True  # "Ukraine's claim that ..." from its opponent (seed family distance)
    pronouns: bool = True  # "they" after a named side in an earlier clause is that side
    # ... and a "they" with no side before it in the quote is the side named last in the
    # article's previous quote, when that side is the speaker's enemy
    pronouns_across: bool = True
    # a side's own speaker naming (or saying "we" for) its side with no cue: favor, weakly
    # (war-train developed +1.3 / +1.4, kept back +5.3 / +5.3, war-dev -1.2 / -7.9 F_avg)
    own_side: bool = True
    own_side_weight: float = 0.5
    # ... not when the side is named only through its leader or government (sides.csv kinds):
    # "Putin is receiving round-the-clock updates" from the Kremlin is a report, not favour
    # (dev + developed: 0 of 5 such priors right)
    own_side_skip: tuple[str, ...] = ("leader", "institution")
    # ... and only in a quote about the war (a word of seed family topic): a refugee's "we feel
    # safe here" or a minister's grain-export plans are no stance (round 6; dev + developed:
    # 2 of 10 such priors right)
    own_side_topic: bool = True
    # a party's speaker naming its enemy, when that enemy is the side the allies oppose
    # (seeds/allies.csv: Russia) and no cue fires in the quote: against it, weakly. Not the
    # mirror (Russian speakers naming Ukraine: developed -6.1 toward Ukraine), not for allies'
    # speakers (kept back 49.4 -> 48.8 toward Russia), not next to any cue (war-dev: success
    # claims naming the loser are none toward it)
    enemy_side: bool = True
    enemy_side_weight: float = 0.5
    sympathy: bool = True  # a side's civilians hit by a negative act: favor that side
    sympathy_weight: float = 0.5
    verbs: bool = True  # the reporting verb: "denied" voids, "accused X of" blames X (family verb)
    # the weak priors (own side, enemy side, named tone) read a side named as a party, not as a
    # place: "blackouts across Ukraine", "detained in Russia" say nothing about that side
    place_priors: bool = True
    # a casualty report (seed family casualty: "killed", "wounded") where no cue for the side
    # fires is no stance toward it: the weak priors stay off ("nearly 500 of its soldiers have
    # been killed" from the Russian ministry is none, not favor Russia)
    casualty_none: bool = True
    model: bool = True  # the supervised layer (tasks/score/model.py) when $STANCEWIRE_STANCE_MODEL names one


@dataclass
class SideStance:
    """The stance of one quote toward one side."""

    side: str
    label: str = "none"
    score: float = 0.0
    sentiment: float | None = None
    evidence: list[str] = field(default_factory=list)
    spans: tuple[tuple[int, int], ...] = ()  # where the quote names the side (model features)


def stance_for_text(
    text: str,
    speaker_side: str | None,
    compound: float,
    polarity: Callable[[str], float] | None = None,
    lex: Lexicon | None = None,
    cfg: StanceConfig = StanceConfig(),
    verb: str | None = None,
    before: str | None = None,
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
    if not (alias_hits or frame_hits or event_hits or (rest and rest[0]) or (
            cfg.verbs and speaker_side in TARGET_SIDES and denies_a_claim(text, verb, lex))):
        # no side, frame or event: no rule can fire (the verb rules need a side, a cue or a
        # denied claim)
        return _with_model({side: SideStance(side) for side in TARGET_SIDES}, text,
                           speaker_side, lex, cfg)
    mentions = find_mentions(text, speaker_side, lex, alias_hits)
    contribs: list[tuple[str, float, str]] = []
    if cfg.frames:
        contribs += frame_contributions(speaker_side, frame_hits)
    if cfg.events:
        enemy = before if cfg.pronouns_across and before == opponent_of(aligned) else None
        actors = with_pronouns(text, mentions, enemy) if cfg.pronouns and event_hits else mentions
        ally_claims = (
            not cfg.ally_claims_named
            or speaker_side in TARGET_SIDES
            or aligned is None
            or any(mm.side == aligned and mm.via == aligned for mm in mentions)
            or not any("speaker" in c.fallback for _, cues in event_hits for c in cues)
            or (lex.contexts is not None and next(lex.contexts.finditer(text), None) is not None)
        )
        contribs += event_contributions(
            text, speaker_side, aligned, actors, event_hits, lex, cfg, ally_claims
        )
    if rest:
        contribs = distancing(text, aligned, mentions, rest[0], contribs)
    if cfg.verbs and verb:
        starts = tuple(m.start() for m, _ in frame_hits) + tuple(m.start() for m, _ in event_hits)
        contribs = verb_rule(text, verb, speaker_side, mentions, contribs, lex, starts)
    result = {}
    mentions_real = [mm for mm in mentions if mm.side]
    mentioned = {mm.side for mm in mentions_real}
    named = {mm.side for mm in mentions_real if mm.via != "speaker"}  # "we" does not block the prior
    parties = [mm for mm in mentions_real if not (cfg.place_priors and _as_place(text, mm))]
    as_party = {mm.side for mm in parties if mm.kind not in cfg.own_side_skip}
    named_party = {mm.side for mm in parties if mm.via != "speaker"}
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
                    f"→{polarity_word(total)} {side}"
                )
        if cfg.named_tone and polarity is not None and not st.evidence and side in named_party and \
                speaker_side != side and side in _opposed(lex):
            tone = _own_clause_tone(text, side, mentions_real, polarity, parties)
            if tone is not None and tone <= -cfg.named_tone_min:
                total = -cfg.named_tone_weight
                st.evidence.append(f"tone: clauses naming {side} only, negative ({tone:+.2f})"
                                   f"→against {side}")
        if cfg.own_side and not st.evidence and side == speaker_side and side in as_party and \
                not (cfg.casualty_none and not contribs and _toll(text, lex)) and \
                (not cfg.own_side_topic or side in named_party or _on_topic(text, lex)):
            # a side's own speaker on its side, no cue either way: the annotators read it as
            # favour (Ukrainian speakers' quotes naming Ukraine, Russian naming Russia)
            total = cfg.own_side_weight
            st.evidence.append(f"prior:{side} speaker on its own side→favor {side}")
        if (
            cfg.enemy_side
            and not contribs
            and not st.evidence
            and side == opponent_of(speaker_side)
            and side in named_party
            and side in _opposed(lex)
        ):
            # a party's own speaker naming the side the allies oppose, no cue in the quote at
            # all: against it ("Russia will do everything to destroy the normality of life")
            total = -cfg.enemy_side_weight
            st.evidence.append(f"prior:{speaker_side} speaker on its enemy→against {side}")
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
            spans = cached_clause_spans(text)
            parts = [
                text[a:b]
                for a, b in spans
                if any(a <= mm.start < b for mm in mentions_real if mm.side == side)
            ]
            st.sentiment = polarity(" ".join(parts)) if len(parts) < len(spans) else compound
        st.spans = tuple((mm.start, mm.end) for mm in mentions_real if mm.side == side)
        result[side] = st
    return _with_model(result, text, speaker_side, lex, cfg)


def _on_topic(text: str, lex: Lexicon) -> bool:
    """The quote holds a word of the war (seed family ``topic``; none in the seeds: any quote)."""
    return lex.topics is None or next(lex.topics.finditer(text), None) is not None


def _toll(text: str, lex: Lexicon) -> bool:
    """The quote holds a casualty count (seed family ``casualty``)."""
    return lex.casualties is not None and next(lex.casualties.finditer(text), None) is not None


def _as_place(text: str, mm) -> bool:
    """The side is named as a place ("in Ukraine", "across Ukraine"), not held by it ("in
    Ukrainian hands", "under Russian control")."""
    return bool(PLACE_PRIOR.search(text, max(0, mm.start - 16), mm.start)) and not \
        HELD_BY.match(text, mm.end)


def _opposed(lex: Lexicon) -> frozenset[str]:
    """The target sides the allies of seeds/allies.csv oppose (the opponents of those they back)."""
    return frozenset(opponent_of(a) for a in lex.allies.values()) - {None}


def _own_clause_tone(
    text: str, side: str, mentions, polarity: Callable[[str], float], parties=None
) -> float | None:
    """VADER compound of the clauses of ``text`` that name ``side`` (as a party: one of
    ``parties`` when given) and no other side; None when there is no such clause."""
    parts = []
    for a, b in cached_clause_spans(text):
        sides = {mm.side for mm in mentions if a <= mm.start < b}
        if sides == {side} and (parties is None or any(
                a <= mm.start < b and mm.side == side for mm in parties)):
            parts.append(text[a:b])
    return polarity(" ".join(parts)) if parts else None


def _with_model(
    result: dict[str, SideStance], text: str, speaker_side: str | None, lex: Lexicon,
    cfg: StanceConfig,
) -> dict[str, SideStance]:
    """The supervised layer's label, score and evidence line (tasks/score/model.py) on top of
    the rules' result, when the model is switched on and trained; the rules' evidence stays."""
    model = load_model() if cfg.model else None
    if model is None:
        return result
    for side, st in result.items():
        other = opponent_of(side)
        feats = features(text, side, speaker_side, st.label, st.score, st.evidence, st.spans,
                         bool(other and result[other].spans), lex.allies)
        label, score, why = model.predict(feats)
        if label != "none" or st.label != "none":
            st.evidence.append(why)
        st.label, st.score = label, score
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
    texts, speaker_sides = scored["text"].to_list(), scored["speaker_side"].to_list()
    before = (
        previous_sides(*(scored[c].to_list() for c in ("article_id", "char_start")), texts,
                       scored["speaker"].to_list(), speaker_sides, scored["kind"].to_list(), lex)
        if cfg.pronouns_across and set(ACROSS_COLUMNS) <= set(scored.columns)
        else [None] * scored.height
    )
    for key in zip(texts, speaker_sides, scored["sentiment_compound"].to_list(), verbs, before,
                   strict=True):
        block = memo.get(key)
        if block is None:
            block = memo[key] = len(memo) * n_sides
            text, side, comp, verb, prev = key
            for st in stance_for_text(text, side, comp or 0.0, polarity, lex, cfg, verb,
                                      prev).values():
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
