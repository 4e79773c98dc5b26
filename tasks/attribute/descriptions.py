"""Descriptions resolved through the article around them (tasks/attribute/speakers.py calls
these): a lede's description or document named in the next sentence, an organisation's
description that carries its name, "the" + one capitalised word of a longer name, a
description that ends by naming its person, and a body owned by a pronoun."""

from __future__ import annotations

import re

from tasks.attribute.actors import registry
from tasks.attribute.affiliation import (
    DOMESTIC_BODIES, POSSESSIVE_PRONOUNS, affiliation_index, is_place,
)
from tasks.attribute.coref import (
    PRONOUNS, UNKNOWN, _SENTENCE_END, _is_cap, _speech_forms, _words, ArticleContext, Who,
)
from tasks.attribute.names import OWNED_VOICES, legal_team, _group, _who_for_name, resolve_named
from tasks.attribute.pronouns import resolve_pronoun



def _named_inside(mention: str, head: str, ctx: ArticleContext) -> Who | None:
    """An organisation's description that carries its name: "the London-based Capital
    Economics research firm" -> Capital Economics; an institution's alias ("the U.N. nuclear
    watchdog") -> the institution; None when it names none."""
    inner = _name_inside(mention, head, ctx.rw)
    if not inner:
        return None
    known = affiliation_index().institutions.get(mention.split(None, 1)[-1])
    return resolve_named(known[0] if known else inner, ctx)


def _name_inside(mention: str, head: str, rw) -> str:
    """The name a description of an organisation carries before its lower-case head: "the
    Capital Economics research firm" -> "Capital Economics"; "" for "the Ukrainian military",
    "the Kremlin-backed group" or a capitalised head ("the Foreign Ministry")."""
    toks = mention.split()
    if not toks or toks[-1] != head or toks[0].lower() not in ("the", "a", "an"):
        return ""
    k = len(toks) - 1
    while k > 1 and toks[k - 1].islower():  # "research firm", "think tank"
        k -= 1
    run = []
    while k > 1 and _is_cap(toks[k - 1]) and "-" not in toks[k - 1] and \
            toks[k - 1].lower() not in rw.function and toks[k - 1].lower() not in rw.titles:
        run.insert(0, toks[k - 1])
        k -= 1
    name = " ".join(run)
    if not run or head in _OF_A_PLACE or run[-1].endswith(("'s", "’s", "´s")) or \
            any(w.lower() in rw.affiliation for w in run) or name.isupper() and len(name) < 3:
        return ""
    if is_place(name) or run[0].lower() in rw.first_names:
        return ""  # "the Irish government", "the Missouri court", "the George W. Bush team"
    return name


# heads whose capitalised modifier is a place or a person, not the body's name: "the Zambian
# government", "the Bolsonaro administration", "the Missouri federal court"
_OF_A_PLACE = frozenset("""government administration military army navy embassy court ministry
police force city town province municipality council""".split())


def _says_next(text: str, end: int) -> bool:
    """Whether a reporting verb ("said", "warned") is the word right after ``end``."""
    m = _NEXT_WORD.match(text, end)
    return m is not None and m.group(1).lower() in _speech_forms()


_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)")


def _named_next(mention: str, pos: int, side: str, ctx: ArticleContext,
                kinds: tuple[str, ...] = ("person",)) -> Who | None:
    """A lede's description named in the sentence after it ("..., the Kremlin press secretary
    said on Sunday. Speaking to Rossiya-1, Dmitry Peskov said ..."): the first person named
    there as the subject of a clause, when no person was quoted before."""
    if any(who.kind == "person" for _, who in ctx.history):
        return None
    text = ctx.text
    end = _SENTENCE_END.search(text, pos + len(mention))
    if end is None:
        return None
    nxt = _SENTENCE_END.search(text, end.end())
    stop = nxt.start() if nxt else len(text)
    for ent in ctx.entities:
        if ent.kind in kinds and end.end() <= ent.start < stop and (
                ctx.is_subject(ent.start, ent.end) or _says_next(text, ent.end)):
            who = _who_for_name(ent.name, ctx, _words(mention)) if ent.kind == "person" else \
                resolve_named(ent.name, ctx)
            return who if side == UNKNOWN or who.side in (side, UNKNOWN) else None
    return None


_THE_CAPITAL = re.compile(r"[Tt]he ([A-Z][a-z]+)")


def _short_form(mention: str, pos: int, ctx: ArticleContext) -> Who | None:
    """"the" and one capitalised word of a longer name given before: "The Post" (The
    Washington Post), "the Department" (Department of Homeland Security), "the Pope" (Pope
    Francis); the last such speaker, else the last such name in the text; None if none."""
    m = _THE_CAPITAL.fullmatch(mention.strip())
    if m is None:
        return None
    word = m.group(1)
    if word.lower() in ctx.rw.affiliation or registry().match(word) is not None:
        return None  # "the Kremlin", "The Russian": a name or a people of its own
    for _, who in reversed(ctx.history):
        if who.kind != "group" and word in who.speaker.split():
            return who
    text = ctx.text
    for ent in reversed(ctx.entities):  # the name with its titles: "Pope Francis"
        run = text[ent.run_start if 0 <= ent.run_start < ent.start else ent.start:ent.end]
        if ent.end <= pos and " " in run and word in run.split():
            who = resolve_named(ent.name, ctx)
            if who.kind != "group" and word in ent.name.split() + run.split()[:1]:
                return who
    return None


_NAME_AFTER_COMMA = re.compile(
    r",[ \t]+((?:(?:[A-Z][a-z]{0,3}\.|[A-Z][\w’'\-]*)[ \t]+){0,2}[A-Z][\w’'\-]+)(?=[ \t]*[.,;]|"
    r"[ \t]+(?:said|says|"
    r"told|added|wrote)\b)")


_DESCRIBED_OWNER = re.compile(r"((?:the|The) [a-z][\w\- ]*?)['’]s (?:[a-z]+ )?([a-z]+)")


def _owned_body(mention: str, pos: int, ctx: ArticleContext, resolve) -> Who | None:
    """A body or voice owned by a pronoun ("its defence ministry", "her office", "his
    spokesman") or by a description of a person ("the president's office", "the mayor's
    spokesman"): kept as written, with the side of its owner (``resolve`` resolves the
    description); None when the mention is no such thing or the described owner is no person."""
    words = mention.split()
    if len(words) < 2 or words[-1].lower() not in OWNED_VOICES | DOMESTIC_BODIES or \
            legal_team(words):
        return None
    described = _DESCRIBED_OWNER.fullmatch(mention)
    if words[0].lower() in POSSESSIVE_PRONOUNS:
        owner = resolve_pronoun(PRONOUNS[POSSESSIVE_PRONOUNS[words[0].lower()]], pos, ctx)
    elif described is not None and described.group(1).split()[-1] in ctx.rw.titles:
        owner = resolve(described.group(1), pos, ctx)  # "the president", not "the country"
        if owner.kind != "person" or owner.side == UNKNOWN:
            return None
    else:
        return None
    who = _group(mention, ctx.rw)
    if owner is not None and owner.side != UNKNOWN and owner.kind != "group":
        who.side, who.evidence = owner.side, f"owner:{owner.speaker}->{owner.side}"
    return who


def _appositive_name(mention: str, pos: int, ctx: ArticleContext) -> Who | None:
    """The person a description ends by naming: "her lawyer, Aleksandr Boikov, said", "Russian
    Foreign Ministry spokeswoman, Maria Zakharova." (never a place: "the capital, Kyiv"); else
    the person whose appositive it is: "Paul Whelan, a former Marine, said"."""
    before = _name_before(mention, pos, ctx)
    if before is not None:
        return before
    head = mention.split()[-1]
    if not head.isalpha() or head[:1].isupper() or head.lower() in ctx.rw.documents or \
            head.lower() in ctx.rw.org_nouns:
        return None  # a name ("X, Y") or a document or body ("the indictment, Anna G.")
    hit = _NAME_AFTER_COMMA.match(ctx.text, pos + len(mention))
    if hit is None:
        return None
    name = hit.group(1)
    if name.split()[0].lower() in ctx.rw.function or is_place(name):
        return None
    who = resolve_named(name, ctx, hit.start(1))
    return who if who.kind == "person" else None


_SENTENCE_OPENED = (".", "!", "?", "\n", "”", '"')


def _name_before(mention: str, pos: int, ctx: ArticleContext) -> Who | None:
    """The person named at the start of the sentence right before a description and its comma:
    the description is that person's appositive ("Paul Whelan, a former Marine, said", "Eamon
    Ryan, Ireland's environment minister, said"), not someone the description fits elsewhere."""
    words = mention.split()
    if len(words) < 2 or not (words[0].lower() in ("a", "an", "the") or words[0][:1].isupper()
                              and words[0].endswith(("'s", "’s"))):
        return None
    text = ctx.text
    if not text[max(0, pos - 4):pos].rstrip(" \t").endswith(","):
        return None
    for ent in reversed(ctx._find_entities(max(0, pos - 80), pos)):
        if ent.kind != "person" or text[ent.end:pos].strip(" \t") != ",":
            continue
        start = ent.run_start if ent.run_start >= 0 else ent.start
        lead = text[max(0, start - 3):start].rstrip(" \t")
        if lead and not lead.endswith(_SENTENCE_OPENED) or any(  # "no evidence against Mr
                w.lower() in ctx.rw.function for w in text[start:ent.start].split()):
            return None  # Bout, his lawyer said", "In the Black Sea, the official said"
        who = resolve_named(ent.name, ctx, ent.start)
        return who if who.kind == "person" else None
    return None
