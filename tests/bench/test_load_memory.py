"""bench/load_memory.py: the per-batch RSS curve of repeated loads (run on the bundled sample)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from tasks.contract import SEEDS

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "copy, article_id, quote_id",
    [(0, "a1", "q1"), (1, "a1-copy1", "q1-copy1"), (9, "a1-copy9", "q1-copy9")],
)
def test_copies_get_new_ids(copy, article_id, quote_id):
    from bench.load_memory import renamed

    frames = {
        "articles": pl.DataFrame({"article_id": ["a1"]}),
        "quotes": pl.DataFrame({"article_id": ["a1"], "quote_id": ["q1"]}),
        "stance": pl.DataFrame({"quote_id": ["q1"]}),
        "actors": pl.DataFrame({"actor_id": ["x"]}),
        "rejected": pl.DataFrame({"source": ["s"]}),
    }
    out = renamed(frames, copy)
    assert out["articles"]["article_id"].to_list() == [article_id]
    assert out["quotes"].row(0) == (article_id, quote_id)
    assert out["stance"]["quote_id"].to_list() == [quote_id]
    assert out["actors"].equals(frames["actors"])  # actors are shared by every copy


def test_curve_on_the_sample(tmp_path: Path):
    out = tmp_path / "curve.json"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load_memory.py"), str(SEEDS / "articles"),
         "--copies", "2", "--cache", str(tmp_path / "cache"), "--json", str(out)],
        cwd=ROOT, check=True, capture_output=True, timeout=300,
    )
    report = json.loads(out.read_text())
    assert report["summary"]["copies"] == 2
    assert [(r["copy"], r["articles"]) for r in report["curve"]] == [(0, 1), (1, 1)]
    assert all(r["peak_mb"] >= r["rss_mb"] > 0 for r in report["curve"])
