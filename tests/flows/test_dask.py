"""Scale-out: the stance-pipeline flow with its batch tasks on a Dask cluster
(prefect-dask DaskTaskRunner) gives the same tables as the single-process run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import SEED_ARTICLE
from tests.guarantees.test_robustness_common import DATA_TABLES, table_checksums

TEXTS = [
    'Kremlin spokesman Dmitry Peskov said Russia would press on. "We will continue," he told reporters.',
    "Ukrainian President Volodymyr Zelenskyy said Ukraine would liberate every town.",
    'US Secretary of State Antony Blinken said Ukraine made "significant progress" in the east.',
    "The Institute for the Study of War said Russian forces were withdrawing, according to its report.",
]


def _source(folder: Path) -> Path:
    folder.mkdir()
    shutil.copy(SEED_ARTICLE, folder / SEED_ARTICLE.name)
    lines = [json.dumps({"id": f"a{i}", "text": t}) for i, t in enumerate(TEXTS)]
    (folder / "news.jsonl").write_text("\n".join(lines + ["{not json"]) + "\n", encoding="utf-8")
    return folder


@pytest.mark.e2e
def test_dask_cluster_run_equals_single_process_run(prefect_harness, tmp_path: Path) -> None:
    from distributed import Client, LocalCluster, get_task_stream

    from flows.pipeline import run_pipeline, stance_pipeline

    src = _source(tmp_path / "in")
    local_db, dask_db = tmp_path / "local.duckdb", tmp_path / "dask.duckdb"
    local = stance_pipeline(source=str(src), db_path=str(local_db), batch_size=2)

    with LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
    ) as cluster, Client(cluster) as client:
        with get_task_stream(client) as stream:
            run = run_pipeline(
                source=str(src), db_path=str(dask_db), batch_size=2,
                runner="dask", dask_address=cluster.scheduler_address,
            )
        ran_on_cluster = len(stream.data)

    assert ran_on_cluster >= 3  # 5 articles in batches of 2: three analyse_batch tasks
    for key in ("articles_in", "articles_new", "quotes", "rejected"):
        assert run[key] == local[key], key
    assert run["articles_new"] == 5 and run["rejected"] == 1
    assert table_checksums(dask_db, DATA_TABLES) == table_checksums(local_db, DATA_TABLES)
    assert not (tmp_path / "dask.duckdb.handoff").exists()  # hand-off folders removed once loaded


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workers", "0"], "--workers must be at least 1"),  # --workers 2 is valid locally
        (["--dask-address", "tcp://127.0.0.1:8786"], "needs --runner dask"),
        (["--runner", "dask", "--workers", "0"], "--workers must be at least 1"),
        (["--runner", "dask", "--dask-address", "nowhere"], "is not tcp://HOST:PORT"),
    ],
)
def test_runner_options_bad_values_are_one_line_errors(args, message, capsys) -> None:
    from flows.cli import main

    assert main(["run", "--source", str(SEED_ARTICLE), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_unreachable_dask_scheduler_is_a_one_line_error(capsys) -> None:
    import socket

    from flows.cli import main

    with socket.socket() as s:  # a port that was free a moment ago: nobody listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = main(["run", "--source", str(SEED_ARTICLE), "--runner", "dask",
                 "--dask-address", f"tcp://127.0.0.1:{port}"])
    err = capsys.readouterr().err
    assert code == 2 and "no Dask scheduler answers" in err and err.count("\n") == 1
