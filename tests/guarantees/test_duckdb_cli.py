"""The database file opens in the ``duckdb`` CLI the README names, shipped with the project.

``make setup`` / ``make run`` install PyPI ``duckdb-cli`` (a dependency) as ``.venv/bin/duckdb``,
beside the venv's python. DuckDB 2.0 writes new files in a storage that this CLI (1.5.6) cannot
read, so stancewire creates them in storage ``STORAGE_VERSION`` (tasks/store/db.py). Here the
real CLI opens a database written by the plain stage functions on seeds/articles, answers the
README's query, every view and every cookbook example; read-only sessions (the CLI's and
Python's) share the file while a writer waits for them. Files created with the 2.0 storage
(before this change) are still read and written.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tasks.contract import ROOT, SQL
from tasks.store.db import (
    STORAGE_VERSION,
    DatabaseLockedError,
    connect,
    list_views,
)
from tasks.store.write import existing_hashes
from tests.sql.test_examples import build_sample_db
from tests.tasks.store.test_load import load, make_batch

DUCKDB_CLI = Path(sys.executable).parent / "duckdb"


def cli(db: Path, sql: str, *options: str) -> subprocess.CompletedProcess:
    """``.venv/bin/duckdb -readonly OPTIONS DB SQL``, as a user types it."""
    return subprocess.run(
        [str(DUCKDB_CLI), "-readonly", *options, str(db), sql],
        capture_output=True,
        text=True,
        timeout=60,
    )


def storage_version(db: Path) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT tags['storage_version'] FROM duckdb_databases() "
            "WHERE database_name = current_database()"
        ).fetchall()[0][0]


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("cli")
    return build_sample_db(work / "stancewire.duckdb", work)


def test_the_cli_is_installed_beside_python() -> None:
    result = subprocess.run([str(DUCKDB_CLI), "--version"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("v1.5"), result.stdout


def test_the_cli_answers_the_readme_query_on_a_database_a_run_wrote(sample_db: Path) -> None:
    assert storage_version(sample_db) == f"{STORAGE_VERSION}+"
    with duckdb.connect(str(sample_db), read_only=True) as con:
        quotes = con.execute("SELECT count(*) FROM quotes").fetchall()[0][0]
    assert quotes > 10
    result = cli(sample_db, "select count(*) from quotes")
    assert result.returncode == 0, result.stderr
    assert f" {quotes} │" in result.stdout, result.stdout  # the CLI's default box table


def test_every_view_and_cookbook_example_runs_in_the_cli(sample_db: Path) -> None:
    with duckdb.connect(str(sample_db), read_only=True) as con:
        expected = {
            name: con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
            for name, _ in list_views()
        }
    union = " UNION ALL ".join(f"SELECT '{name}', count(*) FROM {name}" for name in expected)
    result = cli(sample_db, union, "-csv", "-noheader")
    assert result.returncode == 0, result.stderr
    got = {name: int(n) for name, n in (line.split(",") for line in result.stdout.split())}
    assert got == expected
    for example in sorted((SQL / "examples").glob("*.sql")):  # as `duckdb ... < file.sql`
        result = subprocess.run(
            [str(DUCKDB_CLI), "-readonly", "-csv", str(sample_db)],
            input=example.read_text(encoding="utf-8"),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0 and not result.stderr, f"{example.name}: {result.stderr}"


def test_read_only_sessions_share_the_file_and_a_writer_waits(sample_db: Path) -> None:
    """An analyst's CLI session open read-only: other read-only sessions open at once; a
    writer cannot (it waits; here with a short timeout) until the session ends."""
    session = subprocess.Popen(
        [str(DUCKDB_CLI), "-readonly", "-csv", "-noheader", str(sample_db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        session.stdin.write("select 'held';\n")
        session.stdin.flush()
        assert session.stdout.readline().strip() == "held"
        with connect(sample_db, read_only=True, timeout_s=0) as con:
            assert con.execute("SELECT count(*) FROM articles").fetchall()[0][0] > 0
        assert cli(sample_db, "select count(*) from quotes").returncode == 0  # a second CLI
        with pytest.raises(DatabaseLockedError):
            connect(sample_db, timeout_s=0.3)
    finally:
        session.stdin.close()
        session.wait(timeout=60)
    assert session.returncode == 0, session.stderr.read()
    connect(sample_db, timeout_s=5).close()


def test_a_file_in_duckdb_2_storage_is_still_read_and_written(tmp_path: Path) -> None:
    """A database created before stancewire chose the storage version (DuckDB 2.0's default)
    keeps that storage: loads and reads work as before; the CLI refuses it with DuckDB's
    message (docs/operating.md says how to convert it)."""
    db = tmp_path / "old.duckdb"
    duckdb.connect(str(db)).close()
    assert storage_version(db) == "v2.0.0+"
    load(db, make_batch(["a1", "a2"]))
    load(db, make_batch(["a3"]))
    assert sorted(existing_hashes(db)["article_id"]) == ["a1", "a2", "a3"]
    assert storage_version(db) == "v2.0.0+"
    refused = cli(db, "select 1")
    assert refused.returncode != 0 and "version number" in refused.stderr + refused.stdout


def test_the_documented_conversion_makes_a_2_0_file_readable_by_the_cli(tmp_path: Path) -> None:
    """docs/operating.md's two-line conversion, run as written (in the venv), in a folder
    holding a stancewire.duckdb in the 2.0 storage."""
    db = tmp_path / "stancewire.duckdb"
    duckdb.connect(str(db)).close()
    load(db, make_batch(["a1", "a2"]))
    assert storage_version(db) == "v2.0.0+"
    manual = (ROOT / "docs" / "operating.md").read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(manual) if "COPY FROM DATABASE old TO new" in line)
    assert manual[at + 1] == "mv converted.duckdb stancewire.duckdb"
    convert = shlex.split(manual[at])
    assert convert[0] == ".venv/bin/python"
    subprocess.run([sys.executable, *convert[1:]], cwd=tmp_path, check=True, timeout=60)
    (tmp_path / "converted.duckdb").replace(db)
    assert storage_version(db) == f"{STORAGE_VERSION}+"
    result = cli(db, "select count(*) from v_quotes", "-csv", "-noheader")
    assert result.returncode == 0 and result.stdout.strip() == "4", result.stderr
