"""Every user error is one line on stderr and a non-zero exit; --version; sql -f FILE|-; CSV
written by DuckDB. The real CLI: main() in this process (capsys) or the installed
``stancewire`` script in a subprocess."""

from __future__ import annotations

import csv
import io
import os
import socket
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import duckdb
import pytest

from flows.cli import main

ROOT = Path(__file__).resolve().parents[2]
STANCEWIRE = Path(sys.executable).with_name("stancewire")
SEED = ROOT / "seeds" / "articles"


def one_error_line(capsys: pytest.CaptureFixture, args: list[str]) -> str:
    """Run the CLI; assert a non-zero exit and exactly one line on stderr; return that line."""
    code = main(args)
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert code != 0 and len(lines) == 1, (args, code, err)
    assert lines[0].startswith("stancewire: error: "), lines
    return lines[0]


@pytest.fixture
def nested_db(tmp_path: Path) -> Path:
    """A DuckDB file with list and struct columns (not a pipeline database: sql reads any)."""
    path = tmp_path / "nested.duckdb"
    con = duckdb.connect(str(path))
    con.execute("""create table t as select 1 id, [1, 2] l, {'a': 'x,y', 'b': 2} s,
                   'é"q' txt union all select 2, [], {'a': null, 'b': 3}, null""")
    con.close()
    return path


def test_db_that_is_a_folder_is_one_line(tmp_path: Path, capsys) -> None:
    for args in (["run", "--source", str(SEED)], ["sql", "select 1"],
                 ["export", "--out", str(tmp_path / "x")], ["report"],
                 ["serve", "--source", str(SEED), "--cron", "* * * * *"]):
        line = one_error_line(capsys, [*args, "--db", str(tmp_path)])
        assert f"--db {tmp_path} is a folder" in line, line


def test_db_that_is_not_duckdb_is_one_line(tmp_path: Path, capsys) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n", encoding="utf-8")
    for args in (["run", "--source", str(SEED)], ["sql", "select 1"],
                 ["export", "--out", str(tmp_path / "x")], ["report"]):
        line = one_error_line(capsys, [*args, "--db", str(notes)])
        assert str(notes) in line and "not a valid DuckDB database file" in line, line
    line = one_error_line(capsys, ["run", "--source", str(SEED),
                                   "--db", str(notes / "war.duckdb")])
    assert f"{notes} is a file, not a folder" in line


@pytest.mark.parametrize("name, value", [
    ("STANCEWIRE_LOCK_TIMEOUT", "abc"), ("STANCEWIRE_MAX_TEXT_CHARS", "-5"),
    ("STANCEWIRE_FETCH_TIMEOUT", "soon"), ("STANCEWIRE_FETCH_MAX_BYTES", "5MB"),
    ("STANCEWIRE_FETCH_RETRIES", "many"), ("STANCEWIRE_FETCH_BACKOFF", "x"),
    ("STANCEWIRE_STANCE_MODEL", "/nonexistent/model.json"),
])
def test_bad_stancewire_variable_is_one_line_naming_it(name: str, value: str, tmp_path: Path,
                                                       monkeypatch, capsys) -> None:
    monkeypatch.setenv(name, value)
    line = one_error_line(capsys, ["run", "--source", str(SEED),
                                   "--db", str(tmp_path / "x.duckdb")])
    assert f"{name}={value!r}" in line
    assert not (tmp_path / "x.duckdb").exists()  # checked before anything started


def test_stance_model_that_is_not_a_model_is_one_line(tmp_path: Path, monkeypatch,
                                                      capsys) -> None:
    bogus = tmp_path / "model.json"
    bogus.write_text('{"weights": 3}', encoding="utf-8")
    monkeypatch.setenv("STANCEWIRE_STANCE_MODEL", str(bogus))
    line = one_error_line(capsys, ["sql", "select 1", "--db", str(tmp_path / "x.duckdb")])
    assert "STANCEWIRE_STANCE_MODEL=" in line and "not a stance model file" in line


def test_bad_lock_timeout_through_the_installed_script(tmp_path: Path) -> None:
    """The same through ``.venv/bin/stancewire`` (no Prefect log line, no traceback)."""
    out = subprocess.run([str(STANCEWIRE), "run", "--source", str(SEED), "--db",
                          str(tmp_path / "x.duckdb")], capture_output=True, text=True,
                         timeout=120, env={**os.environ, "STANCEWIRE_LOCK_TIMEOUT": "abc"})
    assert out.returncode == 2
    assert out.stderr.splitlines() == [
        "stancewire: error: STANCEWIRE_LOCK_TIMEOUT='abc': input should be a valid number, "
        "unable to parse string as a number (seconds a run waits for a locked database file: "
        "a number, below 0 means 0)"]


def test_version_comes_from_package_metadata() -> None:
    out = subprocess.run([str(STANCEWIRE), "--version"], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == f"stancewire {version('stancewire')}"


def test_sql_csv_writes_list_and_struct_columns(nested_db: Path, capsys) -> None:
    assert main(["sql", "select * from t order by id", "--db", str(nested_db),
                 "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert list(csv.reader(io.StringIO(out))) == [
        ["id", "l", "s", "txt"],
        ["1", "[1, 2]", "{'a': 'x,y', 'b': 2}", 'é"q'],
        ["2", "[]", "{'a': NULL, 'b': 3}", ""],
    ]


def test_sql_reads_a_file(nested_db: Path, tmp_path: Path, capsys) -> None:
    query = tmp_path / "q.sql"
    query.write_text("-- two statements: the last one's result is printed\n"
                     "select 1;\nselect count(*) as n from t;\n", encoding="utf-8")
    assert main(["sql", "-f", str(query), "--db", str(nested_db), "--format", "json"]) == 0
    assert '"n": 2' in capsys.readouterr().out
    line = one_error_line(capsys, ["sql", "-f", str(tmp_path / "none.sql"),
                                   "--db", str(nested_db)])
    assert "cannot read SQL file" in line
    assert "not both" in one_error_line(capsys, ["sql", "select 1", "-f", str(query),
                                                 "--db", str(nested_db)])
    assert "no SQL given" in one_error_line(capsys, ["sql", "--db", str(nested_db)])


def test_sql_reads_standard_input(nested_db: Path) -> None:
    out = subprocess.run([str(STANCEWIRE), "sql", "-f", "-", "--db", str(nested_db),
                          "--format", "csv"], input="select id from t order by id",
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["id", "1", "2"]


def test_serve_reads_the_api_url_of_the_active_prefect_profile(tmp_path: Path) -> None:
    """``prefect config set PREFECT_API_URL=...`` (a profile, no environment variable) is what
    serve uses: with no server answering there, one line naming that URL."""
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"),
               PREFECT_SERVER_ANALYTICS_ENABLED="false")
    subprocess.run([str(Path(sys.executable).with_name("prefect")), "config", "set",
                    f"PREFECT_API_URL={url}"], env=env, check=True, capture_output=True,
                   timeout=120)
    assert url in (tmp_path / "prefect-home" / "profiles.toml").read_text(encoding="utf-8")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    out = subprocess.run([str(STANCEWIRE), "serve", "--source", str(inbox), "--cron",
                          "*/15 * * * *", "--db", str(tmp_path / "x.duckdb")], env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2
    lines = out.stderr.splitlines()
    assert len(lines) == 1 and f"no Prefect server answers at {url}" in lines[0], out.stderr
