"""Per-stage wall time of the plain stage functions on a corpus (no Prefect).

    python bench/stages.py [SOURCE] [--db PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def time_stages(source: str, db_path: str, batch_size: int = 2000) -> dict:
    from tasks.attribute.speakers import attribute_speakers
    from tasks.extract.quotes import extract_quotes
    from tasks.ingest.files import discover_files, read_articles
    from tasks.store import write_batch
    from tasks.score.quotes import score_quotes

    names = ("ingest", "extract", "attribute", "score", "load")
    timings = {k: 0.0 for k in names}
    cpu = {k: 0.0 for k in names}

    def timed(stage, fn, *a):
        t, c = time.perf_counter(), time.process_time()
        out = fn(*a)
        timings[stage] += time.perf_counter() - t
        cpu[stage] += time.process_time() - c
        return out

    articles, rejected = timed("ingest", read_articles, discover_files(source))
    n_quotes = 0
    for i in range(0, articles.height, batch_size):
        batch = articles.slice(i, batch_size)
        quotes = timed("extract", extract_quotes, batch)
        attributed, actors = timed("attribute", attribute_speakers, quotes, batch)
        scored, stance = timed("score", score_quotes, attributed)
        timed("load", write_batch, db_path, batch, scored, stance, actors,
              rejected if i == 0 else rejected.clear())
        n_quotes += scored.height
    total, total_cpu = sum(timings.values()), sum(cpu.values())
    return {
        "articles": articles.height,
        "quotes": n_quotes,
        "stage_seconds": {k: round(v, 3) for k, v in timings.items()},
        "stage_cpu_seconds": {k: round(v, 3) for k, v in cpu.items()},
        "total_seconds": round(total, 3),
        "total_cpu_seconds": round(total_cpu, 3),
        "articles_per_second": round(articles.height / total, 1),
        "articles_per_cpu_second": round(articles.height / total_cpu, 1),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source", nargs="?", default="../shared/corpora/ukraine-media")
    parser.add_argument("--db", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(time_stages(args.source, args.db or f"{tmp}/b.duckdb"), indent=1))
