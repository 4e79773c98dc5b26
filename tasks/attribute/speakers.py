"""Speaker attribution: EXTRACTED quotes -> ATTRIBUTED quotes + ACTORS.

For every quote the ``speaker_mention`` written in the text is resolved to an actor, with a
light per-article coreference (entity tracker in :mod:`tasks.attribute.coref`):

* named mentions (:mod:`tasks.attribute.names`): titles/roles before the name and appositives
  after it are stripped ("Kremlin spokesman Dmitry Peskov" -> Dmitry Peskov), surnames are
  expanded to the most complete form in the article ("Haidai" -> "Serhiy Haidai"), then matched
  to the registry (seeds/actors.csv) exactly after normalisation and fuzzily for
  transliterations; a nameless role right after "Name," is that name;
* pronouns (:mod:`tasks.attribute.pronouns`): he/she -> the last person in subject position
  (gender from titles, seeds/first_names.csv, earlier pronouns), else the previous compatible
  speaker; it -> an organisation in its own sentence; they -> the plural noun phrase opening it;
* definite descriptions: person epithets ("the 26-year-old right wing") -> the latest subject
  or the person quoted last; organisation nouns ("the utility") -> the organisation quoted or
  saliently named last; documents ("her statement", "the union's release", "a study released
  by X", "a document on X's website") -> their issuer;
* floating quotes (empty mention) -> a person who became the subject since the previous quote
  (this paragraph or the one before), else the previous quote's speaker;
* unnamed sources ("local officials", "a U.S. official") keep the description as written,
  with the side taken from role/affiliation words (seeds/role_words.csv).

Work is per article, in quote order; names inside direct quotes are never antecedents, names in
indirect speech are narration and count.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import re
from collections import Counter

import polars as pl

from tasks.attribute.actors import (
    RoleWords,
    load_actor_registry,
    load_role_words,
    normalise_name,
    registry,
    role_holder,
)
from tasks.contract import ACTORS, ATTRIBUTED, EXTRACTED, conform, empty
from tasks.attribute.coref import (
    PRONOUNS,
    names_itself,
    DETERMINERS,
    PREPOSITIONS,
    UNKNOWN,
    _words,
    _strip_possessive,
    _is_cap,
    _SENTENCE_END,
    infer_side,
    Who,
    ArticleContext,
)
from tasks.attribute.affiliation import POSSESSIVE_PRONOUNS
from tasks.attribute.descriptions import (
    _appositive_name,
    _named_inside,
    _named_next,
    _owned_body,
    _short_form,
)
from tasks.attribute.mentions import after_break, clean_mention, spaced_possessive
from tasks.attribute.names import (
    _FULL_NAME,
    _who_for_name,
    _group,
    _group_in,
    resolve_named,
)
from tasks.attribute.pronouns import (
    resolve_pronoun,
    _window_subject,
)


__all__ = ["attribute_speakers", "load_actor_registry", "normalise_name", "attribute_speakers"]


def _expand_title(mention: str, rw: RoleWords) -> str:
    """ "the PM" -> "the prime minister": a title abbreviation after a determiner (the
    name-bearing uses, "PM Boris Johnson", are resolved as names)."""
    words = mention.split()
    if len(words) == 2 and words[0].lower() in DETERMINERS and words[1] in rw.abbreviations:
        return f"{words[0]} {rw.abbreviations[words[1]]}"
    return mention


def _definite_head(mention: str, rw: RoleWords) -> str | None:
    """The head noun of a bare definite description ("the Ukrainian governor" -> governor)."""
    words = mention.strip().split()
    title = words[-1].lower().strip(".,") if words else ""
    if len(words) >= 2 and _is_cap(words[0]) and words[0].endswith(("'s", "’s")) and \
            title in rw.titles and title != "staff" and not any(_is_cap(w) for w in words[1:]):
        return title  # "Kazakhstan's president" (not "X's staff")
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
    if words[0] != words[0].lower() and all(_is_cap(w) for w in words[1:]) and not (
            last.lower() in rw.titles and last.lower() not in rw.org_nouns):
        return None  # "The White House" (but "The Prime Minister" is a description)
    if any(_is_cap(w) and w.lower().endswith(("'s", "’s")) for w in words[1:-1]):
        if last.lower() in rw.titles and last.lower() not in rw.org_nouns:
            return last.lower()  # "the Kremlin's spokesman": the person so titled
        return None  # owned by a named actor: "the UN's nuclear watchdog" is its own source
    return _strip_possessive(last.lower())


def resolve_definite(head: str, mention: str, pos: int, ctx: ArticleContext) -> Who | None:
    """Resolve "the president" / "the ministry" / "the source" to an earlier (or next) actor;
    None for a capitalised title nobody in the article holds ("The Foreign Secretary")."""
    rw = ctx.rw
    side = infer_side(_words(mention), rw)
    words = list(itertools.takewhile(lambda w: w not in PREPOSITIONS, mention.lower().split()))
    # "the prime minister" is rather the one described so than the defence minister: a title
    # word before the head is looked for first, then the head alone
    needs = [{head, words[-2]}, {head}] if len(words) >= 3 and words[-1] == head and \
        words[-2] in rw.titles else [{head}]

    def side_ok(who: Who) -> bool:
        return side == UNKNOWN or who.side in (side, UNKNOWN)

    org_head = head in rw.org_nouns  # "the military" is never the military's spokesman
    plural = _plural(head, rw)  # "the underground fighters" are no one person
    if org_head:
        named = _named_inside(mention, head, ctx)
        if named is not None:  # "the London-based Capital Economics research firm"
            return named
    near: list | None = None  # persons named before (nearest first), then after: scanned once
    for need in needs:
        need = rw.roles(need)  # "the UN envoy" is the "UN Special Representative" named
        for _, who in reversed(ctx.history):
            if (need <= who.desc or need <= rw.roles(who.desc)) and side_ok(who) and not (
                    (org_head or plural) and who.kind == "person"):
                return who
        if head in rw.orgs and len(need) == 1:
            for ent in reversed([e for e in ctx.entities if e.end <= pos and e.kind == "org"]):
                if head in (t.lower() for t in ent.name.split()):
                    who = resolve_named(ent.name, ctx)
                    if side_ok(who):
                        return who
        if org_head or plural:  # "the military", "the underground fighters": no person
            continue
        if near is None:  # the article's entities only when the history did not tell
            persons = [e for e in ctx.entities if e.kind == "person"]
            # after the mention: its appositive ("Melitopol's mayor, Ivan Fedorov, said"), else
            # from the next sentence on; a name in the reported content ("the former general
            # said Vladimir Putin's plot failed") is no speaker
            end = pos + len(mention)
            nxt = _SENTENCE_END.search(ctx.text, end)
            nxt = nxt.end() if nxt is not None else len(ctx.text)
            near = [e for e in persons if e.end <= pos][::-1] + \
                [e for e in persons if e.start >= end and e.start - pos < 600 and (
                    e.start >= nxt or _APPOSITIVE_GAP.fullmatch(ctx.text, end, e.start))]
        for ent in near:
            if need <= rw.roles(ctx.context_words(ent.name)[:8]):
                who = _who_for_name(ent.name, ctx, _words(mention))
                if side_ok(who):
                    return who
    actor = role_holder(mention, ctx.published)
    if actor is not None:  # "the Kremlin spokesman" nobody in the article is: its holder then
        return Who(actor.actor_id, actor.name, actor.side, actor.kind, actor.gender,
                   set(_words(mention)), True, f"role holder:{mention.strip()}->{actor.side}")
    if _is_cap(mention.split()[0]) and all(_is_cap(w) for w in mention.split()[1:]):
        return None  # "The Foreign Secretary" nobody in the article is: read as a name
    if not (org_head or head in rw.documents or head in rw.groups or head.endswith("s")):
        # "the Kremlin press secretary", "the musician": one person, not "the transcripts"
        who = _named_next(mention, pos, side, ctx)
        if who is not None:
            return who
    return _description_fallback(head, mention, pos, side, ctx)


_APPOSITIVE_GAP = re.compile(r"\s*,\s*(?:[A-Z][\w.’'-]*\s+){0,4}")  # ", Lt. Gen. "


_AGENTS = ("ers", "ors", "ists", "ians")  # plural agent nouns (not "the documents")


def _plural(head: str, rw: RoleWords) -> bool:
    """A plural head noun for people: a group word ("officials", "fighters") or a people
    ("the Russians"); not "the comments" or "the documents", which stand for a speaker."""
    return head.endswith("s") and (head in rw.groups or head[:-1] in rw.affiliation
                                   or head.endswith(_AGENTS))  # "the school's defenders"


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
    if _plural(head, rw):  # "the officials", "the underground fighters": a group
        return _group_in(mention, ctx)
    # "the US diplomat", "the 26-year-old right wing": the person quoted last, unless another
    # person has been the subject of a sentence since
    last_pos, last = -1, None
    for p, who in reversed(ctx.history):
        if who.kind == "person" and (side == UNKNOWN or who.side == side):
            last_pos, last = p, who
            break
    subject = _window_subject(max(last_pos, _previous_paragraph(pos, ctx.text)), pos, ctx)
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
    orgs = [e for e in ents[bisect.bisect_right(ents, best_pos, key=lambda e: e.start):
                            bisect.bisect_left(ents, pos, key=lambda e: e.start)]
            if e.kind == "org"][::-1]
    named = [e for e in orgs if head and head in {_strip_possessive(w) for w in _words(e.name)}]
    salient = (e for e in orgs if ctx.is_subject(e.start, e.end) or ctx.count(e.name) > 1)
    for ent in itertools.chain(named, salient):
        who = resolve_named(ent.name, ctx)
        if who.kind in ("org", "media") and (side == UNKNOWN or who.side in (side, UNKNOWN)):
            return who
    return best


def resolve_mention(mention: str, pos: int, ctx: ArticleContext) -> Who:
    """Dispatch one speaker mention to the right rule family."""
    m = (mention or "").strip()
    m, pos = after_break(*spaced_possessive(ctx.text, m, pos))  # "Ukraine 's", "…/Reuters   X"
    if m:
        person = _appositive_name(m, pos, ctx)
        if person is not None:  # "her lawyer, Aleksandr Boikov, said": the name after the comma
            return person  # (looked at first: the same words seen bare before are no guide)
    named = ctx.routes.get(mention)
    if named is not None:  # seen before in this article, and resolved as a name whatever pos
        return ctx.named[named]
    if not m or _DATE.fullmatch(m):  # "in March called for", "July 27Griner": a date is nobody
        return _floating(pos, ctx)
    body = _owned_body(m, pos, ctx, resolve_mention)
    if body is not None:  # "its defence ministry", "the president's office": the owner's side
        return body
    m, pos = clean_mention(m, pos, ctx.rw)  # "November the company", "X said NATO"
    m = _expand_title(m, ctx.rw)
    short = _short_form(m, pos, ctx)
    if short is not None:  # "The Post" after "The Washington Post", "the Pope" after "Pope Francis"
        return short
    owner = _document_owner(m, ctx.rw) or _document_issuer(m, pos, ctx)
    if owner:  # "her statement", "the union's Friday release": whoever issued it
        return resolve_mention(owner, pos, ctx)
    if _unowned_document(m, ctx.rw):
        if ctx.previous() is not None:
            return ctx.previous()  # "The aid group Gatsby said ... A statement said": its issuer
        issuer = _named_next(m, pos, UNKNOWN, ctx, kinds=("person", "org"))
        if issuer is not None:  # "..., a report has warned. Think-tank Policy Exchange said"
            return issuer
    low = _CONTRACTION.sub("", m.lower())  # "They're calling on": they
    if low in PRONOUNS:
        who = resolve_pronoun(PRONOUNS[low], pos, ctx)
        if who is None:
            return Who(UNKNOWN, UNKNOWN, UNKNOWN, "group")
        if PRONOUNS[low] in ("male", "female") and who.kind == "person":
            ctx.genders.setdefault(who.actor_id, PRONOUNS[low])
        return who
    head = _definite_head(m, ctx.rw)
    if head is not None and any(_FULL_NAME.fullmatch(part.strip()) for part in m.split(",")[1:]):
        head = None  # "the director of operations for EHS, Jeff Fraser": the name
    if head is not None and registry().match(m) is None:
        who = resolve_definite(head, m, pos, ctx)
        if who is not None:
            return who
    if m not in ctx.named:  # the same words name the same actor within one article
        ctx.named[m] = resolve_named(m, ctx, pos)
    if not _unowned_document(m, ctx.rw) and not _may_have_issuer(m, ctx.rw):
        ctx.routes[mention] = m  # every check above is a function of the words alone
    return ctx.named[m]


_DATE = re.compile(r"(?:(?:[Oo]n|[Ll]ast|[Tt]his|[Ii]n)\s+)?(?:January|February|March|April|May|June|July|"
                   r"August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|"
                   r"Friday|Saturday|Sunday)")
_CONTRACTION = re.compile(r"['’](?:re|ve|ll|d|s)$")
_OWNER_RE = re.compile(r"^(.+?)['’]s?\s+(.+)$")
def _document_owner(mention: str, rw: RoleWords) -> str:
    """The issuer of a document named as a speaker: "her statement" -> "her" (as she),
    "the union's Friday release" -> "the union"; "" when the mention is no such thing."""
    words = mention.split()
    if len(words) < 2 or words[-1].lower().strip(".,") not in rw.documents:
        return ""
    first = words[0].lower()
    if first in POSSESSIVE_PRONOUNS:
        return POSSESSIVE_PRONOUNS[first]
    named = words[1:-1]
    if first in DETERMINERS and named and all(w[:1].isupper() for w in named) and not all(
            w.lower() in rw.affiliation for w in named):
        return " ".join(named)  # "the RCMP statement", "the Civic Action study"
    m = _OWNER_RE.match(mention)
    return m.group(1) if m else ""


_ISSUER_RE = re.compile(
    r"\b(?:by|from)[ \t]+((?:the[ \t]+)?[A-Z][\w’'\-]*(?:[ \t]+(?:of[ \t]+|for[ \t]+|the[ \t]+)*"
    r"[A-Z][\w’'\-]*)*)|((?:[A-Z][\w\-]*[ \t]+)*[A-Z][\w\-]*)['’]s\b")
_SENTENCE_END_RE = re.compile(r"[.!?\n](?:[ \t\n]|$)")


def _unowned_document(mention: str, rw: RoleWords) -> bool:
    """"A statement", "a tweet last week": an indefinite document with no issuer named."""
    words = mention.split()
    return 2 <= len(words) <= 4 and words[0].lower() in ("a", "an") and any(
        w.lower().strip(".,") in rw.documents for w in words[1:3])


def _may_have_issuer(mention: str, rw: RoleWords) -> bool:
    """Whether :func:`_document_issuer` looks in the text for ``mention`` (a determiner and a
    document word); when not, it gives "" wherever the mention is."""
    words = mention.split()
    return not (len(words) < 2 or words[0].lower() not in ("a", "an", "the", "this", "that") or
                words[-1].lower().strip(".,") not in rw.documents)


def _document_issuer(mention: str, pos: int, ctx: ArticleContext) -> str:
    """The issuer of an unowned document ("a study", "the report", "a document") named in the
    rest of its sentence: "a study ... released Monday by Civic Action", "says a document ...
    on Canadian Pacific Railway's website"; "" when none is named there."""
    if not _may_have_issuer(mention, ctx.rw):
        return ""
    text = ctx.text
    lo = pos + len(mention)
    end = _SENTENCE_END_RE.search(text, lo, min(len(text), lo + 300))
    hi = end.start() if end else min(len(text), lo + 300)
    q0 = ctx.quote_span[0]
    if lo <= q0 < hi:  # never in what the document says ("… a blow to Moscow's war effort")
        hi = q0
    for m in _ISSUER_RE.finditer(text, lo, hi):
        name = (m.group(1) or m.group(2) or "").removeprefix("the ")
        if name and name.split()[0].lower() not in ctx.rw.function and not \
                ctx._inside_quote(m.start()):
            return name
    return ""


def _previous_paragraph(pos: int, text: str) -> int:
    """Start of the paragraph before the one holding ``pos`` (0 at the top)."""
    end = text.rfind("\n", 0, pos)
    while end > 0 and text[end - 1] in " \t\r\n":
        end -= 1
    return max(text.rfind("\n", 0, end), 0) if end > 0 else 0


FLOATING_REACH = 600


def _floating(pos: int, ctx: ArticleContext) -> Who:
    """A quote with no attribution: a person named in full who became the subject since the
    previous quote, in this paragraph or the one before ("X, the director, says ... ¶ "..."),
    else the previous quote's speaker."""
    if ctx.text.rfind("\n", 0, pos) >= 0:
        subject = _window_subject(max(_previous_paragraph(pos, ctx.text), ctx.prev_end), pos, ctx)
    else:  # text with no paragraphs: the stretch since the previous quote
        subject = _window_subject(max(pos - FLOATING_REACH, ctx.prev_end), pos, ctx)
    # never one the quote names in the third person ("I have warned Putin. Let him think")
    for who in (subject, ctx.previous()):
        if who is not None and not names_itself(who, ctx.text, ctx.own_words):
            return who
    return Who(UNKNOWN, UNKNOWN, UNKNOWN, "group")


def _needs_subjects(mention: str) -> bool:
    """Pronouns look back for the last subject over the article (the rest use windows)."""
    low = mention.strip().lower()
    return low in PRONOUNS


_ROW = ("article_id", "char_start", "char_end", "speaker_mention", "mention_start", "kind")


def _article_speakers(rows: list[tuple], text: str, rw: RoleWords,
                      outlet: str | None = None, published=None) -> list[Who]:
    """The speakers of one article's quotes (rows as in _ROW, in quote order)."""
    # names inside indirect speech ("authorities said Jake Patterson left ...") are narration:
    # only the words of direct quotes are never antecedents
    spans = [(r[1] or 0, r[2] or 0) for r in rows if r[5] == "direct"]
    ctx = ArticleContext(text, spans, rw)
    ctx.outlet = outlet
    ctx.published = published
    pronoun_at = [r[4] if r[4] is not None else (r[1] or 0)
                  for r in rows if _needs_subjects(r[3] or "")]
    ctx.limit = max(pronoun_at, default=0)
    out: list[Who] = []
    for r in rows:
        pos = r[4] if r[4] is not None else (r[1] or 0)
        ctx.quote_span = (r[1] if r[1] is not None else -1, r[2] if r[2] is not None else -1)
        ctx.own_words = ctx.quote_span if r[5] == "direct" else (-1, -1)
        try:
            who = resolve_mention(r[3] or "", pos, ctx)
        except Exception:  # never crash a batch on one odd mention; but say so
            _LOG.warning("speaker of the mention %r left unknown", r[3], exc_info=True)
            FAILED_MENTIONS[0] += 1
            who = Who(UNKNOWN, UNKNOWN, UNKNOWN, "group")
        ctx.history.append((pos, who))
        ctx.prev_end, ctx.prev_span = max(ctx.prev_end, r[2] or 0, pos), ctx.quote_span
        out.append(who)
    return out


_LOG = logging.getLogger(__name__)
FAILED_MENTIONS = [0]  # mentions whose resolution raised, in this process (tests pin it at 0)


def side_evidence(who: Who) -> str:
    """Why the speaker has its side: the rule's own evidence, else "registry" for a registry
    actor, else the role words of its description; "" when the side is unknown."""
    if who.side == UNKNOWN:
        return ""
    return who.evidence or ("registry" if who.in_registry else f"role word->{who.side}")


def _per_article(articles: pl.DataFrame, column: str, dtype) -> dict:
    """article_id -> an optional ``column`` of ``articles`` ({} when the frame has none)."""
    if column not in articles.columns:
        return {}
    return dict(articles.select(pl.col("article_id").cast(pl.String), pl.col(column).cast(dtype))
                .unique("article_id").iter_rows())


def attribute_speakers(quotes: pl.DataFrame, articles: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Resolve every quote's speaker: (ATTRIBUTED frame, ACTORS frame of referenced actors)."""
    quotes = conform(quotes, EXTRACTED)
    if quotes.height == 0:
        return empty(ATTRIBUTED), empty(ACTORS)
    rw = load_role_words()
    texts = dict(
        articles.select(pl.col("article_id").cast(pl.String), pl.col("text").cast(pl.String))
        .unique("article_id").iter_rows()
    )
    outlets = _per_article(articles, "outlet", pl.String)
    dates = _per_article(articles, "published", pl.Date)
    quotes = quotes.with_row_index("_row").sort(["article_id", "quote_index", "char_start"])
    ids, names, sides, evidence = [], [], [], []
    actors: dict[str, tuple[str, str, Counter, bool]] = {}
    # sorted by article: each article's rows are one run
    for aid, group in itertools.groupby(quotes.select(_ROW).rows(), key=lambda r: r[0]):
        rows = list(group)
        for who in _article_speakers(rows, texts.get(aid) or "", rw, outlets.get(aid),
                                     dates.get(aid)):
            ids.append(who.actor_id)
            names.append(who.speaker)
            sides.append(who.side)
            evidence.append(side_evidence(who))
            entry = actors.get(who.actor_id)
            if entry is None:  # (no Counter built per quote, as setdefault's default would)
                entry = actors[who.actor_id] = (who.speaker, who.kind, Counter(), who.in_registry)
            entry[2][who.side] += 1
    out = quotes.with_columns(
        pl.Series("actor_id", ids, pl.String),
        pl.Series("speaker", names, pl.String),
        pl.Series("speaker_side", sides, pl.String),
        pl.Series("speaker_side_evidence", evidence, pl.String),
    ).sort("_row")
    rows = []
    for actor_id, (name, kind, side_counts, in_reg) in actors.items():
        known = [s for s, _ in side_counts.most_common() if s != UNKNOWN]
        rows.append({"actor_id": actor_id, "name": name, "kind": kind,
                     "side": known[0] if known else UNKNOWN, "in_registry": in_reg})
    actors_df = conform(pl.DataFrame(rows, schema=ACTORS), ACTORS).sort("actor_id")
    return conform(out, ATTRIBUTED), actors_df
