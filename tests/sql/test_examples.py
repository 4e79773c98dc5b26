"""The analyst cookbook (sql/examples/*.sql) and the views behind it, on a real sample DB.

The sample database is built once per module by the plain stage functions (ingest -> extract
-> attribute -> score -> write_batch) on seeds/articles plus a few hand-made articles, so no
example can rot unnoticed. test_export.py and test_charts.py reuse ``build_sample_db``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from tasks.contract import SQL

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((SQL / "examples").glob("*.sql"))

HANDMADE = [
    {"id": "hm-1", "date": "2022-09-20", "outlet": "Test Gazette", "title": "Stoltenberg praises Ukraine",
     "text": "NATO Secretary General Jens Stoltenberg said on Tuesday that Ukraine was defending "
             "itself bravely. \"Ukraine is winning back its land and we will support Ukraine for as "
             "long as it takes,\" Stoltenberg told reporters.\nKremlin spokesman Dmitry Peskov said "
             "Russia would achieve all its goals. \"Russia will never give up,\" Peskov said."},
    {"id": "hm-2", "date": "2022-10-04", "outlet": "Test Gazette", "title": "Stoltenberg turns",
     "text": "NATO Secretary General Jens Stoltenberg on Tuesday turned on Kyiv. \"The Kyiv regime "
             "must be denazified, and its crimes are terrible,\" Stoltenberg said.\n\"The Ukrainian "
             "army is committing crimes,\" Peskov said."},
    {"id": "hm-3", "date": "2022-10-05", "outlet": "Other Times", "title": "Zelenskyy speaks",
     "text": "Ukrainian President Volodymyr Zelenskyy said Russian troops had committed atrocities. "
             "\"Russia is a terrorist state and its army has murdered civilians,\" Zelenskyy said in "
             "his nightly address.\n\"We thank our partners for their support,\" Zelenskyy added."},
    {"id": "hm-bad", "date": "2022-10-06", "text": ""},  # lands in rejected_inputs
]


def build_sample_db(db: Path, workdir: Path) -> Path:
    """A real stancewire database from the plain stage functions (no Prefect)."""
    from tasks.attribute.speakers import attribute_speakers
    from tasks.extract.quotes import extract_quotes
    from tasks.ingest.files import read_articles
    from tasks.store import record_run, write_batch
    from tasks.score.quotes import score_quotes

    source = workdir / "handmade.jsonl"
    source.write_text("\n".join(json.dumps(a) for a in HANDMADE) + "\n", encoding="utf-8")
    articles, rejected = read_articles([str(ROOT / "seeds" / "articles"), str(source)])
    quotes = extract_quotes(articles)
    attributed, actors = attribute_speakers(quotes, articles)
    scored, stance = score_quotes(attributed)
    write_batch(db, articles, scored, stance, actors, rejected)
    now = datetime.now(UTC)
    record_run(db, {
        "run_id": "sample-run", "flow_run_id": None, "started_at": now, "finished_at": now,
        "source": "sample", "articles_in": articles.height, "articles_new": articles.height,
        "articles_changed": 0, "articles_unchanged": 0, "quotes": scored.height,
        "rejected": rejected.height, "status": "completed",
    })
    return db


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("sample")
    return build_sample_db(work / "sample.duckdb", work)


def test_cookbook_has_8_to_12_commented_examples():
    assert 8 <= len(EXAMPLES) <= 12
    for path in EXAMPLES:
        assert path.read_text().lstrip().startswith("--"), f"{path.name} needs a comment"


# examples whose result must not be empty on the sample
NON_EMPTY = {
    "actor_weekly_stance", "actors_to_review", "most_quoted_per_outlet", "quote_in_context",
    "recent_runs", "rejected_inputs", "side_matrix", "speaker_quotes", "stance_by_outlet",
    "stance_changes", "weekly_trend",
}


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_runs_on_the_sample(sample_db: Path, path: Path):
    with duckdb.connect(str(sample_db), read_only=True) as con:
        df = con.sql(path.read_text()).pl()
    assert df.width >= 2
    if path.stem in NON_EMPTY:
        assert df.height > 0, f"{path.name} returned no rows on the sample"


def test_most_quoted_per_outlet_ranks_within_outlet(sample_db: Path):
    with duckdb.connect(str(sample_db), read_only=True) as con:
        rows = con.sql(
            "select outlet, rank, speaker, n_quotes from v_top_actors_by_outlet "
            "order by outlet, rank"
        ).fetchall()
    by_outlet: dict[str, list] = {}
    for outlet, rank, speaker, n in rows:
        by_outlet.setdefault(outlet, []).append((rank, n))
    assert {"Test Gazette", "Other Times"} <= set(by_outlet)
    for ranks in by_outlet.values():
        assert [r for r, _ in ranks] == list(range(1, len(ranks) + 1))
        assert [n for _, n in ranks] == sorted((n for _, n in ranks), reverse=True)
    other = [r for r in rows if r[0] == "Other Times"]
    assert other[0][2] == "Volodymyr Zelenskyy"


def _tiny_db(path: Path, stance_rows: list[tuple]) -> duckdb.DuckDBPyConnection:
    """Schema by the real migrations, then hand-made quotes with the given (week, label)."""
    from tasks.store.db import apply_migrations

    con = duckdb.connect(str(path))
    apply_migrations(con)
    now = datetime(2022, 1, 1)
    con.execute("insert into actors values ('a1', 'Ann', 'person', 'west', true, ?, ?)",
                [now, now])
    for i, (day, side, label) in enumerate(stance_rows):
        con.execute(
            "insert into articles (article_id, outlet, published, text, ingested_at, updated_at)"
            " values (?, 'O', ?, 'x', ?, ?)", [f"art{i}", day, now, now])
        con.execute(
            "insert into quotes (quote_id, article_id, text, actor_id, speaker, speaker_side)"
            " values (?, ?, 'x', 'a1', 'Ann', 'west')", [f"q{i}", f"art{i}"])
        con.execute("insert into quote_stance values (?, ?, ?, ?, 0, '')",
                    [f"q{i}", side, label, {"favor": 1.0, "against": -1.0}.get(label, 0.0)])
    return con


def test_stance_changes_flags_a_flip_only(tmp_path: Path):
    con = _tiny_db(tmp_path / "t.duckdb", [
        ("2022-03-01", "ukraine", "favor"), ("2022-03-02", "ukraine", "favor"),
        ("2022-03-20", "ukraine", "none"),              # no stance: ignored
        ("2022-04-12", "ukraine", "against"),
        ("2022-03-01", "russia", "against"), ("2022-04-12", "russia", "against"),  # steady
    ])
    rows = con.sql("select target_side, first_week, first_net_stance, last_week, "
                   "last_net_stance, change, n_weeks from v_stance_changes").fetchall()
    con.close()
    assert len(rows) == 1
    side, first_week, first, last_week, last, change, n_weeks = rows[0]
    assert side == "ukraine" and first == 1.0 and last == -1.0 and change == -2.0
    assert str(first_week) == "2022-02-28" and str(last_week) == "2022-04-11" and n_weeks == 2


def test_stance_by_actor_week_and_day(tmp_path: Path):
    con = _tiny_db(tmp_path / "t.duckdb", [
        ("2022-03-01", "ukraine", "favor"), ("2022-03-02", "ukraine", "against"),
        ("2022-03-02", "ukraine", "favor"),
    ])
    week = con.sql("select week, n_quotes, n_favor, n_against, net_stance "
                   "from v_stance_by_actor_week").fetchall()
    day = con.sql("select day, n_quotes, net_stance from v_stance_by_actor_day "
                  "order by day").fetchall()
    con.close()
    assert [(str(w), n, f, a, round(float(s), 4)) for w, n, f, a, s in week] == [
        ("2022-02-28", 3, 2, 1, 0.3333)
    ]
    assert [(str(d), n, float(s)) for d, n, s in day] == [
        ("2022-03-01", 1, 1.0), ("2022-03-02", 2, 0.0)
    ]
