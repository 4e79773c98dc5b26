"""Sources with what qualifies them: "people familiar with the matter", "a source close to the
minister", "two officials with knowledge of the talks", "a diplomat briefed on the call", and a
restrictive relative clause before the verb ("Officials who spoke on condition of anonymity
said", "Two Ukrainian families who escaped the war have said": the mention is the noun phrase
before "who"; the clause had hidden the subject, and no quote was found).

The qualifier belongs to the speaker mention: without it "a source close to the OPCW told" had
the OPCW as its speaker and "Officials close to the talks say" gave no quote. The head before
the qualifier must be a role word ("source", "people", "official", "diplomat": ``role`` in
``seeds/extract_words.csv``); the qualifiers are the class ``qualifier`` of the same file. The
object of the qualifier is a short noun phrase: at most ``MAX_OBJECT`` words, no verb, no
punctuation but a possessive or an abbreviation's period.
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
    if not _object_words(sp, [w.group() for w in found]) or re.search(r"[,;:“”\"()—–]", tail):
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
    if not 2 <= len(clause) <= 10 or re.search(r"[,;:“”\"()—–]", text[last.end():pos]) or \
            any(w in _WHO_STOP for w in clause) or clause[-1] in _NOT_FINITE_BEFORE or \
            all(w.endswith("ly") for w in clause[1:]):
        return None  # "who openly call for": the clause's own verb; "who … are to blame"
    head = sp.before(text, lo, last.start())
    if head is None or head[1] != last.start() or not _OPENS.fullmatch(text, lo, head[0]):
        return None  # the subject must open the sentence: "X said voters who … say" is X's
    word = text[head[0]:head[1]].rsplit(None, 1)[-1]
    return head if sp._head(word) else None
