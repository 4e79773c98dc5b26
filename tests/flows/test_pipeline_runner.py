"""flows/pipeline.py task_runner_for: which task runner each ``--runner`` gives."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "runner, workers, expected",
    [
        ("local", None, None),  # Prefect's default thread pool in this process
        ("process", 1, ("ProcessPoolTaskRunner", 1)),
        ("process", 3, ("ProcessPoolTaskRunner", 3)),
    ],
)
def test_task_runner_for(runner, workers, expected):
    from flows.runners import task_runner_for

    got = task_runner_for(runner, workers=workers)
    if expected is None:
        assert got is None
    else:
        assert (type(got).__name__, got._max_workers) == expected


@pytest.mark.parametrize("runner", ["threads", "", "Dask"])
def test_unknown_runner_is_a_clear_error(runner):
    from flows.runners import task_runner_for

    with pytest.raises(ValueError, match="local, process or dask"):
        task_runner_for(runner)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--workers", "0"], "--workers must be at least 1"),  # --workers 2 is valid locally
        (["--runner", "process", "--dask-address", "tcp://127.0.0.1:8786"], "needs --runner dask"),
        (["--runner", "process", "--workers", "0"], "--workers must be at least 1"),
    ],
)
def test_runner_options_are_checked_before_prefect_starts(argv, message, capsys):
    from flows.cli import main
    from tests.conftest import SEED_ARTICLE

    code = main(["run", "--source", str(SEED_ARTICLE), *argv])
    assert code == 2
    assert message in capsys.readouterr().err


@pytest.mark.e2e
def test_process_pool_run_equals_single_process_run(prefect_harness, tmp_path) -> None:
    """--runner process: the batches are analysed in worker processes (not this one) and the
    tables equal the single-process run's."""
    import os

    from flows.pipeline import stance_pipeline
    from flows.runners import task_runner_for
    from tests.flows.test_dask import _source
    from tests.guarantees.test_robustness_common import DATA_TABLES, table_checksums

    src = _source(tmp_path / "in")
    local_db, pool_db = tmp_path / "local.duckdb", tmp_path / "pool.duckdb"
    local = stance_pipeline(source=str(src), db_path=str(local_db), batch_size=2)
    pooled = stance_pipeline.with_options(task_runner=task_runner_for("process", workers=2))(
        source=str(src), db_path=str(pool_db), batch_size=2, in_flight=4, inline_below=0,
    )
    assert local["analysed_by_pids"] == [os.getpid()]
    assert pooled["analysed_by_pids"] and os.getpid() not in pooled["analysed_by_pids"]
    for key in ("articles_in", "articles_new", "quotes", "rejected"):
        assert pooled[key] == local[key], key
    assert table_checksums(pool_db, DATA_TABLES) == table_checksums(local_db, DATA_TABLES)


@pytest.mark.e2e
def test_process_runner_analyses_a_small_run_in_the_flow_process(prefect_harness, tmp_path):
    """Fewer new articles than INLINE_BELOW: no worker process is started for them."""
    import os

    from flows.pipeline import run_pipeline
    from flows.runners import INLINE_BELOW
    from tests.flows.test_dask import _source

    src = _source(tmp_path / "in")
    run = run_pipeline(source=str(src), db_path=str(tmp_path / "small.duckdb"), batch_size=2,
                       runner="process", workers=2)
    assert run["articles_new"] == 5 < INLINE_BELOW
    assert run["analysed_by_pids"] == [os.getpid()]
    assert run["quotes"] > 0


@pytest.mark.e2e
def test_warm_pool_run_equals_single_process_run(prefect_harness, tmp_path) -> None:
    """The default local runner with workers > 1: analyse_batch hands each batch to the warm
    pool (tasks/pool.py); the tables equal the one-process run's, and the pool is shut down."""
    import os

    from flows.pipeline import stance_pipeline
    from tasks import pool
    from tests.flows.test_dask import _source
    from tests.guarantees.test_robustness_common import DATA_TABLES, table_checksums

    src = _source(tmp_path / "in")
    one_db, pool_db = tmp_path / "one.duckdb", tmp_path / "pool.duckdb"
    one = stance_pipeline(source=str(src), db_path=str(one_db), batch_size=2)
    pooled = stance_pipeline(source=str(src), db_path=str(pool_db), batch_size=2,
                             workers=2, in_flight=3, inline_below=0)
    assert one["analysed_by_pids"] == [os.getpid()]
    assert pooled["analysed_by_pids"] and os.getpid() not in pooled["analysed_by_pids"]
    for key in ("articles_in", "articles_new", "quotes", "rejected"):
        assert pooled[key] == one[key], key
    assert table_checksums(pool_db, DATA_TABLES) == table_checksums(one_db, DATA_TABLES)
    assert not pool._POOLS  # workers ended with the run


def test_cli_workers_option_reaches_the_local_pool(tmp_path, capsys) -> None:
    """`stancewire run --workers 1` is valid with the default runner (no worker processes)."""
    from flows.cli import main
    from tests.conftest import SEED_ARTICLE

    code = main(["run", "--source", str(SEED_ARTICLE), "--db", str(tmp_path / "w.duckdb"),
                 "--workers", "1", "--quiet"])
    assert code == 0


@pytest.mark.parametrize(
    "workers, expected",
    [
        (1, {"workers": 1, "in_flight": 1, "inline_below": 0}),  # everything in the flow
        (2, {"workers": 2, "in_flight": 3, "inline_below": 500}),
        (4, {"workers": 4, "in_flight": 5, "inline_below": 500}),
    ],
)
def test_pool_options(workers, expected):
    from flows.runners import pool_options

    assert pool_options(workers) == expected
