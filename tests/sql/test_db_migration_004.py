"""Migration 004: quotes.speaker_side_evidence, readable in SQL and in v_quotes."""

from __future__ import annotations

from pathlib import Path

from tests.tasks.store.test_load import load, make_batch, query


def test_loaded_quotes_carry_their_side_evidence(tmp_path: Path) -> None:
    db = tmp_path / "e.duckdb"
    load(db, make_batch(["a1", "a2"]))
    cols = query(db, "SELECT column_name FROM information_schema.columns "
                     "WHERE table_name = 'quotes' AND column_name = 'speaker_side_evidence'")
    assert cols == [("speaker_side_evidence",)]
    assert query(db, "SELECT count(*) FROM v_quotes WHERE speaker_side_evidence IS NOT NULL") \
        == query(db, "SELECT count(*) FROM quotes WHERE speaker_side_evidence IS NOT NULL")


def test_a_run_fills_the_evidence_of_every_sided_quote(tmp_path: Path) -> None:
    """Through the real stages: every quote with a known side says why; unknown says nothing."""
    import polars as pl

    from tasks.analyse import analyse_articles
    from tasks.contract import ARTICLES, conform
    from tasks.store import write_batch

    text = ('"We must act now," said Rep. Jody Hice, R-Ga., on Monday. '
            '"The operation goes on," Kremlin spokesman Dmitry Peskov said. '
            '"It will get worse," critics said.')
    arts = conform(pl.DataFrame({"article_id": ["e1"], "text": [text]}), ARTICLES)
    scored, stance, actors, _ = analyse_articles(arts)
    db = tmp_path / "run.duckdb"
    write_batch(db, arts, scored, stance, actors, None)
    rows = query(db, "SELECT speaker, speaker_side, speaker_side_evidence FROM v_quotes "
                     "ORDER BY quote_index")
    assert ("Jody Hice", "west", "party:R-Ga.->US->west") in rows
    assert ("Dmitry Peskov", "russia", "registry") in rows
    assert all((side == "unknown") == (evidence == "") for _, side, evidence in rows)
