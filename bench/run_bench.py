"""stancewire benchmark: throughput, fixed cost, re-runs, memory, and the naive regex peer.

    python bench/run_bench.py [--corpus DIR] [--skip-10x] [--out bench/results]

Every end-to-end number is a whole `stancewire run` process, so Prefect's fixed start-up is
measured once (a 1-article run) and subtracted: marginal throughput = (N - 1) / (T(N) - T(1)).
Reads ../shared/corpora/ukraine-media; exits 0 with a message where it is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "ukraine-media"
STANCEWIRE = [sys.executable, "-m", "flows.cli"]


def run_process(source: Path, db: Path, *extra: str) -> dict:
    """One `stancewire run` as a child process: wall seconds, CPU seconds (user + system of the
    process and the processes it waited for: the temporary Prefect server, Dask workers) and
    peak RSS (the largest single process among them)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*STANCEWIRE, "run", "--source", str(source), "--db", str(db), "--quiet", *extra],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"bench: stancewire run failed on {source}:\n{stderr[-2000:]}")
    return {"seconds": round(seconds, 2), "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}


def read_corpus(corpus: Path) -> list[str]:
    lines: list[str] = []
    for path in sorted(corpus.glob("*.jsonl")):
        lines.extend(line for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return lines


def write_variant(lines: list[str], path: Path, *, copies: int = 1, change_every: int = 0) -> Path:
    """The corpus again: `copies` times with new ids, or with every n-th text changed."""
    with path.open("w", encoding="utf-8") as out:
        for k in range(copies):
            for i, line in enumerate(lines):
                record = json.loads(line)
                if k:
                    record["id"] = f"{record['id']}-copy{k}"
                if change_every and i % change_every == 0:
                    record["text"] += " This article was updated."
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def naive_peer_rate(lines: list[str]) -> dict:
    from bench.naive_peer import naive_quotes

    texts = [json.loads(line)["text"] for line in lines]
    start, cpu = time.perf_counter(), time.process_time()
    n = sum(len(naive_quotes(t)) for t in texts)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"articles_per_second": round(len(texts) / seconds, 1),
            "articles_per_cpu_second": round(len(texts) / cpu, 1), "quotes": n,
            "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2)}


def per_second(n: int, seconds: float) -> float | None:
    """n / seconds, or None when the difference of two noisy wall times is not positive."""
    return round(n / seconds, 1) if seconds > 0 else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--skip-10x", action="store_true", help="skip the 10x memory run")
    parser.add_argument("--scale", type=int, default=10, help="copies of the corpus for the memory run")
    parser.add_argument("--skip-dask", action="store_true", help="skip the Dask 1- vs 2-worker runs")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"bench: corpus {args.corpus} is absent; nothing to measure (skipped)")
        return 0

    from bench.stages import time_stages

    lines = read_corpus(args.corpus)
    n = len(lines)
    report: dict = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "articles": n,
        "cores": os.cpu_count(),
        "load_average_at_start": os.getloadavg()[0],
        "prefect_api": os.environ.get("PREFECT_API_URL") or "ephemeral (temporary local server)",
    }
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / f"bench-{report['when'].replace(':', '')}.json"

    def save() -> None:  # after every section, so an interrupted bench keeps what it measured
        report["load_average_now"] = os.getloadavg()[0]
        out.write_text(json.dumps(report, indent=1), encoding="utf-8")

    with tempfile.TemporaryDirectory(prefix="stancewire-bench-") as tmp_name:
        tmp = Path(tmp_name)
        one = tmp / "one.jsonl"
        one.write_text(lines[0] + "\n", encoding="utf-8")
        full = write_variant(lines, tmp / "full.jsonl")

        print("bench: naive regex peer ...", flush=True)
        peer = naive_peer_rate(lines)
        report["naive_peer"] = peer
        print(f"bench: {n} articles; fixed cost (1-article run) ...", flush=True)
        fixed = run_process(one, tmp / "one.duckdb")
        print("bench: full corpus run ...", flush=True)
        first = run_process(full, tmp / "full.duckdb")
        marginal = per_second(n - 1, first["seconds"] - fixed["seconds"])
        marginal_cpu = per_second(n - 1, first["cpu_seconds"] - fixed["cpu_seconds"])
        report.update(
            fixed_cost=fixed,
            full_run=first,
            marginal_articles_per_second=marginal,
            marginal_articles_per_cpu_second=marginal_cpu,
            # wall-time ratio (same session), and per CPU second (robust on a busy machine)
            ratio_to_peer=marginal and round(marginal / peer["articles_per_second"], 3),
            ratio_to_peer_cpu=marginal_cpu and round(
                marginal_cpu / peer["articles_per_cpu_second"], 3),
        )
        save()
        print("bench: no-op re-run ...", flush=True)
        noop = run_process(full, tmp / "full.duckdb")
        report["noop_rerun"] = noop | {
            "work_beyond_fixed_s": round(noop["seconds"] - fixed["seconds"], 2),
            "cpu_beyond_fixed_s": round(noop["cpu_seconds"] - fixed["cpu_seconds"], 2),
        }
        print("bench: 1% changed run ...", flush=True)
        changed = run_process(write_variant(lines, tmp / "changed.jsonl", change_every=100),
                              tmp / "full.duckdb")
        report["one_percent_changed"] = changed | {
            "articles_changed": len(range(0, n, 100)),
            "work_beyond_fixed_s": round(changed["seconds"] - fixed["seconds"], 2),
            "cpu_beyond_fixed_s": round(changed["cpu_seconds"] - fixed["cpu_seconds"], 2),
        }
        save()
        print("bench: per-stage times (in-process, no Prefect) ...", flush=True)
        report["stages_in_process"] = time_stages(str(full), str(tmp / "stages.duckdb"))
        save()
        if not args.skip_dask:
            dask: dict = {}
            print("bench: Dask fixed cost (1 article, local cluster of 1 worker) ...", flush=True)
            dask["fixed_1_worker"] = run_process(one, tmp / "d0.duckdb", "--runner", "dask",
                                                 "--workers", "1")
            for w in (1, 2):
                print(f"bench: Dask full corpus, {w} worker(s) ...", flush=True)
                r = run_process(full, tmp / f"d{w}.duckdb", "--runner", "dask", "--workers", str(w))
                r["marginal_articles_per_second"] = per_second(
                    n - 1, r["seconds"] - dask["fixed_1_worker"]["seconds"])
                dask[f"full_{w}_workers"] = r
                report["dask"] = dask
                save()
            dask["speedup_2_over_1_wall"] = round(
                dask["full_1_workers"]["seconds"] / dask["full_2_workers"]["seconds"], 2)
            save()
        if not args.skip_10x:
            print(f"bench: {args.scale}x corpus run ({args.scale * n} articles) ...", flush=True)
            big = write_variant(lines, tmp / "big.jsonl", copies=args.scale)
            ten = run_process(big, tmp / "big.duckdb")
            report[f"run_{args.scale}x"] = ten | {
                "articles": args.scale * n,
                "rss_ratio_to_1x": round(ten["peak_rss_mb"] / first["peak_rss_mb"], 2),
                "marginal_articles_per_second": per_second(
                    args.scale * n - 1, ten["seconds"] - fixed["seconds"]),
                "marginal_articles_per_cpu_second": per_second(
                    args.scale * n - 1, ten["cpu_seconds"] - fixed["cpu_seconds"]),
            }
            save()

    save()
    print(json.dumps(report, indent=1))
    print(f"bench: report written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
