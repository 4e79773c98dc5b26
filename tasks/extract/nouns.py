"""Speech reported by a noun, and the source behind a document, for quote extraction.

Reporting nouns carry a quote the way verbs do when their source is written next to them:
``Ukraine's claim that …`` / ``claims by U.S. and British officials that …`` /
``President Zelenskyy's call to …`` / ``the refusal of President Zelensky to …``. A noun with no
source (``the claim that …``) reports nobody and gives no quote.

Documents stand for their author: ``according to a statement from the General Staff`` and
``according to the union's Friday release`` are quotes of the General Staff and of the union.

A denial reports what it denies when its object is a claim or a share in a deed:
``Moscow denies responsibility for the food crisis``, ``Kyiv has denied any involvement``,
(not ``the court denied bail``, ``was denied entry``).

Vocabulary: seeds/extract_words.csv classes ``noun_that`` (nouns taking a that-clause),
``noun_to`` (nouns taking a to-infinitive), ``document`` and ``denied`` (what a denial denies).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tasks.extract.patterns import trie_pattern
from tasks.extract.speaker import SpeakerFinder, Vocab

# the possessive right before a noun, with up to two modifiers: "Ukraine’s repeated "
_POSSESSIVE_BEFORE = re.compile(r"(?:[’']s|s[’'])\s+(?:[a-z][\w\-]*\s+){0,2}$")
_SOURCE_PREP = re.compile(r"\s+(?:from|by|of)\s+")
_DOC_TOKEN = re.compile(r"[^\W_][\w’'.\-]*")


@dataclass(frozen=True)
class NounQuote:
    """A reporting noun with its source: ``start`` is where the reported content begins."""

    noun: str
    start: int
    mention: tuple[int, int]


@lru_cache(maxsize=4)
def _noun_re(that_words: frozenset[str], to_words: frozenset[str]) -> re.Pattern:
    def alt(words: frozenset[str]) -> str:
        return trie_pattern(set(words)) if words else "(?!)"  # lower case: nouns mid-sentence


    # a trie of the lower-case forms first lets ``re`` skip ahead fast (no IGNORECASE, no
    # lookbehind: the word start is checked in noun_matches)
    return re.compile(
        r"(?P<noun>%s)"
        r"(?:\s+(?P<prep>by|from|of)\s+(?P<np>[^,;:!?“”\"«»()\n]{2,90}?))?"
        r"\s+(?P<comp>that|to)\b" % alt(that_words | to_words),
    )


def noun_match_at(text: str, pos: int, vocab: Vocab) -> re.Match | None:
    """The reporting noun starting at ``pos`` with its complement ("claim … that", "call … to")."""
    words = vocab.words
    return _noun_re(words.get("noun_that", frozenset()), words.get("noun_to", frozenset())).match(
        text, pos
    )


def noun_quotes(
    text: str, s: int, matches: list[re.Match], vocab: Vocab, sp: SpeakerFinder
) -> list[NounQuote]:
    """Reporting nouns with a source among ``matches`` (of the sentence starting at ``s``)."""
    out = []
    for m in matches:
        comp = m.group("comp")
        noun = m.group("noun")
        if noun.lower() not in vocab.words.get("noun_" + comp, ()):
            continue  # "claim … to" / "call … that": not this noun's complement
        if comp == "to" and not re.match(r"\s*[a-z]", text[m.end() : m.end() + 3]):
            continue
        noun_start = m.start("noun")
        if m.group("np"):
            if sp.after(text, m.start("np"), m.end("np")) is None:
                continue  # "claims by U.S. and British officials that": a mention opens the phrase
            mention = (m.start("np"), m.end("np"))
        else:
            poss = _POSSESSIVE_BEFORE.search(text, max(s, noun_start - 40), noun_start)
            if poss is None:
                continue
            mention = sp.before(text, s, poss.start())
            if mention is None:
                continue
        start = m.end() if comp == "that" else m.start("comp")
        out.append(NounQuote(noun, start, mention))
    return out


def noun_object(text: str, cs: int, ce: int, vocab: Vocab) -> bool:
    """The object of a verb is a reported claim: ``rejected Ukraine's claim that …``."""
    that_words = vocab.words.get("noun_that", frozenset())
    head = re.match(r"(?:[\w’'\-]+\s+){0,4}?([\w\-]+)\s+that\b", text[cs:min(ce, cs + 80)])
    return bool(head and head.group(1).lower() in that_words)


_WORD = re.compile(r"[\w\-’']+")
# words that end a denial's object before its head ("denied a request for …", "denied him to …")
_OBJECT_ENDS = frozenset({"to", "for", "of", "in", "on", "at", "by", "from", "with", "that", "and",
                          "or", "was", "is", "were", "are", "had", "has"})


def denied_claim(text: str, cs: int, ce: int, vocab: Vocab) -> bool:
    """The object of "deny" is what is denied: a claim or a share in a deed ("the allegations",
    "any involvement in …", "responsibility for …"); a gerund ("denies targeting civilians") is
    a clause already."""
    words = vocab.words.get("denied", frozenset())
    for w in _WORD.findall(text, cs, min(ce, cs + 60))[:3]:
        low = w.lower()
        if low in words:
            return True  # "the allegations", "any involvement in", "all such claims"
        if low in _OBJECT_ENDS:
            return False
    return False


def document_source(
    text: str, mention: tuple[int, int], e: int, vocab: Vocab, sp: SpeakerFinder
) -> tuple[tuple[int, int], int]:
    """``according to <mention>``: when the mention is a document, its author and the end of the
    whole phrase (``a statement from the General Staff`` -> ``the General Staff``;
    ``the union's latest release`` -> ``the union``); otherwise the mention unchanged."""
    docs = vocab.words.get("document", frozenset())
    a, b = mention
    toks = list(_DOC_TOKEN.finditer(text, a, min(e, a + 120)))[:8]
    for i, t in enumerate(toks):
        word = t.group().rstrip(".")  # "according to a new report."
        if word.islower() and word in docs:  # "the Institute for the Study of War" is a name
            prep = _SOURCE_PREP.match(text, t.end(), e)
            if prep:
                src = sp.after(text, prep.end(), e)
                if src is not None:
                    return src, src[1]
            if t.start() >= b and not text[b:t.start()].strip() and \
                    toks[0].group().lower() in ("a", "an", "the"):  # "a new" cut before
                end = t.start() + len(word)  # "report", read as a verb: "a new report"
                return (a, end), end
            return mention, b
        if word.endswith(("’s", "'s")) and len(word) > 2 and t.start() < b:
            for t2 in toks[i + 1 : i + 4]:
                if t2.group().islower() and t2.group() in docs:
                    return (a, t.end() - 2), t2.end()
            return mention, b
    return mention, b
