"""``pattern.finditer`` tried only at candidate positions.

Several scans know, before any regex runs, every position where a match can start (the quote
marks of a text, the word starts where a vocabulary entry may begin, the hints of an honorific).
Trying ``pattern.match`` there only is far cheaper than letting ``re`` walk every character,
and gives the same matches as ``finditer`` as long as each match starts at one of the positions
and is never empty.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator


def matches_at(pattern: re.Pattern, text: str, positions: Iterable[int],
               hi: int | None = None) -> Iterator[re.Match]:
    """``pattern.finditer(text, 0, hi)`` for a pattern whose every match is non-empty and starts
    at one of ``positions`` (sorted): ``pattern.match`` at those positions only, skipping the
    ones inside the previous match (finditer's non-overlapping, leftmost semantics); positions
    at or past ``hi`` (default: the end of ``text``) end the scan."""
    end = len(text) if hi is None else hi
    match = pattern.match
    after = -1
    for p in positions:
        if p >= end:
            break
        if p < after:
            continue
        m = match(text, p, end)
        if m is not None:
            after = m.end()
            yield m
