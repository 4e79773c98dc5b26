"""Regular patterns of reporting constructions used by the quote rules (tasks/extract/article.py,
direct.py, indirect.py; the public names are the ones they import): time and venue adjuncts after
a verb, objects of "told", what can or cannot open a reported clause, datelines, leading
adverbials, parenthetical attributions. Python ``re``; every pattern is anchored or bounded so a
rule never rescans an article."""

from __future__ import annotations

import re
import string

# particles written joined to a name in lower case: "al-Shabaab", "el-Sisi", "bin-Salman"
JOINED_PARTICLES = ("al-", "el-", "ad-", "ash-", "as-", "bin-", "ibn-", "abu-")
PLACE_ABBREV = re.compile(r"(?:[A-Z]\.)+[A-Z]")  # "N.S." (its last period cut): a place, no name
WORD = re.compile(r"[^\W_][\w’'\-]*")
# character sets searched for in a stretch (one ``re`` search instead of a ``str`` test per char)
AFTER_COMMA_CHARS = re.compile(r"[—–,(;]")
QUOTE_CHARS = re.compile(r"[“”\"«»]")
GAP_AFTER_STOP = re.compile(r"[“”\"«»;!?]")  # between a quote and its attribution after it
GAP_BEFORE_STOP = re.compile(r"[“”\"«»;]")  # between an attribution and its quote after it
SENTENCE_STOP = re.compile(r"[.!?“”\"\n]")


def words_upto(text: str, lo: int, hi: int, cap: int) -> int:
    """``len(WORD.findall(text[lo:hi]))``, counted no further than ``cap`` (the rules only
    compare word counts with small thresholds)."""
    n = 0
    for _ in WORD.finditer(text, lo, hi):
        n += 1
        if n >= cap:
            break
    return n

def trie_pattern(words: set[str]) -> str:
    """A regex alternation factored as a trie (Python ``re`` tries alternatives one by one, so
    a flat list of 200 verb forms is slow); spaces inside phrases match any whitespace."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        alts = []
        for ch in sorted(k for k in node if k):
            piece = r"\s+" if ch == " " else re.escape(ch)
            alts.append(piece + build(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if end else body

    return build(trie)


_TIME = (
    r"(?:(?:on\s+|late\s+|early\s+|earlier\s+|last\s+|this\s+)?"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|tonight)"
    r"(?:\s+(?:morning|afternoon|evening|night))?(?![’'])"  # not "Saturday’s attack"
    r"|(?:(?:earlier|later|late|early)\s+)?(?:this|last)\s+(?:week|weekend|month|year))"
)
_VENUE = (
    r"(?:in|during|at|on|via|through)\s+(?:a|an|the|his|her|their|its)?\s*"
    r"(?:[\w\-’']+\s+){0,3}?(?:statement|interview|address|post|briefing|conference|speech|video"
    r"|message|tweet|report|update|broadcast|remarks|comments|meeting|appearance|call|session|email"
    r"|e-mail|letter|op-ed|column|blog|podcast|documentary|filing|lawsuit|release|essay|article"
    r"|book|text|channel|account|page|website|feed|show|programme|program|network|phone\s+call|court\s+documents?|affidavit|testimony|hearing|rally|event|debate)s?"
    r"(?:\s+(?:on|to|with)\s+(?:[A-Z][\w\-’']*\s*){1,3})?"
)
# a venue right before the verb: "Tokayev in a televised speech Wednesday said", "Peskov in an
# interview with CNN said" (the subject is before it)
_VENUE_NOUNS_BEFORE = """statement interview address briefing speech video message post conference
appearance remarks broadcast letter op-ed tweet""".split()
VENUE_BEFORE = re.compile(r"\s(?:in|during|at)\s+(?:a|an|the|his|her|their|its)\s+(?:[\w\-’']+\s+){0,3}?"
                          r"(?:%s)s?"
                          r"(?:\s+(?:on|to|with)\s+(?:[A-Z][\w\-’']*\s*){1,3})?"
                          r"(?:\s+%s)?\s*,?\s*$" % ("|".join(_VENUE_NOUNS_BEFORE), _TIME))
# the last word of such a venue, to try the pattern only where it may end (a noun or a time word)
VENUE_LAST_WORDS = frozenset(_VENUE_NOUNS_BEFORE + [n + "s" for n in _VENUE_NOUNS_BEFORE] + """
speeches monday tuesday wednesday thursday friday saturday sunday today yesterday tonight morning
afternoon evening night week weekend month year""".split())
_PLATFORM_NAMES = r"Telegram|Twitter|Facebook|Instagram|X|social\s+media"
_PLATFORM = r"(?:on|via|to)\s+(?:%s|state\s+(?:TV|television|media)|television|TV|radio)" % _PLATFORM_NAMES
# a platform right before a colon: "X posted on Telegram:", "Graham fired back on Twitter:" (the
# platform is no speaker; the sentence's subject is, as for "X posted:")
PLATFORM_BEFORE_COLON = re.compile(r"\s(?:on|via)\s+(?:%s|YouTube|TikTok)\s*$" % _PLATFORM_NAMES)
SKIP_AFTER_VERB = re.compile(
    r"(?:\s*,?\s*(?:%s|%s|%s|also|earlier|later|again|(?!only\b)[a-z]+ly)\b)*\s*,?\s*(?:that\b)?\s*"
    % (_TIME, _VENUE, _PLATFORM)
)
TELL_OBJECT = re.compile(
    r"\s*(?:reporters|journalists|the\s+press|the\s+media|parliament|lawmakers|him|her|them|us|me"
    r"|(?:the\s+)?(?:[a-z]+\s+)?(?:media|press|reporters|journalists|newspaper|broadcaster|channel|radio|television|outlets?)"
    r"|(?:the\s+)?(?:[A-Z][\w.\-’']*\s*){1,4}|an?\s+(?:[\w\-]+\s+){0,2}(?:audience|crowd|conference|briefing|gathering))"
    r"(?=[\s,:])"
)
_ENDS_THAT = re.compile(r"\bthat$")
_ENDS_VERB = re.compile(r"([A-Za-z]+(?:\s+(?:to|on|for|out))?)$")
_ASCII_LETTERS = string.ascii_letters
_PARTICLES = frozenset({"to", "on", "for", "out"})


def ends_that(prefix: str) -> bool:
    """``_ENDS_THAT.search(prefix)`` without trying the pattern at every position."""
    if prefix.endswith("\n"):
        return _ENDS_THAT.search(prefix) is not None  # "$" also matches before a final newline
    if not prefix.endswith("that"):
        return False
    return len(prefix) == 4 or not (prefix[-5].isalnum() or prefix[-5] == "_")


def ends_verb(prefix: str) -> str | None:
    """``_ENDS_VERB.search(prefix).group(1)`` (None without a match), without trying the
    pattern at every position: the last run of ASCII letters, from the word before it when the
    run is a particle after whitespace ("pointed out")."""
    if prefix.endswith("\n"):
        m = _ENDS_VERB.search(prefix)
        return m.group(1) if m else None
    head = prefix.rstrip(_ASCII_LETTERS)
    if len(head) == len(prefix):
        return None
    run = prefix[len(head) :]
    if run in _PARTICLES:
        lead = head.rstrip()  # str.rstrip() strips exactly what re's \s matches
        if len(lead) < len(head):
            word_len = len(lead) - len(lead.rstrip(_ASCII_LETTERS))
            if word_len:
                return prefix[len(lead) - word_len :]
    return run
CONJ = re.compile(r"(?:[,;]|\s(?:and|but|while|although|though|whereas|as)\b)\s*")
# a reported clause never starts like a score, a quantity or a bare prepositional phrase
# ("Carolina added three more goals", "the Kospi added 0.4 per cent", "reported from London")
NOT_CLAUSE = re.compile(
    r"(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|another|yet|just|a\s+couple|more"
    r"|with|from|at|about|for|in\s+a\s+(?:commentary|statement|note|tweet|post|report)"
    r"|an?\s+(?:photo|video|picture|image|clip|link|map|message)s?)\b)",
    re.IGNORECASE,
)
# what may follow the speaker of an inverted attribution: "…, said X." / "…, said X on Monday, …"
CLAUSE_TAIL = re.compile(r"\s*(?:$|[.,;:!?—–)\"”’]|(?:on|in|at|late|earlier|last|this|during)\b)")
NOT_CLAUSE_SHORT = re.compile(r"(?:from|at|with|about|on|in)\b", re.IGNORECASE)
# never the start of a reported clause, whatever its length ("warned about …", "responded for …")
NOT_CLAUSE_ANY = re.compile(  # not "about 550", "about half the officers", "about a third"
    r"(?:about\b(?!\s+(?:\d|(?:half|a\s+(?:third|quarter|fifth|dozen|hundred|thousand|million)"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|hundreds"
    r"|thousands)\b))"
    r"|responsibility\b)",
    re.IGNORECASE,
)
# "that" right after a verb (and its time or venue adjunct): the verb reports a clause
THAT_NEXT = re.compile(r"\s*(?:,\s*)?(?:that\b|:)")
# where the head of a speaker mention ends: "officials in the devastated city", "a panel of experts"
HEAD_END = re.compile(r"\s(?:in|of|at|from|for|on|outside|inside|near|with|across)\s")
RELATIVE_END = re.compile(r"\b(?:what|which|whatever)\s+$", re.IGNORECASE)
INFINITIVE_AFTER = re.compile(r"\s+to\s+(?:have|be|been|contain|include|number|total|hold|live|exist)\b")
FINITE_WORDS = frozenset(
    "is was were are has have had will would could can did does do may might must should "
    "shall it's they're he's she's".split()
)
# a clause opening with a conjunction or relative continues the sentence, it is no claim
CONJ_START = re.compile(r"(?:and|but|or|while|as|which|who|where|when|whose|nor)\b", re.IGNORECASE)
# a lone sentence-opening word before "according to": "But according to the Pentagon, …"
LEAD_WORD = re.compile(r"(?:And|But|Yet|So|Still|Also|However|Meanwhile|Now|Instead|Indeed)")
# a non-restrictive relative before a verb: "…, who said …" / "…, who has also said …" /
# "the White House, which stated that …"
WHO_BEFORE = re.compile(r",\s*(?:who|which)\s+(?:(?:also|has|have|had|later|then|previously|once)\s+){0,2}$")
CONJ_VERB = re.compile(r",?\s+(?:and|but)(?:\s+(?:also|then|later|further))?\s+$")
# "KYIV, Ukraine (AP) — " / "MOSCOW (Reuters) - " at the start of an inverted clause
DATELINE = re.compile(r"[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][\w .]{1,30})?\s*(?:\([\w .]{1,20}\))?\s*[—–-]+\s*")
SUBORD = re.compile(r"\b(?:while|after|before|by|when)\s+$")
# a sentence-opening adverbial before the subject: "Meanwhile, " / "In February 2022, " /
# "On Monday, " / "But " / "Later that day, " / "Asked about it, "
LEAD = re.compile(
    r"(?:(?:And|But|Yet|So|Still|Also)\s+)?"
    r"(?:(?:[A-Z][a-z]+ly|Meanwhile|However|Earlier|Later|Separately|Also|Still|Then|Now|Today)\s*,\s*"
    r"|(?:In|On|At|During|After|Before|Since|Last|Earlier|Later|Late|Early|Over|From)\b[^,;:“”\"\n]{1,60},\s*"
    # a participle clause: "Asked about those comments, " / "Speaking to journalists later, "
    r"|[A-Z][a-z]+(?:ing|ed)[ \t]+[a-z][^,;:“”\"\n]{0,80},\s*)?"
)
# a verb form right after a determiner is a noun ("the report said", "a claim")
NOUN_USE = re.compile(r"\b(?:the|a|an|this|that|its|his|her|their)\s*$", re.IGNORECASE)
# "…," former U.S. ambassador to NATO, Kurt Volker told …: a role phrase and a comma before the name
ROLE_COMMA = re.compile(r"[\s,—–-]*[a-z][\w.’'\- ]{2,60}?,\s*")
# the comma closing a parenthetical attribution ("…, he says, …"), after an optional time
PAREN_TAIL = re.compile(r"(?:\s+%s)?\s*,\s+(?=\w)" % _TIME)
# what cannot continue the reported speech after it: an adjunct of the attribution itself
NOT_CONTINUATION = re.compile(
    r"(?:[a-z]+ing|in|on|at|with|without|after|before|during|from|to|as|according|who|which|whose"
    r"|where|when|while|citing|though|although|adding|noting|referring|speaking|despite|than"
    r"|\d)\b",
    re.IGNORECASE,
)
PASSIVE = re.compile(r"\b(?:is|was|were|are|be|been|being|so)\s*$", re.IGNORECASE)
# what opens an adjunct of the attribution rather than its content: "told the House before …"
ADJUNCT_START = re.compile(r"(?:before|after|during|while|when|as|in|on|at|from|without|with)\b")
# an adjunct of the verb, then "that": "said at the same forum Wednesday that …"
ADJUNCT_THAT = re.compile(
    r",?\s+(?:at|in|on|during|after|before|from|to|with|via|through|over|while)\s+"
    r"(?:(?!(?:that|is|was|were|are|has|had|have|will|would|could|can|did|does|may|might|must"
    r"|should|who|which)\b)[\w.’'\-]+,?\s+){0,7}?that\s+"
    r"(?!(?:is|was|were|are|has|had|have|will|would|could|can|may|might)\b)"  # not a relative
)
# the object of a speech-act verb ("condemned the attack", "praised Ukraine's resistance",
# "denounced Russia's actions"): a determiner, a possessive or a name, never a preposition
OBJECT_START = re.compile(
    r"(?!(?:in|on|at|by|for|with|from|to|after|before|during|over|about|against|as|and|or|but"
    r"|that|it|them|him|her|me|us|you|himself|herself|themselves|itself|not|never|also)\b)"
    r"[\w“\"‘]"
)
# before a verb: a condition, an infinitive, a modal or a negation, so no speech act took place
NOT_DONE = re.compile(
    r"(?:\b(?:if|unless|whether)\s+(?:[\w’'\-]+\s+){1,3}"
    r"|\b(?:to|would|could|should|must|will|may|might|can|cannot|not|never|n[’']t)"
    r"(?:\s+(?:also|publicly|openly|explicitly|even|yet|ever))?\s+)$",
    re.IGNORECASE,
)
# "told state TV that …" / "told the Interfax news agency that …": a short object, then "that"
TELL_THAT = re.compile(
    r"(?:\s+(?!(?:that|is|was|were|are|has|had|have|will|would|could|can|did|does|may|might"
    r"|must|should)\b)[\w.’'\-]+){1,5}?\s+(?=that\b)"
)
# the object of "called …": a pronoun, a short determiner phrase or a name
NAMED_OBJECT = re.compile(
    r"\s+(?:it|them|him|her|this|that|these|those|himself|herself|themselves|itself"
    r"|(?:the|his|her|its|their|this|that)\s+(?:[\w\-’']+\s+){0,3}?[\w\-’']+"
    r"|(?:[A-Z][\w.\-’']*\s+){0,3}[A-Z][\w.\-’']*)\s+(?=\S)"
)
