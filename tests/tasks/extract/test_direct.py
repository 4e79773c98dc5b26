"""Direct quotes and their attribution (tasks/extract/direct.py): hand-written sentence cases."""

from __future__ import annotations

import pytest

from tests.tasks.extract.test_quotes import _q  # (kind, quote text, mention) per quote


# -- direct quotes ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ('"We will win this war," he said.', [("direct", "We will win this war,", "he")]),
        ("“We will win this war,” he said.", [("direct", "We will win this war,", "he")]),
        (
            "“The city is ours,” said regional governor Oleh Synehubov.",
            [("direct", "The city is ours,", "regional governor Oleh Synehubov")],
        ),
        (
            "“Our troops are advancing,” Kremlin spokesman Dmitry Peskov told reporters.",
            [("direct", "Our troops are advancing,", "Kremlin spokesman Dmitry Peskov")],
        ),
        (
            'The minister said: "Everything goes according to plan."',
            [("direct", "Everything goes according to plan.", "The minister")],
        ),
        (
            'Zelenskyy said, "We are taking back our land."',
            [("direct", "We are taking back our land.", "Zelenskyy")],
        ),
        (
            "'It is a disaster for the army,' she said.",
            [("direct", "It is a disaster for the army,", "she")],
        ),
        (
            "«Мы не отступим ни на шаг», заявил он. «Nothing will stop us now,» he said.",
            [("direct", "Nothing will stop us now,", "he")],
        ),
        (
            "Peskov: “There is no talk of mobilisation at this moment.”",
            [("direct", "There is no talk of mobilisation at this moment.", "Peskov")],
        ),
    ],
)
def test_direct_attribution(text, expected):
    got = _q(text)
    for item in expected:
        assert item in got


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            '"The Russians have left the city," he said, "but our forces have not entered yet."',
            [
                ("direct", "The Russians have left the city,", "he"),
                ("direct", "but our forces have not entered yet.", "he"),
            ],
        ),
        (
            '"It will be like an avalanche," he said. "One line of defence will shake and it will fall."',
            [
                ("direct", "It will be like an avalanche,", "he"),
                ("direct", "One line of defence will shake and it will fall.", ""),
            ],
        ),
        (
            "Serhiy Haidai, governor of the Luhansk region, said: “The Russians are leaving. They took everything.”",
            [
                (
                    "direct",
                    "The Russians are leaving. They took everything.",
                    "Serhiy Haidai, governor of the Luhansk region",
                )
            ],
        ),
    ],
)
def test_split_floating_and_multi_sentence(text, expected):
    assert _q(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "'It's a disaster for Ukraine's army, and we don't know why,' he said.",
            [("direct", "It's a disaster for Ukraine's army, and we don't know why,", "he")],
        ),
        (
            "He said the '90s were hard. 'We rebuilt everything ourselves,' she added.",
            [
                ("indirect", "the '90s were hard", "He"),
                ("direct", "We rebuilt everything ourselves,", "she"),
            ],
        ),
        (
            "The workers' union said it would strike.",
            [("indirect", "it would strike", "The workers' union")],
        ),
    ],
)
def test_single_quotes_and_apostrophes(text, expected):
    assert _q(text) == expected


@pytest.mark.parametrize(
    "text, mention",
    [
        ('"It is just not true," Todd exclaimed after a reporter argued that prices had risen.',
         "Todd"),
        ('"We don\'t feel first world enough," Todd interrupted.', "Todd"),
        ('"That is absurd," the minister retorted.', "the minister"),
    ],
)
def test_speech_verbs_after_a_direct_quote(text, mention) -> None:
    """exclaimed / interrupted / retorted / scoffed / interjected attribute the quote before them."""
    from tasks.extract import quotes_in_text

    got = [q for q in quotes_in_text(text) if q.kind == "direct"]
    assert got and got[0].mention and text[got[0].mention[0]:got[0].mention[1]] == mention


@pytest.mark.parametrize(
    "text, mention",
    [
        ('"It is time to act!" Rep. Steve Cohen, D-Tenn., tweeted on Monday.',
         "Rep. Steve Cohen, D-Tenn"),
        ('"Is this the end?" Sen. Steve Daines (R-Mont.) said.', "Sen. Steve Daines (R-Mont.)"),
        ('"We will not stop!" Mr. Wang said.', "Mr. Wang"),
    ],
)
def test_a_quote_ending_in_a_sign_keeps_an_attribution_with_abbreviations(text, mention) -> None:
    """The periods of "Rep.", "Mr." and party tags do not end the sentence before the verb."""
    from tasks.extract import quotes_in_text

    got = [q for q in quotes_in_text(text) if q.kind == "direct"]
    assert got and got[0].mention and text[got[0].mention[0]:got[0].mention[1]] == mention


@pytest.mark.parametrize(
    "text, mention",
    [
        # "posted"/"posting" introduce speech before a colon (session 10): the subject speaks
        ('Margarita Simonyan, head of RT, posted on Telegram: "Strike the decision-making centres now, all of them!"',
         "Margarita Simonyan, head of RT"),
        ('Graham fired back on Twitter: "As Ukraine burns, Biden talks about Charlottesville."',
         None),
        ('The battalion sent its thanks, posting on Telegram: "Thank you for your support!"',
         "The battalion"),
        ('The ministry had threatened via Facebook: "The ships are involved in the grain corridor."',
         None),
    ],
)
def test_a_platform_before_a_colon_is_no_speaker(text, mention) -> None:
    """"X posted on Telegram:": the platform is never the mention; the quote is the subject's
    (through "posted", or floating to the sentence's subject when no verb introduces it)."""
    from tasks.extract import quotes_in_text

    got = [q for q in quotes_in_text(text) if q.kind == "direct"]
    assert got
    written = text[got[0].mention[0]:got[0].mention[1]] if got[0].mention else None
    assert written == mention


def test_a_speaker_before_a_platform_and_a_reporting_verb_is_kept() -> None:
    from tasks.extract import quotes_in_text

    text = 'Zelensky said on Telegram: "We will win."'
    got = [q for q in quotes_in_text(text) if q.kind == "direct"]
    assert got and text[got[0].mention[0]:got[0].mention[1]] == "Zelensky"
