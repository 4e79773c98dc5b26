"""Scheduled runs for real: a `prefect server start` on a free 127.0.0.1 port (PREFECT_HOME in
tmp, analytics off), `stancewire serve` in a subprocess registering the deployment, a run
triggered through the REST API, its completion awaited (bounded) and the DuckDB rows checked.
Every process is started in its own process group and killed at the end."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
PREFECT = Path(sys.executable).with_name("prefect")
SEED = ROOT / "seeds" / "articles" / "2022-09-13-kharkiv.txt"
BUDGET_S = 240  # whole test; typically well under 2 minutes


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _wait(what: str, check, deadline: float, logs: list[Path]):
    while time.monotonic() < deadline:
        try:
            result = check()
        except httpx.HTTPError:
            result = None
        if result:
            return result
        time.sleep(1.0)
    tails = "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in logs)
    pytest.fail(f"timed out waiting for {what}\n{tails}")


def test_served_deployment_runs_on_request_and_loads_the_inbox(tmp_path: Path):
    deadline = time.monotonic() + BUDGET_S
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(tmp_path / "prefect-home"),
        PREFECT_API_URL=api,
        PREFECT_UI_API_URL=api,
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_LOGGING_LEVEL="WARNING",
        PREFECT_RESULTS_PERSIST_BY_DEFAULT="false",
        PREFECT_RUNNER_POLL_FREQUENCY="2",
    )
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SEED, inbox / SEED.name)
    db = tmp_path / "served.duckdb"
    server_log, serve_log = tmp_path / "server.log", tmp_path / "serve.log"
    server = serve = None
    client = httpx.Client(base_url=api, timeout=10.0, trust_env=False)
    try:
        with open(server_log, "wb") as out:
            server = subprocess.Popen(
                [str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                env=env, cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        _wait("the Prefect server", lambda: client.get("/health").status_code == 200,
              deadline, [server_log])

        with open(serve_log, "wb") as out:
            serve = subprocess.Popen(
                [sys.executable, "-m", "flows.cli", "serve", "--source", str(inbox),
                 "--cron", "0 0 1 1 *", "--db", str(db), "--name", "test-inbox"],
                env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )

        def deployment():
            assert serve.poll() is None, serve_log.read_text()[-3000:]
            response = client.get("/deployments/name/stance-pipeline/test-inbox")
            return response.json() if response.status_code == 200 else None

        dep = _wait("the served deployment", deployment, deadline, [serve_log, server_log])
        assert dep["global_concurrency_limit"]["limit"] == 1
        assert dep["concurrency_options"]["collision_strategy"] == "ENQUEUE"
        assert dep["schedules"][0]["schedule"]["cron"] == "0 0 1 1 *"
        from flows.runners import pool_options

        assert dep["parameters"] == {  # scheduled runs use the warm pool too
            "source": str(inbox), "db_path": str(db), "batch_size": 2000, "inbox": True,
            **pool_options(),
        }

        answers: list[str] = []

        def created():
            # the server answers 5xx while its SQLite database is busy (a loaded 2-core
            # machine): ask again; any answer without an id is kept for the failure message
            response = client.post(f"/deployments/{dep['id']}/create_flow_run", json={})
            body = response.json() if response.content else {}
            if response.status_code in (200, 201) and "id" in body:
                return body
            answers.append(f"{response.status_code} {response.text[:500]}")
            assert response.status_code >= 500 or response.status_code == 429, answers
            return None

        run = _wait("the flow run to be created", created, deadline, [serve_log, server_log])

        def finished():
            state = client.get(f"/flow_runs/{run['id']}").json()["state"]
            return state if state and state["type"] in (
                "COMPLETED", "FAILED", "CRASHED", "CANCELLED") else None

        state = _wait("the flow run to finish", finished, deadline, [serve_log, server_log])
        assert state["type"] == "COMPLETED", (state, serve_log.read_text()[-3000:])
        name = client.get(f"/flow_runs/{run['id']}").json()["name"]
        assert name == f"stance-pipeline · inbox · {inbox}"
    finally:
        client.close()
        _stop(serve)
        _stop(server)

    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from articles").fetchone()[0] == 1
        assert con.execute("select count(*) from quotes").fetchone()[0] > 0
        assert con.execute("select flow_run_id, status from pipeline_runs").fetchall() == [
            (run["id"], "completed")
        ]
        assert con.execute("select path from inbox_files").fetchall() == [
            (str(inbox / SEED.name),)
        ]
