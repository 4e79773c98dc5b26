"""Operating stancewire: the new commands' help and errors, and the flow on feeds and inboxes
(real Prefect flow runs on the session harness, real HTTP on 127.0.0.1, real DuckDB)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from flows.cli import build_parser, main
from tests.fixtures.feeds.server import serve_fixtures

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "articles" / "2022-09-13-kharkiv.txt"


def test_help_lists_operate_commands_without_heavy_imports():
    code = (
        "import sys; from flows.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('prefect', 'polars', 'duckdb', 'httpx', 'altair') "
        "if m in sys.modules]\nprint('HEAVY', heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=False)
    for command in ("serve", "export", "report"):
        assert command in out.stdout
    assert "HEAVY []" in out.stdout


@pytest.mark.parametrize("command", ["serve", "export", "report"])
def test_each_operate_command_has_help(command):
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args([command, "--help"])
    assert exc.value.code == 0


def test_bad_operate_input_is_one_line_error_with_exit_2(tmp_path: Path, monkeypatch, capsys):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    # no API URL anywhere: neither in the environment nor in Prefect's settings (serve reads
    # them; the session's test harness, when an earlier test started it, sets one)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    cases = [
        (["serve", "--source", str(ROOT / "seeds"), "--cron", "every minute"], "cron"),
        (["serve", "--source", str(ROOT / "seeds"), "--cron", "*/15 * * * *"], "make server"),
        (["serve", "--source", "/nonexistent/x.jsonl", "--cron", "* * * * *"], "not found"),
        (["run", "--source", str(tmp_path / "none.feeds")], "feed list not found"),
        (["export", "--out", str(tmp_path), "--db", str(tmp_path / "no.duckdb")],
         "does not exist"),
    ]
    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        for args, message in cases:
            assert main(args) == 2, args
            lines = capsys.readouterr().err.strip().splitlines()
            assert len(lines) == 1 and message in lines[0], (args, lines)


def test_pipeline_on_feeds_is_incremental_and_redacts(prefect_harness, tmp_path, monkeypatch):
    from flows.pipeline import stance_pipeline

    for name, value in {"STANCEWIRE_FETCH_TIMEOUT": "0.5", "STANCEWIRE_FETCH_RETRIES": "1",
                        "STANCEWIRE_FETCH_BACKOFF": "0.05",
                        "STANCEWIRE_FETCH_MAX_BYTES": "1000000"}.items():
        monkeypatch.setenv(name, value)
    db = tmp_path / "feeds.duckdb"
    with serve_fixtures(slow_s=2.0) as server:
        listing = tmp_path / "war.feeds"
        secret = server.base.replace("http://", "http://bob:hunter2@")
        listing.write_text(
            f"# test feeds\n{secret}/rss.xml?token=tok42\n{server.base}/atom.xml\n"
            f"{server.base}/laughs.xml\nnot a url\n"
        )
        first = stance_pipeline(source=str(listing), db_path=str(db))
        hits = server.hits.copy()
        second = stance_pipeline(source=str(listing), db_path=str(db))
        assert server.hits["/pages/air-defence.html"] == hits["/pages/air-defence.html"]
        assert server.hits["/pages/nato.html"] == hits["/pages/nato.html"]
        assert server.hits["/rss.xml"] == hits["/rss.xml"] + 1  # the feed itself is re-read

    assert first["articles_in"] == 3 and first["articles_new"] == 3 and first["quotes"] > 0
    assert second["articles_in"] == 0 and second["articles_new"] == 0
    with duckdb.connect(str(db), read_only=True) as con:
        ids = {r[0] for r in con.execute("select article_id from articles").fetchall()}
        speakers = {r[0] for r in con.execute("select speaker from quotes").fetchall()}
        rejected = con.execute("select source, location, reason from rejected_inputs").fetchall()
        dump = repr(con.execute("select * from rejected_inputs").fetchall()) + repr(
            con.execute("select * from articles").fetchall()) + repr(
            con.execute("select * from pipeline_runs").fetchall())
    assert ids == {"kth-0001", "kth-0002", "urn:atw:2022-09-15-nato"}
    assert {"Volodymyr Zelenskyy", "Jens Stoltenberg"} <= speakers
    reasons = " | ".join(r[2] for r in rejected)
    for expected in ("HTTP 500", "timed out", "too large", "ENTITY", "only http and https"):
        assert expected in reasons
    assert "hunter2" not in dump and "tok42" not in dump


def test_pipeline_on_an_inbox_processes_each_file_once(prefect_harness, tmp_path):
    from flows.pipeline import stance_pipeline

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db = tmp_path / "inbox.duckdb"
    empty = stance_pipeline(source=str(inbox), db_path=str(db), inbox=True)
    assert empty["articles_in"] == 0  # an empty inbox is not an error

    shutil.copy(SEED, inbox / SEED.name)
    (inbox / "bad.jsonl").write_text('{"id": "x", "text": ""}\n')
    first = stance_pipeline(source=str(inbox), db_path=str(db), inbox=True)
    second = stance_pipeline(source=str(inbox), db_path=str(db), inbox=True)
    assert first["articles_in"] == 1 and first["rejected"] == 1 and first["quotes"] > 0
    assert second["articles_in"] == 0 and second["rejected"] == 0
    with duckdb.connect(str(db), read_only=True) as con:
        ledger = con.execute("select path from inbox_files order by path").fetchall()
    assert [Path(p).name for (p,) in ledger] == ["2022-09-13-kharkiv.txt", "bad.jsonl"]
