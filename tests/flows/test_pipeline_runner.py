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
    from flows.pipeline import task_runner_for

    got = task_runner_for(runner, workers=workers)
    if expected is None:
        assert got is None
    else:
        assert (type(got).__name__, got._max_workers) == expected


@pytest.mark.parametrize("runner", ["threads", "", "Dask"])
def test_unknown_runner_is_a_clear_error(runner):
    from flows.pipeline import task_runner_for

    with pytest.raises(ValueError, match="local, process or dask"):
        task_runner_for(runner)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--workers", "2"], "need --runner dask"),
        (["--runner", "process", "--dask-address", "tcp://127.0.0.1:8786"], "need --runner dask"),
        (["--runner", "process", "--workers", "0"], "--workers must be at least 1"),
    ],
)
def test_runner_options_are_checked_before_prefect_starts(argv, message, capsys):
    from flows.cli import main
    from tests.conftest import SEED_ARTICLE

    code = main(["run", "--source", str(SEED_ARTICLE), *argv])
    assert code == 2
    assert message in capsys.readouterr().err
