"""A real `prefect server start` for the scheduling and deployment tests (test_serve.py,
test_deployments.py): a free 127.0.0.1 port, PREFECT_HOME in tmp, analytics off, every process
in its own process group and stopped at the end; bounded waits that fail with the logs' tails;
flow runs created through the REST API, asking again while the server answers 5xx."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
PREFECT = Path(sys.executable).with_name("prefect")
SEED = ROOT / "seeds" / "articles" / "2022-09-13-kharkiv.txt"
FINAL_STATES = ("COMPLETED", "FAILED", "CRASHED", "CANCELLED")


def seed_inbox(folder: Path) -> Path:
    """A new inbox folder holding the seed article."""
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    return folder


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(proc: subprocess.Popen | None) -> None:
    """SIGTERM to the process group of ``proc`` (started with ``start_new_session``), then
    SIGKILL if it is still running."""
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


def wait_for(what: str, check: Callable[[], object], deadline: float, logs: list[Path]):
    """``check()`` every second until it returns something true (HTTP errors count as not yet);
    past ``deadline`` fail with the tails of ``logs``."""
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


@dataclass
class Server:
    """A running server: its API URL, the environment pointing at it, a REST client and the
    server's log file."""

    api: str
    env: dict[str, str]
    client: httpx.Client
    log: Path

    def start(self, args: list[str], log: Path, cwd: Path = ROOT) -> subprocess.Popen:
        """A process of ours against this server, in its own process group, output to ``log``
        (stop it with ``stop``)."""
        with open(log, "wb") as out:
            return subprocess.Popen(args, env=self.env, cwd=cwd, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)

    def create_flow_run(self, deployment_id: str, deadline: float, logs: list[Path],
                        body: dict | None = None) -> dict:
        """A flow run of the deployment, created through the REST API; asks again while the
        server answers 5xx/429 (its SQLite database busy on a loaded 2-core machine) and
        otherwise fails with the status and body it got."""
        answers: list[str] = []

        def created():
            response = self.client.post(f"/deployments/{deployment_id}/create_flow_run",
                                        json=body or {})
            answer = response.json() if response.content else {}
            if response.status_code in (200, 201) and "id" in answer:
                return answer
            answers.append(f"{response.status_code} {response.text[:500]}")
            assert response.status_code >= 500 or response.status_code == 429, answers
            return None

        return wait_for("the flow run to be created", created, deadline, logs)

    def final_state(self, run_id: str, deadline: float, logs: list[Path]) -> dict:
        """The flow run's state once it is final."""

        def finished():
            state = self.client.get(f"/flow_runs/{run_id}").json()["state"]
            return state if state and state["type"] in FINAL_STATES else None

        return wait_for(f"flow run {run_id} to finish", finished, deadline, logs)


@contextmanager
def prefect_server(tmp_path: Path, deadline: float, **env: str) -> Iterator[Server]:
    """``prefect server start`` on a free port (PREFECT_HOME under ``tmp_path``, no other
    PREFECT_* variable of this process inherited, ``env`` added), stopped at the end."""
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    server_env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    server_env.update(
        PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_API_URL=api, PREFECT_UI_API_URL=api,
        PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_LOGGING_LEVEL="WARNING",
        PREFECT_RESULTS_PERSIST_BY_DEFAULT="false", **env,
    )
    client = httpx.Client(base_url=api, timeout=10.0, trust_env=False)
    server = Server(api, server_env, client, tmp_path / "server.log")
    proc = None
    try:
        proc = server.start([str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port",
                             str(port)], server.log, cwd=tmp_path)
        wait_for("the Prefect server", lambda: client.get("/health").status_code == 200,
                 deadline, [server.log])
        yield server
    finally:
        client.close()
        stop(proc)
