"""Direct quotes and their attribution, for quote extraction (tasks/extract/quotes.py).

A quoted stretch is a candidate direct quote when it opens its sentence or follows ``,`` / ``:``
or a reporting verb; its attribution is a reporting verb next to it with a speaker mention:
``"…," he said`` / ``"…," said X`` / ``"…," former U.S. ambassador to NATO, Kurt Volker told
ABC`` / ``X said: "…"`` / ``X: "…"``. A quote ending in ``?”`` / ``!”`` keeps the attribution
that follows it (``_opens_attribution`` is consulted by the sentence splitter).

``DirectAttribution`` is a mixin of the per-article extraction state ``_Article``.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from tasks.extract.marks import Mark
from tasks.extract.patterns import (
    _CLAUSE_TAIL,
    _NOUN_USE,
    _ROLE_COMMA,
    _WORD,
    _GAP_AFTER_STOP,
    _GAP_BEFORE_STOP,
    _SENTENCE_STOP,
    ends_that,
    ends_verb,
    words_upto,
)

MAX_GAP = 160  # characters between a quote and its attribution verb
# spaces of any kind (no-break spaces too) and dashes/commas at both ends of a stretch
_EDGE_PUNCT = re.compile(r"^[\s,—–-]+|[\s,—–-]+$")


class DirectAttribution:
    """Finding and attributing direct quotes (needs ``text``, ``vocab``, ``sp``, ``marks``,
    ``_verbs``/``_vstarts``, ``_used_ends`` and the clause helpers of the article state)."""

    def _standalone(self, k: Mark, s: int) -> bool:
        """A quote that opens its sentence or follows ``,`` ``:`` ``—``: candidate direct quote."""
        i = k.open - 1
        while i >= s and self.text[i].isspace():
            i -= 1
        if i < s or self.text[i] in ",:;—–-([" or self.text[i] in "”\"’»":
            return True
        # right after a reporting verb (or its "that"): X hailed "…" / X told Y that "…"
        prefix = self.text[max(s, i - 40) : i + 1]
        if ends_that(prefix) and self.vocab.verb_re.search(self.text, s, i):
            return self._ends_clause(k)
        verb = ends_verb(prefix)
        return bool(verb and self.vocab.verb_re.fullmatch(verb)) and self._ends_clause(k)

    def _ends_clause(self, k: Mark) -> bool:
        if self.text[k.end - 1] in ",.!?…":
            return True  # the quote carries its own closing punctuation
        return bool(_CLAUSE_TAIL.match(self.text, k.outer_end)) and not self.text.startswith(
            (" on", " in", " at"), k.outer_end
        )

    def _attrib_after(self, k: Mark, verbs: list[re.Match], e: int):
        """``"…," he said`` / ``"…," said X`` / ``"…," X told reporters``."""
        for v in verbs:
            if v.start() < k.outer_end:
                continue
            gap = self.text[k.outer_end : v.start()]
            if len(gap) > MAX_GAP or _GAP_AFTER_STOP.search(gap):
                return None
            if _NOUN_USE.search(gap):
                continue  # "…," the report said: "report" is a noun here, the verb comes later
            if gap.strip(" ,—–-\n") == "":
                m = self.sp.after(self.text, v.end(), e) or self.sp.after_loose(self.text, v.end(), e)
            else:
                m = self.sp.before(self.text, k.outer_end, v.start())
                if m is None:
                    return None
                extra = _EDGE_PUNCT.sub("", self.text[k.outer_end : m[0]])
                if extra and _ROLE_COMMA.fullmatch(self.text, k.outer_end, m[0]) and self._role_phrase(extra):
                    # "…," former U.S. ambassador to NATO, Kurt Volker told ABC: role, name
                    return v, (self.text.index(extra, k.outer_end), m[1])
                if extra:
                    if words_upto(extra, 0, len(extra), 6) > 5 or any(c in extra for c in ",;:()"):
                        return None
                    if not (extra[0].isupper() or extra.split()[0].lower() in {"the", "a", "an"}):
                        return (v, m)  # "…," in the coming weeks, Beasley said: keep the name only
                    m = (self.text.index(extra, k.outer_end), m[1])
            return (v, m) if m else None
        return None

    def _appositive_of_speaker(self, cs: int, ce: int) -> bool:
        """The stretch right after a direct quote's speaker describes that speaker."""
        return cs in self._used_ends and self._role_phrase(self.text[cs:ce])

    def _role_phrase(self, phrase: str) -> bool:
        """A description that names a role ("former U.S. ambassador to NATO")."""
        words = [w.lower() for w in _WORD.findall(phrase)]
        if not words or words[0].endswith(("ing", "ed")) or words[0] in self.sp.connect:
            return False
        return any(w in self.sp.role or (w.endswith("s") and w[:-1] in self.sp.role) for w in words)

    def _attrib_before(self, k: Mark, verbs: list[re.Match], s: int):
        """``X said: "…"`` / ``X told reporters, "…"`` / ``X: "…"``."""
        prior = [v for v in verbs if v.end() <= k.open]
        if prior:
            v = prior[-1]
            gap = self.text[v.end() : k.open]
            if len(gap) <= MAX_GAP and not _GAP_BEFORE_STOP.search(gap):
                if v.group().lower().startswith("according"):
                    m = self.sp.after(self.text, v.end(), k.open)
                else:
                    m = self.sp.before(self.text, s, v.start())
                    if m is None and v.group().endswith("ing") and self._after_comma(v.start(), s):
                        m = self.sp.after(self.text, s, v.start())  # "X, …, denied it, saying: …"
                    if m is None and self._after_comma(v.start(), s):
                        m = self.sp.after(self.text, v.end(), k.open)
                    if m is None and self._and_before(v.start(), s) is not None:
                        m = self._subject(s, v.start())  # "X did not reveal …, but said “…”"
                if m:
                    return v, m
        j = k.open - 1
        while j > s and self.text[j].isspace():
            j -= 1
        if j > s and self.text[j] == ":":
            m = self.sp.before(self.text, s, j)
            if m and not self.text[m[0] : m[1]].isupper():
                return None, m
        return None

    def _name_start(self, pos: int, s: int) -> int:
        """Where the words before a mention start after a comma or closing quote when they are
        a short capitalised description ("Vauxhall’s U.K. managing director" + name)."""
        i = pos - 1
        while i > s and (
            self.text[i] not in ",”\"’—–;:!?"
            or (self.text[i] == "’" and not self.text[i + 1].isspace())  # Vauxhall’s
        ):
            i -= 1
        if i <= s or self.text[i] not in ",”\"’—–":
            return pos
        lead = i + 1
        while lead < pos and self.text[lead].isspace():
            lead += 1
        between = self.text[lead:pos]
        if not between or not between[0].isupper() or words_upto(self.text, lead, pos, 6) > 5:
            return pos
        return lead

    def _after_comma(self, pos: int, s: int) -> bool:
        i = pos - 1
        while i >= s and self.text[i].isspace():
            i -= 1
        return i >= s and self.text[i] in ",”\"’—–"

    def _opens_attribution(self, pos: int) -> bool:
        """Does the text at ``pos`` start with a speaker and a reporting verb and nothing else
        ("Peskov told reporters …", "Michael Every, a strategist at Rabobank, said …")?"""
        text = self.text
        i = bisect_left(self._vstarts, pos)
        if i >= len(self._verbs) or self._verbs[i].start() > pos + 160:
            return False
        v = self._verbs[i]
        if _SENTENCE_STOP.search(text, pos, v.start()):
            return False
        if v.start() == pos:
            return True  # "Said Peskov: …"
        m = self.sp.before(text, pos, v.start())
        return m is not None and m[0] == pos
