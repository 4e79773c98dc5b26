"""The naive peer: a pure-Python five-regex quote extractor (what "naive regex" means in issue 5).

It only finds quote spans and a speaker string; no attribution, scoring or loading.
"""

from __future__ import annotations

import re

PATTERNS = [
    re.compile(r"[\"“]([^\"”]{3,}?)[,.]?[\"”],? (?:said|says) ([A-Z][\w.\- ]+)"),
    re.compile(r"([A-Z][\w.\- ]+?) (?:said|says),? [\"“]([^\"”]{3,}?)[\"”]"),
    re.compile(r"([A-Z][\w.\- ]+?) (?:said|says|told \w+) that ([^.]{3,})\."),
    re.compile(r"([^.]{3,}), according to ([A-Z][\w.\- ]+)"),
    re.compile(r"[\"“]([^\"”]{3,}?)[\"”]"),
]


def naive_quotes(text: str) -> list[tuple[int, int]]:
    spans = []
    for pattern in PATTERNS:
        spans.extend(m.span() for m in pattern.finditer(text))
    return spans
