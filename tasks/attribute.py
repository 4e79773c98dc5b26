"""Speaker attribution: EXTRACTED quotes -> ATTRIBUTED quotes + ACTORS.

For every quote the ``speaker_mention`` written in the text is resolved to an actor:

* named mentions: titles/roles before the name and appositives after it are stripped
  ("Kremlin spokesman Dmitry Peskov" -> Dmitry Peskov), surnames are expanded to the most
  complete form in the article ("Haidai" -> "Serhiy Haidai"), then matched to the registry
  (seeds/actors.csv) exactly after normalisation and fuzzily for transliterations;
* pronouns (he/she/they/it) -> the previous quote's speaker when compatible, else the last
  compatible named entity before the mention (gender from titles, first names, earlier pronouns);
* definite descriptions ("the president", "the ministry", "the source") -> the person or
  organisation so described earlier (or just after) in the article;
* floating quotes (empty mention) -> the previous quote's speaker;
* unnamed sources ("local officials", "a U.S. official") keep the description as written,
  with the side taken from role/affiliation words (seeds/role_words.csv).

Work is per article, in quote order; the article text is scanned once (lazily) with a regex
for capitalised name runs, which are the candidate antecedents.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter

import polars as pl

from tasks.actors import (
    RoleWords,
    load_actor_registry,
    load_role_words,
    normalise_name,
    registry,
    slugify,
)
from tasks.contract import ACTORS, ATTRIBUTED, EXTRACTED, conform, empty
from tasks.coref import (
    PRONOUNS,
    DETERMINERS,
    PREPOSITIONS,
    UNKNOWN,
    _CAP,
    _NOT_SUBJECT_NEXT,
    _SENT_END,
    _acronym_led,
    _words,
    _strip_possessive,
    _is_cap,
    infer_side,
    name_run,
    Who,
    Entity,
    ArticleContext,
)


__all__ = ["resolve_speakers", "load_actor_registry", "normalise_name", "attribute_speakers"]


def _compatible(who: Who, gender: str, genders: dict[str, str]) -> bool:
    g = genders.get(who.actor_id, who.gender)
    if gender in ("male", "female"):
        return who.kind == "person" and g in (None, gender)
    if gender == "neuter":
        singular_group = who.kind == "group" and not who.speaker.endswith("s")
        return who.kind in ("org", "media") or singular_group
    if gender == "plural":
        return who.kind in ("org", "media", "group")
    return True


def _who_for_name(name: str, ctx: ArticleContext, mention_words: list[str],
                  kind_hint: str = "person", pos: int | None = None) -> Who:
    """A Who for a proper name: registry actor when it matches, else a discovered actor."""
    reg = registry()
    rw = ctx.rw
    single = " " not in name.strip()
    full = ctx.full_name(name, pos) if kind_hint == "person" and single else name
    actor = reg.match(full)
    if actor is None and full != name:
        actor = reg.match(name)
        if actor is not None and " " in full:  # a different person with that surname
            actor = None
    ctx_words = ctx.context_words(full)
    desc = set(mention_words) | set(ctx_words)
    gender = None
    first = full.split()[0].lower() if full.split() else ""
    if first in rw.first_names:
        gender = rw.gender.get(first)
    for w in mention_words + ctx_words[:3]:
        if w.rstrip(".") in rw.gender and w.rstrip(".") not in rw.first_names:
            gender = gender or rw.gender[w.rstrip(".")]
    if actor is None and kind_hint == "person":
        gender = gender or ctx.gender_after(full)
    if actor is not None:
        return Who(actor.actor_id, actor.name, actor.side, actor.kind, actor.gender or gender,
                   desc, True)
    lows = [t.lower() for t in full.split()]
    org_like = (any(t in rw.orgs or t in rw.org_nouns and len(lows) > 1 for t in lows)
                or full.isupper() or _acronym_led(full.split(), lows, rw))
    kind = "org" if org_like else kind_hint
    if kind == "person" and len(lows) == 1 and first not in rw.first_names and gender is None:
        kind = "org"  # a lone capitalised word never described as he/she: "Facebook"
    side = infer_side(mention_words, rw)
    if side == UNKNOWN:
        side = infer_side(ctx_words, rw)
    if side == UNKNOWN and kind == "person":
        side = rw.name_side.get(first, UNKNOWN)
    return Who(slugify(full), full, side, kind, gender, desc, False)


def _fuller_org(name: str, pos: int | None, ctx: ArticleContext) -> Who | None:
    """An organisation named earlier in fuller form ("Russian Defense Ministry" for
    "Defense Ministry"): an earlier speaker, else an organisation run in the text before."""
    key = normalise_name(name)
    for _, who in reversed(ctx.history):
        if who.kind in ("org", "media") and normalise_name(who.speaker).endswith(" " + key):
            return who
    if pos is None:
        return None
    lo = max(0, pos - 3000)
    for ent in reversed(ctx._find_entities(lo, pos) if ctx._entities is None else
                        [e for e in ctx.entities if e.end <= pos]):
        if ent.kind == "org" and normalise_name(ent.name).endswith(" " + key):
            hit = registry().match(ent.name)
            if hit is not None:
                return Who(hit.actor_id, hit.name, hit.side, hit.kind, None, set(), True)
    return None


def _group(mention: str, rw: RoleWords) -> Who:
    """An unnamed source kept as written ("local officials")."""
    speaker = mention.strip(" ,")
    words = _words(speaker)
    return Who(slugify(speaker), speaker, infer_side(words, rw), "group", None, set(words), False)


def _group_in(mention: str, ctx: ArticleContext) -> Who:
    """An unnamed source; with no affiliation word, the side of an earlier source of that kind."""
    who = _group(mention, ctx.rw)
    words = _words(mention)
    if who.side == UNKNOWN and words:
        head = _strip_possessive(words[-1])
        for _, prev in reversed(ctx.history):
            if prev.kind == "group" and head in prev.desc and prev.side != UNKNOWN:
                who.side = prev.side
                break
    return who


def resolve_named(mention: str, ctx: ArticleContext, pos: int | None = None) -> Who:
    """Resolve a mention that is not a pronoun nor a bare definite description."""
    rw = ctx.rw
    reg = registry()
    mention = mention.strip(" ,")
    if pos is not None and (_PARTY_TAG.match(mention) or mention.rstrip(".") in _HONORIFICS):
        # "Sen. Debbie Stabenow, D-Mich., ... said": the name is just before the party tag;
        # "Ms. May said" cut at the period: the name is just after the honorific
        name = _adjacent_name(ctx.text, pos, mention)
        if name:
            return resolve_named(name, ctx, None)
    if pos is not None and mention.split()[0].rstrip(".").lower() in rw.titles \
            and not name_run(mention.split(",")[0], rw):
        # a role with no name after a name and a comma: "Navdeep Bains, Minister of Innovation"
        m = _NAME_BEFORE.search(ctx.text, max(0, pos - 80), pos)
        if m is not None and ctx.text[m.end(1):pos].strip() == ",":
            return resolve_named(m.group(1), ctx, None)
    mention_words = _words(mention)
    bare = _strip_possessive(mention)
    if " " not in bare and bare[:1].isupper() and bare.lower() not in rw.groups:
        # one word: a surname ("Kuleba") is first expanded with the article's full name
        return _who_for_name(bare, ctx, mention_words, pos=pos)
    whole = reg.match(bare)
    if whole is not None:
        return Who(whole.actor_id, whole.name, whole.side, whole.kind, whole.gender,
                   set(mention_words), True)
    # conjoined sources: "Antony Blinken and the head of NATO" -> kept whole, side of the first
    lead = mention.split(", ", 1)[0]
    if " and " in lead and not any(w in rw.orgs for w in mention_words):
        first, _ = mention.split(" and ", 1)
        who = resolve_named(first, ctx, pos)
        stripped = mention[len(first) - len(first.lstrip()):]
        head = name_run(first, rw)
        if head:
            stripped = mention[mention.find(head):]
        return Who(slugify(stripped), stripped, who.side, "group", None, set(mention_words), False)
    parts = [p.strip() for p in re.split(r",\s+", mention) if p.strip()]
    if len(parts) > 1 and _FULL_NAME.fullmatch(parts[-1]) and " of " in parts[0]:
        parts = parts[::-1]  # "Keeper of the Ruler's Seal, Syed Danial Syed Ahmad"
    for part in parts:
        part = _strip_possessive(part)
        cand = reg.match(part)
        if cand is not None:
            return Who(cand.actor_id, cand.name, cand.side, cand.kind, cand.gender,
                       set(mention_words), True)
        # an organisation written in full ("The Institute for the Study of War")
        toks = part.split()
        low = [t.lower() for t in toks]
        if any(t in rw.orgs for t in low) and any(_is_cap(t) for t in toks[1:] or toks):
            # longest registry suffix first ("The US Institute for ..."), else as written
            for i in range(len(toks)):
                hit = reg.match(" ".join(toks[i:]))
                if hit is not None:
                    return Who(hit.actor_id, hit.name, hit.side, hit.kind, None,
                               set(mention_words), True)
            if toks[0].lower() in rw.function:
                toks = toks[1:]
            name = " ".join(toks)
            if toks and all(_is_cap(t) or t.lower() in {"of", "for", "the", "and", "on"} for t in toks):
                fuller = _fuller_org(name, pos, ctx)
                if fuller is not None:  # "Defense Ministry" after "Russia's Defense Ministry"
                    return fuller
                who = _who_for_name(name, ctx, mention_words, kind_hint="org")
                if who.side == UNKNOWN:
                    who.side = infer_side(mention_words, rw)
                return who
        name = name_run(part, rw)
        if name:
            return _who_for_name(name, ctx, mention_words, pos=pos)
    return _group_in(mention, ctx)


_PARTY_TAG = re.compile(r"^[DRI]-[A-Z][a-z]+\.?(?:,|$)")
_HONORIFICS = frozenset({"Mr", "Ms", "Mrs", "Dr", "Mme", "Sen", "Rep", "Gen", "Lt", "Col", "Sgt"})
_FULL_NAME = re.compile(rf"{_CAP}(?:[ \t]+{_CAP})+")
_NAME_BEFORE = re.compile(rf"({_CAP}(?:[ \t]+{_CAP})+)(?:[ \t]+\([^)]*\))?,?[ \t]*$")
_NAME_AFTER = re.compile(rf"\.?[ \t]+({_CAP}(?:[ \t]+{_CAP})*)")


def _adjacent_name(text: str, pos: int, mention: str) -> str:
    """The name written just before a party tag or just after an honorific at ``pos``."""
    if _PARTY_TAG.match(mention):
        m = _NAME_BEFORE.search(text, max(0, pos - 80), pos)
        return m.group(1) if m else ""
    m = _NAME_AFTER.match(text, pos + len(mention))
    return m.group(1) if m else ""


def _definite_head(mention: str, rw: RoleWords) -> str | None:
    """The head noun of a bare definite description ("the Ukrainian governor" -> governor)."""
    words = mention.strip().split()
    if len(words) < 2 or words[0].lower() not in DETERMINERS:
        return None
    for i, w in enumerate(words[1:], start=1):
        low = w.lower().strip(".,")
        if low in PREPOSITIONS:  # "the governor of Kharkiv" -> governor
            words = words[:i]
            break
    if len(words) < 2:
        return None
    last = words[-1].strip(".,")
    if _is_cap(last) and last.lower() not in rw.affiliation and last.lower() not in rw.titles:
        return None  # a proper name ("the Kremlin"); modifiers may be ("the Cambridge resident")
    if words[0] != words[0].lower() and all(_is_cap(w) for w in words[1:]):
        return None  # "The White House"
    if any(_is_cap(w) and w.lower().endswith(("'s", "’s")) for w in words[1:-1]):
        return None  # owned by a named actor: "the UN's nuclear watchdog" is its own source
    return _strip_possessive(last.lower())


def resolve_definite(head: str, mention: str, pos: int, ctx: ArticleContext) -> Who:
    """Resolve "the president" / "the ministry" / "the source" to an earlier (or next) actor."""
    rw = ctx.rw
    side = infer_side(_words(mention), rw)

    def side_ok(who: Who) -> bool:
        return side == UNKNOWN or who.side in (side, UNKNOWN)

    org_head = head in rw.org_nouns  # "the military" is never the military's spokesman
    for _, who in reversed(ctx.history):
        if head in who.desc and side_ok(who) and not (org_head and _is_person(who, ctx)):
            return who
    if head in rw.orgs:
        for ent in reversed([e for e in ctx.entities if e.end <= pos and e.kind == "org"]):
            if head in (t.lower() for t in ent.name.split()):
                who = resolve_named(ent.name, ctx)
                if side_ok(who):
                    return who
    persons = [e for e in ctx.entities if e.kind == "person"]
    end = pos + len(mention)
    before = [e for e in persons if e.end <= pos][::-1]
    after = [e for e in persons if e.start >= end and e.start - end < 600]
    for ent in before + after if head not in rw.org_nouns else ():  # "the military": no person
        if head in ctx.context_words(ent.name)[:8]:
            who = _who_for_name(ent.name, ctx, _words(mention))
            if side_ok(who):
                return who
    return _description_fallback(head, mention, pos, side, ctx)


def _is_person(who: Who, ctx: ArticleContext) -> bool:
    """Surely a person: a registry person or one known as he/she ("Rally Canada" is not)."""
    return who.kind == "person" and (who.in_registry or ctx.genders.get(who.actor_id, who.gender)
                                     is not None)


def _description_fallback(head: str, mention: str, pos: int, side: str, ctx: ArticleContext) -> Who:
    """No antecedent described that way: documents -> the previous speaker; organisation
    nouns -> the last organisation; person epithets -> the last person (of that side)."""
    rw = ctx.rw
    prev = ctx.previous()
    if head in rw.documents or head in rw.function:  # "the report", "the same"
        return prev if prev is not None else _group(mention, rw)
    if head in rw.org_nouns and side != UNKNOWN:  # "the Ukrainian military": its own actor
        return _group_in(mention, ctx)
    if head in rw.org_nouns:
        org = _recent_org(pos, side, ctx, head)
        return org if org is not None else _group(mention, rw)
    if head in rw.groups and head.endswith("s"):
        return _group_in(mention, ctx)
    # "the US diplomat", "the 26-year-old right wing": the person quoted last, unless another
    # person has been the subject of a sentence since
    last_pos, last = -1, None
    for p, who in reversed(ctx.history):
        if who.kind == "person" and (side == UNKNOWN or who.side == side):
            last_pos, last = p, who
            break
    subject = _last_subject(None, last_pos, pos, ctx)
    if subject is not None and (side == UNKNOWN or subject.side in (side, UNKNOWN)):
        return subject
    return last if last is not None else _group_in(mention, ctx)


def _recent_org(pos: int, side: str, ctx: ArticleContext, head: str = "") -> Who | None:
    """The organisation mentioned last before ``pos``: a quoted organisation, or one named
    later outside quotes that is salient (its name holds ``head``: "the bank" -> "European
    Central Bank"; or a subject, or named twice), whichever comes later ("BC Hydro ... the
    utility said")."""
    best_pos, best = -1, None
    for p, who in reversed(ctx.history):
        if who.kind in ("org", "media") and (side == UNKNOWN or who.side == side):
            best_pos, best = p, who
            break
    ents = ctx.entities
    orgs = [e for e in ents[:bisect.bisect_left([e.start for e in ents], pos)]
            if e.kind == "org" and e.start > best_pos][::-1]
    named = [e for e in orgs if head and head in {_strip_possessive(w) for w in _words(e.name)}]
    salient = (e for e in orgs if ctx.is_subject(e.start, e.end) or ctx.text.count(e.name) > 1)
    for ent in itertools.chain(named, salient):
        who = resolve_named(ent.name, ctx)
        if who.kind in ("org", "media") and (side == UNKNOWN or who.side in (side, UNKNOWN)):
            return who
    return best


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
            cut = max((m.end() for m in _SENT_END.finditer(lead)), default=-1)
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
    while i >= 0 and subjects[i].start > after:
        m = subjects[i]
        i -= 1
        if m.name in seen:
            continue
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
        if gender is None or known == gender:
            return who
        if known is None and _named_by_surname(who.speaker, ctx):
            return who  # he/she for a person of unknown gender who is named by surname too
    return None


def _named_by_surname(name: str, ctx: ArticleContext) -> bool:
    """Whether the last word of ``name`` also stands alone in the article (a person's surname;
    "Invading Iraq" or "Operation Libero" are never shortened so)."""
    last = name.split()[-1]
    return ctx.text.count(last) > ctx.text.count(name)


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


_PLURAL_NP = re.compile(r"((?:[Tt]he[ \t]+)?(?:[\w’'\-]+[ \t]+){0,2}?[\w’'\-]+s)[ \t]+([a-z]\w*)")


def _plural_subject(pos: int, ctx: ArticleContext) -> Who | None:
    """The plural noun phrase that opens the pronoun's sentence (or its last clause before
    the pronoun): "The Conservatives believe ..., they say" -> The Conservatives."""
    text, rw = ctx.text, ctx.rw
    start = _sentence_start(text, pos, max(0, pos - 250))
    for lo in sorted({start, *(m.end() for m in re.finditer(r",[ \t]+", text[start:pos]))},
                     reverse=True):
        lo = lo if lo == start else start + lo
        while lo < pos and text[lo] in " \t\n\"“”":
            lo += 1
        m = _PLURAL_NP.match(text, lo, pos)
        if m is None or ctx._inside_quote(m.start()):
            continue
        words = m.group(1).split()
        head = words[-1].lower()
        if m.group(2) in _NOT_SUBJECT_NEXT or head in PRONOUNS or head in rw.function:
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
        subject = _last_subject(gender, after, pos, ctx)
        if subject is not None:
            return subject
        if prev_ok:
            return prev
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
    if prev is not None and _compatible(prev, gender, ctx.genders):
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


def resolve_mention(mention: str, pos: int, ctx: ArticleContext) -> Who:
    """Dispatch one speaker mention to the right rule family."""
    m = (mention or "").strip()
    if not m:
        return _floating(pos, ctx)
    words = m.split()
    lead = 0
    while lead < len(words) - 2 and words[lead].lower() in ctx.rw.function and \
            words[lead + 1].lower() in DETERMINERS:
        lead += 1  # "November the company": a stray date word before the description
    if lead:
        pos += len(" ".join(words[:lead])) + 1
        m = " ".join(words[lead:])
    owner = _document_owner(m, ctx.rw)
    if owner:  # "her statement", "the union's Friday release": whoever issued it
        return resolve_mention(owner, pos, ctx)
    low = m.lower()
    if low in PRONOUNS:
        who = resolve_pronoun(PRONOUNS[low], pos, ctx)
        if who is None:
            return Who(UNKNOWN, UNKNOWN, UNKNOWN, "group")
        if PRONOUNS[low] in ("male", "female") and who.kind == "person":
            ctx.genders.setdefault(who.actor_id, PRONOUNS[low])
        return who
    head = _definite_head(m, ctx.rw)
    if head is not None and registry().match(m) is None:
        return resolve_definite(head, m, pos, ctx)
    if m not in ctx.named:  # the same words name the same actor within one article
        ctx.named[m] = resolve_named(m, ctx, pos)
    return ctx.named[m]


_POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "its": "it", "their": "they"}
_OWNER_RE = re.compile(r"^(.+?)['’]s?\s+(.+)$")


def _document_owner(mention: str, rw: RoleWords) -> str:
    """The issuer of a document named as a speaker: "her statement" -> "her" (as she),
    "the union's Friday release" -> "the union"; "" when the mention is no such thing."""
    words = mention.split()
    if len(words) < 2 or words[-1].lower().strip(".,") not in rw.documents:
        return ""
    first = words[0].lower()
    if first in _POSSESSIVE_PRONOUNS:
        return _POSSESSIVE_PRONOUNS[first]
    m = _OWNER_RE.match(mention)
    return m.group(1) if m else ""


def _floating(pos: int, ctx: ArticleContext) -> Who:
    """A quote with no attribution: a person named in full who became the subject since the
    previous quote, in this paragraph or the one before ("X, the director, says ... ¶ "..."),
    else the previous quote's speaker."""
    text = ctx.text
    para = text.rfind("\n", 0, pos)
    if para >= 0:
        end = para
        while end > 0 and text[end - 1] in " \t\r\n":
            end -= 1
        lo = max(text.rfind("\n", 0, end), ctx.prev_end)  # from the paragraph before
        subject = _window_subject(lo, pos, ctx)
        if subject is not None:
            return subject
    prev = ctx.previous()
    return prev if prev is not None else Who(UNKNOWN, UNKNOWN, UNKNOWN, "group")


_SINGLE_CAP = re.compile(r"(?<![\w’'.\-])[A-Z][\w’'\-]{2,}")


def _window_subject(lo: int, pos: int, ctx: ArticleContext) -> Who | None:
    """The last person in subject position in [lo, pos) outside quotes, named in full there or
    by the surname of a person named in full in the article (scans only the window)."""
    if pos - lo < 4:
        return None
    text = ctx.text
    ents = ctx._find_entities(lo, pos)
    cands = [(e.start, e.name, True) for e in ents if e.kind == "person" and e.end <= pos]
    spans = [(e.run_start if e.run_start >= 0 else e.start, e.end) for e in ents]
    skip = ctx.rw.function
    for m in _SINGLE_CAP.finditer(text, lo, pos):
        a = m.start()
        if m.group().lower() not in skip and not any(s <= a < e for s, e in spans):
            cands.append((a, m.group(), False))
    for start, name, known in sorted(cands, reverse=True):
        if not known and ctx._inside_quote(start) or not ctx.is_subject(start, start + len(name)):
            continue
        if not known:  # a lone word: only the surname of a person named in full
            by_last = (ctx.person_index if ctx._entities is not None else ctx._near(name))[0]
            if normalise_name(name) not in by_last:
                continue
        who = _who_for_name(name, ctx, [], pos=start)
        if who.kind == "person" and " " in who.speaker:
            return who
    return None


def _needs_subjects(mention: str) -> bool:
    """Pronouns and definite descriptions look back for the last subject."""
    low = mention.strip().lower()
    return low in PRONOUNS or low.split(" ", 1)[0] in DETERMINERS


def _article_speakers(rows: list[dict], text: str, rw: RoleWords) -> list[Who]:
    # names inside indirect speech ("authorities said Jake Patterson left ...") are narration:
    # only the words of direct quotes are never antecedents
    spans = [(r["char_start"] or 0, r["char_end"] or 0) for r in rows if r.get("kind") == "direct"]
    ctx = ArticleContext(text, spans, rw)
    pronoun_at = [r["mention_start"] if r["mention_start"] is not None else (r["char_start"] or 0)
                  for r in rows if _needs_subjects(r["speaker_mention"] or "")]
    ctx.limit = max(pronoun_at, default=0)
    out: list[Who] = []
    for r in rows:
        pos = r["mention_start"] if r["mention_start"] is not None else (r["char_start"] or 0)
        try:
            who = resolve_mention(r["speaker_mention"] or "", pos, ctx)
        except Exception:  # never crash a batch on one odd mention
            who = Who(UNKNOWN, UNKNOWN, UNKNOWN, "group")
        ctx.history.append((pos, who))
        ctx.prev_end = max(ctx.prev_end, r["char_end"] or 0, pos)
        out.append(who)
    return out


def resolve_speakers(quotes: pl.DataFrame, articles: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Resolve every quote's speaker: (ATTRIBUTED frame, ACTORS frame of referenced actors)."""
    quotes = conform(quotes, EXTRACTED)
    if quotes.height == 0:
        return empty(ATTRIBUTED), empty(ACTORS)
    rw = load_role_words()
    texts = dict(
        articles.select(pl.col("article_id").cast(pl.String), pl.col("text").cast(pl.String))
        .unique("article_id").iter_rows()
    )
    quotes = quotes.with_row_index("_row").sort(["article_id", "quote_index", "char_start"])
    cols = ("article_id", "char_start", "char_end", "speaker_mention", "mention_start", "kind")
    by_article: dict[str, list[dict]] = {}
    for values in zip(*(quotes[c].to_list() for c in cols)):
        by_article.setdefault(values[0], []).append(dict(zip(cols, values)))
    ids, names, sides = [], [], []
    actors: dict[str, tuple[str, str, Counter, bool]] = {}
    for aid, rows in by_article.items():
        for who in _article_speakers(rows, texts.get(aid) or "", rw):
            ids.append(who.actor_id)
            names.append(who.speaker)
            sides.append(who.side)
            entry = actors.setdefault(who.actor_id, (who.speaker, who.kind, Counter(), who.in_registry))
            entry[2][who.side] += 1
    out = quotes.with_columns(
        pl.Series("actor_id", ids, pl.String),
        pl.Series("speaker", names, pl.String),
        pl.Series("speaker_side", sides, pl.String),
    ).sort("_row")
    rows = []
    for actor_id, (name, kind, side_counts, in_reg) in actors.items():
        known = [s for s, _ in side_counts.most_common() if s != UNKNOWN]
        rows.append({"actor_id": actor_id, "name": name, "kind": kind,
                     "side": known[0] if known else UNKNOWN, "in_registry": in_reg})
    actors_df = conform(pl.DataFrame(rows, schema=ACTORS), ACTORS).sort("actor_id")
    return conform(out, ATTRIBUTED), actors_df


def _attribute_task(quotes: pl.DataFrame, articles: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    from prefect import get_run_logger

    logger = get_run_logger()
    attributed, actors = resolve_speakers(quotes, articles)
    new = actors.filter(~pl.col("in_registry")).height
    unknown = attributed.filter(pl.col("speaker_side") == UNKNOWN).height
    logger.info(
        "attributed %d quotes to %d actors (%d new actors to review, %d quotes with unknown side)",
        attributed.height, actors.height, new, unknown,
    )
    return attributed, actors


def __getattr__(name: str):
    """Build the Prefect task lazily so importing this module does not import prefect."""
    if name == "attribute_speakers":
        from prefect import task

        global attribute_speakers
        attribute_speakers = task(name="attribute_speakers")(_attribute_task)
        return attribute_speakers
    raise AttributeError(name)
