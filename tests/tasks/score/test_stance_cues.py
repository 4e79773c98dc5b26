"""tasks/score/cues.py: the keyed single-pass scan finds exactly what each family finds alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.score.cues import load_lexicon, scan, word_keys


@pytest.mark.parametrize(
    "fragment, keys",
    [
        ("Ukraine", {"ukr"}),
        ("we", {"we"}),
        ("(?:Kyiv|Kiev|Zelensky\\w*) regime", {"kyi", "kie", "zel"}),
        ("neo-?nazi\\w*", {"neo"}),
        ("on (?:their|the) back ?(?:foot|heel)", {"on"}),
        ("(?<=['’]s )war(?! crimes?)", {"war"}),
        ("seiz(?:e|es|ed|ing)", {"sei"}),
        ("[A-C]bc", {"abc", "bbc", "cbc"}),
    ],
)
def test_word_keys(fragment, keys):
    assert word_keys(fragment) == keys


@pytest.mark.parametrize("fragment", ["\\w+ing", ".ost", "(?:\\d+) troops"])
def test_word_keys_unknown_start(fragment):
    assert word_keys(fragment) is None


WORDS = (
    "Russian Russia's Ukrainian Kyiv Kiev regime forces troops we We our the enemy retreated "
    "pushed back out by liberated recaptured were was not never failed to war Putin's crimes "
    "occupiers invasion of aid to help support shelling heroes glory neo-Nazis special "
    "military operation , . ; — ( ) and but while lost losses Wagner Kremlin's"
).split()


@given(st.lists(st.sampled_from(WORDS), max_size=30))
@settings(max_examples=300, deadline=None)
def test_scan_equals_each_family_alone(words):
    lex = load_lexicon()
    text = " ".join(words)
    families = (lex.aliases, lex.frames, lex.events)
    got = scan(families, text)
    want = [list(f.finditer(text)) for f in families]
    norm = lambda hits: [(m.span(), item) for m, item in hits]  # noqa: E731
    assert [norm(h) for h in got] == [norm(h) for h in want]
