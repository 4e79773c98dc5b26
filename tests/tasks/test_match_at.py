"""tasks/match_at.py: finditer tried only at candidate positions."""

from __future__ import annotations

import re

import pytest

from tasks.match_at import matches_at


def _spans(matches) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


@pytest.mark.parametrize(
    "pattern, text",
    [
        (r"\"[^\"]*\"", 'He said "yes" and "no", then "maybe".'),
        (r"aa", "aaaaa"),  # overlapping candidates: finditer takes 0-2, 2-4
        (r"Mr\.? \w+", "Mr. Blinken met Mr Kuleba and Mr. X."),
        (r"\.\s+", "One. Two.  Three."),
    ],
)
def test_matches_at_every_start_equals_finditer(pattern, text) -> None:
    rx = re.compile(pattern)
    starts = sorted({m.start() for m in re.finditer(f"(?=(?:{pattern}))", text)})
    assert _spans(matches_at(rx, text, starts)) == _spans(rx.finditer(text))


@pytest.mark.parametrize("hi", [0, 5, 12, 30])
def test_matches_at_stops_at_hi_like_finditer_endpos(hi) -> None:
    rx, text = re.compile(r"ab+"), "ab abb abbb abbbb ab"
    starts = [i for i, c in enumerate(text) if c == "a"]
    assert _spans(matches_at(rx, text, starts, hi)) == _spans(rx.finditer(text, 0, hi))


def test_positions_where_nothing_matches_are_skipped() -> None:
    rx = re.compile(r"said")
    assert _spans(matches_at(rx, "he said she said", [0, 3, 8, 12])) == [(3, 7), (12, 16)]
