"""Vocabularies and speaker-mention spotting for quote extraction.

The vocabularies live in ``seeds/reporting_verbs.csv`` (form, lemma, frame) and
``seeds/extract_words.csv`` (word, class). A speaker mention is the noun phrase written next to a
reporting verb: a pronoun ("he"), a name with titles ("Kremlin spokesman Dmitry Peskov"), an
organisation ("Russia's Defense Ministry"), an unnamed source ("local officials"), or a name
with an appositive ("Serhiy Haidai, governor of the region of Luhansk").
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from tasks.contract import SEEDS
from tasks.extract.patterns import (JOINED_PARTICLES, PLACE_ABBREV, VENUE_BEFORE, VENUE_LAST_WORDS,
                                    trie_pattern)
from tasks.extract.sources import (before_relative, before_source, extend_qualified,
                                   np_through_prepositions, opens_clause as _opens_clause)

_TOKEN = re.compile(r"[^\W_](?:[\w’'‘´.\-]*\w)?|[,;:()—–\"“”‘’«»]")
_LAST_WORD = re.compile(r"([A-Za-z]+)\s*$")
_DETS = frozenset({"the", "a", "an", "his", "her", "their", "its", "one", "another", "our"})
_FINITE = frozenset({"is", "was", "were", "are", "has", "have", "had", "will", "would", "did", "does"})
_AGENT = ("ers", "ors", "ists", "ians", "ants", "ents", "ates")
_PREPS = frozenset({"in", "at", "on", "from", "with", "for", "of", "to", "by", "near", "inside"})
# where a role's place is given after it: "officials in the city", "one man outside the block"
_PLACE_PREPS = frozenset({"in", "at", "from", "outside", "near", "inside"})
MAX_NP = 12  # tokens in a speaker noun phrase
MAX_APPOSITIVE = 16  # tokens between the commas of "X, <appositive>, said"
_MEMO_MAX = 100_000  # distinct tokens whose classes are remembered


@dataclass(frozen=True)
class Vocab:
    """Reporting verbs and the word classes used to delimit speaker mentions."""

    verb_re: re.Pattern
    frames: dict[str, str]  # verb form (lower case) -> frame: clause / tell / according / call
    lemmas: dict[str, str]
    words: dict[str, frozenset[str]]  # class -> words (lower case)
    # one pass over an article for verbs and reporting nouns: no lookbehind (so ``re`` can skip
    # ahead on the first letters); the caller checks that a match starts a word
    scan_re: re.Pattern | None = None


@lru_cache(maxsize=1)
def load_vocab() -> Vocab:
    """Read the seed CSVs once and compile the reporting-verb pattern."""
    frames: dict[str, str] = {}
    lemmas: dict[str, str] = {}
    with open(SEEDS / "reporting_verbs.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            form = row["form"].strip().lower()
            if form:
                frames[form] = row["frame"].strip() or "clause"
                lemmas[form] = row["lemma"].strip()
    words: dict[str, set[str]] = {}
    with open(SEEDS / "extract_words.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            words.setdefault(row["class"].strip(), set()).add(row["word"].strip().lower())
    variants = set(frames) | {f[0].upper() + f[1:] for f in frames}
    verb_re = re.compile(r"(?<![\w\-’'])(?:%s)(?![\w\-])" % trie_pattern(variants))
    nouns = words.get("noun_that", set()) | words.get("noun_to", set())
    scan_re = re.compile(r"(?<![\w\-’'])(?:%s)(?![\w\-])" % trie_pattern(variants | nouns))
    return Vocab(verb_re, frames, lemmas, {k: frozenset(v) for k, v in words.items()}, scan_re)


def _tokens(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """(start, end, token) of the tokens in [lo, hi): ``findall`` gives them; each starts at its
    first occurrence after the previous one (an earlier one would have been a token itself)."""
    out = []
    p = lo
    find = text.find
    for tok in _TOKEN.findall(text, lo, hi):
        p = find(tok, p)
        e = p + len(tok)
        out.append((p, e, tok))
        p = e
    return out


def _is_cap(tok: str) -> bool:
    if tok[0].isupper():
        return True
    if tok.startswith(JOINED_PARTICLES) and len(tok) > 3 and tok[tok.index("-") + 1 :][:1].isupper():
        return True  # "al-Shabaab", "el-Sisi"
    return tok[0].isdigit() and len(tok) > 1 and tok[-1].isupper()


def _ly_adverb(tok: str) -> bool:
    """Lower-case -ly adverbs between subject and verb ("actually", "vehemently")."""
    return tok.endswith("ly") and tok.islower() and len(tok) > 4 and tok not in {"only", "early", "family", "ally"}


def _after_and(toks: list[tuple[int, int, str]], start: int) -> bool:  # "Kyiv and its allies"
    return any(k and toks[k - 1][2].lower() in ("and", "or")
               for k, t in enumerate(toks) if t[0] == start)


def _possessive(tok: str) -> bool:
    return tok.endswith(("’s", "'s", "s’", "s'", "‘s", "´s"))  # "Ukraine‘s", "Egypt´s" too


# "Name with/at/from the Organisation says": the name is the speaker
_AFFILIATED = frozenset({"with", "at", "from"})


class SpeakerFinder:
    """Find the speaker mention written before or after a reporting verb."""

    def __init__(self, vocab: Vocab) -> None:
        w = vocab.words
        self.role = w.get("role", frozenset())
        self.mod = w.get("modifier", frozenset())
        self.pron = w.get("pronoun", frozenset())
        self.adverb = w.get("adverb", frozenset())
        self.nonname = w.get("nonname", frozenset())
        self.documents = w.get("document", frozenset())
        self.qualifiers = w.get("qualifier", frozenset()) | w.get("qualifier_side", frozenset())
        self.verbs = frozenset(f for f in vocab.frames if " " not in f)
        self.stop = frozenset(
            {"is", "was", "were", "are", "be", "been", "has", "have", "had", "that", "which", "who",
             "not", "would", "will", "could", "to", "it", "he", "she", "they", "we", "i"}
        )
        self.connect = frozenset({"and", "of", "for", "on", "at", "in", "to", "from", "by", "with"})
        # token -> class, memoised (the classes depend on the token text only)
        self._memo: dict[str, tuple[bool, bool, bool]] = {}

    # -- token classes -------------------------------------------------------------------------
    def _classes(self, tok: str) -> tuple[bool, bool, bool]:
        """(head, noun modifier, inner word) of a token, memoised."""
        got = self._memo.get(tok)
        if got is None:
            if len(self._memo) > _MEMO_MAX:
                self._memo.clear()
            got = self._memo[tok] = (
                self._head_of(tok), self._noun_modifier_of(tok), self._inner_of(tok)
            )
        return got

    def _head(self, tok: str) -> bool:
        return self._classes(tok)[0]

    def _noun_modifier(self, tok: str) -> bool:
        return self._classes(tok)[1]

    def _inner(self, tok: str) -> bool:
        return self._classes(tok)[2]

    def _head_of(self, tok: str) -> bool:
        low = tok.lower()
        if self.is_role(low):
            return True
        if len(low) >= 6 and low.endswith(_AGENT) and low.isalpha():
            return True  # agent nouns outside the list: forecasters, advocates, protesters
        return _is_cap(tok) and low not in self.nonname and low not in _DETS and low not in self.connect

    def _noun_modifier_of(self, tok: str) -> bool:
        low = tok.lower()
        return (tok.isalpha() and tok.islower() and len(tok) > 2 and low not in self.stop
                and low not in self.adverb and low not in self.nonname
                and not low.endswith(("ed", "ing", "ly")))

    def _inner_of(self, tok: str) -> bool:
        low = tok.lower()
        if low in self.mod or self.is_role(low):
            return True
        if len(low) >= 6 and low.endswith(_AGENT) and low.isalpha():
            return True
        if "-" in tok and tok.split("-")[0].lower() in self.mod | {"pro", "anti", "ex", "then"}:
            return True
        return _is_cap(tok) and low not in self.nonname

    # -- mentions ------------------------------------------------------------------------------
    def before(self, text: str, lo: int, pos: int) -> tuple[int, int] | None:
        """Mention ending just before ``pos`` (a verb start), not reaching before ``lo``."""
        got = before_source(self, text, lo, pos)  # "people familiar with …", "X who …", "X, …"
        if got is not None:
            return got
        tail = text[max(lo, pos - 4):pos]
        lead = tail.rstrip()
        for dash in ("--", "—", "–"):
            if lead.endswith(dash):  # "The government in Poland -- another … -- said"
                closing = pos - len(tail) + len(lead) - len(dash)
                k = text.rfind(dash, max(lo, pos - 200), closing)
                return self.before(text, lo, k) if k > lo else None
        last = text[max(lo, pos - 30):pos].rstrip(" ,").rsplit(None, 1)[-1:]
        if last and (last[0].lower() in VENUE_LAST_WORDS or last[0][:1].isupper()):
            # "Tokayev in a televised speech said", "Peskov, in an interview with CNN, said"
            venue = VENUE_BEFORE.search(text, max(lo, pos - 160), pos)
            if venue is not None and venue.start() > lo:
                end = venue.start()
                end = end - 1 if text[end - 1] == "," else end
                verb = _LAST_WORD.search(text, max(lo, end - 30), end)
                if verb is not None and verb.group(1).lower() in self.verbs:
                    end = verb.start(1)  # "the VDD said in a statement, adding": the VDD
                return self.before(text, lo, end)
        toks = _tokens(text, max(lo, pos - 220), pos)
        i = len(toks) - 1
        while i >= 0 and (toks[i][2].lower() in self.adverb or _ly_adverb(toks[i][2])):
            i -= 1
        if i >= 0 and toks[i][2] == "," and i >= 2 and toks[i - 1][2].lower() in {"however", "too"}:
            i -= 2
            if toks[i][2] == ",":
                i -= 1
        if i < 0:
            return None
        if toks[i][2] == ",":  # "X, <appositive>, said"; a long "X, who …, said" (sources.py)
            return self._appositive(toks, i) or before_relative(self, text, lo, pos)
        return self._np_back(toks, i) or self._det_phrase(toks, i, lo)

    def _det_phrase(self, toks: list[tuple[int, int, str]], i: int, lo: int) -> tuple[int, int] | None:
        """Fallback for descriptions outside the role list: "the rookie defenceman", "a spokesperson
        for the camp" when the phrase starts right after punctuation or the clause start."""
        j = i
        while j >= 0 and i - j < 8:
            tok = toks[j][2]
            low = tok.lower()
            if not tok[0].isalnum() or low in self.stop or low.endswith(("n’t", "n't", "ly")):
                return None
            if tok.lower() in _DETS:
                prev = toks[j - 1][2] if j > 0 else ""
                if j == 0 and toks[0][0] - lo > 3:
                    return None
                if j == 0 or not prev[0].isalnum() or prev.lower() in {"and", "but", "while", "as"}:
                    return (toks[j][0], toks[i][1]) if j < i else None
                if prev.lower() in {"of", "for", "with"} and j >= 2 and i - j < 5:
                    j -= 2  # "another member of the public": go on past "of the"
                    continue
                if prev.lower() in _PLACE_PREPS and j >= 2 and i - j < 5:
                    start = self._role_at(toks, j - 2)
                    if start is not None:  # "officials in the devastated city say"
                        return start, toks[i][1]
                return None
            j -= 1
        return None

    def is_role(self, low: str) -> bool:
        """A lower-cased role word or its plural ("spokesman", "officials")."""
        return low in self.role or (low.endswith("s") and low[:-1] in self.role)

    def _role_at(self, toks: list[tuple[int, int, str]], k: int) -> int | None:
        """Start of a role noun phrase ending at token ``k`` that opens its clause: "the/a …
        <role>" or a bare plural role ("officials"); None otherwise."""
        low = toks[k][2].lower()
        if not self.is_role(low):
            return None
        start = self._role_back(toks, k)
        if start is None and low.endswith("s") and _opens_clause(toks, k):
            start = toks[k][0]
        return start

    def _np_back(self, toks: list[tuple[int, int, str]], i: int) -> tuple[int, int] | None:
        end = toks[i][1]
        if toks[i][2] == ")" and i >= 2 and toks[i - 2][2] == "(" and i >= 3:
            got = self._np_back(toks, i - 3)  # "The Institute for the Study of War (ISW)"
            return (got[0], end) if got else None
        tok = toks[i][2]
        if tok.lower() in self.pron:
            return toks[i][0], toks[i][1]
        if _possessive(tok) or not self._head(tok):
            return None
        if tok.islower() and (start := self._role_back(toks, i)) is not None and \
                not _after_and(toks, start):
            return start, end  # "the retired general warned" (not "Kyiv and its allies")
        j = i
        if j - 1 >= 0 and self._noun_modifier(toks[j - 1][2]) and not self._inner(toks[j - 1][2]):
            j -= 1  # one common-noun modifier: "refugee advocates", "union leaders"
        while j - 1 >= 0 and i - j < MAX_NP:
            prev = toks[j - 1][2]
            if prev.lower() in self.pron:
                break
            if not self._inner(prev):
                # "Fraser Valley political scientist Hamish Telford": a modifier of a role word
                if not (self._noun_modifier(prev) and toks[j][2].lower() in self.role
                        and j - 2 >= 0 and _is_cap(toks[j - 2][2])):
                    break
            j -= 1
        while j < i and toks[j][2].lower() in self.connect:
            j += 1
        if j > 0 and _possessive(toks[j - 1][2]) and toks[j - 1][2][:1].islower() and toks[j][2].islower():
            if (owner := self._owner_back(toks, j - 1)) is not None:
                return owner, toks[i][1]  # "The president's office", "the secretary of state's …"
        if j > 0 and toks[j - 1][2].lower() in _PREPS:
            rel = self._before_relative(toks, j - 1)
            if rel is not None:
                return rel  # "An official … who was present in court told": not "court"
        if j >= 3 and toks[j - 1][2].lower() == "of" and toks[j - 2][2].islower():
            role = self._role_back(toks, j - 2)
            if role is not None:  # "The former sergeant-at-arms of the House of Commons said"
                return role, toks[i][1]
        if (head := np_through_prepositions(self, toks, j)) is not None:
            return head, toks[i][1]  # "Ukrainian fighters at a steelworks in … Mariupol"
        if j >= 3 and toks[j - 1][2].lower() in _AFFILIATED:
            name = self._name_back(toks, j - 2)
            if name is not None:
                return name  # "Tim Guest with the Health Authority says": the person
        return toks[j][0], toks[i][1]

    def _owner_back(self, toks: list[tuple[int, int, str]], k: int) -> int | None:
        """Start of "the <owner>'s" ending at token ``k`` (a lower-case possessive) that opens
        its clause: "The president's", "the secretary of state's"; None otherwise."""
        for m in range(k - 1, max(-1, k - 5), -1):
            low = toks[m][2].lower()
            if low in _DETS:
                return toks[m][0] if _opens_clause(toks, m) else None
            if not (low.isalpha() and low.islower()) or low in self.stop:
                return None
        return None

    def _role_back(self, toks: list[tuple[int, int, str]], i: int) -> int | None:
        """Start of "the/a [modifiers] <role>" ending at token ``i`` (a role word) that opens
        its clause, or None."""
        low = toks[i][2].lower()
        if not self.is_role(low) and "-" not in low:
            return None
        for k in range(i - 1, max(-1, i - 4), -1):
            tok = toks[k][2]
            if tok.lower() in _DETS or tok.lower() in {"a", "an"}:
                return toks[k][0] if _opens_clause(toks, k) else None
            if not tok.islower() or tok.lower() in self.stop or tok.lower() in self.connect:
                return None
        return None

    def _name_back(self, toks: list[tuple[int, int, str]], i: int) -> tuple[int, int] | None:
        """A name of two or more capitalised words ending at token ``i`` that opens its clause."""
        k = i
        while k >= 0 and _is_cap(toks[k][2]) and not _possessive(toks[k][2]) and \
                toks[k][2].lower() not in self.nonname and toks[k][2].lower() not in _DETS:
            k -= 1
        if i - k < 2 or not _opens_clause(toks, k + 1):
            return None
        return toks[k + 1][0], toks[i][1]

    def _before_relative(self, toks: list[tuple[int, int, str]], i: int) -> tuple[int, int] | None:
        """The noun phrase before "who/that" when a mention turned out to sit in a relative
        clause ("An official with the agency who was present in court told …")."""
        for k in range(i, max(-1, i - 12), -1):
            low = toks[k][2].lower()
            if low in {"who", "which", "that"}:
                if k == 0:
                    return None
                np = self._det_phrase(toks, k - 1, toks[0][0]) or self._np_back(toks, k - 1)
                if np is None:
                    return None
                return np[0], toks[k - 1][1]
            if not toks[k][2][0].isalnum():
                return None
        return None

    def _appositive(self, toks: list[tuple[int, int, str]], i: int) -> tuple[int, int] | None:
        """"Name, <appositive>[, <more>], said": the mention runs from the name to the last comma."""
        commas = []
        k = i - 1
        while k >= 0 and i - k <= MAX_APPOSITIVE * 2 and len(commas) < 3:
            tok = toks[k][2]
            if tok in {";", ":"} or tok in "\"“”«»":
                break
            if tok == ",":
                commas.append(k)
            k -= 1
        for n, k in enumerate(commas):
            if k < 1 or i - k < 2:
                continue
            if toks[k + 1][2].lower() in {"and", "or"}:
                continue  # "X, a mechanic in Kansas City, Mo., and an organizer, said"
            inside = [t[2].lower() for t in toks[k + 1 : i] if t[2] != ","]
            relative = any(w in {"who", "which", "whose", "whom", "where"} for w in inside)
            if not relative and any(w in _FINITE for w in inside):
                continue
            if any(w in self.verbs and inside[x - 1] not in _DETS for x, w in enumerate(inside) if x):
                continue  # "X, an adviser, denied involvement, saying": a predicate, not an appositive
            if inside and inside[0] in self.verbs:
                continue
            if n == 0 and 1 <= len(inside) <= 4 and all(
                    _is_cap(t[2]) and not PLACE_ABBREV.fullmatch(t[2]) for t in toks[k + 1 : i]):
                desc = self._description_back(toks, k - 1)
                if desc is not None:
                    return desc, toks[i - 1][1]  # "the director of operations for EHS, Jeff Fraser, says"
            if toks[k - 1][2].lower() in self.pron:
                continue
            np = self._np_back(toks, k - 1)
            if np is None and n == 0:
                np = self._det_phrase(toks, k - 1, toks[0][0])  # "a citizen, whose name …, wrote"
            if np is None or (n > 0 and not _is_cap(toks[k - 1][2])):
                continue
            j = next(x for x in range(k) if toks[x][0] == np[0])
            if j > 0 and toks[j - 1][2] == "," and toks[j][2].lower() in self.role and n + 1 < len(commas):
                continue  # "Bains, Minister of Innovation, Science and …, said": the name is further left
            if j > 0 and toks[j - 1][2][0].isalnum() and toks[j - 1][2].lower() not in {"but", "yet", "so", "that"}:
                continue  # the phrase continues to the left: not the subject of the verb
            return np[0], toks[i - 1][1]
        return None

    def _description_back(self, toks: list[tuple[int, int, str]], i: int) -> int | None:
        """Start of a description ending at token ``i`` that opens its clause and names a role:
        "the director of provincial operations for EHS" / "Schellenberg’s aunt"."""
        j = i
        while j - 1 >= 0 and i - j < 9:
            prev = toks[j - 1][2]
            if not prev[0].isalnum() or prev.lower() in {"but", "and", "yet", "so", "that"}:
                break
            if (prev.lower() in self.stop and prev.lower() != "to") or prev.lower() in self.verbs:
                return None
            j -= 1
        words = [t[2] for t in toks[j : i + 1]]
        role = any(
            self.is_role(w.lower()) or (len(w) > 5 and w.lower().endswith(_AGENT)) for w in words
        )
        family = any(_possessive(w) for w in words[:-1]) and words[-1].islower()
        if not (role or family) or (words[0].lower() not in _DETS and not _possessive(words[0])
                                    and not _is_cap(words[0])):
            return None
        return toks[j][0]

    def after(self, text: str, pos: int, hi: int) -> tuple[int, int] | None:
        """Mention starting just after ``pos`` (a verb end): ``said Kremlin spokesman Peskov``,
        with its qualifier: ``according to a person familiar with the talks``."""
        return extend_qualified(self, text, self._after(text, pos, hi), hi)

    def _after(self, text: str, pos: int, hi: int) -> tuple[int, int] | None:
        toks = _tokens(text, pos, min(hi, pos + 250))
        if not toks:
            return None
        if toks[0][2].lower() in self.pron:
            return toks[0][0], toks[0][1]
        j = 0
        last = -1
        while j < len(toks) and j < MAX_NP:
            tok = toks[j][2]
            if not self._inner(tok):
                # "says Cambridge cartoonist Andre Campbell": a common noun before a name
                if not (j > 0 and self._noun_modifier(tok) and j + 1 < len(toks)
                        and _is_cap(toks[j + 1][2]) and toks[j + 1][2].lower() not in self.nonname):
                    k = self._compound_role(toks, j)
                    if k is None:
                        break
                    j = k  # "media buying company GroupM": the compound up to the role
                    continue
            elif tok.lower() in self.pron:
                break
            if self._head(tok):
                last = j
            j += 1
        if last < 0:
            return self._det_forward(toks)
        if toks[0][2].lower() in self.connect:
            return None
        return toks[0][0], toks[last][1]

    def _compound_role(self, toks: list[tuple[int, int, str]], j: int) -> int | None:
        """Index of the role noun ending a lower-case compound that starts at ``j`` and is
        followed by a name ("media buying company GroupM", "cloud hosting firm Acme"): at most
        two modifiers (a gerund may be one), then a role word, then a capitalised word."""
        for k in range(j, min(j + 3, len(toks) - 1)):
            tok = toks[k][2]
            low = tok.lower()
            if low in self.role and k > j:
                nxt = toks[k + 1][2]
                ok = _is_cap(nxt) and nxt.lower() not in self.nonname and not _possessive(nxt)
                return k if ok else None
            if not (tok.isalpha() and tok.islower() and len(tok) > 2 and low not in self.stop
                    and low not in self.connect and low not in self.adverb
                    and low not in self.nonname and low not in self.verbs):
                return None
        return None

    def after_loose(self, text: str, pos: int, hi: int) -> tuple[int, int] | None:
        """``"…," said oil and gas worker Mike Wipf``: every word up to punctuation (<= 10)."""
        toks = _tokens(text, pos, min(hi, pos + 160))
        j = 0
        while j < len(toks) and j < 10 and toks[j][2][0].isalnum():
            if toks[j][2].lower() in self.stop:
                return None
            j += 1
        if j == 0 or (j < len(toks) and toks[j][2][0].isalnum()):
            return None
        return toks[0][0], toks[j - 1][1]

    def _det_forward(self, toks: list[tuple[int, int, str]]) -> tuple[int, int] | None:
        """"said the rookie defenceman, …": a determiner phrase up to punctuation."""
        if toks[0][2].lower() not in _DETS:
            return None
        j = 1
        while j < len(toks) and j < 8 and toks[j][2][0].isalnum():
            low = toks[j][2].lower()
            if low in self.stop or low in self.connect and low not in {"of", "for"}:
                break
            if low in self.verbs or (low.endswith("ed") and len(low) > 4):
                break
            j += 1
        return (toks[0][0], toks[j - 1][1]) if j > 1 else None
