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


def run_process(source: Path, db: Path) -> dict:
    """One `stancewire run` as a child process: wall seconds and the child's peak RSS."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*STANCEWIRE, "run", "--source", str(source), "--db", str(db), "--quiet"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"bench: stancewire run failed on {source}:\n{stderr[-2000:]}")
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}


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
    start = time.perf_counter()
    n = sum(len(naive_quotes(t)) for t in texts)
    seconds = time.perf_counter() - start
    return {"articles_per_second": round(len(texts) / seconds, 1), "quotes": n,
            "seconds": round(seconds, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--skip-10x", action="store_true", help="skip the 10x memory run")
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
        "prefect_api": os.environ.get("PREFECT_API_URL") or "ephemeral (temporary local server)",
    }
    with tempfile.TemporaryDirectory(prefix="stancewire-bench-") as tmp_name:
        tmp = Path(tmp_name)
        one = tmp / "one.jsonl"
        one.write_text(lines[0] + "\n", encoding="utf-8")
        full = write_variant(lines, tmp / "full.jsonl")

        print(f"bench: {n} articles; fixed cost (1-article run) ...", flush=True)
        fixed = run_process(one, tmp / "one.duckdb")
        print(f"bench: full corpus run ...", flush=True)
        first = run_process(full, tmp / "full.duckdb")
        print(f"bench: no-op re-run ...", flush=True)
        noop = run_process(full, tmp / "full.duckdb")
        print(f"bench: 1% changed run ...", flush=True)
        changed = run_process(write_variant(lines, tmp / "changed.jsonl", change_every=100),
                              tmp / "full.duckdb")
        marginal = (n - 1) / max(first["seconds"] - fixed["seconds"], 1e-9)
        report.update(
            fixed_cost=fixed,
            full_run=first,
            marginal_articles_per_second=round(marginal, 1),
            noop_rerun=noop | {"work_beyond_fixed_s": round(noop["seconds"] - fixed["seconds"], 2)},
            one_percent_changed=changed
            | {"work_beyond_fixed_s": round(changed["seconds"] - fixed["seconds"], 2)},
        )
        if not args.skip_10x:
            print(f"bench: 10x corpus run ({10 * n} articles) ...", flush=True)
            big = write_variant(lines, tmp / "10x.jsonl", copies=10)
            ten = run_process(big, tmp / "10x.duckdb")
            report["run_10x"] = ten | {
                "rss_ratio_to_1x": round(ten["peak_rss_mb"] / first["peak_rss_mb"], 2)
            }
        print("bench: per-stage times (in-process, no Prefect) ...", flush=True)
        report["stages_in_process"] = time_stages(str(full), str(tmp / "stages.duckdb"))
        print("bench: naive regex peer ...", flush=True)
        peer = naive_peer_rate(lines)
        report["naive_peer"] = peer
        report["ratio_to_peer"] = round(marginal / peer["articles_per_second"], 2)

    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / f"bench-{report['when'].replace(':', '')}.json"
    out.write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(json.dumps(report, indent=1))
    print(f"bench: report written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
