"""The fast paths of quote extraction give exactly what the plain ``re`` scans give: candidate
positions from polars (byte offsets turned into character offsets), ``pattern.match`` at
candidate characters instead of ``finditer``, the abbreviation test before a full stop."""

from __future__ import annotations

import re

import polars as pl
import pytest

from tasks.extract.quotes import extract_quotes, quotes_in_text
from tasks.extract.marks import (
    _BOUNDARY,
    _BOUNDARY_FIRST,
    _DOUBLE,
    _DOUBLE_FIRST,
    _SINGLE,
    _SINGLE_FIRST,
    is_abbrev,
    _matches,
    char_positions,
)
from tasks.extract.scan import scan_matches, scan_starts
from tasks.extract.speaker import load_vocab

TEXTS = [
    "Zelenskyy said the counteroffensive would continue.",
    "“We will not give up,” he said. Peskov told reporters that talks had stalled.",
    "Officials say; the essay unsaid was re-said. Said Peskov: “No.”",
    "Ukraine’s claim that it hit the bridge was denied, according to the ministry.",
    "The army was  quoted as saying\u00a0that it had advanced. He is quoted as saying so.",
    "Кремль said nothing — «Мы» claimed victory, said Зеленський’s aide.",
    "İstanbul officials SAID it. Café owners claimed that the café was shelled.",
    "A combining mark: e\u0301said it, and n\u0303claimed so; U.S. officials warned.",
    "Mr. Smith, a spokesman, said: 'Enough.' Lt. Gen. Jones added that it was over.",
    "",
    "said",
    "x" * 50 + " said",
    "He said \"it's over\" and 'the end' — “really”? «Да» „So“ 'tis 'Twas said.",
    "Decimals 3.5 said. Jan. 5 he warned! Why? Because. And… then\n\nNew paragraph said.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_scan_starts_find_every_vocabulary_match(text):
    vocab = load_vocab()
    (starts,) = scan_starts([text], vocab)
    fast = [(m.start(), m.end(), m.group()) for m in scan_matches(text, starts, vocab)]
    plain = [(m.start(), m.end(), m.group()) for m in scan_matches(text, None, vocab)]
    assert fast == plain


def test_scan_starts_of_a_batch_with_missing_texts():
    vocab = load_vocab()
    got = scan_starts(["he said", None, "", "Ясно, she said"], vocab)
    assert got[1] is None
    assert got[2] == []
    assert [text[p:p + 4] for text, p in (("he said", got[0][0]), ("Ясно, she said", got[3][0]))] == [
        "said", "said"
    ]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize(
    "pattern, first",
    [(_DOUBLE, _DOUBLE_FIRST), (_SINGLE, _SINGLE_FIRST), (_BOUNDARY, _BOUNDARY_FIRST)],
)
def test_matches_at_candidates_equal_finditer(text, pattern, first):
    assert [m.span() for m in _matches(pattern, text, first)] == [
        m.span() for m in pattern.finditer(text)
    ]


@pytest.mark.parametrize(
    "text, chars, expected",
    [
        ("a.b.c", ".", [1, 3]),
        ("“x” \"y\"", "“\"", [0, 4, 6]),
        ("none", ".", []),
    ],
)
def test_char_positions(text, chars, expected):
    assert char_positions(text, chars) == expected


def _abbrev_by_walk(text: str, dot: int, abbrevs: frozenset[str]) -> bool:
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].lower()
    return len(word) == 1 or word in abbrevs or word.rstrip(".") in abbrevs


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith", "he said. Then", "the U.S. army", "(Gen. Jones)", "Lt.Gen. X", "in Jan. 5",
        "x" * 60 + ". Y", "Кремль. Да", "e\u0301. Next", "2.5. Next", "A. B", "..", "end.",
    ],
)
def test_abbreviation_fast_path_equals_the_walk(text):
    abbrevs = load_vocab().words["abbrev"]
    for dot in [i for i, c in enumerate(text) if c == "."]:
        assert is_abbrev(text, dot, abbrevs) == _abbrev_by_walk(text, dot, abbrevs)


def test_batch_extraction_equals_per_text_regex_scan():
    frame = extract_quotes(pl.DataFrame({"article_id": [str(i) for i in range(len(TEXTS))], "text": TEXTS}))
    rows = []
    for i, text in enumerate(TEXTS):
        for q in quotes_in_text(text):  # no candidate starts: the plain regex scan
            rows.append((str(i), q.start, q.end, q.kind, re.sub(r"\s+", " ", q.verb)))
    assert list(frame.select("article_id", "char_start", "char_end", "kind", "verb").iter_rows()) == rows


@pytest.mark.parametrize(
    "prefix",
    [
        "he said", "officials pointed out", "X spoke to", ", to", "to", "out", "said\u00a0to", "said \n to",
        "the café", "said.", "it’s", "", " ", "Kyiv said\n", "added  for", "tofor", "Then that",
        "so-that", "_that", "Éthat", "that", "X told Y that", "2that", "said to\n", "отthat",
    ],
)
def test_end_of_prefix_helpers_equal_the_patterns(prefix):
    from tasks.extract.patterns import _ENDS_THAT, _ENDS_VERB, ends_that, ends_verb

    m = _ENDS_VERB.search(prefix)
    assert ends_verb(prefix) == (m.group(1) if m else None)
    assert ends_that(prefix) == bool(_ENDS_THAT.search(prefix))


@pytest.mark.parametrize(
    "text, lo, hi, cap",
    [("one two three four five six", 0, 27, 4), ("one two", 0, 7, 5), ("a-b c’d _e", 0, 10, 9),
     ("one two three", 2, 9, 9), ("", 0, 0, 2)],
)
def test_words_upto_counts_like_findall(text, lo, hi, cap):
    from tasks.extract.patterns import WORD, words_upto

    assert words_upto(text, lo, hi, cap) == min(cap, len(WORD.findall(text[lo:hi])))


@pytest.mark.parametrize("text", TEXTS + ["U.S.said it", "a ’ b’s ‘c’ — (d) «e»", "x_y _z -w w- 'q"])
def test_speaker_tokens_equal_the_token_matches(text):
    from tasks.extract.speaker import _TOKEN, _tokens

    for lo in range(0, len(text) + 1, 3):
        for hi in (lo, lo + 5, len(text)):
            assert _tokens(text, lo, hi) == [
                (m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, lo, hi)
            ]


@pytest.mark.parametrize("text", TEXTS + ["U.S. 3.5. end.", "Why?! “No.” (Yes.) [ok.] …\n\nx.", "a.", ".", "\n"])
def test_boundaries_equal_finditer(text):
    from tasks.extract.marks import _boundaries

    assert [m.span() for m in _boundaries(text)] == [m.span() for m in _BOUNDARY.finditer(text)]


@pytest.mark.parametrize(
    "texts",
    [
        ["he said so, officials said.", ["not", "text"], None],
        [b"bytes said", "“It is over,” Peskov said."],
        ["", "   ", "said"],
    ],
)
def test_scan_starts_never_fails_on_odd_values(texts):
    vocab = load_vocab()
    got = scan_starts(texts, vocab)
    assert len(got) == len(texts)
    for text, starts in zip(texts, got):
        if isinstance(text, str):
            fast = [m.span() for m in scan_matches(text, starts, vocab)]
            assert fast == [m.span() for m in scan_matches(text, None, vocab)]
