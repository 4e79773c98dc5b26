"""The limits every run keeps (flows/limits.py): the flow timeout and the database file's
global concurrency limit. Plain functions first, then real flow runs on the session's Prefect
server: the limit is taken while a run works and free after it; a run that hangs fails as
TimedOut with its loaded batches whole, frees the limit, and the next run ends with the tables
of a clean run; the CLI says so in one line. The same against a real `prefect server` and worker:
tests/flows/test_deployments.py."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import duckdb
import pytest

from flows.limits import DEFAULT_FLOW_TIMEOUT_S, FLOW_TIMEOUT_ENV, db_limit_name, flow_timeout_s
from tests.guarantees.lockholder import hold_lock
from tests.guarantees.test_robustness_common import DATA_TABLES, table_checksums

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "articles" / "2022-09-13-kharkiv.txt"


@pytest.mark.parametrize("raw, expected", [
    ("", DEFAULT_FLOW_TIMEOUT_S), (" 90 ", 90.0), ("0.5", 0.5), ("0", None),
])
def test_flow_timeout_setting(monkeypatch, raw, expected):
    monkeypatch.setenv(FLOW_TIMEOUT_ENV, raw)
    assert flow_timeout_s() == expected


@pytest.mark.parametrize("raw", ["abc", "-1", "nan", "inf", "10s"])
def test_bad_flow_timeout_is_an_error_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv(FLOW_TIMEOUT_ENV, raw)
    with pytest.raises(ValueError, match=f"^{FLOW_TIMEOUT_ENV}='{raw}': .*0 for no timeout"):
        flow_timeout_s()


def test_one_limit_name_per_database_file(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "data")
    name = db_limit_name("data/war.duckdb")
    assert name == db_limit_name(tmp_path / "data" / "war.duckdb")
    assert name == db_limit_name("link/../data/./war.duckdb")
    assert name == db_limit_name(tmp_path / "link" / "war.duckdb")  # the same file
    assert name != db_limit_name("data/other.duckdb")
    assert name != db_limit_name(tmp_path / "elsewhere" / "war.duckdb")
    assert name.startswith("stancewire-db-war-")
    odd = db_limit_name(tmp_path / "Krieg & Frieden's 100%/Кыив <db>.duckdb")
    assert odd.startswith("stancewire-db-")
    assert not set(odd) - set("abcdefghijklmnopqrstuvwxyz0123456789-"), odd


def _copies(path: Path, n: int) -> Path:
    """``n`` copies of the seed article under their own ids (JSONL)."""
    text = SEED.read_text(encoding="utf-8").split(" ", 3)[3]
    path.write_text("".join(
        json.dumps({"id": f"copy-{i}", "date": "2022-09-13", "text": text}) + "\n"
        for i in range(n)), encoding="utf-8")
    return path


def _active_slots(name: str) -> int:
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        return client.read_global_concurrency_limit_by_name(name).active_slots


@pytest.mark.e2e
def test_a_run_holds_its_database_limit_while_it_works(prefect_harness, tmp_path: Path):
    from flows.pipeline import stance_pipeline
    from flows.progress import listening

    db = tmp_path / "held.duckdb"
    seen = []  # the limit's taken slots each time the run reports progress
    with listening(lambda progress: seen.append(_active_slots(db_limit_name(db)))):
        stance_pipeline(source=str(_copies(tmp_path / "in.jsonl", 4)), db_path=str(db),
                        batch_size=2)
    assert seen and set(seen) == {1}, seen
    assert _active_slots(db_limit_name(db)) == 0  # given back at the end


@pytest.mark.e2e
def test_a_hung_run_fails_as_timed_out_with_whole_batches_and_the_next_run_goes_on(
        prefect_harness, tmp_path: Path):
    from prefect.flow_engine import FlowRunTimeoutError

    from flows.pipeline import stance_pipeline
    from flows.progress import LOADED, listening

    source = str(_copies(tmp_path / "in.jsonl", 12))  # 3 batches of 4
    reference, db = tmp_path / "clean.duckdb", tmp_path / "stopped.duckdb"
    stance_pipeline(source=source, db_path=str(reference), batch_size=4)
    quotes_of = ("select article_id, count(q.quote_id) from articles a "
                 "left join quotes q using (article_id) group by 1")
    with duckdb.connect(str(reference), read_only=True) as con:
        whole = dict(con.execute(quotes_of).fetchall())

    loads = []

    def hang_after_two_batches(progress) -> None:
        if progress.event == LOADED:
            loads.append(progress.loaded)
            if len(loads) == 2:
                time.sleep(300)  # the run hangs here

    t = time.monotonic()
    with listening(hang_after_two_batches):
        state = stance_pipeline.with_options(timeout_seconds=10)(
            source=source, db_path=str(db), batch_size=4, return_state=True)
    assert time.monotonic() - t < 120  # stopped by its timeout, not by the end of the hang
    assert state.name == "TimedOut", state
    assert state.message == "Flow run exceeded timeout of 10.0 second(s)"
    with pytest.raises(FlowRunTimeoutError):
        state.result()
    assert loads == [4, 8]
    assert _active_slots(db_limit_name(db)) == 0  # the stopped run gave the file back
    with duckdb.connect(str(db), read_only=True) as con:
        loaded = dict(con.execute(quotes_of).fetchall())
        assert con.execute("select count(*) from pipeline_runs").fetchall() == [(0,)]
    assert len(loaded) == 8 and {a: whole[a] for a in loaded} == loaded  # whole batches only

    stance_pipeline(source=source, db_path=str(db), batch_size=4)  # goes on from there
    assert table_checksums(db, DATA_TABLES) == table_checksums(reference, DATA_TABLES)


@pytest.mark.e2e
def test_cli_run_past_its_timeout_is_one_line_and_exit_1(prefect_harness, tmp_path: Path,
                                                         monkeypatch, capsys):
    from flows.cli import main

    db = tmp_path / "locked.duckdb"
    duckdb.connect(str(db)).close()
    monkeypatch.setenv(FLOW_TIMEOUT_ENV, "2")
    monkeypatch.setenv("STANCEWIRE_LOCK_TIMEOUT", "300")
    with hold_lock(db):  # another writer holds the file: the run waits, then its timeout ends it
        code = main(["run", "--source", str(SEED), "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert ("stancewire: error: the run was stopped after 2 s (STANCEWIRE_FLOW_TIMEOUT); the "
            "batches loaded before are kept, run again to go on") in err.splitlines()
    assert "Traceback" not in err
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from duckdb_tables() where table_name = 'articles'"
                           ).fetchall() == [(0,)]  # nothing loaded, not even the schema


def test_bad_flow_timeout_in_the_cli_is_one_line_and_exit_2(monkeypatch, capsys):
    from flows.cli import main

    monkeypatch.setenv(FLOW_TIMEOUT_ENV, "soon")
    assert main(["run", "--source", str(SEED), "--db", os.devnull]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"stancewire: error: {FLOW_TIMEOUT_ENV}='soon': ")
    assert lines[0].endswith("0 for no timeout)")
