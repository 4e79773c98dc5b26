"""Entity scanning (tasks/coref_runs.py): the per-article run cache and the honorific hints
never change what a window holds."""

from __future__ import annotations

import pytest

from tasks.actors import load_role_words
from tasks.coref_runs import EntityScanner


def _scanner(text: str, quotes: list[tuple[int, int]] = ()) -> EntityScanner:
    def inside(pos: int) -> bool:
        return any(a <= pos < b for a, b in quotes)

    return EntityScanner(text, load_role_words(), inside, lambda: [])


def _as_tuples(ents):
    return [(e.start, e.end, e.name, e.kind, e.gender, e.run_start, e.sure) for e in ents]


TEXTS = [
    "Kremlin spokesman Dmitry Peskov said on Monday. Later Peskov told Mr. Blinken it was over.",
    "Jeanine Durning’s This Shape opened. Ms Kowalczyk, 43, said Canadian Pacific Railway's trains ran.",
    "Mrs. Sir John met Dame Lady Smith and Mr Sir Alan Jones in Kyiv. The Canadian Press A train left.",
    "U.S. Secretary of State Antony Blinken and Ukrainian Foreign Minister Dmytro Kuleba spoke.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_windows_after_other_windows_equal_fresh_windows(text):
    warm = _scanner(text)
    warm.find()  # every run classified once, then windows cut runs anywhere
    for lo in range(0, len(text), 7):
        for hi in range(lo, len(text) + 1, 11):
            assert _as_tuples(warm.find(lo, hi)) == _as_tuples(_scanner(text).find(lo, hi))


@pytest.mark.parametrize("text", TEXTS)
def test_honorific_hints_skip_no_match(text):
    """The hint scan may skip ahead only where no honorific match can start: the same as
    scanning every window from its start (every position a hint)."""
    for lo in range(len(text)):
        for hi in (len(text), min(len(text), lo + 15)):
            plain = _scanner(text)
            plain._hints = list(range(len(text) + 1))
            assert _as_tuples(_scanner(text).find(lo, hi)) == _as_tuples(plain.find(lo, hi))


@pytest.mark.parametrize("text, quote, name", [
    ("He said “Dmitry Peskov lies” and Olena Zelenska said no.", (9, 28), "Olena Zelenska"),
    ("Mr. Blinken said “Mr. Lavrov lies” on Monday.", (17, 34), "Blinken"),
])
def test_names_inside_quotes_are_no_entities(text, quote, name):
    assert [e.name for e in _scanner(text, [quote]).find()] == [name]
