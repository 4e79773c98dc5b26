"""Another process holding the DuckDB file: a writer, or an analyst's read-only session.

While a process holds the file (even read-only) no other process can open it for writing.
A load waits with backoff, logging what it waits for; it loads when the file is freed, or
after the timeout fails with a one-line error and keeps its batch for the next write. Nothing
is lost either way. (tests/tasks/store/test_load.py and test_db.py cover the writer holder.)
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tasks.store.db import LOCK_TIMEOUT_ENV, DatabaseLockedError
from tasks.store.staging import staging_dir_for
from tasks.store.write import existing_hashes
from tests.guarantees.lockholder import hold_lock, release
from tests.tasks.store.test_load import load, make_batch, query


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    load(path, make_batch(["a0"]))
    return path


def test_write_waits_for_read_only_session_then_loads(
    db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with hold_lock(db, seconds=1.5, read_only=True) as holder:
        with caplog.at_level(logging.INFO):
            counts = load(db, make_batch(["a1", "a2"]), timeout_s=120)
    assert counts["articles_new"] == 2
    waits = [r for r in caplog.records if "locked by another process" in r.getMessage()]
    assert waits and f"pid {holder.pid}" in waits[0].getMessage()
    assert str(db) in waits[0].getMessage() and LOCK_TIMEOUT_ENV in waits[0].getMessage()
    assert waits[0].levelno == logging.WARNING  # the first wait shows even on a quiet console
    assert sorted(existing_hashes(db)["article_id"]) == ["a0", "a1", "a2"]
    assert not staging_dir_for(db).exists()


def test_read_only_session_past_the_timeout_keeps_the_batch(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(LOCK_TIMEOUT_ENV, "0.5")  # the user's setting, no argument needed
    with hold_lock(db, read_only=True) as holder:
        with pytest.raises(DatabaseLockedError) as info:
            load(db, make_batch(["a1", "a2"]))
        message = str(info.value)
        assert "\n" not in message and "kept in" in message and LOCK_TIMEOUT_ENV in message
        assert f"pid {holder.pid}" in message
        release(holder)
    assert len(list(staging_dir_for(db).iterdir())) == 1
    # the next write (any batch) loads the kept one first: nothing lost
    counts = load(db, make_batch(["a3"]))
    assert counts["staged_loaded"] == 1
    assert sorted(existing_hashes(db)["article_id"]) == ["a0", "a1", "a2", "a3"]
    assert query(db, "SELECT count(*) FROM quotes") == [(8,)]
    assert list(staging_dir_for(db).iterdir()) == []


def test_reading_hashes_waits_for_a_writer(db: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The flow's first DB step (which articles are known) also waits instead of failing."""
    with hold_lock(db, seconds=1.5):
        with caplog.at_level(logging.INFO):
            hashes = existing_hashes(db, timeout_s=120)
    assert hashes["article_id"].to_list() == ["a0"]
    assert any("locked by another process" in r.getMessage() for r in caplog.records)


def test_reading_hashes_past_the_timeout_is_one_clear_line(db: Path) -> None:
    with hold_lock(db):
        with pytest.raises(DatabaseLockedError) as info:
            existing_hashes(db, timeout_s=0.3)
    assert "\n" not in str(info.value) and str(db) in str(info.value)


def test_retried_locked_load_stages_its_batch_once(db: Path) -> None:
    """A load retried while the file stays locked (Prefect retries load_batch twice) keeps one
    copy of the batch, so its rows and its pipeline_runs counters are loaded once."""
    batch = make_batch(["a1", "a2"])
    with hold_lock(db) as holder:
        for _ in range(3):
            with pytest.raises(DatabaseLockedError):
                load(db, batch, timeout_s=0.2, run={"run_id": "r1"})
        release(holder)
    assert len(list(staging_dir_for(db).iterdir())) == 1
    counts = load(db, make_batch(["a3"]), run={"run_id": "r1"})
    assert counts["staged_loaded"] == 1
    assert query(db, "SELECT batches, articles_in FROM pipeline_runs WHERE run_id = 'r1'") == [
        (2, 3)
    ]
    # a different batch is staged separately
    with hold_lock(db):
        for version in ("v2", "v3"):
            with pytest.raises(DatabaseLockedError):
                load(db, make_batch(["a1"], version=version), timeout_s=0.2)
    assert len(list(staging_dir_for(db).iterdir())) == 2
