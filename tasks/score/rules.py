"""The stance rules' contributions: for one quote, signed (+ favor, - against) weights per side.

Each contribution is ``(side, weight, evidence, position)``; tasks/score/stance.py adds them
up per side (the model is described there).

- ``frame_contributions``: framing phrases with a fixed side;
- ``event_contributions``: event roles within a clause (agent, patient, owner, affected;
  passive and nominal readings; negation before the cue; fallback sides);
- ``distancing``: "Ukraine's claim that ..." from its opponent flips the claim's cues;
- ``verb_rule``: the reporting verb ("denied" voids the denied clause, "accused X of" blames X).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tasks.contract import TARGET_SIDES
from tasks.score.cues import Lexicon
from tasks.score.mentions import (
    Mention,
    cached_clause_spans,
    first_resolved,
    opponent_of,
    resolve_side,
)

if TYPE_CHECKING:
    from tasks.score.stance import StanceConfig

PASSIVE_BY = re.compile(r"\s+(?:\w+\s+)?by\s+(?:the\s+|its\s+|their\s+)?", re.IGNORECASE)
# a past participle ("defeated", "driven", "held", "cut"): a passive's verb, not a noun ("his
# options are attacks") or a progressive ("were cracking down")
PARTICIPLE = re.compile(
    r"\w+(?:ed|en|wn)|cut|hit|held|lost|won|shot|struck|put|sent|left|caught|beat|overrun|fought"
    r"|kept|brought|made|thrown|set",
    re.IGNORECASE,
)
BY_AFTER = re.compile(r"\s+(?:\w+\s+)?by\b", re.IGNORECASE)  # "destroyed (early) by ..."
ADJACENT = re.compile(r"\s+(?:the\s+|its\s+|their\s+)?", re.IGNORECASE)
# a main-clause passive: an auxiliary right before the participle, not inside "which was ..."
MAIN_PASSIVE = re.compile(
    r"(?<!which )(?<!that )(?<!who )\b(?:is|are|was|were|be|been|being|get|gets|got)\s+(?:\w+ly\s+)?$",
    re.IGNORECASE,
)
NOMINAL_OF = re.compile(r"\s+(?:of|by)\s+(?:the\s+)?", re.IGNORECASE)
TOKEN = re.compile(r"[\w'’]+")
# cue to patient: at most four words, no punctuation (but "5,000") or subordinate clause between
PATIENT_GAP = re.compile(
    r"(?:(?!\b(?:that|which|who|because|when|if)\b)(?:(?<=\d)[,.](?=\d)|[^,.;:!?—–])){0,40}",
    re.IGNORECASE,
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
# a side named as the place where something happens ("blackouts across Ukraine", "detained in
# Russia"): the weak priors of tasks/score/stance.py do not read it as naming the side
PLACE_PRIOR = re.compile(
    r"\b(?:in|inside|within|into|across|throughout|around|near)\s+(?:the\s+)?$", re.IGNORECASE
)
HELD_BY = re.compile(r"\s+(?:hands|control|custody|possession)\b", re.IGNORECASE)
PLACE_BEFORE = re.compile(r"\b(?:in|inside|within)\s+(?:the\s+)?$", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
THAT = re.compile(r"\s+that\b", re.IGNORECASE)
DETERMINER = re.compile(r"\b(?:the|a|an|its|their|his|her|our)\s+$", re.IGNORECASE)
HEAD_WORDS = 3  # words allowed before the side an "accused ... of" quote opens with
HEAD_OF = re.compile(r"[^,.;:!?]{0,40}?\b(?:of|for|over)\b", re.IGNORECASE)


def _modifier(text: str, mention: Mention) -> bool:
    """The side names the owner of the subject, not the subject: "Ukraine's energy
    infrastructure", "Ukrainian territory" (a possessive, or a singular demonym before a noun)."""
    if text.startswith(("'s", "’s"), mention.end):
        return True
    return mention.kind == "demonym" and not mention.text.lower().endswith("s")


def polarity_word(polarity: float) -> str:
    """The label a signed weight pushes toward: "favor" (> 0) or "against"."""
    return "favor" if polarity > 0 else "against"


def _negation(text: str, lo: int, hi: int, lex: Lexicon) -> tuple[float, str]:
    """Multiplier and negating words found in the last words of ``text[lo:hi]``."""
    tokens = TOKEN.findall(text[lo:hi])[-NEGATION_TOKENS:]
    window = " ".join(tokens).replace("n't", " not").replace("n’t", " not")
    for m, cues in lex.negations.finditer(window):
        return cues[0].polarity, m.group(0)
    return 1.0, ""


def frame_contributions(speaker_side, hits) -> list[tuple[str, float, str, int]]:
    out = []
    for m, cues in hits:
        for cue in cues:
            side = resolve_side(cue.target, speaker_side)
            if side:
                note = f"frame:'{m.group(0)}'→{polarity_word(cue.polarity)} {side}"
                out.append((side, cue.polarity, note, m.start()))
    return out


def event_contributions(
    text: str,
    speaker_side: str | None,
    aligned: str | None,
    mentions: list[Mention],
    hits: list,
    lex: Lexicon,
    cfg: StanceConfig,
    ally_claims: bool = True,
) -> list[tuple[str, float, str, int]]:
    """Event-role contributions. ``ally_claims`` False: an ally's (seeds/allies.csv) unnamed
    claims ("we are seeing progress") do not fall back to the side it backs (fallback
    ``speaker``): that side is not named in the quote, so the claim may be about anything."""
    out = []
    for cs, ce in cached_clause_spans(text) if hits else ():
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
            patient = (
                after[0]
                if after
                and PATIENT_GAP.fullmatch(text[m.end() : after[0].start])
                and not PLACE_BEFORE.search(text, m.end(), after[0].start)
                else None
            )  # "banned its activities in Russia": a place, not the side the act is done to
            owner = agent if agent and OWNER_GAP.fullmatch(text[agent.end : m.start()]) else None
            if (
                owner is not None
                and owner.kind == "country"
                and not text[owner.end : m.start()].strip()
                and DETERMINER.search(text, max(0, owner.start - 8), owner.start)
            ):
                owner = None  # "the Ukraine invasion": a country name as modifier is the target
            how, unnamed_doer = "", False
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
            if (
                cfg.passive_patient
                and not how
                and agent is not None
                and agent.kind != "pronoun"
                and any(c.target == "patient" for c in cues)
                and PARTICIPLE.fullmatch(m.group(0).split()[0])
                and not _modifier(text, agent)
                and MAIN_PASSIVE.search(text[cs : m.start()])
                and not BY_AFTER.match(text, m.end())
            ):
                # "Russia must be defeated", "Ukrainian forces were pushed back": a passive with
                # no by-phrase; its subject undergoes the act (patient), the doer is unnamed
                agent, patient, owner, how = None, agent, None, "passive "
                unnamed_doer = True
            mult, neg = 1.0, ""
            if cfg.negation:
                lo = agent.end if agent is not None and agent.end <= m.start() else cs
                mult, neg = _negation(text, lo, m.start(), lex)
            cue_text = f"{neg} {m.group(0)}".strip()
            doer = owner or agent
            victim = patient if patient and doer and doer.side and doer.side != patient.side \
                else None  # "the Russian attack on Kyiv": only with the attacker named
            roles = {"agent": agent, "patient": patient, "owner": owner, "affected": affected,
                     "victim": victim}
            for cue in cues:
                who = roles.get(cue.target)
                weight = cue.polarity * mult
                if weight == 0:
                    continue
                if who is not None:
                    if weight < 0 and who.kind == "civilians":
                        # "killed Ukrainian civilians": victims, not their side's failure; the
                        # speaker's sympathy is with their side
                        if cfg.sympathy:
                            out.append((who.side, cfg.sympathy_weight,
                                        f"event:{cue_text}(victims {who.text})→favor {who.side}",
                                        m.start()))
                        continue
                    side = who.side
                    role = "" if cue.target == "agent" else f"{cue.target} "
                    arg = f"{how}{role}{who.text}"
                elif unnamed_doer and cue.target == "agent":
                    continue  # "Russian troops were pushed back": no default doer
                else:
                    fallback = cue.fallback if ally_claims else tuple(
                        f for f in cue.fallback if f != "speaker"
                    )
                    side = first_resolved(fallback, aligned)
                    arg = f"default {side}"
                if not side:
                    continue
                note = ""
                if how and cfg.background_passive and not MAIN_PASSIVE.search(text[cs : m.start()]):
                    # "settlements retaken by Kyiv": a reduced relative clause, background
                    weight *= cfg.background_weight
                    note = " (background)"
                evidence = f"event:{cue_text}({arg})→{polarity_word(weight)} {side}{note}"
                out.append((side, weight, evidence, m.start()))
    return out


def distancing(
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
        claim = text[owner.start : m.end()]
        note = f"distancing:'{claim}'→{polarity_word(cue.polarity)} {owner.side}"
        return [*flipped, (owner.side, cue.polarity, note, m.start())]
    return contribs


def _disputed(evidence: str) -> bool:
    """A contribution made by the distancing rule (it already reads the content as disputed)."""
    return evidence.startswith("distancing:") or evidence.endswith("claim: flipped)")


def denied_claim(text: str, lex: Lexicon) -> bool:
    """The quote opens with a claim noun (seed family ``claim``): what a denial denies."""
    return lex.claims is not None and lex.claims.match(text) is not None


def denies_a_claim(text: str, verb: str | None, lex: Lexicon) -> bool:
    """``verb`` is a denial (seed family ``verb``, target dispute) of a claim: "denied any
    involvement" (verb_rule then defends the denier's side, whatever else the quote holds)."""
    verb = (verb or "").strip()
    return bool(verb) and denied_claim(text, lex) and any(
        cue.target == "dispute" and rx.fullmatch(verb) for rx, cue in lex.verbs)


def verb_rule(
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
            cs, ce = cached_clause_spans(text)[0]
            kept = [c for c in contribs if not cs <= c[3] < ce or _disputed(c[2])]
            voided = len(contribs) - len(kept)
            named = any(cs <= mm.start < ce and mm.side for mm in mentions)
            cued = any(cs <= pos < ce for pos in cue_starts)  # "denied the front had collapsed"
            claim = denied_claim(text, lex)
            if speaker_side in TARGET_SIDES and (voided or named or cued or claim):
                # (not "there are 100,000"); a claim: "denied any involvement in the attack"
                note = f"verb:{verb}→{polarity_word(cue.polarity)} {speaker_side}"
                note += " (denial by its side"
                note += f"; {voided} cue(s) of the denied clause void)" if voided else \
                    "; a claim denied)" if claim and not (named or cued) else ")"
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
            note = f"verb:{verb}({head.text} …)→{polarity_word(cue.polarity)} {head.side}"
            return [*contribs, (head.side, cue.polarity, note, head.start)]
    return contribs

