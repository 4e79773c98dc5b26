"""tasks/analyse.py: one batch's CPU stages and the Parquet hand-off to the single writer."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal

from tasks.contract import ACTORS, REJECTED, SCORED, STANCE
from tasks.ingest.files import read_articles
from tasks.store.write import write_batch
from tasks.analyse import (
    analyse_articles,
    analyse_to_parquet,
    handoff_dir_for,
    read_handoff,
    remove_handoff,
)
from tests.conftest import SEED_ARTICLE
from tests.guarantees.test_robustness_common import DATA_TABLES, run_plain_pipeline, table_checksums

PESKOV = 'Kremlin spokesman Dmitry Peskov said Russia would press on. "We will continue," he told reporters.'


def _articles(tmp_path: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "p1", "text": PESKOV}) + "\n" + "{bad json\n", encoding="utf-8"
    )
    return read_articles([SEED_ARTICLE, src])


def test_analyse_articles_runs_the_three_stages(tmp_path: Path) -> None:
    articles, _ = _articles(tmp_path)
    scored, stance, actors, seconds = analyse_articles(articles)
    assert set(seconds) == {"extract", "attribute", "score"}
    assert scored.height >= 10 and stance.height == 2 * scored.height
    assert "dmitry-peskov" in actors["actor_id"].to_list() or "Dmitry Peskov" in actors["name"].to_list()
    assert scored.schema == pl.Schema(SCORED) and stance.schema == pl.Schema(STANCE)


def test_empty_batch_gives_empty_frames() -> None:
    articles, _ = read_articles([SEED_ARTICLE])
    scored, stance, actors, _ = analyse_articles(articles.clear())
    assert (scored.height, stance.height, actors.height) == (0, 0, 0)
    assert actors.schema == pl.Schema(ACTORS)


def test_handoff_round_trip_equals_in_memory_result(tmp_path: Path) -> None:
    articles, rejected = _articles(tmp_path)
    scored, stance, actors, _ = analyse_articles(articles)
    run_dir = handoff_dir_for(tmp_path / "w.duckdb", "run-1")
    assert run_dir == (tmp_path / "w.duckdb.handoff" / "run-1").resolve()
    info = analyse_to_parquet(articles, run_dir, "000000", rejected)
    assert info["articles"] == articles.height and info["quotes"] == scored.height
    assert not [p for p in run_dir.iterdir() if p.name.startswith(".tmp")]
    frames = read_handoff(info["folder"])
    assert_frame_equal(frames["articles"], articles)
    assert_frame_equal(frames["quotes"], scored)
    assert_frame_equal(frames["stance"], stance)
    assert_frame_equal(frames["actors"], actors)
    assert_frame_equal(frames["rejected"], rejected)
    remove_handoff(info["folder"])
    assert not (tmp_path / "w.duckdb.handoff").exists()  # run folder and parent gone once empty


def test_handoff_without_rejected_and_other_batches_kept(tmp_path: Path) -> None:
    articles, _ = _articles(tmp_path)
    run_dir = handoff_dir_for(tmp_path / "w.duckdb", "r")
    first = analyse_to_parquet(articles.head(1), run_dir, "000000")
    second = analyse_to_parquet(articles.tail(1), run_dir, "000001")
    assert read_handoff(first["folder"])["rejected"].schema == pl.Schema(REJECTED)
    remove_handoff(first["folder"])
    assert Path(second["folder"]).is_dir()  # the other batch is untouched


def test_loading_handoff_batches_equals_plain_pipeline(tmp_path: Path) -> None:
    """Batches analysed separately, handed off and loaded in order give the same tables as
    the whole source through the plain functions at once."""
    src = tmp_path / "src"
    src.mkdir()
    _articles(src)
    (src / SEED_ARTICLE.name).write_bytes(SEED_ARTICLE.read_bytes())
    articles, rejected = read_articles(src)
    reference = tmp_path / "ref.duckdb"
    run_plain_pipeline(src, reference)
    db = tmp_path / "w.duckdb"
    run_dir = handoff_dir_for(db, "r")
    infos = [
        analyse_to_parquet(articles.slice(i, 1), run_dir, f"{i:06d}", rejected if i == 0 else None)
        for i in range(articles.height)
    ]
    for info in infos:
        f = read_handoff(info["folder"])
        write_batch(db, f["articles"], f["quotes"], f["stance"], f["actors"], f["rejected"])
        remove_handoff(info["folder"])
    assert table_checksums(db, DATA_TABLES) == table_checksums(reference, DATA_TABLES)
