"""End-to-end runs of the stance-pipeline flow on a real DuckDB file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SEED_ARTICLE

TABLES = ("articles", "quotes", "quote_stance", "actors", "rejected_inputs")


def table_checksums(db: Path) -> dict[str, tuple]:
    """Row count and an order-independent checksum of every column of every table."""
    out = {}
    with duckdb.connect(str(db), read_only=True) as con:
        for table in TABLES:
            cols = [
                r[0]
                for r in con.execute(
                    "select column_name from information_schema.columns "
                    "where table_name = ? and column_name not in "
                    "('ingested_at', 'first_seen', 'last_seen') order by ordinal_position",
                    [table],
                ).fetchall()
            ]
            expr = " || '|' || ".join(f"coalesce(cast(\"{c}\" as varchar), '∅')" for c in cols)
            out[table] = con.execute(
                f"select count(*), coalesce(sum(hash({expr})), 0) from {table}"
            ).fetchone()
    return out


@pytest.fixture
def sample_dir(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED_ARTICLE, src / SEED_ARTICLE.name)
    (src / "extra.jsonl").write_text(
        json.dumps(
            {
                "id": "a1",
                "outlet": "Test",
                "date": "2022-09-14",
                "title": "t",
                "text": 'Kremlin spokesman Dmitry Peskov said Russia would press on. '
                '"We will continue," he told reporters.',
            }
        )
        + "\n{not json}\n"
        + json.dumps({"id": "a2", "text": "   "})
        + "\n",
        encoding="utf-8",
    )
    return src


@pytest.mark.e2e
def test_pipeline_end_to_end_and_idempotent(prefect_harness, sample_dir: Path, tmp_path: Path):
    from flows.pipeline import stance_pipeline

    db = tmp_path / "sw.duckdb"
    first = stance_pipeline(source=str(sample_dir), db_path=str(db))
    assert first["articles_in"] == 2
    assert first["articles_new"] == 2
    assert first["rejected"] == 2  # the invalid JSON line and the empty text
    before = table_checksums(db)
    assert before["articles"][0] == 2
    assert before["quotes"][0] >= 10
    assert before["quote_stance"][0] == 2 * before["quotes"][0]

    second = stance_pipeline(source=str(sample_dir), db_path=str(db))
    assert second["articles_new"] == 0 and second["articles_unchanged"] == 2
    assert table_checksums(db) == before

    with duckdb.connect(str(db), read_only=True) as con:
        # offsets are character offsets into articles.text
        rows = con.execute(
            "select a.text, q.char_start, q.char_end, q.text from quotes q join articles a using (article_id)"
        ).fetchall()
        assert all(art[s:e] == qt for art, s, e, qt in rows)
        reasons = [r[0] for r in con.execute("select reason from rejected_inputs order by location").fetchall()]
        assert len(reasons) == 2
        runs = con.execute("select count(*) from pipeline_runs").fetchone()[0]
        assert runs == 2


@pytest.mark.e2e
def test_changed_article_replaces_its_quotes(prefect_harness, tmp_path: Path):
    from flows.pipeline import stance_pipeline

    db = tmp_path / "sw.duckdb"
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "x", "text": 'Peskov said Russia would win. "We are strong," he said.'}) + "\n")
    stance_pipeline(source=str(src), db_path=str(db))
    src.write_text(json.dumps({"id": "x", "text": "Blinken said Ukraine made significant progress."}) + "\n")
    run = stance_pipeline(source=str(src), db_path=str(db))
    assert run["articles_changed"] == 1
    with duckdb.connect(str(db), read_only=True) as con:
        texts = [r[0] for r in con.execute("select text from quotes").fetchall()]
        orphans = con.execute(
            "select count(*) from quote_stance where quote_id not in (select quote_id from quotes)"
        ).fetchone()[0]
    assert texts == ["Ukraine made significant progress"]
    assert orphans == 0


@pytest.mark.e2e
def test_each_stage_is_a_named_task_run(prefect_harness, sample_dir: Path, tmp_path: Path):
    """The Prefect UI shows every stage of a run: ingest, extract, attribute, score, load."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    from flows.pipeline import stance_pipeline

    run = stance_pipeline(source=str(sample_dir), db_path=str(tmp_path / "t.duckdb"))
    with get_client(sync_client=True) as client:
        task_runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run["flow_run_id"]]))
        )
    names = {tr.name.split(" · ")[0].rsplit("-", 1)[0] for tr in task_runs}
    for stage in ("ingest_articles", "extract_quotes", "attribute_speakers", "score_quotes",
                  "load_batch", "publish_summary"):
        assert stage in names, names
    assert all(tr.state.is_completed() for tr in task_runs)
