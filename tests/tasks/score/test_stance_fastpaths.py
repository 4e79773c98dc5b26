"""The speed paths of the stance stage give what the plain computation gives: the clause-break
lookahead, the trie of scan keys, the no-cue shortcut and the per-distinct-input row gather."""

from __future__ import annotations

import re

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.contract import STANCE, TARGET_SIDES
from tasks.score.mentions import CLAUSE_BREAK
from tasks.score.stance import evidence_text, stance_for_text, stance_frame
from tasks.score.cues import load_lexicon
from tasks.score.cue_scan import WORD_KEY, _prefix_states, _scan_table, caseless, key_regex, scan

# CLAUSE_BREAK without its leading lookahead: the plain form of the same pattern
PLAIN_CLAUSE_BREAK = re.compile(
    r"(?<=[.!?;:])\s+|\s+[—–]\s+|\s*[()\[\]]\s*|,?\s+(?:but|while|whereas|although|though|however)\b",
    re.IGNORECASE,
)

SENTENCES = [
    "Russia retreated. Ukraine advanced; the enemy fled: we won",
    "Our forces — and theirs – held (mostly) [sic] the line",
    "They held, but we pushed, while they fled , whereas we won",
    "ALTHOUGH they lost,HOWEVER they stayed , Though tired",
    "no break here at all",
    "  (  ) [ ] ,  but",
    "tabs\tand\nnewlines.\nNext — line",
    "",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_clause_break_equals_plain_pattern(text):
    spans = lambda rx: [m.span() for m in rx.finditer(text)]  # noqa: E731
    assert spans(CLAUSE_BREAK) == spans(PLAIN_CLAUSE_BREAK)


BREAK_WORDS = "a Russia . ! ? ; : — – ( ) [ ] , but BUT while however though x".split()


@given(st.lists(st.sampled_from(BREAK_WORDS), max_size=20), st.sampled_from([" ", "", "  "]))
@settings(max_examples=200, deadline=None)
def test_clause_break_equals_plain_pattern_on_salad(words, sep):
    text = sep.join(words)
    assert [m.span() for m in CLAUSE_BREAK.finditer(text)] == [
        m.span() for m in PLAIN_CLAUSE_BREAK.finditer(text)
    ]


KEYS = {"the", "to", "in", "am", "amn", "rus", "ukr", "we", "n"}


@pytest.mark.parametrize(
    "text",
    [
        "the russians went to ukraine",
        "amnesty: am i in? we were. n not no",
        "theme thee th t tot toe in inn we'll",
        "a_rus 3rus rus_ ukr-ukr",
        "",
    ],
)
def test_key_regex_equals_word_key_filter(text):
    rx = key_regex(KEYS)
    got = [(m.start(), m.group()) for m in rx.finditer(text)]
    want = [(m.start(), m.group()) for m in WORD_KEY.finditer(text) if m.group() in KEYS]
    assert got == want


@given(st.lists(st.sampled_from(sorted(KEYS) + ["then", "amnesia", "russia", "x", "-", "'"]),
                max_size=15),
       st.sampled_from([" ", "", "_"]))
@settings(max_examples=200, deadline=None)
def test_key_regex_equals_word_key_filter_on_salad(words, sep):
    text = sep.join(words)
    rx = key_regex(KEYS)
    assert [(m.start(), m.group()) for m in rx.finditer(text)] == [
        (m.start(), m.group()) for m in WORD_KEY.finditer(text) if m.group() in KEYS
    ]


def test_key_regex_without_keys_matches_nothing():
    assert list(key_regex(set()).finditer("the russians")) == []


@pytest.mark.parametrize(
    "text, speaker_side, verb",
    [
        ("The weather was fine and the roads were dry.", "ukraine", "said"),
        ("There are 100,000 people in the square.", "russia", "denied"),
        ("", "west", "accused"),
        ("Nothing happened at all.", None, None),
    ],
)
def test_quote_with_no_side_or_cue_is_none_for_every_side(text, speaker_side, verb):
    result = stance_for_text(text, speaker_side, 0.9, lambda t: 0.5, verb=verb)
    assert list(result) == list(TARGET_SIDES)
    for side, st_ in result.items():
        assert (st_.side, st_.label, st_.score, st_.sentiment, st_.evidence) == (
            side, "none", 0.0, None, []
        )


def _scored(texts, sides, comps, verbs):
    return pl.DataFrame(
        {
            "quote_id": [f"q{i}" for i in range(len(texts))],
            "text": texts,
            "speaker_side": sides,
            "sentiment_compound": comps,
            "verb": verbs,
        }
    )


def test_stance_frame_rows_equal_per_quote_rules_with_repeats():
    texts = [
        "Russian troops retreated from Kherson.",
        "The weather was fine.",
        "Russian troops retreated from Kherson.",  # repeated: same speaker -> same rows
        "Russian troops retreated from Kherson.",  # repeated with another speaker
        "We will never give up, Ukraine will win.",
        None,
    ]
    sides = ["ukraine", "ukraine", "ukraine", "russia", "ukraine", "unknown"]
    comps = [-0.3, 0.2, -0.3, -0.3, 0.7, None]
    verbs = ["said", "said", "said", "denied", None, "said"]
    polarity = lambda t: 0.25  # noqa: E731
    frame = stance_frame(_scored(texts, sides, comps, verbs), polarity)
    assert frame.schema == pl.Schema(STANCE)
    want = []
    for i, (text, side, comp, verb) in enumerate(zip(texts, sides, comps, verbs, strict=True)):
        result = stance_for_text(text, side, comp or 0.0, polarity, load_lexicon(), verb=verb)
        want += [
            (f"q{i}", s.side, s.label, s.score, s.sentiment, evidence_text(s.evidence))
            for s in result.values()
        ]
    assert frame.rows() == want
    rows = lambda q: frame.filter(pl.col("quote_id") == q).drop("quote_id").rows()  # noqa: E731
    assert rows("q0") == rows("q2")  # a repeat gathers the same rows
    assert any(label != "none" for _, label, *_ in rows("q0"))


def test_stance_frame_of_no_quotes_is_empty_with_schema():
    frame = stance_frame(_scored([], [], [], []).cast({"sentiment_compound": pl.Float64}))
    assert frame.height == 0 and frame.schema == pl.Schema(STANCE)


# ---- prefix filter of the scan ---------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Russia's army", True),
        ("Russia’s “special” operation — €5", True),
        ("Zelenskyy in Kyiv: café", False),  # é has case
        ("ſtop", False),
        ("", True),
    ],
)
def test_caseless(text, expected):
    assert caseless(text) is expected


def _scan_families():
    lex = load_lexicon()
    return (lex.aliases, lex.frames, lex.events, lex.distances)


@pytest.mark.parametrize(
    "text",
    [
        "THE ENEMY retreated; The Enemy’s losses. the enemy’s",
        "Ukraine’s claim that Russian forces were PUSHED BACK by Ukrainian troops",
        "We will continue to fight until victory, the Kremlin’s war is lost",
        "our forces liberated Kherson — Russia's so-called special military operation",
        "the adversary: Kyiv regime, neo-Nazis, Neonazis, occupiers… they withdrew",
        "ukrainian café: the enemy retreated",  # cased non-ASCII: the key path
        "ſpecial military operation; the enemy",  # ſ matches s case-insensitively
        "THE\u212aREMLIN and the Kremlin",  # Kelvin sign
        "tHe EnEmY wIlL nOt StOp",
    ],
)
def test_scan_with_prefix_filter_equals_each_family_alone(text):
    families = _scan_families()
    norm = lambda hits: [(m.span(), item) for m, item in hits]  # noqa: E731
    assert [norm(h) for h in scan(families, text)] == [
        norm(list(f.finditer(text))) for f in families
    ]


def test_prefix_filter_is_built_for_the_seed_lexicon():
    assert _scan_table(_scan_families())[3][0] is not None


def test_caseless_characters_match_no_prefix_atom_but_their_own():
    """The exactness premise of the prefix filter, checked over all of Unicode: a caseless
    non-ASCII character matches a prefix atom (case-insensitively) only when it is itself a
    member of that atom (’ in ['’]), so lower-casing the quote loses no candidate."""
    atoms = set()
    for family in _scan_families():
        for frag, *_ in family.fragments:
            for prefix, _ in _prefix_states(list(re._parser.parse(frag)), {((), False)}):
                atoms.update(prefix)
    caseless_chars = "".join(
        c for c in map(chr, range(128, 0x110000)) if c.lower() == c == c.upper()
    )
    for atom in atoms:
        parsed = list(re._parser.parse(atom))
        op, av = parsed[0]
        members = [av] if str(op) == "LITERAL" else [a for o, a in av if str(o) == "LITERAL"]
        own = {chr(c) for c in members if c >= 128}
        hits = set(re.findall(atom, caseless_chars, re.IGNORECASE))
        assert hits <= own, (atom, sorted(hits - own)[:5])
