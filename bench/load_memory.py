"""Memory of the load stage alone: write analysed batches again and again into one DuckDB file.

    python bench/load_memory.py [SOURCE] [--copies 10] [--cache DIR] [--db PATH]

The corpus (default ../shared/corpora/ukraine-media) is analysed once in-process (extract ->
attribute -> score, no Prefect) and its batches are cached as Parquet (``--cache``, reused by
later runs). Then every batch is loaded with ``tasks.store.write.write_batch`` ``--copies`` times
with new ids (``<id>-copyK``), into one database, as a 10x run would. After each batch the
script prints the process RSS now and its peak, the write's wall and CPU seconds. A flat RSS
column means the load does not grow with the database; the summary line compares the peak after
the first copy with the peak at the end (the issue's target: <= 1.2x).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "ukraine-media"
FRAMES = ("articles", "quotes", "stance", "actors", "rejected")


def rss_mb() -> tuple[float, float]:
    """(current RSS, peak RSS) of this process in MB, from /proc (Linux)."""
    now = peak = 0.0
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                now = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return round(now, 1), round(peak, 1)


def analysed_batches(source: str, cache: Path, batch_size: int) -> list[Path]:
    """Folders ``cache/batch-NNNN`` holding the analysed frames of each batch of ``source``."""
    done = sorted(p for p in cache.glob("batch-*") if (p / "stance.parquet").exists())
    if done:
        return done
    from tasks.contract import REJECTED, empty
    from tasks.ingest.files import discover_files, iter_article_batches
    from tasks.analyse import analyse_articles

    cache.mkdir(parents=True, exist_ok=True)
    folders = []
    for i, (articles, rejected) in enumerate(
        iter_article_batches(discover_files(source), batch_size=batch_size)
    ):
        scored, stance, actors, _ = analyse_articles(articles)
        folder = cache / f"batch-{i:04d}"
        folder.mkdir(exist_ok=True)
        frames = dict(zip(FRAMES, (articles, scored, stance, actors,
                                   rejected if rejected.height else empty(REJECTED))))
        for name, frame in frames.items():
            frame.write_parquet(folder / f"{name}.parquet")
        folders.append(folder)
        print(f"analysed batch {i}: {articles.height} articles, {scored.height} quotes",
              flush=True)
    return folders


def renamed(frames: dict, k: int) -> dict:
    """The frames of copy ``k`` (k > 0: article and quote ids get the suffix ``-copyK``)."""
    import polars as pl

    if k == 0:
        return frames
    suffix = f"-copy{k}"
    out = dict(frames)
    out["articles"] = frames["articles"].with_columns(pl.col("article_id") + suffix)
    out["quotes"] = frames["quotes"].with_columns(
        pl.col("article_id") + suffix, pl.col("quote_id") + suffix)
    out["stance"] = frames["stance"].with_columns(pl.col("quote_id") + suffix)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=2000)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir())
                        / "stancewire-load-memory-cache")
    parser.add_argument("--db", type=Path, default=None, help="default: a new temporary file")
    parser.add_argument("--json", type=Path, default=None, help="also write the curve here")
    args = parser.parse_args()
    if not Path(args.source).exists():
        print(f"load_memory: source {args.source} is absent; nothing to measure (skipped)")
        return 0

    import polars as pl

    from tasks.store.write import write_batch

    folders = analysed_batches(args.source, args.cache, args.batch_size)
    batches = [{n: pl.read_parquet(f / f"{n}.parquet") for n in FRAMES} for f in folders]
    tmp = tempfile.TemporaryDirectory(prefix="stancewire-load-memory-")
    db = args.db or Path(tmp.name) / "load.duckdb"
    print(f"load_memory: {len(batches)} batches x {args.copies} copies into {db}")
    print(f"{'copy':>4} {'batch':>5} {'articles':>9} {'rss_mb':>8} {'peak_mb':>8} "
          f"{'wall_s':>7} {'cpu_s':>6}")
    curve, peak_after_first = [], None
    for k in range(args.copies):
        for i, frames in enumerate(batches):
            frames = renamed(frames, k)
            t, c = time.perf_counter(), time.process_time()
            counts = write_batch(db, *(frames[n] for n in FRAMES))
            wall, cpu = time.perf_counter() - t, time.process_time() - c
            now, peak = rss_mb()
            curve.append({"copy": k, "batch": i, "articles": counts["articles"], "rss_mb": now,
                          "peak_mb": peak, "wall_s": round(wall, 3), "cpu_s": round(cpu, 3)})
            print(f"{k:>4} {i:>5} {counts['articles']:>9} {now:>8} {peak:>8} {wall:>7.2f} "
                  f"{cpu:>6.2f}", flush=True)
        if k == 0:
            peak_after_first = rss_mb()[1]
    final_peak = rss_mb()[1]
    first = [r["cpu_s"] for r in curve if r["copy"] == 0]
    last = [r["cpu_s"] for r in curve if r["copy"] == args.copies - 1]
    summary = {
        "copies": args.copies,
        "batches": len(batches),
        "peak_mb_after_first_copy": peak_after_first,
        "peak_mb_at_end": final_peak,
        "peak_ratio": round(final_peak / peak_after_first, 2) if peak_after_first else None,
        "write_cpu_s_first_copy": round(sum(first), 2),
        "write_cpu_s_last_copy": round(sum(last), 2),
        "db_mb": round(Path(db).stat().st_size / 2**20, 1),
    }
    print("load_memory:", json.dumps(summary))
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "curve": curve}, indent=1))
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
