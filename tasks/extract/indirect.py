"""Indirect and mixed quotes, for quote extraction (the sentence loop in tasks/extract/quotes.py
calls ``indirect`` on each reporting verb no direct quote used, and ``add_clause`` for reporting
nouns).

A reporting verb with a speaker mention reports the clause after it (``X said (that) …``,
``X told reporters on Monday that …``, ``X urged Y to …``), before it (``…, X said`` / ``…, said
X``; ``…, according to X``) or both around a parenthetical attribution (``Too often, he says,
they get it``: ``continuation``); ``X called it a …`` reports the evaluation (``naming``). The
clause ends at the sentence end or before the next attribution (``clause_end``); it is "mixed"
when it holds quoted fragments that are not direct quotes (``add_clause``).

Functions over the per-article state ``Article`` (tasks/extract/article.py).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from tasks.extract.article import Article, Quote, add, after_comma, and_before, subject
from tasks.extract.direct import appositive_of_speaker, name_start
from tasks.extract.marks import Mark
from tasks.extract.nouns import denied_claim, document_source, noun_object
from tasks.extract.speaker import _DETS, _PLACE_PREPS, SpeakerFinder, _tokens
from tasks.extract.patterns import (
    ADJUNCT_START,
    ADJUNCT_THAT,
    AFTER_COMMA_CHARS,
    CLAUSE_TAIL,
    CONJ,
    CONJ_START,
    LEAD_WORD,
    DATELINE,
    FINITE_WORDS,
    HEAD_END,
    INFINITIVE_AFTER,
    NAMED_OBJECT,
    NOT_CLAUSE,
    NOT_CLAUSE_ANY,
    NOT_CLAUSE_SHORT,
    NOT_CONTINUATION,
    NOT_DONE,
    OBJECT_START,
    PAREN_TAIL,
    PASSIVE,
    QUOTE_CHARS,
    RELATIVE_END,
    SKIP_AFTER_VERB,
    SUBORD,
    TELL_OBJECT,
    TELL_THAT,
    THAT_NEXT,
    WHO_BEFORE,
    WORD,
    words_upto,
)
from tasks.extract.scan import verb_form

MIN_CLAUSE_WORDS = 2  # shortest reported clause
AS_LEAD = re.compile(r"\s*(?:(?:And|But|So)\s+)?[Aa]s\s+")  # "As X put it, …" opens the sentence


def indirect(art: Article, v, s, e, clause_lo, direct, last_mention) -> Quote | None:
    """The indirect or mixed quote of reporting verb ``v`` in sentence [s, e) (``clause_lo``: where
    a clause before the verb may start; ``direct``: the direct quotes of the sentence;
    ``last_mention``: the speaker of the sentence's previous quote), or None."""
    text = art.text
    form = verb_form(v.group())
    frame = art.vocab.frames.get(form, "clause")
    if PASSIVE.search(text[max(s, v.start() - 12) : v.start()]):
        return None
    if form.endswith("ed") and INFINITIVE_AFTER.match(text, v.end()):
        return None  # "fifty people believed to have been inside": a reduced passive
    if frame == "colon":  # "posted images", "commented on the reports": only "…: “…”" or "that"
        if not COLON_VERB_THAT.match(text, v.end(), e):
            return None
        frame = "weak"
    if frame == "according":
        m = art.sp.after(text, v.end(), e)
        if m is None:
            return None
        m, phrase_end = document_source(text, m, e, art.vocab, art.sp)
        if text[clause_lo : v.start()].strip(" ,—–-") == "" or subject_only(
            art, clause_lo, v.start(), phrase_end, e
        ):
            cs = phrase_end
            while cs < e and text[cs] in " ,":
                cs += 1
            ce = clause_end(art, cs, e)
        else:
            cs, ce = clause_before(clause_lo, v.start())
        return add_clause(art, cs, ce, v.group(), m, direct)
    conj = and_before(art, v.start(), s) is not None
    participle = (
        form.split(" ", 1)[0].endswith("ing")  # "saying", "pointing out"
        and (after_comma(art, v.start(), s) or SUBORD.search(text, max(s, v.start() - 8), v.start()))
    ) or conj
    quoted = quoted_as(art, v, s) if form == "saying" else None
    if quoted is not None:  # "Suspilne quoted the Ukrainian military as saying that …"
        m, participle = quoted, False
    elif participle:
        m = last_mention
        if m is None:
            # "X praised … and said …" / "X arrived in Kyiv on Saturday, saying …": the
            # sentence subject, not the last noun before the comma ("on Twitter, writing")
            m = subject(art, s, v.start())
        if m is None and not conj:
            m = art.sp.before(text, s, comma_before(art, v.start(), s))
        if m is None and conj:
            return None
    else:
        m = art.sp.before(text, s, v.start())
        if m is None:
            m = relative_speaker(art, clause_lo, v.start(), last_mention)
    inverted = False
    if m is None and not participle:
        if not after_comma(art, v.start(), s):
            return None
        m = art.sp.after(text, v.end(), e)
        if m is None or not CLAUSE_TAIL.match(text, m[1], e):
            return None
        inverted = True
    if inverted:
        cs, ce = clause_before(clause_lo, comma_before(art, v.start(), s))
        if appositive_of_speaker(art, cs, ce):
            return None  # "“…,” wrote X, a journalist for Y, AP reported": X's appositive
        got = add_clause(art, cs, ce, v.group(), m, direct)
        return continuation(art, m[1], e, v.group(), m, direct, after_name=True) or got
    if frame == "name":
        return naming(art, v, m, e, direct)
    if frame in ("object", "object_as"):
        return speech_object(art, v, m, e, direct, frame == "object_as")
    weak = frame in ("weak", "strict")
    strict = frame == "strict"
    cs = content_start(art, v, frame, e)
    comma_after_verb = AFTER_COMMA_CHARS.search(text, v.end(), cs + 1) is not None
    if not comma_after_verb and nested(art, cs, e, clause=True):
        return None  # "X reported that Y, …, wrote that …": Y's verb carries the quote
    ce = clause_end(art, cs, e)
    if m is None:
        return add_clause(art, cs, ce, v.group(), None, direct)  # "…, saying …" unknown subject
    if comma_after_verb and AS_LEAD.fullmatch(text, s, m[0]) and not participle and \
            text[m[0]:m[1]].lower() not in ("i", "we"):  # "As I wrote": the author's aside
        return add_clause(art, cs, ce, v.group(), m, direct)  # "As Hannity noted, the …"
    dash = comma_after_verb and m[0] > clause_lo
    if not dash and not participle and m[0] > clause_lo and ADJUNCT_START.match(text, cs, ce):
        # "“…,” Mr. Corbyn told the House before slamming …": the speech is before
        dash = after_comma(art, name_start(art, m[0], s), s)
    if (dash or words_upto(text, cs, ce, MIN_CLAUSE_WORDS) < MIN_CLAUSE_WORDS) and not participle:
        lead = name_start(art, m[0], s)
        if not after_comma(art, lead, s):
            return None  # "…, X said." needs the comma before X
        if lead < m[0]:
            m = (lead, m[1])  # "…,” Vauxhall’s U.K. managing director Stephen Norman said
        lo = m[0] if m[0] > clause_lo else v.start()
        cs, ce = clause_before(clause_lo, comma_before(art, lo, s))
        if appositive_of_speaker(art, cs, ce):
            return None  # "“…,” wrote X, a journalist for Y, AP reported": a credit
        got = add_clause(art, cs, ce, v.group(), m, direct)
        return continuation(art, v.end(), e, v.group(), m, direct) or got
    that = re.search(r"\bthat\b", text[v.end() : cs]) is not None
    # "Moscow denies responsibility for …", "has denied any involvement": what a denial denies
    if strict and not (that or clause_like(art, cs, ce) or noun_object(text, cs, ce, art.vocab)):
        if art.vocab.lemmas.get(form) == "deny":
            return denial(art, v, m, cs, ce, e, direct)
        return None  # "denied a request", "announced the end of the siege": an object, no claim
    # "…, adding that more charges are possible": after "that" a clause follows, whatever its
    # first word ("more", "another", a number), so the object guard of weak verbs does not apply
    return add_clause(art, cs, ce, v.group(), m, direct, weak and not that)


# a verb that introduces speech only before a colon (a direct quote) or "that": "posted on
# Telegram that …"
COLON_VERB_THAT = re.compile(
    r"[ \t]+(?:(?:on|to|in)[ \t]+(?:(?:his|her|its|their|the|an?|official|own)[ \t]+)*(?:Twitter|"
    r"Telegram|Facebook|Instagram|VKontakte|VK|TikTok|YouTube|social[ \t]+media|website|blog)"
    r"(?:[ \t]+(?:account|channel|page|feed|post))?[ \t]+)?that\b")


# where the object of a denial ends: a comma, "but", or "and" before a verb of its own
_DENIAL_END = re.compile(r",|\s(?:but|while|as)\s|\sand\s+(?:instead|also|then|has|have|had|is|was"
                         r"|says|said|[a-z]+ed)\b")


def denial(art: Article, v: re.Match, m, cs: int, ce: int, e: int, direct: list[Mark]
           ) -> Quote | None:
    """``Moscow denies responsibility for …`` / ``Kiev has denied any involvement``: what is
    denied (a claim, a share in a deed) is the quote; the noun phrase ends before a comma or a
    clause of its own ("… and instead blamed"); "denied bail" is no denial of a claim."""
    text = art.text
    if not denied_claim(text, cs, ce, art.vocab):
        return None
    end = _DENIAL_END.search(text, cs, ce)
    stop = end.start() if end else ce
    for v2 in verbs_in(art, cs, stop):  # "… and insists that …": a clause of its own
        if text[max(cs, v2.start() - 5) : v2.start()] == " and ":
            stop = v2.start() - 5
            break
    if text[stop : stop + 1] == "," and any(1 <= words_upto(text, stop, v2.start(), 5) <= 4
                                            for v2 in verbs_in(art, stop, min(e, stop + 60))):
        return None  # "Yashin denies any wrongdoing, she added": the whole clause is hers
    return add_clause(art, cs, stop, v.group(), m, direct, min_words=1, claim=True)


def speech_object(art: Article, v: re.Match, m, e: int, direct: list[Mark], need_as: bool
                  ) -> Quote | None:
    """``Zelenskyy condemned the attack as “barbarism”`` / ``the organization denounced the court
    decision`` / ``Budanov dismissed talk of a withdrawal as …``: a speech act whose object
    (and its "as" complement) is the quote; needs a subject and a noun-phrase object."""
    text = art.text
    if m is None or NOT_DONE.search(text, max(0, v.start() - 30), v.start()):
        return None  # "if they condemn the invasion", "refused to condemn …": no speech act yet
    skip = SKIP_AFTER_VERB.match(text, v.end(), e)
    cs = skip.end() if skip else v.end()
    if not OBJECT_START.match(text, cs, e):
        return None  # "condemned in the strongest terms", "praised by …"
    ce = clause_end(art, cs, e)
    if need_as and not re.search(r"\bas\b", text[cs:ce]):
        return None  # "dismissed the minister": fired, not a speech act
    return add_clause(art, cs, ce, v.group(), m, direct)


_REFLEXIVE = re.compile(r"\s+(?:itself|himself|herself|themselves)\b")
_AS_BEFORE = re.compile(r"\bas\s+$")


def quoted_as(art: Article, v: re.Match, s: int) -> tuple[int, int] | None:
    """``X quoted Y as saying …`` / ``X cited Y as saying …``: Y, the noun phrase before "as"."""
    a = _AS_BEFORE.search(art.text, max(s, v.start() - 6), v.start())
    if a is None:
        return None
    return art.sp.before(art.text, s, a.start())


def antecedent(sp: SpeakerFinder, text: str, lo: int, pos: int) -> tuple[int, int] | None:
    """The noun phrase before ", who/which" at ``pos``: a mention as :meth:`SpeakerFinder.before` finds
    it, else "one man outside the apartment block" (a determiner, a role word and at most
    one place phrase after it), which need not open its clause."""
    got = sp.before(text, lo, pos)
    if got is not None:
        return got
    toks = _tokens(text, max(lo, pos - 120), pos)
    for j in range(len(toks) - 1, max(-1, len(toks) - 10), -1):
        low = toks[j][2].lower()
        if not toks[j][2][0].isalnum():
            return None
        if low in _DETS:
            words = [t[2].lower() for t in toks[j + 1:]]
            head = next((w for w in words if sp.is_role(w)), None)
            if head is None:
                continue  # "the block" of "one man outside the block": go on left
            rest = words[words.index(head) + 1:]
            if rest and (rest[0] not in _PLACE_PREPS and rest[0] != "of" or len(rest) > 5):
                return None
            return toks[j][0], toks[-1][1]
    return None


def relative_speaker(art: Article, lo: int, pos: int, last) -> tuple[int, int] | None:
    """``… echoed CIA Director William Burns, who said …`` / ``…, who has also said …``: the
    speaker is the noun phrase before ", who" (``“…,” said Smith, who added …``: the speaker of
    the quote just before)."""
    w = WHO_BEFORE.search(art.text, max(lo, pos - 40), pos)
    if w is None:
        return None
    if last is not None and art.text[last[1] : w.start()].strip() == "":
        return last
    return antecedent(art.sp, art.text, lo, w.start())


def subject_only(art: Article, lo: int, pos: int, after: int, e: int) -> bool:
    """``Those costs, according to X, would reach …`` / ``But according to X, …`` / ``USAID,
    which according to X spent …``: what comes before "according to" is a lead word or the
    subject alone (no verb), and the claim follows the attribution."""
    text = art.text
    before = text[lo:pos].strip(" ,—–-")
    if LEAD_WORD.fullmatch(before):
        return True
    words = WORD.findall(before)
    if not (0 < len(words) <= 8) or not (text[lo:pos].rstrip().endswith(",") or
                                        words[-1].lower() in ("which", "that", "who")):
        return False
    if any(w.lower() in FINITE_WORDS or (w.islower() and w.endswith("ed")) for w in words):
        return False
    rest = text[after:e].lstrip(" ,")
    return words_upto(rest, 0, len(rest), 3) >= 3 and not CONJ_START.match(rest)


def naming(art: Article, v: re.Match, m, e: int, direct: list[Mark]) -> Quote | None:
    """``Trudeau called the allegation “false”`` / ``They called it a bandage solution``:
    the evaluation after the object is the quote (needs a subject)."""
    if m is None:
        return None
    text = art.text
    obj = NAMED_OBJECT.match(text, v.end(), e)
    if obj is None or (v.group().lower() == "calling" and _REFLEXIVE.match(text, v.end(), e)):
        return None  # "a group calling itself the Trade Union of …": a name it goes by
    cs = obj.end()
    if ADJUNCT_START.match(text, cs, e) or NOT_CONTINUATION.match(text, cs, e):
        return None  # "called him on Monday to …": a phone call
    ce = clause_end(art, cs, e)
    quoted = text[cs : cs + 1] in "“\"‘«"
    if not quoted and (
        not re.match(r"(?:an?|the|one\s+of)\s+\S+\s+\S", text[cs:ce])
        or QUOTE_CHARS.search(text, cs, ce) is not None
    ):
        # without marks, only a noun phrase of 3+ words ("a bandage solution …"); a quoted
        # term inside it is the writer's label ('called the retreat a "regrouping"')
        return None
    return add_clause(art, cs, ce, v.group(), m, direct, min_words=1)


def continuation(
    art: Article, pos: int, e: int, verb: str, m, direct: list[Mark], after_name: bool = False
) -> Quote | None:
    """``Too often, he says, they get it``: a parenthetical attribution splits the reported
    speech; what follows its comma up to the sentence end is a second quote of the speaker."""
    text = art.text
    t = PAREN_TAIL.match(text, pos, e)
    if t is None:
        return None
    cs = t.end()
    if NOT_CONTINUATION.match(text, cs, e) or verbs_in(art, cs, cs + 1):
        return None
    if nested(art, cs, e):
        return None  # "…, the ministry said, Interfax reported": a credit, not speech
    first = text[cs : cs + 12].split(maxsplit=1)[0].lower()
    if after_name and first not in FINITE_WORDS | {"and", "but", "yet", "so"} and not clause_like(art, cs, e):
        return None  # "…, said X, a spokesman for the agency": an appositive, not speech
    return add_clause(art, cs, clause_end(art, cs, e), verb, m, direct)


def clause_like(art: Article, cs: int, ce: int) -> bool:
    """Content that reports a claim: a pronoun or gerund first, or a finite verb early on."""
    words = [w.lower() for w in WORD.findall(art.text, cs, min(ce, cs + 120))][:10]
    if not words:
        return False
    first = re.split(r"[’']", words[0])[0]
    if first in art.sp.pron or words[0] in {"i", "we", "you", "there"} or words[0].endswith("ing"):
        return True
    return any(w in FINITE_WORDS or w.endswith("n’t") or w.endswith("n't") for w in words[1:])


def verbs_in(art: Article, a: int, b: int) -> list[re.Match]:
    """Reporting verbs (outside quotes) starting in [a, b)."""
    return art.verbs[bisect_left(art.vstarts, a) : bisect_left(art.vstarts, b)]


def nested(art: Article, cs: int, e: int, clause: bool = False) -> bool:
    """The reported clause opens with another attribution: its speaker, then a verb (with
    ``clause``, a verb that reports a clause: "X reported that Y said …", not "X said that Y
    announced a package" or "X said they responded by asking …")."""
    text = art.text
    for v2 in verbs_in(art, cs, min(e, cs + 300)):
        m2 = art.sp.before(text, cs, v2.start())
        if not (m2 and m2[0] == cs and verb_ok(art, v2.group(), m2)):
            return False
        if clause and art.vocab.frames.get(verb_form(v2.group()), "clause") in (
            "strict", "weak", "name"
        ):
            return THAT_NEXT.match(text, v2.end(), e) is not None
        if clause and art.vocab.lemmas.get(verb_form(v2.group())) not in SAY_LEMMAS:
            # "X said the U.S. still acknowledges only one Chinese government": an object,
            # not a report; the inner verb carries the quote only with "that" or a clause
            return THAT_NEXT.match(text, v2.end(), e) is not None or clause_like(
                art, v2.end(), e)
        return True
    return False


# verbs that report a clause with or without "that": "X wrote Y said …" is Y's quote
SAY_LEMMAS = frozenset({"say", "tell", "write", "report", "add", "state", "claim", "insist",
                        "warn", "argue", "believe", "think"})


def comma_before(art: Article, pos: int, s: int) -> int:
    i = pos - 1
    while i > s and art.text[i] in " \t":
        i -= 1
    return i if i >= s and art.text[i] in ",—–" else pos


def content_start(art: Article, v: re.Match, frame: str, e: int) -> int:
    pos = v.end()
    if frame == "tell" and art.vocab.lemmas.get(v.group().lower()) == "tell":
        m = TELL_THAT.match(art.text, pos, e) or TELL_OBJECT.match(art.text, pos, e)
        if m:
            pos = m.end()
    if frame == "call":
        return pos
    m = ADJUNCT_THAT.match(art.text, pos, e)  # "said at the same forum Wednesday that …"
    if m:
        return m.end()
    m = SKIP_AFTER_VERB.match(art.text, pos, e)
    if m:
        pos = m.end()
    while pos < e and art.text[pos] in " ,:—–":
        pos += 1
    return pos


def clause_end(art: Article, cs: int, e: int) -> int:
    """Clause ends at the sentence end or before a following attribution
    (``, saying …`` / ``, adding …`` / ``, according to …`` / ``, he said``)."""
    text = art.text
    frames = art.vocab.frames
    for v in verbs_in(art, cs, e):
        if frames.get(v.group().lower()) == "name":
            continue  # "what it insists on calling …": naming does not open an attribution
        c = comma_before(art, v.start(), cs)
        if c < v.start():
            return c
        a = and_before(art, v.start(), cs)
        if a is not None:
            return a
        m = art.sp.before(text, cs, v.start())
        if m and RELATIVE_END.search(text, max(cs, m[0] - 12), m[0]):
            continue  # "… with what it insists on calling …": an embedded clause
        if m and m[0] > cs and verb_ok(art, v.group(), m):
            cut = None
            for c in CONJ.finditer(text, cs, m[0]):
                cut = c.start()
            return cut if cut is not None and cut > cs else m[0]
    return e


def clause_before(lo: int, hi: int) -> tuple[int, int]:
    return lo, hi


def add_clause(
    art: Article, cs: int, ce: int, verb: str, m, direct: list[Mark], weak: bool = False,
    check_verb: bool = True, min_words: int = MIN_CLAUSE_WORDS, claim: bool = False,
) -> Quote | None:
    text = art.text
    while cs < ce and (text[cs].isspace() or text[cs] in ",;:—–-"):
        cs += 1
    d = DATELINE.match(text, cs, ce)
    if d:
        cs = d.end()
    while ce > cs and (text[ce - 1].isspace() or text[ce - 1] in ".,;:—–-"):
        ce -= 1
    n_words = words_upto(text, cs, ce, max(min_words, 5))
    if n_words < min_words:
        return None
    if (not claim and NOT_CLAUSE_ANY.match(text, cs, ce)) or (weak and NOT_CLAUSE.match(text, cs, ce)) or (
        n_words <= 4 and NOT_CLAUSE_SHORT.match(text, cs, ce)
    ):
        return None
    if check_verb and not verb_ok(art, verb, m):
        return None
    covered = sum(max(0, min(ce, k.end) - max(cs, k.start)) for k in direct)
    if covered >= 0.5 * (ce - cs):
        return None
    lo, hi = bisect_left(art.starts, cs), bisect_right(art.opens, ce + 1)
    inner = [k for k in art.marks[lo:hi] if k.end <= ce + 1]
    kind = "mixed" if any(k not in direct for k in inner) else "indirect"
    return add(art, cs, ce, kind, verb, m)


def verb_ok(art: Article, verb: str, m) -> bool:
    """Base forms that double as nouns ("a report", "civil claim") need a plural or pronoun
    subject: "officials say", "they claim", "analysts suggest"."""
    form = verb.lower()
    if m is None or " " in form:
        return True
    words = art.text[m[0] : m[1]].split()
    last = words[-1]
    low = last.lower()
    if art.vocab.lemmas.get(form) == form:
        head = HEAD_END.split(art.text[m[0] : m[1]], 1)[0].split()[-1].lower()  # "officials in …"
        return low.endswith("s") or low in {"i", "we", "they", "you"} or head.endswith("s")
    if form.endswith("s") and not form.endswith("ss") and form != "says":
        # "remarks", "claims", "reports" after a common noun are nouns
        return last[0].isupper() or low in art.sp.pron or low in art.sp.role
    return True
