"""Speakers with what qualifies them, before or after the reporting verb (``before_source`` is
the front door ``SpeakerFinder.before`` asks first; ``extend_qualified`` extends a mention found
after the verb):

- an unnamed source and its qualifier: "people familiar with the matter", "a source close to the
  minister", "two officials with knowledge of the talks" (without it "a source close to the OPCW
  told" had the OPCW as its speaker and "Officials close to the talks say" gave no quote). The
  head before the qualifier is a role word (``role`` in ``seeds/extract_words.csv``); the
  qualifiers are the classes ``qualifier`` (what the source knows: "familiar with", "briefed
  on"; its object gives no side) and ``qualifier_side`` (whom it is near: "close to the
  Kremlin" gives the Kremlin's side) of the same file; the object is a short noun phrase (at
  most ``MAX_OBJECT`` words, no verb, no punctuation but a possessive or an abbreviation's
  period);
- a restrictive relative clause before the verb ("Officials who spoke on condition of anonymity
  said"): the mention is the noun phrase before "who";
- a name whose appositive is not closed by a comma before the verb ("Hans Kluge, the WHO's
  regional director for Europe told"): the mention runs from the name;
- a time phrase between the subject and its verb ("Wray earlier this month said", "officials
  last week urged"): the mention before it (``before_time``);
- a non-restrictive relative clause too long for the appositive of ``SpeakerFinder.before``
  ("Jake Sullivan, who met his Chinese counterpart in Rome … ahead of …, said"):
  ``before_relative``, asked when that appositive fails.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tasks.extract.patterns import trie_pattern

MAX_OBJECT = 7  # words after the qualifier
_WORD = re.compile(r"[^\W_][\w’'.\-]*")
# where the object of the qualifier ends after a verb ("… told ABC News on Sunday"): not part
# of the mention
_OBJECT_STOP = frozenset(
    "on in at during who which that but and or as when while since after before to said says "
    "told tells added".split()
)


_CLAUSE_PUNCT = re.compile(r"[,;:“”\"()—–]")  # what never stands inside such a phrase
_ANONYMOUS = frozenset("source sources person people persons insider insiders".split())


@lru_cache(maxsize=4)
def qualifier_re(phrases: frozenset[str]) -> re.Pattern | None:
    """"familiar with" / "close to" / …, after whitespace and before whitespace."""
    if not phrases:
        return None
    return re.compile(r"\s+(?:%s)\s+" % trie_pattern(set(phrases)), re.IGNORECASE)


def side_part(mention: str, knowledge: frozenset[str]) -> str:
    """The words of a mention that can tell its side: all but what follows a knowledge
    qualifier ("the person familiar with Ukraine’s requests" says nothing of its side)."""
    pat = qualifier_re(knowledge)
    m = pat.search(mention) if pat is not None else None
    return mention[: m.start()] if m is not None else mention


def _object_words(sp, words: list[str]) -> bool:
    """The object of the qualifier: 1..MAX_OBJECT words, none a stop word or reporting verb."""
    return 0 < len(words) <= MAX_OBJECT and not any(
        w.lower() in sp.stop or w.lower() in sp.verbs or w.lower() in _OBJECT_STOP for w in words
    )


def before_qualified(sp, text: str, lo: int, pos: int) -> tuple[int, int] | None:
    """The mention ending just before ``pos`` (a verb start) when it is "<role> <qualifier>
    <object>": "two people with knowledge of the matter told" → "two people with knowledge of
    the matter"; None when the words before the verb are no such phrase."""
    pat = qualifier_re(sp.qualifiers)
    if pat is None:
        return None
    start = max(lo, pos - 140)
    last = None
    for m in pat.finditer(text, start, pos):
        last = m
    if last is None:
        return None
    found = list(_WORD.finditer(text, last.end(), pos))
    while found and found[-1].group().lower() in sp.adverb:
        found.pop()  # "… close to the process have said", "… also told"
    if not found:
        return None
    tail = text[last.end() : pos]  # with what ends it: "…, said" is an appositive's end
    if not _object_words(sp, [w.group() for w in found]) or _CLAUSE_PUNCT.search(tail):
        return None
    head = sp.before(text, lo, last.start())
    if head is None or head[1] != last.start():
        return None
    last_word = text[head[0] : head[1]].rsplit(None, 1)[-1].lower()
    if not sp.is_role(last_word):
        return None
    lead = text[max(lo, head[0] - 2) : head[0]]
    if lead.strip() == "," and last_word not in _ANONYMOUS:
        # "James Shaw, a former officer and one of the experts involved in …" (not "Simon Jack,
        # sources close to Mr Kwarteng have said": an anonymous source is nobody's appositive)
        name = sp.before(text, lo, head[0] - len(lead))
        if name is not None and text[name[0]].isupper():
            return name[0], found[-1].end()
    return head[0], found[-1].end()


def extend_qualified(sp, text: str, m: tuple[int, int] | None, hi: int) -> tuple[int, int] | None:
    """A mention found after a verb, with its qualifier if one follows its role word: "according
    to a person familiar with the talks, …" → "a person familiar with the talks"."""
    pat = qualifier_re(sp.qualifiers)
    if m is None or pat is None:
        return m
    q = pat.match(text, m[1], hi)
    if q is None:
        return m
    last = text[m[0] : m[1]].rsplit(None, 1)[-1].lower()
    if not sp.is_role(last):
        return m
    end = q.end()
    n = 0
    for w in _WORD.finditer(text, q.end(), min(hi, q.end() + 120)):
        if text[end : w.start()].strip() or n >= MAX_OBJECT:
            break  # punctuation between words, or too long
        low = w.group().lower().rstrip(".")
        if low in _OBJECT_STOP or low in sp.stop or low in sp.verbs:
            break
        end, n = w.end(), n + 1
    if n == 0:
        return m
    if text[end - 1] == "." and not text[end - 3 : end - 1].isupper():
        end -= 1  # a sentence's period, not "U.S."
    return m[0], end


_WHO = re.compile(r"\swho\s")
_OPENS = re.compile(r"[\s“\"‘']*(?:(?:But|And|Still|Yet|So|Now|Meanwhile|However|Instead),?\s+)?")
_WHO_STOP = frozenset("said says say told tells and or but he she they".split())
_NOT_FINITE_BEFORE = frozenset("to will would can could should must may might are is was were be "
                               "been being not never".split())


def before_who(sp, text: str, lo: int, pos: int) -> tuple[int, int] | None:
    """The noun phrase before a restrictive "who" clause that ends just before ``pos`` (a verb
    start): "Residents who fled the city said" -> "Residents"; None otherwise (a comma, a quote
    mark or a reporting verb inside the clause, or no speaker-like head before "who")."""
    last = None
    for m in _WHO.finditer(text, max(lo, pos - 160), pos):
        last = m
    if last is None:
        return None
    clause = [w.group().lower() for w in _WORD.finditer(text, last.end(), pos)]
    if not 2 <= len(clause) <= 10 or _CLAUSE_PUNCT.search(text, last.end(), pos) or \
            any(w in _WHO_STOP for w in clause) or clause[-1] in _NOT_FINITE_BEFORE or \
            all(w.endswith("ly") for w in clause[1:]):
        return None  # "who openly call for": the clause's own verb; "who … are to blame"
    head = sp.before(text, lo, last.start())
    if head is None or head[1] != last.start() or not _OPENS.fullmatch(text, lo, head[0]):
        return None  # the subject must open the sentence: "X said voters who … say" is X's
    word = text[head[0]:head[1]].rsplit(None, 1)[-1]
    return head if sp._head(word) else None


_NOT_NAME_LEAD = frozenset("on in at from like last early late during after before since over "
                           "and but so yet most many some all both few several".split())
_OWNERS = frozenset("his her their its our my your".split())
_CLAUSE_WORDS = frozenset("who which that is was were are has have had will would".split())


def before_unclosed(sp, text: str, lo: int, pos: int) -> tuple[int, int] | None:
    """"Name, <description> said" with no comma closing the description: the name through the
    description; None unless the description starts in lower case right after the only comma,
    holds no clause (who, is, has …) and the name before the comma opens its clause."""
    c = text.rfind(",", max(lo, pos - 140), pos)
    if c < 1 or not text[c + 1:c + 2].isspace() or not text[c + 2:c + 3].islower():
        return None
    k = c - 1
    while k > lo and (text[k - 1].isalnum() or text[k - 1] in ".-’'"):
        k -= 1
    if not text[k].isupper():
        return None  # the word before the comma ends a name ("Kluge,"), cheaply checked first
    segment = text[c + 1:pos]
    words = _WORD.findall(segment)
    if not 1 <= len(words) <= 16 or not words[0][:1].islower() or \
            _CLAUSE_PUNCT.search(segment) or any(w.lower() in _CLAUSE_WORDS for w in words):
        return None
    name = sp.before(text, lo, c)
    if name is None or name[1] != c or not text[name[0]].isupper():
        return None
    first = text[name[0]:name[1]].split()
    if len(first) < 2 or first[0].lower() in _NOT_NAME_LEAD or first[0].endswith("ly") or \
            not all(w[:1].isupper() for w in first) or not _OPENS.fullmatch(text, lo, name[0]):
        return None  # a person's name of two words or more ("Therefore, the minister said": no)
    if not any(sp.is_role(w.lower()) for w in words) or words[0].lower() in _OWNERS or \
            (words[-1].endswith("s") and sp.is_role(words[-1][:-1].lower())):
        return None  # "Kyiv, the capital said"; "Bout, his lawyer said", "X, historians said"
    return name[0], c + 1 + len(segment.rstrip())


_REDUCED_STOP = _WHO_STOP | frozenset("that which who whom whose is was were are has have had will "
                                       "would it we i".split())
_AFTER_PASSIVE = frozenset("by in on at from near with during after last earlier since for inside "
                           "outside under over across into about".split())
_BEFORE_NOUN = _AFTER_PASSIVE | frozenset("the a an his her their its our my your this these those "
                                          "of much".split())
_ING_PREPOSITIONS = frozenset("during including regarding concerning following according".split())
_DOCUMENTS = frozenset("statement study report letter document survey poll analysis assessment "
                       "briefing release filing decree order resolution".split())
_NOT_HEAD = frozenset("i you he she it we they this that there".split())


def before_participle(sp, text: str, lo: int, pos: int) -> tuple[int, int] | None:
    """A reduced relative clause between the subject and its verb: "Residents interviewed by the
    BBC said", "Officials speaking on condition of anonymity said", "People arrested last week
    said that" -> the noun phrase before the participle (not "the BBC"); None unless that phrase
    opens the sentence with a speaker-like head (no pronoun) and the clause after it is 1-10
    words with no comma, quote mark or finite word. A reporting verb as the participle needs
    "by" after it ("Officials quoted by Interfax said"; "Ukraine claimed Russia said" is no
    reduced clause)."""
    if pos - lo > 200:
        return None
    verb = _WORD.match(text, pos)
    if verb is None or verb.group() not in sp.verbs or verb.group().endswith("ing") or \
            sp.is_role(verb.group()) or sp.is_role(verb.group()[:-1]):
        return None  # only before a finite reporting verb ("said", "say"), not "a report"
    segment = text[lo:pos]
    if "ed " not in segment and "ing " not in segment:
        return None  # no participle: the common case, checked cheaply
    words = list(_WORD.finditer(text, lo, pos))
    if not 2 <= len(words) <= 16:
        return None
    for i in range(1, min(len(words), 7)):
        w = words[i].group()
        if not (w.islower() and w.endswith(("ed", "ing"))) or w in _ING_PREPOSITIONS:
            continue
        if w.endswith("ed") and (i + 1 >= len(words) or words[i + 1].group() not in _AFTER_PASSIVE):
            continue  # "pinned the blame on", "shared a post": a finite verb and its object
        clause = [x.group().lower() for x in words[i:]]
        if not 2 <= len(clause) <= 10 or _CLAUSE_PUNCT.search(text, words[i].start(), pos) or \
                any(c in _REDUCED_STOP for c in clause) or clause[-1] in _NOT_FINITE_BEFORE or \
                clause[-1] in _BEFORE_NOUN or clause[-1].endswith("ly"):
            return None  # "in hopes", "after his remarks", "the widely condemned praise": nouns
        if w in sp.verbs and clause[1:2] != ["by"]:
            return None
        head = sp.before(text, lo, words[i - 1].end())
        if head is None or head[1] != words[i - 1].end() or not _OPENS.fullmatch(text, lo, head[0]):
            continue
        last = text[head[0]:head[1]].rsplit(None, 1)[-1]
        if last.lower() in _NOT_HEAD or not sp._head(last) or text[head[1]:words[i].start()].strip():
            return None
        low = last.lower()
        if low in _DOCUMENTS and "by" in clause:
            return None  # "A statement released by the Health Ministry said": its issuer speaks
        if not (last.islower() or sp.is_role(low) or sp.is_role(low[:-1])):
            return None  # "Biden lingered in the chamber …", "A senior Russian ruling party …"
        return head
    return None


# a time phrase between the subject and its verb: "Wray earlier this month said", "officials
# last week urged", "Colin Jost this weekend joked", "critics have long argued"
_TIME_BEFORE = re.compile(r"\s(?:(?:(?:earlier|later|late|early)\s+)?(?:this|last)\s+"
                          r"(?:week|weekend|month|year|spring|summer|fall|autumn|winter)"
                          r"|(?:has|have|had)\s+long)\s*$")  # "Cheney has long maintained"


def before_time(sp, text: str, lo: int, pos: int) -> tuple[int, int] | None:
    """"X earlier this month said" -> X: the mention ending right before the time phrase."""
    verb = _WORD.match(text, pos)
    if verb is None or verb.group().endswith("ing"):
        return None  # "a letter sent to X last week urging …": the participle is not X's
    t = _TIME_BEFORE.search(text, max(lo, pos - 40), pos)
    if t is None or t.start() <= lo or text[t.start() - 1] in ",;:":
        return None
    head = sp.before(text, lo, t.start())
    return head if head is not None and head[1] == t.start() else None


_RELATIVE_OPEN = re.compile(r",\s+(?:who|whose)\s")
MAX_RELATIVE = 40  # words in "X, who …, said" (the appositive of SpeakerFinder takes shorter ones)
_LEAD_STOP = frozenset("said says told tells that is was were are has have had will would when "
                       "after before while as if".split())


def before_relative(sp, text: str, lo: int, pos: int) -> tuple[int, int] | None:
    """"Jake Sullivan, who met his Chinese counterpart in Rome last week ahead of …, said": a
    non-restrictive relative clause between the subject and its verb, too long or after a
    description too long for the appositive of ``SpeakerFinder.before`` -> the subject through
    the clause. Only when the clause closes with a comma just before the verb, holds no quote
    mark, semicolon or colon, and nothing before the subject is a clause of its own."""
    close = text[max(lo, pos - 3):pos].rstrip()
    verb = _WORD.match(text, pos)
    if not close.endswith(",") or verb is None or verb.group().endswith("ing"):
        return None  # "X, whose …, was 'not wrong', describing …": the participle is the subject's
    comma = pos - (len(text[max(lo, pos - 3):pos]) - len(close)) - 1
    start = max(lo, comma - 400)
    last = None
    for m in _RELATIVE_OPEN.finditer(text, start, comma):
        last = m
    if last is None or "“" in text[last.end():comma] or any(
            c in text[last.end():comma] for c in "\";:”()"):
        return None
    if not 3 <= len(_WORD.findall(text, last.end(), comma)) <= MAX_RELATIVE:
        return None
    head = sp.before(text, lo, last.start())
    if head is None or head[1] != last.start():
        return None
    lead = text[lo:head[0]]
    if any(c in lead for c in ",;:\"“”") or len(_WORD.findall(lead)) > 8 or \
            any(w.lower() in _LEAD_STOP or w.lower() in sp.verbs for w in _WORD.findall(lead)):
        return None  # "X said Y, who …, told": Y's clause is inside X's speech
    return head[0], comma


def before_source(sp, text: str, lo: int, pos: int) -> tuple[int, int] | None:
    """The mention ending before ``pos`` when it is one of this module's constructions."""
    return before_qualified(sp, text, lo, pos) or before_who(sp, text, lo, pos) or \
        before_unclosed(sp, text, lo, pos) or before_participle(sp, text, lo, pos) or \
        before_time(sp, text, lo, pos)


_CLAUSE_OPENERS = frozenset({"but", "and", "so", "yet", "that"})


def opens_clause(toks: list[tuple[int, int, str]], k: int) -> bool:
    """Whether token ``k`` opens its clause: first, after punctuation, or after a conjunction."""
    return k == 0 or not toks[k - 1][2][0].isalnum() or toks[k - 1][2].lower() in _CLAUSE_OPENERS


_CHAIN_PREPS = frozenset("of in at from for on inside near".split())
_CHAIN_DETS = frozenset("the a an".split())
_OWNERS = frozenset("her his its their our my your".split())


def np_through_prepositions(sp, toks: list[tuple[int, int, str]], j: int) -> int | None:
    """Start of the noun phrase that a name at token ``j`` ends through prepositions, when that
    phrase opens its clause: "Ukrainian fighters at a steelworks in the port of Mariupol", "The
    head of the judiciary in Iran", "Pro-Russian officials in the occupied region of Ukraine"
    (not the place alone). The first chunk ends in a role word; only plain words between: no
    verb, adverb, pronoun or comma ("the EU imposed sanctions on Moscow" is no such phrase)."""
    if j < 2 or toks[j - 1][2].lower() not in _CHAIN_PREPS:
        return None
    k = j - 1
    while k > 0 and j - k <= 14:
        prev = toks[k - 1][2]
        low = prev.lower()
        if not prev[0].isalnum() or low in sp.stop or low in sp.pron or low in sp.verbs or \
                low.endswith("ly") or low in _CLAUSE_OPENERS:
            break
        k -= 1
    # toks[k] opens the phrase: its first chunk runs to the first preposition
    first = next((m for m in range(k, j) if toks[m][2].lower() in _CHAIN_PREPS), j)
    head = toks[first - 1][2].lower() if first > k else ""
    if not head or not opens_clause(toks, k) or not sp.is_role(head) or head in sp.documents:
        return None  # the chunk must end in a role ("fighters", "head", "officials"), not a
        # document ("a statement from the EU" is the EU's: nouns.document_source)
    lead = toks[k][2]
    if first - k > 5 or lead.lower() in _OWNERS or k > 0 and toks[k - 1][2] == "," or not (
            lead.lower() in _CHAIN_DETS or lead[:1].isupper() or lead[:1].isdigit()):
        return None  # "Her comments follow statements from …", "the G-7 leaders put out a …";
        # after a comma an appositive: "Samuel Bendett, an expert on … at CNA" is Bendett
    return toks[k][0]
