"""A mention written again in the same article resolves again as it would the first time
(tasks/attribute/speakers.py remembers the route of a mention only when no check depends on where it is)."""

from __future__ import annotations

import pytest

from tests.tasks.attribute.test_attribute import attribute


@pytest.mark.parametrize("text, pairs, expected", [
    (
        "Kremlin spokesman Dmitry Peskov said: “We wait.” Later Peskov told reporters: “No talks.” "
        "Peskov added: “Not now.”",
        [("We wait.", "Kremlin spokesman Dmitry Peskov"), ("No talks.", "Peskov"),
         ("Not now.", "Peskov")],
        ["Dmitry Peskov", "Dmitry Peskov", "Dmitry Peskov"],
    ),
    (
        "The aid group Gatsby said: “We need food.” A statement said: “Send help.” "
        "Olena Zelenska said: “We thank you.” A statement said: “Thanks again.”",
        [("We need food.", "The aid group Gatsby"), ("Send help.", "A statement"),
         ("We thank you.", "Olena Zelenska"), ("Thanks again.", "A statement")],
        ["Gatsby", "Gatsby", "Olena Zelenska", "Olena Zelenska"],
    ),
])
def test_repeated_mentions(text, pairs, expected):
    assert attribute(text, pairs)["speaker"].to_list() == expected
