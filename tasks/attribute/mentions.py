"""A speaker mention cleaned before it is resolved: what the extraction's noun phrase carried
that is no part of the speaker.

- a stray date word before a description: "November the company" -> "the company";
- a nested report: "Stoltenberg said NATO condemns …" gives the "condemns" quote the mention
  "Stoltenberg said NATO", whose speaker is NATO; "Another added" (the verb last) is "Another".
  Only finite forms that are never nouns count (lower case, so a name such as "Said" is kept;
  "the report", "U.N. estimates" are documents), and never right after a determiner;
- a possessive written apart from its owner (some outlets' texts: "Ukraine 's president",
  "Russia ’s defence ministry"): the owner is joined to the description the extraction found;
- a lost paragraph break (a run of spaces) inside the mention: a photo caption's credit ran into
  the next sentence's subject ("Kai Pfaffenbach/Reuters   Grant Shapps"): the words after it;
- a relative clause set off by a comma: "NATO member Turkey, which has good ties with both
  Moscow and Kyiv" is Turkey, "Residents of Rubtsy, which has …" the residents.
"""

from __future__ import annotations

import re

from tasks.attribute.actors import RoleWords
from tasks.attribute.coref import _CAP, DETERMINERS, PREPOSITIONS

# finite reporting verbs that are no nouns
REPORT_VERBS = frozenset("""said says told tells added adds wrote writes stated noted insisted
argued warned explained recalled confirmed announced demanded""".split())
_NOT_SUBJECT = DETERMINERS | {"and", "but", "or", "then", "also", "later"}  # "…attack and said"
_ADJUNCT = PREPOSITIONS | {"as", "ahead", "after", "before", "during", "while", "when", "that",
                           "about", "by", "over", "this", "last", "earlier", "later"}
_SPACED_POSSESSIVE = re.compile(r"((?:[A-Z][\w\-]*[ \t]+){0,2}[A-Z][\w\-]*)[ \t]+['’]s[ \t]+$")
_OWNER_LEADS = frozenset("the then but and so now as while when after".split())
_RELATIVE = re.compile(r",\s+(?:which|who|whose)\s")


def clean_mention(mention: str, pos: int, rw: RoleWords) -> tuple[str, int]:
    """(mention, position) without a stray lead word, a relative clause or the report around it."""
    whole = mention
    clause = _RELATIVE.search(mention)
    if clause is not None:
        mention = mention[:clause.start()]
    words = mention.split()
    lead = 0
    while lead < len(words) - 2 and words[lead].lower() in rw.function and \
            words[lead + 1].lower() in DETERMINERS:
        lead += 1  # "November the company": a stray date word before the description
    for k in range(len(words) - 1, lead, -1):
        if words[k] in REPORT_VERBS and words[k - 1].lower() not in _NOT_SUBJECT:
            if k < len(words) - 1 and words[k + 1].lower() not in _ADJUNCT:
                lead = k + 1  # "Stoltenberg said NATO" -> NATO
            else:
                words = words[:k]  # "Another added", "the official said in" -> the official
            break
    if lead:
        pos += len(" ".join(words[:lead])) + 1
    if lead or len(words) < len(whole.split()):
        return " ".join(words[lead:]), pos
    return whole, pos


def spaced_possessive(text: str, mention: str, pos: int) -> tuple[str, int]:
    """(mention, position) with the owner of a possessive written apart joined to a description
    ("Ukraine 's president" -> "Ukraine's president"); else as given."""
    if not mention[:1].islower():
        return mention, pos
    m = _SPACED_POSSESSIVE.search(text, max(0, pos - 60), pos)
    if m is None:
        return mention, pos
    owner, start = m.group(1), m.start(1)
    first = owner.split()[0]
    if first.lower() in _OWNER_LEADS and " " in owner:  # "Then Ukraine 's president"
        rest = owner[len(first):].lstrip()
        owner, start = rest, start + len(owner) - len(rest)
    return f"{owner}'s {mention}", start


_BREAK = re.compile(r"[ \t]{2,}|\n")


def after_break(mention: str, pos: int) -> tuple[str, int]:
    """(mention, position) from after the last lost paragraph break inside it, if any."""
    last = None
    for last in _BREAK.finditer(mention):
        pass
    if last is None or not mention[last.end():].strip():
        return mention, pos
    return mention[last.end():], pos + last.end()


PARTY_TAG = re.compile(r"^[DRI]-[A-Z][a-z]+\.?(?:,|$)")
HONORIFICS = frozenset({"Mr", "Ms", "Mrs", "Dr", "Mme", "Sen", "Rep", "Gen", "Lt", "Col", "Sgt"})
NAME_BEFORE = re.compile(rf"({_CAP}(?:[ \t]+{_CAP})+)(?:[ \t]+\([^)]*\))?,?[ \t]*$")
_NAME_AFTER = re.compile(rf"\.?[ \t]+({_CAP}(?:[ \t]+{_CAP})*)")


def adjacent_name(text: str, pos: int, mention: str) -> str:
    """The name written just before a party tag ("Sen. Debbie Stabenow, D-Mich.") or just after
    an honorific ("Ms." cut at its period) at ``pos``."""
    if PARTY_TAG.match(mention):
        m = NAME_BEFORE.search(text, max(0, pos - 80), pos)
        return m.group(1) if m else ""
    m = _NAME_AFTER.match(text, pos + len(mention))
    return m.group(1) if m else ""
