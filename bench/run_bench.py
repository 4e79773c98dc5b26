"""stancewire benchmark: throughput, fixed cost, re-runs, memory, and the naive regex peer.

    python bench/run_bench.py [--corpus DIR] [--skip-10x] [--skip-server] [--out bench/results]

Every end-to-end number is a whole `stancewire run` process, so Prefect's fixed start-up is
measured with 1-article runs and subtracted: marginal throughput = (N - 1) / (T(N) - T(1)).
Made to be sane on a busy machine:

- the 1-article run is repeated (``--repeat``, default 3) and the minimum taken, in wall and in
  CPU seconds (CPU of the run and of the processes it waited for: the temporary server);
  a marginal number whose difference is not positive is reported as null, never as 7e12/s;
- each run also reports its own work as timed inside the flow (``work_seconds``, read back
  from ``pipeline_runs``: started_at -> finished_at), which no start-up noise reaches;
- the load average before and after every run is kept, and ``machine_busy`` is set when it
  exceeded the number of cores (then trust CPU numbers, not wall numbers);
- Python bytecode: when this environment forbids writing .pyc files
  (PYTHONDONTWRITEBYTECODE), every process would compile Prefect from source (~16 CPU s per
  start-up here); the children then get a bytecode cache in the bench's temporary folder, as a
  normal installation has, after one warm-up run (``bytecode`` in the report says which);
- the fixed cost is measured twice: with the temporary (ephemeral) Prefect server that
  ``stancewire run`` starts, and against a running ``prefect server start`` on 127.0.0.1
  (``--skip-server`` to skip);
- memory: the 10x run (``--scale`` copies with new ids) and, much cheaper, the per-batch RSS
  curve of the load stage alone (bench/load_memory.py) at the same scale.

Reads ../shared/corpora/ukraine-media; exits 0 with a message where it is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "ukraine-media"
STANCEWIRE = [sys.executable, "-m", "flows.cli"]
RUNNER: list[str] = []  # ``--runner X`` of every run but the Dask ones (bench option --runner)


# INFO: the flow's closing log line (its own work in wall and CPU seconds) reaches stderr
CHILD_ENV: dict[str, str] = dict(os.environ, PREFECT_LOGGING_LEVEL="INFO")
WORK_LINE = re.compile(r"work beyond Prefect's start-up: ([0-9.]+) s, ([0-9.]+) CPU s")
LOADS: list[float] = []  # load averages seen before and after each run
LOADS_BEFORE: list[float] = []  # before each run only: what other processes were doing


def set_child_env(tmp: Path) -> str:
    """Environment of the child processes; returns how Python bytecode is handled."""
    if os.environ.get("PYTHONDONTWRITEBYTECODE") or sys.dont_write_bytecode:
        CHILD_ENV.pop("PYTHONDONTWRITEBYTECODE", None)
        CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
        return ("this environment sets PYTHONDONTWRITEBYTECODE: children use a bytecode cache in "
                "the bench's temporary folder (warmed by one discarded run), as an installation "
                "that may write .pyc files has")
    return "normal (.pyc files cached next to the sources)"


def _last_run_work(db: Path) -> float | None:
    """Seconds of the latest pipeline_runs row (the flow's own work, start-up excluded)."""
    try:
        import duckdb

        with duckdb.connect(str(db), read_only=True) as con:
            row = con.execute(
                "SELECT epoch(finished_at - started_at) FROM pipeline_runs "
                "ORDER BY started_at DESC LIMIT 1").fetchone()
        return round(float(row[0]), 2) if row and row[0] is not None else None
    except Exception:  # noqa: BLE001 - a number the report can do without
        return None


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux /proc)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            try:
                todo.extend(int(c) for c in task.read_text().split())
            except (OSError, ValueError):
                pass
    return out


def _rss_mb(pid: int) -> tuple[float, bool]:
    """(RSS in MB, whether it is Prefect's temporary API server) of one process."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return 0.0, False
    rss = next((int(line.split()[1]) / 1024 for line in status.splitlines()
                if line.startswith("VmRSS:")), 0.0)
    return rss, b"uvicorn" in cmd and b"prefect.server" in cmd


class TreeMemory:
    """Samples, every ``every`` seconds, the summed RSS of a process and its descendants: all
    of them, and the pipeline's own (without Prefect's temporary API server). With
    ``--runner process`` the CPU stages run in worker processes, so the largest single
    process (``ru_maxrss``) no longer tells the run's memory."""

    def __init__(self, pid: int, every: float = 0.25) -> None:
        import threading

        self.pid, self.every = pid, every
        self.peak_all = self.peak_pipeline = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            total = pipeline = 0.0
            for p in _tree(self.pid):
                rss, server = _rss_mb(p)
                total += rss
                pipeline += 0.0 if server else rss
            self.peak_all = max(self.peak_all, total)
            self.peak_pipeline = max(self.peak_pipeline, pipeline)

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join()
        return {"peak_tree_rss_mb": round(self.peak_all, 1),
                "peak_pipeline_rss_mb": round(self.peak_pipeline, 1)}


def run_process(source: Path, db: Path, *extra: str, env: dict | None = None) -> dict:
    """One `stancewire run` as a child process: wall seconds, CPU seconds (user + system of the
    process and the processes it waited for: the temporary Prefect server, Dask workers), peak
    RSS (the largest single process among them; and the peak of their sum, sampled, with and
    without the temporary Prefect server: ``TreeMemory``), the flow's own work
    (``work_seconds``) and the load average before and after."""
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*STANCEWIRE, "run", "--source", str(source), "--db", str(db), "--quiet",
         *([] if "--runner" in extra else RUNNER), *extra],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env or CHILD_ENV,
    )
    memory = TreeMemory(proc.pid)
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    tree = memory.stop()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"bench: stancewire run failed on {source}:\n{stderr[-2000:]}")
    load_after = os.getloadavg()[0]
    LOADS.extend((load_before, load_after))
    LOADS_BEFORE.append(load_before)
    work = WORK_LINE.search(stderr)
    return {"seconds": round(seconds, 2), "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
            **tree,
            "work_seconds": float(work.group(1)) if work else _last_run_work(db),
            # CPU of the flow process during its own work (threads included; not the workers
            # of --runner process/dask)
            "work_cpu_seconds": float(work.group(2)) if work else None,
            "load_average": [round(load_before, 2), round(load_after, 2)]}


def fixed_cost(one: Path, tmp: Path, label: str, repeat: int, env: dict | None = None) -> dict:
    """``repeat`` 1-article runs (each into a new database): see ``least_of``."""
    return least_of([run_process(one, tmp / f"{label}-{i}.duckdb", env=env)
                     for i in range(repeat)])


def least_of(runs: list[dict]) -> dict:
    """Repeated runs of the same work: the minimum wall, CPU and work seconds (the least
    disturbed run), the largest peak RSS, and every run."""
    return {"seconds": min(r["seconds"] for r in runs),
            "cpu_seconds": min(r["cpu_seconds"] for r in runs),
            "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
            "peak_pipeline_rss_mb": max(r["peak_pipeline_rss_mb"] for r in runs),
            "work_seconds": min((r["work_seconds"] for r in runs if r["work_seconds"] is not None),
                                default=None),
            "work_cpu_seconds": min((r["work_cpu_seconds"] for r in runs
                                     if r["work_cpu_seconds"] is not None), default=None),
            "runs": runs}


def beyond_fixed(run: dict, fixed: dict) -> dict:
    """A run's cost beyond the fixed start-up: wall and CPU differences (null when the
    difference of two noisy numbers is not positive) and the flow's own work."""
    wall = run["seconds"] - fixed["seconds"]
    cpu = run["cpu_seconds"] - fixed["cpu_seconds"]
    return {"work_beyond_fixed_s": round(wall, 2) if wall > 0 else None,
            "cpu_beyond_fixed_s": round(cpu, 2) if cpu > 0 else None,
            "flow_work_s": run["work_seconds"], "flow_work_cpu_s": run["work_cpu_seconds"]}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def with_running_server(tmp: Path, one: Path, loaded: Path, db: Path, repeat: int) -> dict:
    """Fixed cost and a no-op re-run (of ``loaded``, the source last loaded into ``db``) against
    a running `prefect server start` on 127.0.0.1 (started here in its own PREFECT_HOME,
    stopped at the end)."""
    port = _free_port()
    env = dict(CHILD_ENV, PREFECT_HOME=str(tmp / "prefect-home"),
               PREFECT_SERVER_ANALYTICS_ENABLED="false")
    prefect = Path(sys.executable).with_name("prefect")
    server = subprocess.Popen(
        [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    api = f"http://127.0.0.1:{port}/api"
    try:
        started = time.perf_counter()
        while True:
            try:
                with urllib.request.urlopen(f"{api}/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.perf_counter() - started > 180:
                return {"error": "prefect server start did not answer within 180 s"}
            time.sleep(1)
        ready = round(time.perf_counter() - started, 1)
        env["PREFECT_API_URL"] = api
        run_process(one, tmp / "server-warm.duckdb", env=env)  # the server's first requests
        fixed = fixed_cost(one, tmp, "server-one", repeat, env=env)
        noop = least_of([run_process(loaded, db, env=env) for _ in range(repeat)])
        return {"server_ready_seconds": ready, "fixed_cost": fixed,
                "noop_rerun": noop | beyond_fixed(noop, fixed)}
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def load_memory_curve(corpus: Path, copies: int, tmp: Path) -> dict:
    """bench/load_memory.py in a child process: the load stage's peak RSS after 1 and after
    ``copies`` copies of the corpus in one database."""
    out = tmp / "load_memory.json"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load_memory.py"), str(corpus), "--copies",
         str(copies), "--cache", str(tmp / "analysed"), "--json", str(out)],
        cwd=ROOT, env=CHILD_ENV, stdout=subprocess.DEVNULL, check=True,
    )
    return json.loads(out.read_text(encoding="utf-8"))["summary"]


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
    parser.add_argument("--skip-server", action="store_true",
                        help="skip the runs against a running `prefect server start`")
    parser.add_argument("--repeat", type=int, default=3, help="1-article runs (the min is used)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--runner", choices=("local", "process"), default=None,
                        help="--runner of the stancewire runs (default: stancewire's default)")
    args = parser.parse_args()
    if args.runner:
        RUNNER[:] = ["--runner", args.runner]
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
        "runner": args.runner or "stancewire's default",
    }
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / f"bench-{report['when'].replace(':', '')}.json"

    def save() -> None:  # after every section, so an interrupted bench keeps what it measured
        report["load_average_now"] = os.getloadavg()[0]
        report["load_average_max"] = max(LOADS, default=report["load_average_now"])
        # Busy: more than one runnable process per core already BEFORE a run started (wall
        # numbers are then inflated: use CPU ones). The load after a run is not a sign of
        # others: the run's worker pool itself keeps every core busy.
        report["load_average_max_before_runs"] = max(LOADS_BEFORE, default=0.0)
        report["machine_busy"] = report["load_average_max_before_runs"] > (os.cpu_count() or 1)
        out.write_text(json.dumps(report, indent=1), encoding="utf-8")

    with tempfile.TemporaryDirectory(prefix="stancewire-bench-") as tmp_name:
        tmp = Path(tmp_name)
        one = tmp / "one.jsonl"
        one.write_text(lines[0] + "\n", encoding="utf-8")
        full = write_variant(lines, tmp / "full.jsonl")

        report["bytecode"] = set_child_env(tmp)
        print("bench: naive regex peer ...", flush=True)
        peer = naive_peer_rate(lines)
        report["naive_peer"] = peer
        print(f"bench: {n} articles; warm-up, then fixed cost ({args.repeat} 1-article runs) ...",
              flush=True)
        report["warm_up_run"] = run_process(one, tmp / "warm.duckdb")
        fixed = fixed_cost(one, tmp, "one", max(1, args.repeat))
        print("bench: full corpus run ...", flush=True)
        first = run_process(full, tmp / "full.duckdb")
        marginal = per_second(n - 1, first["seconds"] - fixed["seconds"])
        marginal_cpu = per_second(n - 1, first["cpu_seconds"] - fixed["cpu_seconds"])
        report.update(
            fixed_cost=fixed,
            full_run=first,
            marginal_articles_per_second=marginal,
            marginal_articles_per_cpu_second=marginal_cpu,
            # the flow's own work, timed inside it: no start-up noise
            flow_articles_per_second=per_second(n, first["work_seconds"] or 0),
            flow_articles_per_cpu_second=per_second(n, first["work_cpu_seconds"] or 0),
            # wall-time ratio (same session), and per CPU second (robust on a busy machine)
            ratio_to_peer=marginal and round(marginal / peer["articles_per_second"], 3),
            ratio_to_peer_cpu=marginal_cpu and round(
                marginal_cpu / peer["articles_per_cpu_second"], 3),
        )
        save()
        print(f"bench: no-op re-runs ({args.repeat}) ...", flush=True)
        noop = least_of([run_process(full, tmp / "full.duckdb") for _ in range(args.repeat)])
        report["noop_rerun"] = noop | beyond_fixed(noop, fixed)
        print("bench: 1% changed run ...", flush=True)
        changed_source = write_variant(lines, tmp / "changed.jsonl", change_every=100)
        changed = run_process(changed_source, tmp / "full.duckdb")
        report["one_percent_changed"] = changed | {
            "articles_changed": len(range(0, n, 100))} | beyond_fixed(changed, fixed)
        save()
        if not args.skip_server:
            print("bench: fixed cost and no-op re-run against `prefect server start` ...",
                  flush=True)
            report["running_server"] = with_running_server(
                tmp, one, changed_source, tmp / "full.duckdb", max(1, args.repeat))
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
        print(f"bench: load-stage memory curve, {args.scale} copies ...", flush=True)
        report["load_memory"] = load_memory_curve(args.corpus, args.scale, tmp)
        save()
        if not args.skip_10x:
            print(f"bench: {args.scale}x corpus run ({args.scale * n} articles) ...", flush=True)
            big = write_variant(lines, tmp / "big.jsonl", copies=args.scale)
            ten = run_process(big, tmp / "big.duckdb")
            report[f"run_{args.scale}x"] = ten | {
                "articles": args.scale * n,
                # largest single process, and the pipeline's processes summed (the flow and
                # its workers, without Prefect's temporary server)
                "rss_ratio_to_1x": round(ten["peak_rss_mb"] / first["peak_rss_mb"], 2),
                "pipeline_rss_ratio_to_1x": round(
                    ten["peak_pipeline_rss_mb"] / first["peak_pipeline_rss_mb"], 2),
                "marginal_articles_per_second": per_second(
                    args.scale * n - 1, ten["seconds"] - fixed["seconds"]),
                "marginal_articles_per_cpu_second": per_second(
                    args.scale * n - 1, ten["cpu_seconds"] - fixed["cpu_seconds"]),
                "flow_articles_per_second": per_second(args.scale * n, ten["work_seconds"] or 0),
            }
            save()

    save()
    print(json.dumps(report, indent=1))
    print(f"bench: report written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
