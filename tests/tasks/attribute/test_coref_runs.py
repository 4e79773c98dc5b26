"""Entity scanning (tasks/attribute/entities.py): the per-article run cache and the honorific hints
never change what a window holds."""

from __future__ import annotations

import bisect
import gc
import itertools

import pytest

from tasks.attribute.actors import load_role_words
from tasks.attribute.coref import _words
from tasks.attribute.entities import (
    _SENT_END,
    EntityScanner,
    _alone_on_line,
    _honorific_hint_re,
    _honorific_matches,
    _honorific_re,
    _label_lines,
    _sentence_cut,
)


def _scanner(text: str, quotes: list[tuple[int, int]] = ()) -> EntityScanner:
    quotes = sorted(quotes)
    starts = [a for a, _ in quotes]
    ends = list(itertools.accumulate((b for _, b in quotes), max))
    return EntityScanner(text, load_role_words(), starts, ends)


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
    hinted, plain = _scanner(text), _scanner(text)
    hinted.find(), plain.find()  # the whole text scanned: windows use the hints from now on
    plain._hints = list(range(len(text) + 1))
    for lo in range(len(text)):
        for hi in (len(text), min(len(text), lo + 15)):
            expected = _as_tuples(_scanner(text).find(lo, hi))  # a window scanned by itself
            assert _as_tuples(hinted.find(lo, hi)) == _as_tuples(plain.find(lo, hi)) == expected


@pytest.mark.parametrize("text, quote, name", [
    ("He said “Dmitry Peskov lies” and Olena Zelenska said no.", (9, 28), "Olena Zelenska"),
    ("Mr. Blinken said “Mr. Lavrov lies” on Monday.", (17, 34), "Blinken"),
])
def test_names_inside_quotes_are_no_entities(text, quote, name):
    assert [e.name for e in _scanner(text, [quote]).find()] == [name]


@pytest.mark.parametrize("text", TEXTS)
def test_find_at_is_find_filtered_to_the_position(text):
    for pos in range(0, len(text), 3):
        lo, hi = max(0, pos - 20), min(len(text), pos + 25)
        expected = [e for e in _scanner(text).find(lo, hi) if e.start <= pos < e.end]
        assert _as_tuples(_scanner(text).find_at(lo, hi, pos)) == _as_tuples(expected)


@pytest.mark.parametrize("s", [
    "", "no end here", "He said. Then", "“Quoted” and", "Line one\nline two", "U.S. and Mr. X!",
    "what? yes", "a \"b\" c.",
])
def test_sentence_cut_is_the_end_of_the_last_sentence_mark(s):
    assert _sentence_cut(s) == max((m.end() for m in _SENT_END.finditer(s)), default=-1)


@pytest.mark.parametrize("text, run, expected", [
    ("Article Continued Below\nMore text.", "Article Continued Below", True),
    ("  Article Continued Below.  \nMore", "Article Continued Below", True),
    ("Intro\n\tJohn Smith:\nsaid", "John Smith", True),
    ("He met John Smith\nlater", "John Smith", False),
    ("John Smith said so\n", "John Smith", False),
    ("x\u00a0John Smith\n", "John Smith", False),
    ("\u00a0 John Smith\n", "John Smith", True),
])
def test_alone_on_line(text, run, expected):
    start = text.index(run)
    assert _alone_on_line(text, start, start + len(run)) is expected


@pytest.mark.parametrize("text, expected", [
    ("Mr. O’Neil, the U.S. envoy;", ["mr", "o'neil", "the", "u.s", "envoy"]),
    ("The Kremlin's spokesman", ["the", "kremlin's", "spokesman"]),
    ("İstanbul mayor", ["i̇stanbul", "mayor"]),
    ("Київ, Zelensky’s", ["київ", "zelensky's"]),
])
def test_words_lower_cased_with_straight_apostrophes(text, expected):
    got = _words(text)
    assert got == expected
    got.append("x")  # a fresh list each time: callers may change it
    assert _words(text) == expected


def test_article_context_is_freed_without_the_cyclic_collector():
    """No reference cycle between an article's context and its scanner: its objects go as
    soon as the article is done (the cyclic collector walking them cost ~10% of the stage)."""
    import weakref

    from tasks.attribute.coref import ArticleContext

    ctx = ArticleContext("Kremlin spokesman Dmitry Peskov said. Peskov added.", [(0, 7)],
                         load_role_words())
    ctx.entities, ctx.full_name("Peskov", 40)
    ref = weakref.ref(ctx._scanner)
    was = gc.isenabled()
    gc.disable()
    try:
        del ctx
        assert ref() is None
    finally:
        if was:
            gc.enable()


@pytest.mark.parametrize("text", TEXTS + [
    "Mr Sir John and Mrs.Smith met Ms  Kowalczyk, Dame Lady Jones and Mr. Blinken Foo.",
    "HMr Smith, Mr. O’Neil and Mrs\tSmith-Jones; Lord Mayor Sadiq Khan.",
])
def test_honorific_matches_at_hints_equal_a_window_scan(text):
    rw = load_role_words()
    real, hint = _honorific_re(rw), _honorific_hint_re(rw)
    whole = [m.start() for m in hint.finditer(text)]
    for lo in range(len(text)):
        for hi in range(lo, len(text) + 1, 5):
            expected = [m.span() for m in real.finditer(text, lo, hi)]
            window = [m.start() for m in hint.finditer(text, lo, hi)]
            assert [m.span() for m in _honorific_matches(text, window, 0, hi, real)] == expected
            k = bisect.bisect_left(whole, lo)
            assert [m.span() for m in _honorific_matches(text, whole, k, hi, real)] == expected


@pytest.mark.parametrize("text, expected", [
    ("WATCH: Police warn of scams\nMore text.", ["WATCH: Police warn of scams"]),
    ("  READ MORE: a\nWATCH: b:c\nKYIV: President Zelenskyy said on Monday.", ["  READ MORE: a", "WATCH: b:c"]),
    ("Intro.\nABC: x\r\nDEF GH: y", ["ABC: x\r", "DEF GH: y"]),
    ("abc WATCH: no\nA:B\nAB: short\nX  : y", ["X  : y"]),
    ("WATCH: “quoted”\nFILE PHOTO: " + "x" * 150, []),
])
def test_label_lines(text, expected):
    assert [text[a:b] for a, b in _label_lines(text)] == expected


@pytest.mark.parametrize("text, names", [
    # two persons joined by "and" in one capitalised run: both
    ("Former U.N. Secretary-General Ban Ki-moon and Juan Manuel Santos visited Bucha.",
     ["Ban Ki-moon", "Juan Manuel Santos"]),
    ("Antony Blinken and President Joe Biden met.", ["Antony Blinken", "Joe Biden"]),
    # ... but organisations with "and" stay whole
    ("The Department of Health and Human Services said so.",
     ["The Department of Health and Human Services"]),
    ("The Ukrainian National Security and Defence Council met.",
     ["The Ukrainian National Security and Defence Council"]),
])
def test_conjoined_persons_are_two_entities(text, names):
    assert [e.name for e in _scanner(text).find(0, len(text))] == names


@pytest.mark.parametrize("text, persons", [
    # a place after a title word is nobody's name ("Democrat of New Jersey" had been a person
    # "New Jersey", whom a later "he" then named)
    ("Representative Frank Pallone, Democrat of New Jersey, spoke.", ["Frank Pallone"]),
    ("Senator Mark Warner, Democrat of Virginia, spoke.", ["Mark Warner"]),
    # days and revolutions are events, not persons ("he" had been "Islamic Revolution")
    ("Kyiv marked Independence Day with a parade.", []),
    ("The anniversary of the Islamic Revolution passed.", []),
])
def test_places_and_events_are_no_persons(text, persons):
    assert [e.name for e in _scanner(text).find(0, len(text)) if e.kind == "person"] == persons
