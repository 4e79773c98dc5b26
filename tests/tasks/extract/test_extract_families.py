"""Rule families the issue lists that had no sentence case yet: indirect verbs (warned, insisted,
denied, claimed, urged), asides splitting a quote, nesting, scare quotes and titles, stray marks."""

from __future__ import annotations

import pytest

from tests.tasks.extract.test_quotes import _q  # (kind, quote text, mention) per quote


@pytest.mark.parametrize("text, expected", [
    ("Zelenskyy warned that Russia would try to strike energy facilities again.",
     ("indirect", "Russia would try to strike energy facilities again", "Zelenskyy")),
    ("Peskov insisted that the operation was going according to plan.",
     ("indirect", "the operation was going according to plan", "Peskov")),
    ("The Kremlin denied that its troops had fled Izyum.",
     ("indirect", "its troops had fled Izyum", "The Kremlin")),
    ("Medvedev claimed the West was waging a proxy war.",
     ("indirect", "the West was waging a proxy war", "Medvedev")),
    ("Biden urged Congress to approve more aid for Ukraine.",
     ("indirect", "Congress to approve more aid for Ukraine", "Biden")),
    ("The ministry said on Monday in a statement that the talks were over.",
     ("indirect", "the talks were over", "The ministry")),
    ("Russia will lose, said Kuleba.", ("indirect", "Russia will lose", "Kuleba")),
    ("Ukraine will win, Zelensky told reporters.", ("indirect", "Ukraine will win", "Zelensky")),
    ("Ukrainian forces were advancing, according to the ISW.",
     ("indirect", "Ukrainian forces were advancing", "the ISW")),
])
def test_indirect_verbs(text, expected):
    assert _q(text) == [expected]


@pytest.mark.parametrize("text, expected", [
    ('"We will not stop," Zelenskyy said, "until every village is free."',
     [("direct", "We will not stop,", "Zelenskyy"),
      ("direct", "until every village is free.", "Zelenskyy")]),
    ('"Our forces," the general said, "are regrouping near Lyman."',
     [("direct", "Our forces,", "the general"),
      ("direct", "are regrouping near Lyman.", "the general")]),
    # a quote inside a quote stays inside one direct quote
    ('Kuleba said: "They said \'we will never leave\', but they left."',
     [("direct", "They said 'we will never leave', but they left.", "Kuleba")]),
    # guillemets
    ("He said «the front is holding» in Kharkiv.",
     [("mixed", "«the front is holding» in Kharkiv", "He")]),
])
def test_asides_nesting_guillemets(text, expected):
    assert _q(text) == expected


@pytest.mark.parametrize("text", [
    'Officials called the retreat a "regrouping" of forces.',
    'The so-called "special military operation" entered its seventh month.',
    'Residents watched the film "Winter on Fire" again.',
])
def test_scare_quotes_and_titles_are_not_quotes(text):
    assert _q(text) == []


@pytest.mark.parametrize("text", [
    '"Unbalanced quote said he.',
    'The governor said "the town is ours, and "we hold it" firmly.',
    '“ ” « » \' " said',
    'He said: "' + "x" * 5000,
])
def test_stray_and_unbalanced_marks_never_crash(text):
    for kind, quote, _ in _q(text):  # whatever is found lies inside the text
        assert kind in ("direct", "indirect", "mixed") and quote in text
