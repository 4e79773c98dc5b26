"""Scheduled runs for real: a `prefect server start` on a free 127.0.0.1 port (PREFECT_HOME in
tmp, analytics off), `stancewire serve` in a subprocess registering the deployment, a run
triggered through the REST API, its completion awaited (bounded) and the DuckDB rows checked.
Every process is started in its own process group and killed at the end
(tests/flows/prefect_server.py)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import duckdb

from tests.flows.prefect_server import SEED, prefect_server, seed_inbox, stop, wait_for

BUDGET_S = 240  # whole test; typically well under 2 minutes


def test_served_deployment_runs_on_request_and_loads_the_inbox(tmp_path: Path):
    deadline = time.monotonic() + BUDGET_S
    inbox = seed_inbox(tmp_path / "inbox")
    db = tmp_path / "served.duckdb"
    serve_log = tmp_path / "serve.log"
    serve = None
    with prefect_server(tmp_path, deadline, PREFECT_RUNNER_POLL_FREQUENCY="2") as server:
        client, logs = server.client, [serve_log, server.log]
        try:
            serve = server.start(
                [sys.executable, "-m", "flows.cli", "serve", "--source", str(inbox),
                 "--cron", "0 0 1 1 *", "--db", str(db), "--name", "test-inbox"], serve_log)

            def deployment():
                assert serve.poll() is None, serve_log.read_text()[-3000:]
                response = client.get("/deployments/name/stance-pipeline/test-inbox")
                return response.json() if response.status_code == 200 else None

            dep = wait_for("the served deployment", deployment, deadline, logs)
            assert dep["global_concurrency_limit"]["limit"] == 1
            assert dep["concurrency_options"]["collision_strategy"] == "ENQUEUE"
            assert dep["schedules"][0]["schedule"]["cron"] == "0 0 1 1 *"
            from flows.runners import pool_options

            assert dep["parameters"] == {  # scheduled runs use the warm pool too
                "source": str(inbox), "db_path": str(db), "batch_size": 2000, "inbox": True,
                **pool_options(),
            }

            run = server.create_flow_run(dep["id"], deadline, logs)
            state = server.final_state(run["id"], deadline, logs)
            assert state["type"] == "COMPLETED", (state, serve_log.read_text()[-3000:])
            name = client.get(f"/flow_runs/{run['id']}").json()["name"]
            assert name == f"stance-pipeline · inbox · {inbox}"
        finally:
            stop(serve)

    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from articles").fetchone()[0] == 1
        assert con.execute("select count(*) from quotes").fetchone()[0] > 0
        assert con.execute("select flow_run_id, status from pipeline_runs").fetchall() == [
            (run["id"], "completed")
        ]
        assert con.execute("select path from inbox_files").fetchall() == [
            (str(inbox / SEED.name),)
        ]
