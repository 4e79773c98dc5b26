"""prefect.yaml for real: a `prefect server start` (tests/flows/prefect_server.py), `prefect
work-pool create --type process`, `prefect deploy --all` from the project folder, runs
triggered with `prefect deployment run` and executed by `prefect worker start` (flow-run
processes that change into the project folder: no clone, no network), rows checked in DuckDB.

Both deployments write one file: their runs take turns (the file's global concurrency limit,
flows/limits.py); a run that cannot get the file within its timeout (STANCEWIRE_FLOW_TIMEOUT
set through the run's job variables) fails as TimedOut and loads nothing. The server's scheduler
is off, so the deployments' cron schedules (checked) start no run of their own here."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import duckdb
import yaml

from flows.limits import db_limit_name
from tests.fixtures.feeds.server import serve_fixtures
from tests.flows.prefect_server import (
    PREFECT, ROOT, SEED, Server, prefect_server, seed_inbox, stop,
)

BUDGET_S = 420  # whole test; typically about 2 minutes on a loaded 2-core machine
POOL = "stancewire"


def _prefect(server: Server, *args: str, deadline: float) -> str:
    """Prefect's own CLI against the server, from the project folder; its output."""
    out = subprocess.run(
        [str(PREFECT), "--no-prompt", *args], env=server.env, cwd=ROOT, capture_output=True,
        text=True, timeout=max(10.0, deadline - time.monotonic()), check=False,
    )
    assert out.returncode == 0, (args, out.stdout[-3000:], out.stderr[-3000:])
    return out.stdout


def _run_deployment(server: Server, name: str, deadline: float, job_env: dict | None = None,
                    **params: str) -> str:
    """`prefect deployment run stance-pipeline/NAME --param K=V ...`; the flow run's id."""
    args = ["deployment", "run", f"stance-pipeline/{name}"]
    for key, value in params.items():
        args += ["--param", f"{key}={value}"]
    if job_env is not None:
        args += ["--job-variable", f"env={json.dumps(job_env)}"]
    out = _prefect(server, *args, deadline=deadline)
    return re.search(r"UUID: ([0-9a-f-]{36})", out).group(1)


def test_prefect_yaml_deploys_and_a_process_worker_runs_it(tmp_path: Path):
    deadline = time.monotonic() + BUDGET_S
    inbox = seed_inbox(tmp_path / "inbox")
    db = tmp_path / "deployed.duckdb"
    worker_log = tmp_path / "worker.log"
    worker = None
    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text())
    assert {d["name"] for d in spec["deployments"]} == {"inbox", "feeds"}

    with serve_fixtures() as feeds, prefect_server(
        tmp_path, deadline,
        PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED="false",  # no cron runs of the project's paths
        PREFECT_WORKER_QUERY_SECONDS="2",
        PREFECT_CLIENT_RETRY_EXTRA_CODES="500",  # the server's SQLite busy on a loaded machine
    ) as server:
        client, logs = server.client, [worker_log, server.log]
        try:
            _prefect(server, "work-pool", "create", POOL, "--type", "process", deadline=deadline)
            _prefect(server, "deploy", "--all", deadline=deadline)
            deployments = {
                name: client.get(f"/deployments/name/stance-pipeline/{name}").json()
                for name in ("inbox", "feeds")
            }
            for name, cron in (("inbox", "*/15 * * * *"), ("feeds", "0 * * * *")):
                dep = deployments[name]
                assert dep["work_pool_name"] == POOL
                assert dep["entrypoint"] == "flows/pipeline.py:stance_pipeline"
                assert dep["pull_steps"] == [{  # runs from this folder: no clone, no network
                    "prefect.deployments.steps.set_working_directory": {"directory": str(ROOT)}
                }]
                assert [s["schedule"]["cron"] for s in dep["schedules"]] == [cron]
                assert dep["global_concurrency_limit"]["limit"] == 1  # one run at a time each
                assert dep["concurrency_options"]["collision_strategy"] == "ENQUEUE"
                assert dep["parameters"]["db_path"] == "stancewire.duckdb"
                assert dep["job_variables"]["env"]["STANCEWIRE_FLOW_TIMEOUT"] == "3600"
            assert deployments["inbox"]["parameters"]["inbox"] is True
            assert deployments["inbox"]["parameters"]["source"] == "inbox"
            assert deployments["feeds"]["parameters"]["source"] == "war.feeds"

            # one run of each deployment into one file, both due before the worker starts
            inbox_run = _run_deployment(server, "inbox", deadline, source=inbox, db_path=db)
            feeds_run = _run_deployment(server, "feeds", deadline,
                                        source=f"{feeds.base}/atom.xml", db_path=db)
            worker = server.start([str(PREFECT), "worker", "start", "--pool", POOL], worker_log)
            for run_id in (inbox_run, feeds_run):
                state = server.final_state(run_id, deadline, logs)
                assert state["type"] == "COMPLETED", (state, worker_log.read_text()[-3000:])

            limit = client.get(f"/v2/concurrency_limits/{db_limit_name(db)}").json()
            assert (limit["limit"], limit["active_slots"]) == (1, 0), limit

            # while the file's slot is taken, a run waits for it, says so, and its timeout
            # stops it: TimedOut, nothing of it loaded
            taken = client.post("/v2/concurrency_limits/increment-with-lease", json={
                "names": [limit["name"]], "slots": 1, "mode": "concurrency",
                "lease_duration": 300})
            assert taken.status_code == 200, taken.text
            shutil.copy(SEED, inbox / "later.txt")
            timed_run = _run_deployment(server, "inbox", deadline, source=inbox, db_path=db,
                                        job_env={"STANCEWIRE_FLOW_TIMEOUT": "8"})
            state = server.final_state(timed_run, deadline, logs)
            client.post("/v2/concurrency_limits/decrement-with-lease",
                        json={"lease_id": taken.json()["lease_id"]})
            assert (state["type"], state["name"]) == ("FAILED", "TimedOut"), state
            assert "exceeded timeout of 8.0 second(s)" in state["message"]
            messages = [log["message"] for log in client.post("/logs/filter", json={
                "logs": {"flow_run_id": {"any_": [timed_run]}}}).json()]
            assert any(m.startswith(f"waiting for {limit['name']}: another run is writing")
                       for m in messages), messages
        finally:
            stop(worker)

    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from articles").fetchone()[0] == 2  # seed + feed
        assert con.execute("select count(*) from quotes").fetchone()[0] > 0
        runs = con.execute(
            "select flow_run_id, started_at, finished_at from pipeline_runs order by started_at"
        ).fetchall()
        assert {r[0] for r in runs} == {inbox_run, feeds_run}  # the timed-out run: no row
        (_, _, first_end), (_, second_start, _) = runs
        assert first_end < second_start, runs  # the two runs never wrote the file together
        assert con.execute("select path from inbox_files").fetchall() == [
            (str(inbox / SEED.name),)
        ]
