"""Named mentions -> actors: names as written (titles, appositives, party tags, honorifics
stripped), surnames expanded to the fullest form in the article, registry matching, and
unnamed sources kept as written with a side from role words."""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from tasks.attribute.affiliation import (
    HEAD_OF_STATE_WORDS, OWNER_PRONOUNS, POSSESSIVES, affiliation, affiliation_index, country_written,
    home_side, setting_side,
)
from tasks.attribute.actors import (
    CACHE_MAX,
    RoleWords,
    load_role_words,
    normalise_name,
    registry,
    slugify,
)
from tasks.attribute.coref import (
    BODY_NAME,
    DETERMINERS,
    NAME_PARTICLES,
    PREPOSITIONS,
    UNKNOWN,
    _CAP,
    _acronym_led,
    _words,
    _strip_possessive,
    _is_cap,
    _SENTENCE_END,
    infer_side,
    side_word,
    Who,
    ArticleContext,
)
from tasks.attribute.entities import titled_person
from tasks.attribute.mentions import HONORIFICS, NAME_BEFORE, PARTY_TAG, adjacent_name
from tasks.extract.sources import side_part
from tasks.extract.speaker import load_vocab


_PARTY_TAG_TOKEN = re.compile(r"\(?[DRI]-[A-Z][A-Za-z.]*\)?[,.]?")


def name_run(part: str, rw: RoleWords) -> str:
    """The trailing capitalised name in a mention part, titles and roles stripped.

    "Kremlin spokesman Dmitry Peskov" -> "Dmitry Peskov"; "Mr Zelensky" -> "Zelensky";
    "Sen. Richard Shelby of Alabama" -> "Richard Shelby"; "local officials" -> "".
    """
    toks = part.split()
    # a name followed by a prepositional phrase: try the words before the preposition first
    for k, tok in enumerate(toks[1:], start=1):
        if tok.lower() in PREPOSITIONS:
            head = _name_run_tail(toks[:k], rw)
            if " " in head:  # "Richard Shelby" of Alabama, not "Out" of the Cold
                return head
            if k == 1 and head and toks[k].lower() in ("in", "on") and toks[k + 1:k + 2] and (
                    toks[k + 1].lower() in ("a", "an", "his", "her", "their", "its")):
                return head  # "Nicholson in an Aug. 28 email"
            break
    return _name_run_tail(toks, rw)


def _name_run_tail(toks: list[str], rw: RoleWords) -> str:
    out: list[str] = []
    while toks and _PARTY_TAG_TOKEN.fullmatch(toks[-1]):  # "Marsha Blackburn (R-Tenn.)"
        toks = toks[:-1]
    for tok in reversed(toks):
        clean = tok.strip(".,;:()\"“”")
        low = clean.lower().replace("’", "'")
        if not _is_cap(clean) or low.endswith("'s") or low.endswith("'"):
            break
        if low.rstrip(".") in rw.titles or low in rw.function:
            break
        if low in rw.affiliation and out:
            break
        out.append(clean)
    while out and out[-1].lower() in NAME_PARTICLES:
        out.pop()
    name = " ".join(reversed(out))
    # a lone affiliation word ("Ukrainian") or a name after a preposition ("officials in Kyiv")
    idx = len(toks) - len(out) - 1
    if out and idx >= 0 and toks[idx].lower() in PREPOSITIONS:
        return ""
    if len(out) == 1 and out[0].lower() in rw.affiliation and len(toks) > 1:
        return ""
    if len(out) == 1 and (out[0].lower() in rw.groups or out[0].lower() in rw.function):
        return ""  # "Analysts", "Some"
    return name


# affiliation words ending so are adjectives or demonyms ("Canadian", "British", "Chinese",
# "Dutch", "Ukrainians"), which may be surnames; the rest are place names ("Canada")
_ADJECTIVE_ENDINGS = ("an", "sh", "ese", "ch", "s", "i")


def _who_for_name(name: str, ctx: ArticleContext, mention_words: list[str],
                  kind_hint: str = "person", pos: int | None = None) -> Who:
    """A Who for a proper name: registry actor when it matches, else a discovered actor."""
    reg = registry()
    rw = ctx.rw
    single = " " not in name.strip()
    full = ctx.full_name(name, pos) if kind_hint == "person" and single else name
    if full != name and full.startswith(name + " ") and name.lower() not in rw.first_names and \
            ctx.gender_after(full) is None and ctx.gender_after(name) is None and \
            not any(w.rstrip(".") in rw.titles for w in ctx.context_words(full)[:3]):
        # "Facebook" is no first name of "Facebook Research": never he/she, nor titled (a
        # titled "Secretary-General Ban Ki-moon" is a person, "Ban" his family name)
        full = name
    actor = reg.match(full)
    if actor is None and full != name:
        actor = reg.match(name)
        if actor is not None and " " in full:  # a different person with that surname
            actor = None
    if actor is None and kind_hint == "person" and " " in full:
        person = _person_after_org(full)
        if person:  # "(Ambassador to) the United Nations Linda Thomas-Greenfield": the person
            return _who_for_name(person, ctx, mention_words, pos=pos)
    if actor is None and full.isupper() and 2 <= len(full) <= 6:
        spelled = _spelled_out(full, ctx)
        if spelled:  # "the FSA" after "the Food Standards Agency": the agency
            return _who_for_name(spelled, ctx, mention_words, kind_hint="org")
    ctx_words = ctx.context_words(full)
    desc = set(mention_words).union(ctx_words)
    gender = None
    toks = full.split()
    first = toks[0].lower() if toks else ""
    first_names, genders = rw.first_names, rw.gender
    if first in first_names:
        gender = genders.get(first)
    for w in itertools.chain(mention_words, ctx_words[:3]):
        w = w.rstrip(".")
        if w in genders and w not in first_names:
            gender = gender or genders[w]
    if gender is None and len(toks) > 1 and toks[0][:1].isupper():
        gender = rw.given_gender.get(first)  # "Elise Stefanik": she
    if actor is None and kind_hint == "person":
        gender = gender or ctx.gender_after(full)
    if actor is not None:
        return Who(actor.actor_id, actor.name, actor.side, actor.kind, actor.gender or gender,
                   desc, True, REGISTRY)
    lows = [t.lower() for t in toks]
    org_like = (any(t in rw.orgs or t in rw.org_nouns and len(lows) > 1 for t in lows)
                or full.isupper() or _acronym_led(toks, lows, rw))
    kind = "org" if org_like else kind_hint
    if kind == "person" and gender is None and full in affiliation_index().institutions:
        kind = "org"  # "think-tank Policy Exchange": an institution of the seeds
    if kind == "person" and len(lows) > 1 and gender is None and lows[-1] in rw.affiliation \
            and not lows[-1].endswith(_ADJECTIVE_ENDINGS):
        kind = "org"  # "Rally Canada", "Team Ukraine": no person's surname is a country
    if kind == "person" and len(lows) == 1 and first not in rw.first_names and gender is None:
        kind = "org"  # a lone capitalised word never described as he/she: "Facebook"
    if kind == "org":  # "DOJ" in an article that also writes "Justice Department"
        inst = affiliation_index().institution(full, ctx.text)
        if inst is not None:
            canonical, written, side = inst
            return Who(slugify(canonical), written, side, "org", gender, desc, False,
                       f"institution:{canonical}->{side}")
    side, evidence = side_of_name(full, kind, mention_words, ctx_words, ctx)
    if side == UNKNOWN and kind == "person":
        side = rw.name_side.get(first, UNKNOWN)
        evidence = f"first name:{first}->{side}" if side != UNKNOWN else ""
    return Who(slugify(full), full, side, kind, gender, desc, False, evidence)


_INITIALS_SKIP = frozenset({"of", "for", "the", "and", "on", "de", "du"})


def _spelled_out(acronym: str, ctx: ArticleContext) -> str:
    """The organisation an acronym abbreviates, named in full in the article: the entity
    whose capitalised words' initials spell it ("FSA" -> "Food Standards Agency")."""
    for ent in ctx.entities:
        words = [w for w in ent.name.split() if w.lower() not in _INITIALS_SKIP]
        if len(words) == len(acronym) and "".join(w[0] for w in words) == acronym and \
                all(_is_cap(w) for w in words):
            return ent.name
    return ""


def _person_after_org(name: str) -> str:
    """The person's name in a run that starts with an organisation of the seeds or the
    registry: "United Nations Linda Thomas-Greenfield" -> "Linda Thomas-Greenfield" (two or
    more words left, the first a known first name, or the rest a registry person); else ""."""
    toks = name.split()
    reg, ix, first_names = registry(), affiliation_index(), load_role_words().first_names
    for i in range(len(toks) - 2, 0, -1):
        head = " ".join(toks[:i])
        actor = reg.match(head)
        rest = " ".join(toks[i:])
        if (head in ix.institutions or actor is not None and actor.kind != "person") and (
                toks[i].lower() in first_names or getattr(reg.match(rest), "kind", "") == "person"):
            return rest
    return ""


REGISTRY = "registry"
_MISSING = object()
_SEQUEL_START = re.compile(r"(?:He|She|His|Her)\b")


def local_side(ctx: ArticleContext, words: list[str], person: bool):
    """The side the article's setting gives an undescribed local source
    (:func:`tasks.attribute.affiliation.setting_side`), once per article and words."""
    key = (tuple(words), person)
    got = ctx.local_sides.get(key, _MISSING)
    if got is _MISSING:
        got = ctx.local_sides[key] = setting_side(ctx.text, words, person)
    return got


def sequel(ctx: ArticleContext, name: str) -> str:
    """The sentence after the one first naming ``name`` when it goes on about that person
    ("... said Olga. Her family fled their home in Kyiv ..."), else ""."""
    text = ctx.text
    pos = text.find(name)
    if pos < 0:
        return ""
    end = _SENTENCE_END.search(text, pos + len(name))
    if end is None:
        return ""
    nxt = _SENTENCE_END.search(text, end.end())
    following = text[end.end():nxt.start() if nxt else end.end() + 240]
    return following if _SEQUEL_START.match(following) else ""


def side_of_name(full: str, kind: str, mention_words: list[str], ctx_words: list[str],
                 ctx: ArticleContext) -> tuple[str, str]:
    """The side of a speaker outside the registry and its evidence: the role words of the
    mention and of the name's description, else the description read through the world seeds
    (tasks/attribute/affiliation.py): institutions, titles, party tags, countries, places."""
    rw = ctx.rw
    before, after = ctx.description(full)
    found = affiliation(before, after, full if kind != "person" else "")
    if found is not None and found.strong:
        return found.side, found.evidence
    owner = _owner_side(full, ctx)
    if owner is not None:  # "Zelenskyy's office", "Boris Johnson's Government": the owner's
        return owner
    for words in (mention_words, ctx_words):
        side, word = side_word(words, rw)
        if side != UNKNOWN:
            return side, f"role word:{word}->{side}"
    if found is not None:
        return found.side, found.evidence
    if kind != "person":  # "the Food Standards Agency": the outlet's country's body
        found = home_side(ctx.outlet, _words(full))
        if found is not None:
            return found.side, found.evidence
    if kind == "person":  # "... said Olga. Her family fled their home in Kyiv"
        found = affiliation(sequel(ctx, full))
        if found is not None:
            return found.side, "next sentence " + found.evidence
        if not any(w.rstrip(".") in rw.titles and w.rstrip(".") not in rw.kin
                   for w in ctx_words):  # no role given (a son or a widow is a private person)
            found = local_side(ctx, mention_words, person=True)
            if found is not None:
                return found.side, found.evidence
        elif any(w.rstrip(".") in HEAD_OF_STATE_WORDS for w in ctx_words[:3]):
            # "Prime Minister Edi Rama" in a story set in Albania: its head of government (not
            # in a story set in the war: the warring leaders are known, visitors are foreign)
            found = local_side(ctx, ["official"], person=True)
            if found is not None and found.side not in ("ukraine", "russia"):
                return found.side, found.evidence
    return UNKNOWN, ""


# what speaks for its owner: "Zelenskyy's office", "Truss's spokesman" (not lawyers, family)
OWNED_VOICES = frozenset("""office government administration cabinet ministry spokesman
spokeswoman spokesperson spokespeople aide aides adviser advisers advisor press staff team
campaign camp""".split())


def legal_team(words: list[str]) -> bool:
    """"her legal team", "Griner's defense team": lawyers, who do not take their client's side."""
    return len(words) >= 2 and words[-1].lower() == "team" and \
        words[-2].lower() in ("legal", "defense", "defence")


_OWNED = re.compile(r"(.+?)['’´]s\s+(?:[A-Za-z\-]+\s+)?([A-Za-z]+)$")


def _owner_side(full: str, ctx: ArticleContext) -> tuple[str, str] | None:
    """The side of a body or voice named by its owner ("President Volodymyr Zelenskiy's
    office" -> ukraine, "el-Sissi's office" -> other), when the owner's side is known."""
    m = _OWNED.fullmatch(full.strip())
    if m is None or m.group(2).lower() not in OWNED_VOICES or legal_team(full.split()):
        return None
    owner = m.group(1).strip()
    if not owner[:1].isupper() or owner.lower() in ctx.rw.function:
        return None
    who = resolve_named(owner, ctx)
    if who.side == UNKNOWN or who.kind == "group":
        return None
    return who.side, f"owner:{who.speaker}->{who.side}"


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
    """An unnamed source kept as written ("local officials"), with the side its words give
    ("White House officials", "an IAEA spokesman")."""
    speaker = mention.strip(" ,")
    words = _words(speaker)
    telling = _unqualified(speaker, knowledge_only=True)
    side, word = side_word(_words(telling), rw)
    evidence = f"role word:{word}->{side}" if side != UNKNOWN else ""
    if side == UNKNOWN:
        found = affiliation(telling)
        if found is not None:
            side, evidence = found.side, found.evidence
    return Who(slugify(speaker), speaker, side, "group", None, set(words), False, evidence)


HOME_FIRST = frozenset("defence defense mod intelligence treasury".split())


@lru_cache(maxsize=CACHE_MAX)
def _unqualified(mention: str, knowledge_only: bool = False) -> str:
    """The mention without its qualifier (tasks/extract/sources.py): "people familiar with …" ->
    "people"; with ``knowledge_only`` "a source close to the Kremlin" stays whole (it tells a side)."""
    w = load_vocab().words
    phrases = w.get("qualifier", frozenset())
    return side_part(mention, phrases if knowledge_only else phrases | w.get("qualifier_side", frozenset()))


def _group_in(mention: str, ctx: ArticleContext) -> Who:
    """An unnamed source; with no affiliation word, the side of an earlier source of that kind."""
    who = _group(mention, ctx.rw)
    head = _unqualified(mention)
    words = _words(head)
    if who.side == UNKNOWN and head != _unqualified(mention, knowledge_only=True):
        near = resolve_named(mention[len(head):].split(None, 2)[-1], ctx)  # "close to Zelensky"
        if near.side != UNKNOWN and near.kind != "group":
            who.side, who.evidence = near.side, f"close to:{near.speaker}->{near.side}"
    if who.side == UNKNOWN or who.evidence.startswith("outlet:"):
        owner = _owner_side(who.speaker.split(None, 1)[-1] if words and words[0].lower() in
                            DETERMINERS else who.speaker, ctx)
        if owner is not None:  # "President Zelenskyy's office", "a spokesman for Truss's office"
            who.side, who.evidence = owner
    if who.side == UNKNOWN and words:
        head = _strip_possessive(words[-1])
        for _, prev in reversed(ctx.history):
            if prev.kind == "group" and head in prev.desc and prev.side != UNKNOWN:
                who.side, who.evidence = prev.side, f"earlier source:{prev.speaker}->{prev.side}"
                break
    if who.side == UNKNOWN and words:  # "authorities", "residents": of where the story happens
        # the outlet's own defence or intelligence voice before the story's setting: a British
        # paper's "Defence officials" on the war are Britain's, not Ukraine's
        low = {w.lower() for w in words}
        home = home_side(ctx.outlet, words) if low & HOME_FIRST and not low & OWNER_PRONOUNS \
            and not any(w.endswith(POSSESSIVES) for w in words) else None  # not "its ministry"
        found = home or local_side(ctx, words, person=False) or home_side(ctx.outlet, words)
        if found is not None:
            who.side, who.evidence = found.side, found.evidence
    return who


# a medium alone is nobody: "Russian state TV", "state radio" stay whole
_MEDIUM = frozenset({"TV", "Television", "Radio", "Media"})


def resolve_named(mention: str, ctx: ArticleContext, pos: int | None = None) -> Who:
    """Resolve a mention that is not a pronoun nor a bare definite description."""
    rw = ctx.rw
    reg = registry()
    mention = mention.strip(" ,")
    if pos is not None and (PARTY_TAG.match(mention) or mention.rstrip(".") in HONORIFICS):
        # "Sen. Debbie Stabenow, D-Mich., ... said": the name is just before the party tag;
        # "Ms. May said" cut at the period: the name is just after the honorific
        name = adjacent_name(ctx.text, pos, mention)
        if name:
            return resolve_named(name, ctx, None)
    if pos is not None and mention.split()[0].rstrip(".").lower() in rw.titles \
            and not name_run(mention.split(",")[0], rw):
        # a role with no name after a name and a comma: "Navdeep Bains, Minister of Innovation"
        m = NAME_BEFORE.search(ctx.text, max(0, pos - 80), pos)
        if m is not None and ctx.text[m.end(1):pos].strip() == "," and \
                m.group(1).split()[0].lower() not in rw.function:  # not "In March, former …"
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
    parts = [p.strip() for p in _COMMA_SPACE.split(mention) if p.strip()]
    if len(parts) > 1 and _FULL_NAME.fullmatch(parts[-1]) and " of " in parts[0]:
        parts = parts[::-1]  # "Keeper of the Ruler's Seal, Syed Danial Syed Ahmad"
    for part in parts:
        part = _strip_possessive(part)
        cand = reg.match(part)
        if cand is not None:
            return Who(cand.actor_id, cand.name, cand.side, cand.kind, cand.gender,
                       set(mention_words), True)
        person = _person_of(part, rw)
        if person:  # "Tim Noonan of the International Trade Union Confederation": the person
            return _who_for_name(person, ctx, mention_words, pos=pos)
        # an organisation written in full ("The Institute for the Study of War")
        toks = part.split()
        low = [t.lower() for t in toks]
        if any(t in rw.orgs for t in low) and any(_is_cap(t) for t in toks[1:] or toks):
            person = titled_person(" ".join(toks[1:] if low[0] in rw.function else toks), rw)
            if person:  # "Ukrainian Police Chief Ihor Klymenko": the person after the title
                return _who_for_name(person, ctx, mention_words, pos=pos)
            # longest registry suffix first ("The US Institute for ...", "House Speaker Nancy
            # Pelosi"), else as written; never the place after a preposition ("The State Special
            # Communications Service of Ukraine" is not Ukraine, "the US Embassy in Moscow" not
            # Moscow)
            for i in range(len(toks)):
                if i and low[i - 1] in PREPOSITIONS:
                    continue
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
        name = country_written(part) or name_run(part, rw)  # "Saudi Arabia" is never "Arabia"
        if name and not (name in _MEDIUM and name != part):  # "Russian state TV" is not "TV"
            return _who_for_name(name, ctx, mention_words, pos=pos)
    return _group_in(mention, ctx)


_COMMA_SPACE = re.compile(r",\s+")
_OF_BODY = re.compile(r"((?:[A-Z][\w’'\-]*\.?\s+){1,3}[A-Z][\w’'\-]+)\s+of\s+(?:the\s+)?"
                      + BODY_NAME)


def _person_of(part: str, rw: RoleWords) -> str:
    """The person's name in "<given name> <surname> of <body>" ("Matthew G. Olsen of the
    Justice Department"); "" for a body ("Investigative Committee of Russia") or a title."""
    m = _OF_BODY.fullmatch(part)
    if m is None:
        return ""
    name = m.group(1)
    words = name.split()
    first = words[0].lower()
    if any(w.lower().rstrip(".") in rw.orgs or w.lower() in rw.titles for w in words):
        return ""
    if first in rw.function:  # "Many Out of the Cold users"
        return ""
    return name if first in rw.first_names or first in rw.given_gender else ""

# particles inside a full name: "Ursula von der Leyen", "Ana de Armas"
_FULL_NAME = re.compile(rf"{_CAP}(?:[ \t]+(?:(?:{'|'.join(sorted(NAME_PARTICLES))})[ \t]+)*{_CAP})+")


def _named_by_surname(name: str, ctx: ArticleContext) -> bool:
    """Whether the last word of ``name`` also stands alone in the article (a person's surname;
    "Invading Iraq" or "Operation Libero" are never shortened so)."""
    last = name.split()[-1]
    # never a word written after "the" ("the Games" is no surname of "Winter Games")
    return ctx.count(last) > ctx.count(name) and ctx.count(f"the {last}") == 0
