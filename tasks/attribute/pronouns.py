"""Pronoun resolution (he/she/it/they) by recency and salience: the last compatible person
in subject position, the previous compatible speaker, an organisation in the pronoun's own
sentence, the plural noun phrase opening it; gender from titles, first names and pronouns."""

from __future__ import annotations

import bisect
import itertools
import re

from tasks.attribute.affiliation import is_place
from tasks.attribute.actors import (
    load_role_words,
    normalise_name,
)
from tasks.attribute.coref import (
    names_itself,
    PRONOUNS,
    _NOT_SUBJECT_NEXT,
    _SENT_END,
    _sentence_cut,
    Who,
    Entity,
    ArticleContext,
)
from tasks.attribute.names import (
    _who_for_name,
    _named_by_surname,
    _group_in,
    resolve_named,
)


def _place_only(name: str) -> bool:
    """A country, demonym or place of the seeds that is no given name ("Sofia" may be her)."""
    return is_place(name) and name.split()[0].lower() not in \
        load_role_words().first_names


def _compatible(who: Who, gender: str, genders: dict[str, str], rw=None) -> bool:
    g = genders.get(who.actor_id, who.gender)
    if gender in ("male", "female"):  # a person, never a place ("Hungary", "Ukrainians")
        return who.kind == "person" and g in (None, gender) and not _place_only(who.speaker)
    if gender == "neuter":
        words = who.speaker.split()
        # "the group", or a body's proper name even in -s ("Global Affairs", "Doctors Without
        # Borders"); not "officials" nor "Ukrainian officials"
        singular_group = who.kind == "group" and (not who.speaker.endswith("s") or (
            rw is not None and len(words) > 1 and all(w[:1].isupper() for w in words)
            and words[-1].lower() not in rw.groups and words[-1].lower() not in rw.affiliation))
        return who.kind in ("org", "media") or singular_group
    if gender == "plural":
        return who.kind in ("org", "media", "group")
    return True


def _newer_entity(gender: str, after: int, pos: int, ctx: ArticleContext) -> Who | None:
    """A compatible person named after the previous speaker's mention, in the pronoun's paragraph."""
    if gender not in ("male", "female"):
        return None
    para = ctx.text.rfind("\n", 0, pos) + 1
    lo = max(after + 1, para)
    best = None
    window = ctx._entities if ctx._entities is not None else ctx._find_entities(lo, pos)
    for ent in window:
        if ent.end > pos:
            break
        if ent.start >= lo and ent.kind == "person" and ent.gender in (None, gender):
            lead = ctx.text[max(0, ent.run_start - 40):ent.run_start]
            cut = _sentence_cut(lead)
            if cut >= 0 and not lead[cut:].strip(" “\"'‘"):  # subject: starts its sentence
                best = ent
    if best is None:
        return None
    who = _who_for_name(best.name, ctx, [])
    if not _compatible(who, gender, ctx.genders):
        return None
    return who


def _last_subject(gender: str | None, after: int, pos: int, ctx: ArticleContext) -> Who | None:
    """The compatible person named last in subject position between ``after`` and ``pos``
    (``gender`` None: any person named in full)."""
    subjects = ctx.subjects
    i = bisect.bisect_left(ctx.subject_starts, pos) - 1
    seen: set[str] = set()
    q0, q1 = ctx.quote_span
    p0, p1 = ctx.prev_span
    while i >= 0 and subjects[i].start > after:
        m = subjects[i]
        i -= 1
        if m.name in seen or q0 <= m.start < q1 or p0 <= m.start < p1:
            continue  # "Macharia ... hid under desks, he said"; "Biden said Putin had planned
            # to go in. 'Nothing like this has happened,' he told donors": Biden
        seen.add(m.name)
        key = (m.name, m.start if " " not in m.name else -1)
        who = ctx.who_cache.get(key)
        if who is None:
            who = ctx.who_cache[key] = _who_for_name(m.name, ctx, [], pos=m.start)
        # only persons known to be he/she ("Lower Mainland", "FedEx Cup" have no gender), or
        # of unknown gender but named again by surname alone ("Bissonnette had ...")
        known = ctx.genders.get(who.actor_id, who.gender)
        if who.kind != "person" or " " not in who.speaker:
            continue
        if gender is None and _person_like(who, ctx) or gender is not None and known == gender:
            return who
        if known is None and _named_by_surname(who.speaker, ctx):
            return who  # he/she for a person of unknown gender who is named by surname too
    return None


def _last_gendered(gender: str, pos: int, ctx: ArticleContext) -> Who | None:
    """The last person named before ``pos`` (in any position) known to be he/she."""
    seen: set[str] = set()
    for ent in reversed([e for e in ctx.entities if e.end <= pos and e.kind == "person"]):
        if ent.name in seen or ent.gender not in (None, gender):
            continue
        seen.add(ent.name)
        who = _who_for_name(ent.name, ctx, [], pos=ent.start)
        if who.kind == "person" and ctx.genders.get(who.actor_id, who.gender) == gender:
            return who
    return None


def _sentence_start(text: str, pos: int, lo: int) -> int:
    """Start of the sentence holding ``pos`` (not before ``lo``); a period after a short
    capitalised token ("U.S.", "Mr.") is an abbreviation, not a sentence end."""
    start = lo
    for m in _SENT_END.finditer(text, lo, pos):
        if text[m.start()] == ".":
            token = text[max(lo, m.start() - 5):m.start()].split()[-1:]
            if token and token[0][:1].isupper() and len(token[0]) <= 4:
                continue
        start = m.end()
    return start


def _org_in_sentence(pos: int, ctx: ArticleContext) -> Who | None:
    """An organisation named earlier in the pronoun's own sentence, outside quotes."""
    start = _sentence_start(ctx.text, pos, max(0, pos - 200))
    ents = ctx._find_entities(start, pos) if ctx._entities is None else ctx._entities
    orgs = [e for e in ents if e.kind == "org" and start <= e.start and e.end <= pos]
    if not orgs:
        return None
    who = resolve_named(orgs[-1].name, ctx)
    return who if who.kind in ("org", "media") else None


_COMMA_GAP = re.compile(r",[ \t]+")
_AUXILIARIES = frozenset("is has was does says".split())
_PLURAL_NP = re.compile(r"((?:[Tt]he[ \t]+)?(?:[\w’'\-]+[ \t]+){0,2}?[\w’'\-]+s)[ \t]+([a-z]\w*)")
def _plural_subject(pos: int, ctx: ArticleContext) -> Who | None:
    """The plural noun phrase that opens the pronoun's sentence (or its last clause before
    the pronoun): "The Conservatives believe ..., they say" -> The Conservatives."""
    text, rw = ctx.text, ctx.rw
    start = _sentence_start(text, pos, max(0, pos - 250))
    for lo in sorted({start, *(m.end() for m in _COMMA_GAP.finditer(text[start:pos]))},
                     reverse=True):
        lo = lo if lo == start else start + lo
        while lo < pos and text[lo] in " \t\n\"“”":
            lo += 1
        m = _PLURAL_NP.match(text, lo, pos)
        if m is None or ctx._inside_quote(m.start()):
            continue
        words = m.group(1).split()
        head = words[-1].lower()
        if m.group(2) in _NOT_SUBJECT_NEXT or head in PRONOUNS or head in rw.function \
                or head in _AUXILIARIES:  # "The plant is …", "China has …": a verb, no plural
            continue
        named = any(w[0].isupper() for w in words if w.lower() != "the")  # "Republican senators"
        if head in rw.groups or named and words[-1].lower() not in rw.affiliation:
            np = m.group(1)
            return _group_in(np, ctx) if head in rw.groups else resolve_named(np, ctx)
    return None


def resolve_pronoun(gender: str, pos: int, ctx: ArticleContext) -> Who | None:
    """he/she: the person named last in subject position, or the previous speaker when that
    mention is older (quotes' speakers preferred); others: the previous compatible speaker, else
    the last compatible entity before ``pos``."""
    prev = ctx.previous()
    if gender == "self":
        return prev
    if gender in ("male", "female"):
        prev_ok = prev is not None and _compatible(prev, gender, ctx.genders)
        after = ctx.history[-1][0] if prev_ok else -1
        # the person named last as a subject, else the previous speaker; never one the quote's
        # own words name in the third person ("We have not seen that Putin has decided")
        subject = _last_subject(gender, after, pos, ctx)
        for who in (subject, prev if prev_ok else None):
            if who is not None and not names_itself(who, ctx.text, ctx.own_words):
                return who
        if subject is not None or prev_ok:
            return None
        named = _last_gendered(gender, pos, ctx)
        if named is not None:
            return named
    if gender == "neuter":
        org = _org_in_sentence(pos, ctx)
        if org is not None:  # "the British Defense Ministry told reporters it believed ..."
            return org
    if gender == "plural":
        group = _plural_subject(pos, ctx)
        if group is not None:  # "Republican senators are eager ..., and they say"
            return group
    if prev is not None and _compatible(prev, gender, ctx.genders, ctx.rw):
        newer = _newer_entity(gender, ctx.history[-1][0], pos, ctx)
        return newer if newer is not None else prev
    kinds = {"male": ("person",), "female": ("person",), "neuter": ("org",), "plural": ("org",)}
    best_pos, best = -1, None
    for p, who in ctx.history:
        if p < pos and _compatible(who, gender, ctx.genders) and p > best_pos:
            best_pos, best = p, who
    for ent in ctx.entities:
        if ent.end > pos:
            break
        if ent.kind in kinds.get(gender, ()) and ent.start > best_pos:
            if ent.kind == "person" and gender in ("male", "female") and ent.gender not in (None, gender):
                continue
            best_pos = ent.start
            best = ent
    if isinstance(best, Entity):
        if best.kind == "person":
            return _who_for_name(best.name, ctx, [])
        return resolve_named(best.name, ctx)
    return best


_SINGLE_CAP = re.compile(r"(?<![\w’'.\-])[A-Z][\w’'\-]{2,}")
def _window_subject(lo: int, pos: int, ctx: ArticleContext) -> Who | None:
    """The last person in subject position in [lo, pos) outside quotes, named in full there or
    by the surname of a person named in full in the article (scans only the window)."""
    if pos - lo < 4:
        return None
    text = ctx.text
    ents = ctx._find_entities(lo, pos)
    cands = [(e.start, e.name, True) for e in ents if e.kind == "person" and e.end <= pos]
    spans = sorted((e.run_start if e.run_start >= 0 else e.start, e.end) for e in ents)
    span_starts = [a for a, _ in spans]
    reach = list(itertools.accumulate((b for _, b in spans), max))  # furthest end so far
    skip = ctx.rw.function
    for m in _SINGLE_CAP.finditer(text, lo, pos):
        a = m.start()
        k = bisect.bisect_right(span_starts, a) - 1
        if m.group().lower() not in skip and not (k >= 0 and a < reach[k]):  # in no span
            cands.append((a, m.group(), False))
    q0, q1 = ctx.quote_span
    for start, name, known in sorted(cands, reverse=True):
        if not known and ctx._inside_quote(start) or not ctx.is_subject(start, start + len(name)):
            continue
        if q0 <= start < q1:  # the subject of the quote's own content
            continue
        if not known:  # a lone word: only the surname of a person named in full
            by_last = (ctx.person_index if ctx._entities is not None else ctx._near(name))[0]
            if normalise_name(name) not in by_last:
                continue
        who = _who_for_name(name, ctx, [], pos=start)
        if who.kind == "person" and " " in who.speaker and _person_like(who, ctx):
            return who
    return None


def _person_like(who: Who, ctx: ArticleContext) -> bool:
    """Evidence that a capitalised name is a person's: the registry, a gender (title, first
    name, pronoun) or its surname standing alone ("All Things Considered" has none)."""
    return (who.in_registry or ctx.genders.get(who.actor_id, who.gender) is not None
            or _named_by_surname(who.speaker, ctx))
