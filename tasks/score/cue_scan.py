"""Regex families of stance cues and the single pass that finds them all in a quote.

A :class:`Family` is a set of regex fragments (one seed vocabulary, see
:mod:`tasks.score.cues`) compiled into one alternation per possible first letter.
:func:`scan` finds the matches of several families in one pass over a quote: only the words
where some fragment can start reach Python, picked by one C-level regex over the lower-cased
quote (:func:`prefix_filter`, the fragments' literal prefixes such as "the enemy"; else
:func:`key_regex`, the first three letters of a word), and each such word tries only the
fragments keyed by its first letters (:func:`word_keys`). The result equals matching each
family alone (tested).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache


class SeedError(ValueError):
    """A seed file is missing or malformed (the message names file and row)."""


WORD = re.compile(r"\w+")


@dataclass(frozen=True, eq=False)  # hashed by identity (scan table cache)
class Family:
    """A family of fragments, compiled into one alternation per possible first letter.

    ``finditer`` tries a match only at word starts, with the (small) alternation of the fragments
    that can start with that letter: a Python alternation of ~100 fragments tried at every
    character is 10-50x slower. Group ``i`` of a bucket's regex maps to ``items[i - 1]``.
    ``fragments`` keeps ``(fragment, item, keys, first_chars)`` in match order for :func:`scan`.
    """

    buckets: dict[str, tuple[re.Pattern[str], tuple]]
    default: tuple[re.Pattern[str], tuple] | None = None  # fragments of unknown first letter
    fragments: tuple = ()

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        """Yield ``(match, item)`` for every non-overlapping match in ``text[pos:endpos]``."""
        if not self.buckets and self.default is None:
            return
        end = len(text) if endpos is None else endpos
        get, default, last = self.buckets.get, self.default, -1
        for w in WORD.finditer(text, pos, end):
            i = w.start()
            if i < last:
                continue
            bucket = get(text[i].lower(), default)
            if bucket is None:
                continue
            m = bucket[0].match(text, i, end)
            if m:
                last = m.end()
                yield m, bucket[1][m.lastindex - 1]


def _entries(families: tuple[Family, ...], keep) -> tuple:
    """``((family index, match, items), ...)`` of the fragments ``keep(keys, firsts)`` accepts,
    in each family's match order (one compiled alternation per family)."""
    entries = []
    for k, f in enumerate(families):
        chosen = [(frag, item) for frag, item, keys, firsts in f.fragments if keep(keys, firsts)]
        if chosen:
            pattern = _compile([frag for frag, _ in chosen], "scan")
            entries.append((k, pattern.match, tuple(item for _, item in chosen)))
    return tuple(entries)


@lru_cache(maxsize=8)
def _scan_table(families: tuple[Family, ...]) -> tuple[dict, dict, tuple, tuple | None]:
    """Alternations keyed by a word's first (up to) KEY_CHARS lower-cased characters.

    ``(by_key, by_letter, default, keyed)``: ``by_key[key]`` holds the fragments that can start with
    ``key`` plus those whose start is unknown; ``by_letter`` and ``default`` hold only the latter
    (for words whose key no fragment names). A word's key picks a handful of candidate fragments,
    so most words of a quote cost one dict lookup and no regex. ``keyed`` (when every fragment
    is keyed) is ``(prefix_filter(all fragments), key_regex(all keys))``, both run over the
    lower-cased text."""
    all_keys = {key for f in families for _, _, keys, _ in f.fragments if keys for key in keys}

    def unknown_for(letter):
        return lambda keys, firsts: keys is None and (firsts is None or letter in firsts)

    by_key = {}
    for key in all_keys:
        by_key[key] = _entries(
            families,
            lambda keys, firsts, key=key: (key in keys) if keys is not None
            else (firsts is None or key[0] in firsts),
        )
    letters = {c.lower() for f in families for _, _, keys, firsts in f.fragments
               if keys is None and firsts for c in firsts}
    by_letter = {c: _entries(families, unknown_for(c)) for c in letters}
    default = _entries(families, lambda keys, firsts: keys is None and firsts is None)
    keyed = None
    if not by_letter and not default:
        fragments = [frag for f in families for frag, *_ in f.fragments]
        keyed = (prefix_filter(fragments), key_regex(all_keys))
    return by_key, by_letter, default, keyed


PREFIX_ATOMS = 10  # prefix_filter: regex atoms (characters or classes) enumerated per fragment
_MAX_PREFIXES = 300


def _class_atom(items) -> str | None:
    """Source of a character class with the same parse as ``items`` (LITERAL/RANGE only)."""
    parts = []
    for o, a in items:
        if str(o) == "LITERAL":
            parts.append(re.escape(chr(a)))
        elif str(o) == "RANGE":
            parts.append(f"{re.escape(chr(a[0]))}-{re.escape(chr(a[1]))}")
        else:
            return None
    atom = f"[{''.join(parts)}]"
    try:
        same = list(re._parser.parse(atom)) == [(re._parser.IN, list(items))]  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - an unusual class only ends the prefix
        return None
    return atom if same else None


def _prefix_states(items, states: set[tuple[tuple[str, ...], bool]]) -> set:
    """Extend ``(atoms, done)`` states over a parsed regex sequence (see :func:`prefix_filter`):
    literals and simple classes extend a prefix, zero-width assertions are skipped (a weaker
    condition), anything else (repeats, categories, groups with flags) ends it."""
    def stop(st):
        return {(p, True) for p, _ in st}

    for op, av in items:
        if all(done for _, done in states):
            return states
        name = str(op)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        if name == "BRANCH":
            new: set = set()
            for alt in av[1]:
                new |= _prefix_states(list(alt), states)
            if len(new) > _MAX_PREFIXES:
                return stop(states)
            states = new
            continue
        if name == "SUBPATTERN":
            if av[1] or av[2]:  # inline flags
                return stop(states)
            new = _prefix_states(list(av[-1]), states)
            if len(new) > _MAX_PREFIXES:
                return stop(states)
            states = new
            continue
        if name == "LITERAL":
            atom = re.escape(chr(av))
        elif name == "IN":
            atom = _class_atom(av)
            if atom is None:
                return stop(states)
        else:
            return stop(states)
        states = {
            (p, True) if done else (p + (atom,), len(p) + 1 >= PREFIX_ATOMS)
            for p, done in states
        }
    return states


def _lower_atom(atom: str) -> str | None:
    """``atom`` (a literal or class) for LOWER-CASED text without IGNORECASE: the lower-cased
    ASCII characters it matches case-insensitively plus its own caseless non-ASCII characters
    (curly apostrophes). None when that is not exact: a cased non-ASCII member, or an ASCII
    match set not closed under case."""
    rx = re.compile(atom, re.IGNORECASE)
    ascii_hits = {chr(y) for y in range(128) if rx.fullmatch(chr(y))}
    if any(c.lower() not in ascii_hits or c.upper() not in ascii_hits for c in ascii_hits):
        return None
    try:
        parsed = list(re._parser.parse(atom))  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001
        return None
    op, av = parsed[0]
    members = [av] if str(op) == "LITERAL" else [a for o, a in av if str(o) == "LITERAL"]
    if str(op) == "IN" and any(str(o) == "RANGE" and a[1] >= 128 for o, a in av):
        return None
    extra = {chr(c) for c in members if c >= 128}
    if any(not (c.lower() == c == c.upper()) for c in extra):
        return None
    chars = sorted({c.lower() for c in ascii_hits} | extra)
    if not chars:
        return None
    return re.escape(chars[0]) if len(chars) == 1 else "[" + "".join(map(re.escape, chars)) + "]"


def prefix_filter(fragments) -> re.Pattern[str] | None:
    """One regex over the LOWER-CASED text (of a quote whose non-ASCII characters are all
    caseless, see :func:`caseless`) whose ``finditer`` yields every word start where one of
    ``fragments`` can match, as the word's first (up to) KEY_CHARS characters.

    A fragment's case-insensitive match must begin with one of its enumerated literal prefixes
    (up to PREFIX_ATOMS characters or classes, e.g. "the enemy", "to continue"), tested in a
    lookahead: a word like "the" or "to" is a candidate only when the words after it can start
    a cue. None when some fragment has no prefix or an atom has no exact lower-case form."""
    trie: dict = {}
    lowered: dict[str, str | None] = {}
    for frag in fragments:
        try:
            parsed = list(re._parser.parse(frag))  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001
            return None
        for atoms, _ in _prefix_states(parsed, {((), False)}):
            if not atoms:
                return None
            node = trie
            for atom in atoms:
                if atom not in lowered:
                    lowered[atom] = _lower_atom(atom)
                if lowered[atom] is None:
                    return None
                node = node.setdefault(lowered[atom], {})
            node[None] = {}
    if not trie:
        return None

    def alternation(node: dict) -> str:
        if None in node:
            return ""  # a prefix ends here: the longer ones add nothing
        alts = [atom + alternation(sub) for atom, sub in sorted(node.items())]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return re.compile(rf"\b(?={alternation(trie)})\w{{1,{KEY_CHARS}}}")


def key_regex(keys) -> re.Pattern[str]:
    """One regex (a trie of the keys) whose ``finditer`` over lower-cased text yields exactly
    the word starts whose key (see :func:`word_keys`) is one of ``keys``, with ``group()`` the
    key: ``[(m.start(), m.group()) for m in WORD_KEY.finditer(low) if m.group() in keys]``
    without a Python step per word. A key shorter than KEY_CHARS is a whole word."""
    trie: dict = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def alternation(node: dict, depth: int) -> str:
        alts = [
            re.escape(ch) + (alternation(sub, depth + 1) if depth + 1 < KEY_CHARS else "")
            for ch, sub in sorted(node.items())
            if ch
        ]
        if "" in node and depth < KEY_CHARS:
            alts.append(r"(?!\w)")  # the word ends: a short key
        if not alts:
            return ""
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return re.compile(r"\b" + alternation(trie, 0) if keys else r"(?!x)x")


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def caseless(text: str) -> bool:
    """True when every non-ASCII character of ``text`` has no case (’, “, —, €): lower-casing
    then changes only ASCII letters, and :func:`prefix_filter` is exact on it."""
    if text.isascii():
        return True
    rest = "".join(_NON_ASCII.findall(text))
    return rest == rest.lower() == rest.upper()


def scan(families: tuple[Family, ...], text: str) -> list[list[tuple[re.Match[str], object]]]:
    """``[list(f.finditer(text)) for f in families]`` in a single pass over the words."""
    by_key, by_letter, default, keyed = _scan_table(families)
    out: list[list] = [[] for _ in families]
    lasts = [-1] * len(families)
    end = len(text)
    for i, entries in _candidates(text, by_key, by_letter, default, keyed):
        for k, match, items in entries:
            if i < lasts[k]:
                continue
            m = match(text, i, end)
            if m:
                lasts[k] = m.end()
                out[k].append((m, items[m.lastindex - 1]))
    return out


def _candidates(text: str, by_key: dict, by_letter: dict, default: tuple, keyed) -> Iterator:
    """``(start, entries)`` for every word of ``text`` where a cue may start, in text order."""
    low = text.lower()
    get = by_key.get
    if keyed is not None and len(low) == len(text):
        # every fragment is keyed: the candidate word starts come from one C-level regex (the
        # fragments' literal prefixes, else the trie of keys over the lower-cased text); only
        # those words reach Python
        prefix, keys = keyed
        rx = prefix if prefix is not None and caseless(text) else keys
        for w in rx.finditer(low):
            entries = get(low[w.start() : w.end()])
            if entries is not None:
                yield w.start(), entries
        return
    # some fragment is unkeyed (or lower-casing changed the length): every word's key
    get_letter = by_letter.get
    same_length = len(low) == len(text)
    for w in WORD.finditer(text):
        i = w.start()
        stop = min(w.end(), i + KEY_CHARS)
        key = low[i:stop] if same_length else text[i:stop].lower()
        entries = get(key)
        if entries is None:
            if keyed is not None:
                continue
            entries = get_letter(key[0], default)
        yield i, entries


def _first_chars(items) -> set[str] | None:
    """Lower-cased characters a parsed regex can start with (None when unknown)."""
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            return {chr(av).lower(), chr(av).upper()}
        if name == "IN":
            chars = set()
            for o, a in av:
                if str(o) != "LITERAL":
                    return None
                chars |= {chr(a).lower(), chr(a).upper()}
            return chars
        if name == "SUBPATTERN":
            return _first_chars(list(av[-1]))
        if name == "BRANCH":
            out: set[str] = set()
            for alt in av[1]:
                sub = _first_chars(list(alt))
                if sub is None:
                    return None
                out |= sub
            return out
        return None
    return None


KEY_CHARS = 3  # scan keys: the first (up to) 3 lower-cased characters of a word
WORD_KEY = re.compile(rf"\b\w{{1,{KEY_CHARS}}}")  # a word's key (on lower-cased text)
_WORDCHAR = re.compile(r"\w")
_MAX_KEYS = 400


class _Unknown(Exception):
    """A regex construct whose possible starts are not enumerated."""


def _starts(items, states: set[tuple[str, bool]]) -> set[tuple[str, bool]]:
    """Extend ``(prefix, done)`` states over a parsed regex sequence (see :func:`word_keys`)."""
    for op, av in items:
        if all(done for _, done in states):
            return states
        name = str(op)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # zero width: only narrows the match
        if name in ("LITERAL", "IN"):
            if name == "LITERAL":
                chars = {chr(av)}
            else:
                chars = set()
                for o, a in av:
                    if str(o) == "LITERAL":
                        chars.add(chr(a))
                    elif str(o) == "RANGE" and a[1] - a[0] < 30:
                        chars |= {chr(c) for c in range(a[0], a[1] + 1)}
                    else:
                        raise _Unknown
            new = set()
            for prefix, done in states:
                if done:
                    new.add((prefix, done))
                    continue
                for ch in chars:
                    if _WORDCHAR.match(ch):
                        p = prefix + ch.lower()
                        new.add((p, len(p) >= KEY_CHARS))
                    else:
                        new.add((prefix, True))  # the word ends here
            states = new
        elif name == "BRANCH":
            states = set().union(*(_starts(list(alt), states) for alt in av[1]))
        elif name == "SUBPATTERN":
            states = _starts(list(av[-1]), states)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            lo, hi, sub = av
            out, cur = set(), states
            for n in range(0, min(hi, lo + KEY_CHARS) + 1):
                if n >= lo:
                    out |= cur
                cur = _starts(list(sub), cur)
            states = out
        else:
            raise _Unknown
        if len(states) > _MAX_KEYS:
            raise _Unknown
    return states


def word_keys(fragment: str) -> frozenset[str] | None:
    """Every lower-cased start (first ``KEY_CHARS`` word characters, fewer when the word ends
    sooner) of a word where ``fragment`` can match; None when that cannot be enumerated.

    A match of ``fragment`` at a word start ``i`` implies ``text[i:min(word end, i + 3)].lower()``
    is one of these keys, so :func:`scan` tries only the fragments keyed by each word."""
    try:
        states = _starts(list(re._parser.parse(fragment)), {("", False)})  # type: ignore[attr-defined]
    except _Unknown:
        return None
    except Exception:  # noqa: BLE001 - an unusual pattern only disables the key filter
        return None
    keys = frozenset(prefix for prefix, _ in states)
    return None if "" in keys or not keys else keys


def first_chars(fragment: str) -> set[str] | None:
    """Characters (both cases) that ``fragment`` can start with; None when unknown."""
    try:
        return _first_chars(list(re._parser.parse(fragment)))  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - an unusual pattern only disables the prefilter
        return None


def _compile(fragments: list[str], source: str) -> re.Pattern[str] | None:
    """One case-insensitive alternation ``\\b(?:(f1)|(f2)|...)\\b``; longest fragments first."""
    if not fragments:
        return None
    for frag in fragments:
        try:
            groups = re.compile(frag).groups
        except re.error as exc:
            raise SeedError(f"{source}: bad regex {frag!r}: {exc}") from exc
        if groups:
            raise SeedError(f"{source}: use (?:...) not (...) in {frag!r}")
    alternation = "|".join(f"({frag})" for frag in fragments)
    # used with .match at word starts only (see Family.finditer)
    return re.compile(rf"(?:{alternation})(?!\w|['’]t\b)", re.IGNORECASE)  # not "won't"
