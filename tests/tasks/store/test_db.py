"""tasks/store/db.py: connections that wait for a locked file, migrations, views, identifiers."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tasks.store.db import (
    LOCK_TIMEOUT_ENV,
    STORAGE_VERSION,
    DatabaseError,
    DatabaseLockedError,
    apply_migrations,
    connect,
    create_database,
    create_views,
    ident,
    list_migrations,
    list_views,
    lock_timeout_s,
)
from tests.guarantees.lockholder import hold_lock, release

TABLES = {
    "articles",
    "actors",
    "quotes",
    "quote_stance",
    "rejected_inputs",
    "pipeline_runs",
    "schema_migrations",
}


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}


def _views(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        r[0]
        for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
    }


def test_migrations_create_tables_and_views(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    applied = apply_migrations(con)
    assert applied == [m.version for m in list_migrations()]
    assert TABLES <= _tables(con)
    assert {name for name, _ in list_views()} <= _views(con)
    con.close()


def test_migrations_are_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    con = connect(db)
    apply_migrations(con)
    con.execute("INSERT INTO pipeline_runs (run_id, status) VALUES ('r1', 'running')")
    assert apply_migrations(con) == []
    con.close()
    con = connect(db)
    assert apply_migrations(con) == []
    recorded = con.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
    assert [r[0] for r in recorded] == [m.version for m in list_migrations()]
    assert con.execute("SELECT count(*) FROM pipeline_runs").fetchone()[0] == 1
    con.close()


def test_views_created_in_dependency_order(tmp_path: Path) -> None:
    """v_a reads v_b: created in a second pass whatever the file order."""
    mig = tmp_path / "migrations"
    views = tmp_path / "views"
    mig.mkdir()
    views.mkdir()
    (mig / "001_t.sql").write_text("CREATE TABLE IF NOT EXISTS t (x INTEGER);")
    (views / "v_a.sql").write_text("CREATE OR REPLACE VIEW v_a AS SELECT x + 1 AS y FROM v_b;")
    (views / "v_b.sql").write_text("CREATE OR REPLACE VIEW v_b AS SELECT x FROM t;")
    con = connect(tmp_path / "w.duckdb")
    assert apply_migrations(con, mig, views) == [1]
    con.execute("INSERT INTO t VALUES (1)")
    assert con.execute("SELECT y FROM v_a").fetchall() == [(2,)]
    con.close()


@pytest.mark.parametrize("name", ["1_init.sql", "001-init.sql", "001_Init.sql"])
def test_badly_named_migration_is_a_clear_error(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text("SELECT 1;")
    with pytest.raises(DatabaseError, match="001_name.sql"):
        list_migrations(tmp_path)


def test_failed_migration_rolls_back(tmp_path: Path) -> None:
    mig = tmp_path / "migrations"
    views = tmp_path / "views"
    mig.mkdir()
    views.mkdir()
    (mig / "001_bad.sql").write_text("CREATE TABLE t (x INTEGER); SELECT * FROM no_such_table;")
    con = connect(tmp_path / "w.duckdb")
    with pytest.raises(DatabaseError, match="001_bad.sql"):
        apply_migrations(con, mig, views)
    assert "t" not in _tables(con)
    assert con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == 0
    con.close()


@pytest.mark.parametrize(
    "name, ok",
    [
        ("articles", True),
        ("_stage_quotes", True),
        ("quote_stance2", True),
        ("Articles", False),
        ("quotes; DROP TABLE articles", False),
        ('a"b', False),
        ("a'b", False),
        ("", False),
        ("1abc", False),
    ],
)
def test_ident(name: str, ok: bool) -> None:
    if ok:
        assert ident(name) == name
    else:
        with pytest.raises(ValueError):
            ident(name)


@pytest.mark.parametrize(
    "raw, expected", [(None, 60.0), ("", 60.0), ("5", 5.0), ("0.5", 0.5), ("-3", 0.0)]
)
def test_lock_timeout_from_env(
    monkeypatch: pytest.MonkeyPatch, raw: str | None, expected: float
) -> None:
    if raw is None:
        monkeypatch.delenv(LOCK_TIMEOUT_ENV, raising=False)
    else:
        monkeypatch.setenv(LOCK_TIMEOUT_ENV, raw)
    assert lock_timeout_s() == expected


def test_bad_lock_timeout_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(LOCK_TIMEOUT_ENV, "soon")
    with pytest.raises(DatabaseError, match=LOCK_TIMEOUT_ENV):
        lock_timeout_s()


def test_not_a_database_file_is_a_one_line_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.duckdb"
    bogus.write_text("this is not a database\n" * 100)
    with pytest.raises(DatabaseError) as info:
        connect(bogus, timeout_s=1)
    assert not isinstance(info.value, DatabaseLockedError)
    assert "\n" not in str(info.value)
    assert str(bogus) in str(info.value)


def test_read_only_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="does not exist"):
        connect(tmp_path / "missing.duckdb", read_only=True)


def test_connect_creates_parent_folder(tmp_path: Path) -> None:
    db = tmp_path / "a" / "b" / "w.duckdb"
    connect(db).close()
    assert db.exists()


def test_new_files_use_the_storage_the_duckdb_cli_reads(tmp_path: Path) -> None:
    """connect (empty) and create_database (with the schema) both create in STORAGE_VERSION;
    nothing but the file is left beside it."""
    empty, full = tmp_path / "empty.duckdb", tmp_path / "full.duckdb"
    connect(empty).close()
    assert create_database(full) is True
    assert create_database(full) is False  # exists: left as it is
    for db, tables in ((empty, set()), (full, TABLES)):
        with duckdb.connect(str(db), read_only=True) as con:
            tag = con.execute(
                "SELECT tags['storage_version'] FROM duckdb_databases() "
                "WHERE database_name = current_database()"
            ).fetchall()[0][0]
            assert tag == f"{STORAGE_VERSION}+"
            assert tables <= _tables(con)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.duckdb", "full.duckdb"]


def test_files_of_dead_creators_are_removed(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead_pid = int(dead.stdout)
    db = tmp_path / "w.duckdb"
    left = [tmp_path / f"w.duckdb.creating-{dead_pid}-abcd",
            tmp_path / f"w.duckdb.creating-{dead_pid}-abcd.wal"]
    alive = tmp_path / f"w.duckdb.creating-{os.getpid()}-ef01"  # a creation under way
    for path in [*left, alive]:
        path.write_bytes(b"half")
    assert create_database(db) is True
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.duckdb", alive.name]


def test_connect_waits_for_another_process(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db = tmp_path / "w.duckdb"
    with hold_lock(db, seconds=1) as holder:
        with caplog.at_level(logging.INFO, logger="tasks.store.db"):
            con = connect(db, timeout_s=60)
        assert con.execute("SELECT count(*) FROM _holder").fetchone() == (0,)
        con.close()
    waits = [
        r.getMessage() for r in caplog.records if "locked by another process" in r.getMessage()
    ]
    assert waits, "connect should log what it waits for"
    assert f"pid {holder.pid}" in waits[0]
    assert "retrying in" in waits[0]


@pytest.mark.parametrize("read_only", [False, True])
def test_connect_times_out_with_clear_error(tmp_path: Path, read_only: bool) -> None:
    db = tmp_path / "w.duckdb"
    with hold_lock(db) as holder:
        with pytest.raises(DatabaseLockedError) as info:
            connect(db, read_only=read_only, timeout_s=0.3)
        message = str(info.value)
        assert "\n" not in message
        assert str(db) in message and f"pid {holder.pid}" in message
        assert LOCK_TIMEOUT_ENV in message
        release(holder)
    connect(db, read_only=read_only, timeout_s=5).close()


def test_env_timeout_used_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(LOCK_TIMEOUT_ENV, "0.2")
    db = tmp_path / "w.duckdb"
    with hold_lock(db):
        with pytest.raises(DatabaseLockedError, match="0.2 s"):
            connect(db)


def test_views_recreated_only_when_changed_or_missing(tmp_path: Path) -> None:
    mig = tmp_path / "migrations"
    views = tmp_path / "views"
    mig.mkdir()
    views.mkdir()
    (mig / "001_t.sql").write_text(
        "CREATE TABLE IF NOT EXISTS t (x INTEGER); INSERT INTO t VALUES (1);"
    )
    view = views / "v_t.sql"
    view.write_text("CREATE OR REPLACE VIEW v_t AS SELECT x FROM t;")
    con = connect(tmp_path / "w.duckdb")
    apply_migrations(con, mig, views)
    assert create_views(con, views) is False
    view.write_text("CREATE OR REPLACE VIEW v_t AS SELECT x * 10 AS x FROM t;")
    apply_migrations(con, mig, views)
    assert con.execute("SELECT x FROM v_t").fetchall() == [(10,)]
    con.execute("DROP VIEW v_t")
    assert create_views(con, views) is True
    assert con.execute("SELECT x FROM v_t").fetchall() == [(10,)]
    con.close()
