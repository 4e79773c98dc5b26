"""Guarantees at the level of the real `stance-pipeline` flow (session Prefect harness):

* a run that finds the database held by an analyst's read-only session waits and then loads;
* a run that finds it held past STANCEWIRE_LOCK_TIMEOUT fails with one clear error and loses
  nothing: the next run loads everything, ending equal to a clean run;
* quotes, semicolons and credentials-like text in file names, ids and the DB path are plain data
  end to end (bound parameters / validated identifiers, never spliced into SQL), and URL
  credentials inside articles never reach the run's artifacts.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from tasks.store.db import LOCK_TIMEOUT_ENV, DatabaseLockedError
from tests.conftest import SEED_ARTICLE
from tests.guarantees.lockholder import hold_lock, release
from tests.guarantees.test_robustness_common import DATA_TABLES, run_plain_pipeline, table_checksums

PESKOV = (
    'Kremlin spokesman Dmitry Peskov said Russia would press on. "We will continue," he told '
    "reporters."
)


def _source(folder: Path, name: str = "news.jsonl", ids: tuple[str, ...] = ("a1", "a2")) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED_ARTICLE, folder / SEED_ARTICLE.name)
    lines = [
        json.dumps({"id": aid, "text": f"{PESKOV} ({n})", "url": f"https://user:s3cr3t-pw@example.org/{n}"})
        for n, aid in enumerate(ids)
    ]
    (folder / name).write_text("\n".join(lines + ["{not json"]) + "\n", encoding="utf-8")
    return folder


@pytest.mark.e2e
def test_run_waits_for_a_read_only_session(prefect_harness, tmp_path: Path) -> None:
    from flows.pipeline import stance_pipeline

    src = _source(tmp_path / "in")
    db = tmp_path / "w.duckdb"
    reference = tmp_path / "ref.duckdb"
    run_plain_pipeline(src, reference)
    duckdb.connect(str(db)).close()  # an existing (empty) file the analyst has open
    with hold_lock(db, seconds=3, read_only=True):
        run = stance_pipeline(source=str(src), db_path=str(db))
    assert run["articles_new"] == 3 and run["rejected"] == 1
    assert table_checksums(db, DATA_TABLES) == table_checksums(reference, DATA_TABLES)


@pytest.mark.e2e
def test_run_locked_past_timeout_fails_clearly_and_loses_nothing(
    prefect_harness, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.pipeline import stance_pipeline

    src = _source(tmp_path / "in")
    db = tmp_path / "w.duckdb"
    reference = tmp_path / "ref.duckdb"
    run_plain_pipeline(src, reference)
    duckdb.connect(str(db)).close()
    monkeypatch.setenv(LOCK_TIMEOUT_ENV, "1")
    with hold_lock(db) as holder:
        with pytest.raises(DatabaseLockedError) as info:
            stance_pipeline(source=str(src), db_path=str(db))
        assert "\n" not in str(info.value) and LOCK_TIMEOUT_ENV in str(info.value)
        release(holder)
    run = stance_pipeline(source=str(src), db_path=str(db))
    assert run["articles_new"] == 3
    assert table_checksums(db, DATA_TABLES) == table_checksums(reference, DATA_TABLES)


@pytest.mark.e2e
def test_nasty_names_and_ids_end_to_end(prefect_harness, tmp_path: Path) -> None:
    """File names, folder names, ids and the DB path full of quotes, semicolons and
    credentials-like text: all stored as given, no SQL ever built from them."""
    import asyncio

    from prefect.client.orchestration import get_client

    from flows.pipeline import stance_pipeline

    ids = ("x'); DROP TABLE articles; --", 'q"; DELETE FROM quotes; --', "it's")
    folder = tmp_path / "in 'quoted'; DROP TABLE actors; --" / "user:s3cr3t-pw@host"
    src = _source(folder, name='it\'s "news"; --.jsonl', ids=ids)
    db = tmp_path / "db'; DROP TABLE quotes; --" / 'w"x;.duckdb'
    run = stance_pipeline(source=str(src), db_path=str(db))
    assert run["articles_new"] == 4 and run["rejected"] == 1
    with duckdb.connect(str(db), read_only=True) as con:
        stored = {r[0] for r in con.execute("SELECT article_id FROM articles").fetchall()}
        sources = {r[0] for r in con.execute("SELECT source FROM articles").fetchall()}
        (runs_source,) = con.execute("SELECT source FROM pipeline_runs").fetchone()
        n_quotes = con.execute("SELECT count(*) FROM quotes").fetchone()[0]
    assert stored == {*ids, SEED_ARTICLE.stem}
    assert str(src / 'it\'s "news"; --.jsonl') in sources and runs_source == str(src)
    assert n_quotes > 0

    async def artifacts() -> list[str]:
        async with get_client() as client:
            found = await client.read_artifacts()
        return [json.dumps(a.model_dump(mode="json"), default=str) for a in found]

    texts = [t for t in asyncio.run(artifacts()) if str(src).replace('"', '\\"') in t or "notable" in t]
    assert texts, "the run published no artifacts"
    # the folder name is the user's own path (shown as given); URL passwords from the data never are
    assert not any("s3cr3t-pw@example.org" in t for t in texts)
