"""The command line: help, one-line errors with exit code 2, and SQL output formats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from flows.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_help_lists_commands_without_heavy_imports():
    code = (
        "import sys; from flows.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('prefect', 'polars', 'duckdb') if m in sys.modules]\n"
        "print('HEAVY', heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert "run" in out.stdout and "sql" in out.stdout and "evaluate" in out.stdout
    assert "HEAVY []" in out.stdout


@pytest.mark.parametrize("command", ["run", "sql", "evaluate"])
def test_each_command_has_help(command):
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args([command, "--help"])
    assert exc.value.code == 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["run", "--source", "/nonexistent/dir"], "/nonexistent/dir"),
        (["run", "--source", "/nonexistent/*.jsonl"], "nonexistent"),
        (["sql", "select 1", "--db", "/nonexistent.duckdb"], "does not exist"),
        (["evaluate", "/nonexistent-gold"], "not found"),
        (["evaluate", str(ROOT.parent / "shared/eval/war-dev"), "--outlets", "Nope"],
         "no article of outlet(s) Nope"),
    ],
)
def test_bad_input_is_one_line_error_with_exit_2(args, message):
    out = run_cli(*args)
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    db = tmp_path / "q.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("create table t as select * from (values (1, 'a,b'), (2, 'é')) v(id, name)")
    return db


@pytest.mark.parametrize(
    "fmt, check",
    [
        ("csv", lambda s: s.splitlines() == ["id,name", '1,"a,b"', "2,é"]),
        ("json", lambda s: json.loads(s) == [{"id": 1, "name": "a,b"}, {"id": 2, "name": "é"}]),
        ("table", lambda s: "id" in s and "é" in s and "(2 rows)" in s),
    ],
)
def test_sql_formats(small_db, capsys, fmt, check):
    assert main(["sql", "select * from t order by id", "--db", str(small_db), "--format", fmt]) == 0
    assert check(capsys.readouterr().out)


def test_sql_error_is_one_line(small_db, capsys):
    assert main(["sql", "select * from nope", "--db", str(small_db)]) == 1
    err = capsys.readouterr().err
    assert "nope" in err and "Traceback" not in err


def test_locked_database_is_one_line_error_without_traceback(tmp_path: Path):
    """A run that gives up on a locked file says so in one line: no Prefect traceback."""
    import os

    from tests.guarantees.lockholder import hold_lock

    db = tmp_path / "held.duckdb"
    with hold_lock(db):
        out = subprocess.run(
            [sys.executable, "-m", "flows.cli", "run", "--source", "seeds/articles",
             "--db", str(db), "--quiet"],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
            env={**os.environ, "STANCEWIRE_LOCK_TIMEOUT": "1"},
        )
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr
    assert out.stderr.strip().splitlines()[-1].startswith("stancewire: error: database file")
