from __future__ import annotations

import polars as pl
import pytest

from tasks.contract import REJECTED, conform, empty


@pytest.mark.parametrize(
    "df, rows",
    [
        (pl.DataFrame(), 0),
        (pl.DataFrame({"reason": ["x", "y"]}), 2),
        (pl.DataFrame({"reason": ["x"], "other": [1]}), 1),
    ],
)
def test_conform_keeps_row_count_and_schema(df, rows):
    out = conform(df, REJECTED)
    assert out.height == rows
    assert out.schema == empty(REJECTED).schema
