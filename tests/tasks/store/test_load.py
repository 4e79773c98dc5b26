"""tasks/store: one-transaction batch loads, idempotency, staging under a lock, views; the load_batch task."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from tasks.contract import ACTORS, ARTICLES, REJECTED, SCORED, SQL, STANCE, conform, empty
from tasks.store.db import DatabaseError, DatabaseLockedError, connect
from tasks.store import (
    existing_hashes,
    load_staged,
    record_run,
    stage_batch,
    staging_dir_for,
    write_batch,
)
from tests.guarantees.lockholder import hold_lock, release

TABLE_KEYS = {
    "articles": ["article_id"],
    "quotes": ["quote_id"],
    "quote_stance": ["quote_id", "side"],
    "actors": ["actor_id"],
    "rejected_inputs": ["source", "location", "reason"],
}

SPEAKERS = [
    ("volodymyr-zelenskyy", "Volodymyr Zelenskyy", "ukraine", True),
    ("dmitry-peskov", "Dmitry Peskov", "russia", True),
    ("local-resident", "a local resident", "unknown", False),
]


def make_batch(
    article_ids: list[str], version: str = "v1", outlet: str = "Example News"
) -> dict[str, pl.DataFrame]:
    """A small consistent batch: each article has two quotes, each quote two stance rows."""
    arts, quotes, stance = [], [], []
    for n, aid in enumerate(article_ids):
        text = f'Zelenskyy said "we will hold the line" ({version}). Peskov said the talks failed.'
        arts.append(
            {
                "article_id": aid,
                "source": "batch.jsonl",
                "outlet": outlet,
                "url": f"https://example.org/{n}",
                "title": f"Title {n}",
                "published": dt.date(2022, 9, 13 + n % 3),
                "text": text,
                "content_hash": f"hash-{aid}-{version}",
                "extra": "{}",
            }
        )
        for qi, (actor_id, name, side, _) in enumerate(SPEAKERS[:2]):
            start = text.index('"we') if qi == 0 else text.index("the talks")
            end = text.index(f"({version})") - 1 if qi == 0 else len(text) - 1
            qid = f"{aid}:{start}:{end}"
            quotes.append(
                {
                    "quote_id": qid,
                    "article_id": aid,
                    "quote_index": qi,
                    "char_start": start,
                    "char_end": end,
                    "text": text[start:end],
                    "kind": "direct" if qi == 0 else "indirect",
                    "verb": "said",
                    "speaker_mention": name.split()[-1],
                    "actor_id": actor_id,
                    "speaker": name,
                    "speaker_side": side,
                    "sentiment_compound": 0.4 if qi == 0 else -0.3,
                    "sentiment_pos": 0.3,
                    "sentiment_neu": 0.6,
                    "sentiment_neg": 0.1,
                }
            )
            for target in ("ukraine", "russia"):
                label = "favor" if target == side else "none"
                stance.append(
                    {
                        "quote_id": qid,
                        "side": target,
                        "label": label,
                        "score": 0.5 if label == "favor" else 0.0,
                        "sentiment": 0.2,
                        "evidence": "test:own-side",
                    }
                )
    actors = [
        {"actor_id": a, "name": n, "kind": "person", "side": s, "in_registry": r}
        for a, n, s, r in SPEAKERS
    ]
    rejected = [
        {
            "source": "batch.jsonl",
            "location": "line 7",
            "reason": "line is not valid JSON",
            "snippet": "{oops",
        }
    ]
    return {
        name: conform(pl.DataFrame(rows), schema) if rows else empty(schema)
        for name, rows, schema in [
            ("articles", arts, ARTICLES),
            ("quotes", quotes, SCORED),
            ("stance", stance, STANCE),
            ("actors", actors, ACTORS),
            ("rejected", rejected, REJECTED),
        ]
    }


def load(db: Path, batch: dict[str, pl.DataFrame], **kwargs) -> dict[str, int]:
    return write_batch(
        db,
        batch["articles"],
        batch["quotes"],
        batch["stance"],
        batch["actors"],
        batch["rejected"],
        **kwargs,
    )


def snapshot(db: Path, *, skip: tuple[str, ...] = ()) -> dict[str, pl.DataFrame]:
    """Every data table, sorted by key (columns in ``skip`` left out)."""
    con = connect(db, read_only=True)
    try:
        out = {}
        for table, keys in TABLE_KEYS.items():
            frame = con.sql(f"SELECT * FROM {table}").pl().sort(keys)
            out[table] = frame.drop([c for c in skip if c in frame.columns])
        return out
    finally:
        con.close()


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = connect(db, read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


# --- basic loads -------------------------------------------------------------------------------


def test_existing_hashes_empty_without_database(tmp_path: Path) -> None:
    hashes = existing_hashes(tmp_path / "none.duckdb")
    assert hashes.is_empty()
    assert hashes.schema == pl.Schema({"article_id": pl.String, "content_hash": pl.String})


def test_write_batch_loads_everything(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    counts = load(db, make_batch(["a1", "a2"]))
    assert counts["articles"] == 2 and counts["articles_new"] == 2
    assert counts["quotes"] == 4 and counts["stance"] == 8
    assert counts["actors_new"] == 3 and counts["rejected_new"] == 1
    tables = snapshot(db)
    assert tables["articles"].height == 2
    assert tables["quotes"].height == 4
    assert tables["quote_stance"].height == 8
    assert sorted(existing_hashes(db).rows()) == [("a1", "hash-a1-v1"), ("a2", "hash-a2-v1")]


def test_char_offsets_survive_the_load(tmp_path: Path) -> None:
    """quotes.text == substr(articles.text, char_start + 1, char_end - char_start) in SQL."""
    db = tmp_path / "w.duckdb"
    batch = make_batch(["a1"])
    text = "Київ: Зеленський сказав «ми вистоїмо» — Peskov said the talks failed."
    start, end = text.index("«"), text.index("»") + 1
    batch["articles"] = batch["articles"].with_columns(pl.lit(text).alias("text"))
    batch["quotes"] = batch["quotes"].with_columns(
        pl.lit(start, pl.Int32).alias("char_start"),
        pl.lit(end, pl.Int32).alias("char_end"),
        pl.lit(text[start:end]).alias("text"),
    )
    load(db, batch)
    mismatches = query(
        db,
        """SELECT count(*) FROM quotes q JOIN articles a USING (article_id)
           WHERE substr(a.text, q.char_start + 1, q.char_end - q.char_start) <> q.text""",
    )
    assert mismatches == [(0,)]


def test_same_batch_twice_leaves_identical_tables(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    batch = make_batch(["a1", "a2", "a3"])
    load(db, batch)
    first = snapshot(db, skip=("last_seen",))
    counts = load(db, batch)
    assert counts["articles_unchanged"] == 3 and counts["articles_new"] == 0
    assert counts["rejected_new"] == 0 and counts["actors_new"] == 0
    second = snapshot(db, skip=("last_seen",))
    for table in TABLE_KEYS:
        assert second[table].equals(first[table]), table


def test_changed_article_replaces_its_quotes_and_stance(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    load(db, make_batch(["a1", "a2"]))
    ingested = query(db, "SELECT ingested_at FROM articles WHERE article_id = 'a1'")
    changed = make_batch(["a1"], version="version-two")
    # the new extraction finds only one quote
    changed["quotes"] = changed["quotes"].head(1)
    counts = load(db, changed)
    assert counts["articles_changed"] == 1
    assert counts["quotes_removed"] == 1
    assert counts["stance_skipped"] == 2  # stance rows of the dropped quote
    assert query(db, "SELECT content_hash FROM articles WHERE article_id = 'a1'") == [
        ("hash-a1-version-two",)
    ]
    assert query(db, "SELECT ingested_at FROM articles WHERE article_id = 'a1'") == ingested
    assert query(db, "SELECT count(*) FROM quotes WHERE article_id = 'a1'") == [(1,)]
    assert query(db, "SELECT count(*) FROM quotes WHERE article_id = 'a2'") == [(2,)]
    orphans = query(
        db,
        """SELECT
             (SELECT count(*) FROM quote_stance
              WHERE quote_id NOT IN (SELECT quote_id FROM quotes)),
             (SELECT count(*) FROM quotes
              WHERE article_id NOT IN (SELECT article_id FROM articles))""",
    )
    assert orphans == [(0, 0)]
    assert query(db, "SELECT count(*) FROM quote_stance") == [(2 + 4,)]


def test_rejected_inputs_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    batch = make_batch([])
    load(db, batch)
    ((first_seen, last_seen),) = query(db, "SELECT first_seen, last_seen FROM rejected_inputs")
    counts = load(db, batch)
    assert counts["rejected_new"] == 0
    rows = query(db, "SELECT first_seen, last_seen FROM rejected_inputs")
    assert len(rows) == 1
    assert rows[0][0] == first_seen and rows[0][1] >= last_seen
    other = conform(
        pl.DataFrame(
            {
                "source": ["batch.jsonl"],
                "location": ["line 7"],
                "reason": ["text is empty"],
                "snippet": ["{}"],
            }
        ),
        REJECTED,
    )
    assert load(db, {**batch, "rejected": other})["rejected_new"] == 1
    assert query(db, "SELECT count(*) FROM rejected_inputs") == [(2,)]


@pytest.mark.parametrize(
    "stored_registry, incoming_registry, expected_name, expected_side",
    [
        (False, False, "first name", "unknown"),  # discovered twice: keep the first row
        (False, True, "second name", "russia"),  # registry row overwrites a discovered one
        (True, False, "first name", "unknown"),  # discovered row never overwrites the registry
        (True, True, "second name", "russia"),  # registry updates overwrite
    ],
)
def test_actor_upsert_rules(
    tmp_path: Path,
    stored_registry: bool,
    incoming_registry: bool,
    expected_name: str,
    expected_side: str,
) -> None:
    db = tmp_path / "w.duckdb"
    batch = make_batch([])

    def actors(name: str, side: str, registry: bool) -> pl.DataFrame:
        row = {
            "actor_id": "x-actor",
            "name": name,
            "kind": "person",
            "side": side,
            "in_registry": registry,
        }
        return conform(pl.DataFrame([row]), ACTORS)

    load(db, {**batch, "actors": actors("first name", "unknown", stored_registry)})
    load(db, {**batch, "actors": actors("second name", "russia", incoming_registry)})
    rows = query(db, "SELECT name, side, in_registry FROM actors")
    assert rows == [(expected_name, expected_side, stored_registry or incoming_registry)]


def test_empty_batch_is_fine(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    frames = [empty(s) for s in (ARTICLES, SCORED, STANCE, ACTORS, REJECTED)]
    counts = write_batch(db, *frames)
    assert counts["articles"] == 0 and counts["quotes"] == 0
    assert existing_hashes(db).is_empty()


def test_rows_that_would_be_orphans_or_keyless_are_not_loaded(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    batch = make_batch(["a1"])
    stray_quote = (
        batch["quotes"]
        .head(1)
        .with_columns(pl.lit("not-in-batch").alias("article_id"), pl.lit("qx").alias("quote_id"))
    )
    keyless = batch["articles"].with_columns(pl.lit(None, pl.String).alias("article_id"))
    batch["quotes"] = pl.concat([batch["quotes"], stray_quote])
    batch["articles"] = pl.concat([batch["articles"], keyless])
    counts = load(db, batch)
    assert counts["articles"] == 1 and counts["articles_skipped"] == 1
    assert counts["quotes"] == 2 and counts["quotes_skipped"] == 1
    reasons = [r[0] for r in query(db, "SELECT reason FROM rejected_inputs ORDER BY reason")]
    assert "article has no article_id; not loaded" in reasons
    assert any("quote" in r for r in reasons)


def test_failed_batch_leaves_nothing(tmp_path: Path) -> None:
    """A quote_id already used by another article fails the load: the whole batch rolls back."""
    db = tmp_path / "w.duckdb"
    load(db, make_batch(["a1"]))
    before = snapshot(db)
    clash = make_batch(["b1"])
    taken = before["quotes"]["quote_id"][0]
    clash["quotes"] = clash["quotes"].with_columns(
        pl.when(pl.col("quote_index") == 0)
        .then(pl.lit(taken))
        .otherwise(pl.col("quote_id"))
        .alias("quote_id")
    )
    clash["stance"] = clash["stance"].head(0)
    with pytest.raises(DatabaseError, match="rolled back"):
        load(db, clash)
    after = snapshot(db)
    for table in TABLE_KEYS:
        assert after[table].equals(before[table]), table


# --- values with quotes and semicolons are bound, never spliced --------------------------------

NASTY = [
    "it's",
    'say "hi"',
    "x'); DROP TABLE articles; --",
    "a;b;c",
    "\\'\"",
]


@pytest.mark.parametrize("value", NASTY)
def test_nasty_ids_and_values_round_trip(tmp_path: Path, value: str) -> None:
    db = tmp_path / "w.duckdb"
    batch = make_batch([value, value + "-2"])
    batch["rejected"] = batch["rejected"].with_columns(
        pl.lit(value).alias("source"),
        pl.lit(value).alias("location"),
        pl.lit(value).alias("reason"),
    )
    batch["actors"] = batch["actors"].with_columns((pl.col("actor_id") + value).alias("actor_id"))
    load(db, batch, run={"run_id": value, "source": value, "status": value})
    load(db, batch, run={"run_id": value})
    assert query(db, "SELECT count(*) FROM articles WHERE article_id = ?", [value]) == [(1,)]
    assert query(db, "SELECT count(*) FROM quotes") == [(4,)]
    assert query(db, "SELECT count(*) FROM rejected_inputs WHERE source = ?", [value]) == [(1,)]
    assert query(
        db, "SELECT source, status, batches FROM pipeline_runs WHERE run_id = ?", [value]
    ) == [(value, value, 2)]
    assert dict(existing_hashes(db).rows())[value] == f"hash-{value}-v1"


@pytest.mark.parametrize("folder", ["it's here", "semi;colon", 'dq"uote'])
def test_nasty_paths(tmp_path: Path, folder: str) -> None:
    db = tmp_path / folder / "w'; DROP TABLE x;.duckdb"
    load(db, make_batch(["a1"]))
    assert existing_hashes(db).height == 1


# --- pipeline_runs --------------------------------------------------------------------------------


def test_record_run_and_batch_counters(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    started = dt.datetime(2026, 1, 1, 12, 0)
    record_run(
        db,
        {
            "run_id": "r1",
            "flow_run_id": "f-1",
            "started_at": started,
            "source": "x",
            "status": "running",
        },
    )
    load(db, make_batch(["a1", "a2"]), run={"run_id": "r1"})
    load(db, make_batch(["a2", "a3"]), run={"run_id": "r1"})
    record_run(db, {"run_id": "r1", "articles_unchanged": 5}, increment=True)
    record_run(
        db,
        {"run_id": "r1", "finished_at": started + dt.timedelta(minutes=1), "status": "completed"},
    )
    row = query(
        db,
        """SELECT flow_run_id, started_at, articles_in, articles_new, articles_unchanged, quotes,
                  rejected, batches, status, finished_at IS NOT NULL FROM pipeline_runs""",
    )
    assert row == [("f-1", started, 4, 3, 6, 8, 2, 2, "completed", True)]


def test_record_run_rejects_unknown_fields(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown pipeline_runs fields"):
        record_run(tmp_path / "w.duckdb", {"run_id": "r1", "status; DROP TABLE x": "x"})


# --- a real second process holding the file ------------------------------------------------------


def test_write_waits_for_lock_holder_then_succeeds(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with hold_lock(db, seconds=1):
        counts = load(db, make_batch(["a1"]), timeout_s=60)
    assert counts["articles"] == 1
    assert not staging_dir_for(db).exists()


def test_locked_batch_is_staged_and_loaded_by_next_write(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    load(db, make_batch(["a0"]))
    staged_batch = make_batch(["a1", "a2"])
    with hold_lock(db) as holder:
        with pytest.raises(DatabaseLockedError, match="kept in") as info:
            load(db, staged_batch, timeout_s=0.3, run={"run_id": "r1"})
        assert "\n" not in str(info.value)
        folders = [p for p in staging_dir_for(db).iterdir()]
        assert len(folders) == 1
        assert sorted(p.name for p in folders[0].iterdir()) == [
            "actors.parquet",
            "articles.parquet",
            "quotes.parquet",
            "rejected.parquet",
            "run.json",
            "stance.parquet",
        ]
        release(holder)
    counts = load(db, make_batch(["a3"]), run={"run_id": "r1"})
    assert counts["staged_loaded"] == 1
    assert list(staging_dir_for(db).iterdir()) == []
    assert sorted(existing_hashes(db)["article_id"]) == ["a0", "a1", "a2", "a3"]
    assert query(db, "SELECT count(*) FROM quotes") == [(8,)]
    assert query(db, "SELECT count(*) FROM quote_stance") == [(16,)]
    assert query(db, "SELECT batches, articles_in FROM pipeline_runs WHERE run_id = 'r1'") == [
        (2, 3)
    ]


def test_load_staged_on_its_own(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    assert load_staged(db) == 0
    stage_batch(staging_dir_for(db), make_batch(["a1"]))
    stage_batch(staging_dir_for(db), make_batch(["a1"], version="v2"))
    assert load_staged(db) == 2
    # oldest first: the later version wins
    assert existing_hashes(db).rows() == [("a1", "hash-a1-v2")]


def test_unreadable_staged_batch_is_kept_aside(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    folder = stage_batch(staging_dir_for(db), make_batch(["a1"]))
    (folder / "quotes.parquet").write_text("not parquet")
    counts = load(db, make_batch(["a2"]))
    assert counts["staged_loaded"] == 0
    kept = [p.name for p in staging_dir_for(db).iterdir()]
    assert kept == ["failed-" + folder.name]
    assert existing_hashes(db)["article_id"].to_list() == ["a2"]


# --- views ----------------------------------------------------------------------------------------


def test_views_on_a_small_batch(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    load(db, make_batch(["a1", "a2", "a3"], outlet="Kyiv Independent"))

    v_quotes = query(
        db,
        """SELECT speaker, speaker_side, outlet, stance_ukraine, stance_russia, stance_ukraine_score
           FROM v_quotes ORDER BY article_id, quote_index LIMIT 2""",
    )
    assert v_quotes == [
        ("Volodymyr Zelenskyy", "ukraine", "Kyiv Independent", "favor", "none", 0.5),
        ("Dmitry Peskov", "russia", "Kyiv Independent", "none", "favor", 0.0),
    ]
    assert query(db, "SELECT count(*) FROM v_quotes") == [(6,)]

    by_actor = query(
        db,
        """SELECT actor_id, target_side, n_quotes, n_favor, n_against, n_none, mean_score
           FROM v_stance_by_actor ORDER BY actor_id, target_side""",
    )
    assert by_actor == [
        ("dmitry-peskov", "russia", 3, 3, 0, 0, 0.5),
        ("dmitry-peskov", "ukraine", 3, 0, 0, 3, 0.0),
        ("volodymyr-zelenskyy", "russia", 3, 0, 0, 3, 0.0),
        ("volodymyr-zelenskyy", "ukraine", 3, 3, 0, 0, 0.5),
    ]

    by_side = query(
        db,
        """SELECT speaker_side, target_side, n_quotes, share_favor
           FROM v_stance_by_side ORDER BY 1, 2""",
    )
    assert by_side == [
        ("russia", "russia", 3, 1.0),
        ("russia", "ukraine", 3, 0.0),
        ("ukraine", "russia", 3, 0.0),
        ("ukraine", "ukraine", 3, 1.0),
    ]

    by_day = query(db, "SELECT day, sum(n_quotes) FROM v_stance_by_day GROUP BY day ORDER BY day")
    assert by_day == [
        (dt.date(2022, 9, 13), 4),
        (dt.date(2022, 9, 14), 4),
        (dt.date(2022, 9, 15), 4),
    ]

    top = query(
        db,
        "SELECT rank, actor_id, n_quotes, n_articles, n_outlets FROM v_top_speakers ORDER BY rank",
    )
    assert top == [(1, "dmitry-peskov", 3, 3, 1), (2, "volodymyr-zelenskyy", 3, 3, 1)]

    assert query(db, "SELECT actor_id, n_quotes FROM v_actors_to_review") == [("local-resident", 0)]


def test_frames_without_columns_load_as_empty(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    counts = write_batch(db, pl.DataFrame(), pl.DataFrame(), None, pl.DataFrame(), pl.DataFrame())
    assert counts["articles"] == 0 and counts["rejected"] == 0
    assert query(db, "SELECT count(*) FROM rejected_inputs") == [(0,)]


@pytest.mark.parametrize(
    "started",
    [
        dt.datetime(2026, 1, 1, 14, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        "2026-01-01T14:00:00+02:00",
        dt.datetime(2026, 1, 1, 12, 0),
    ],
)
def test_run_timestamps_stored_as_naive_utc(tmp_path: Path, started: object) -> None:
    db = tmp_path / "w.duckdb"
    record_run(db, {"run_id": "r1", "started_at": started})
    assert query(db, "SELECT started_at FROM pipeline_runs") == [(dt.datetime(2026, 1, 1, 12, 0),)]


@pytest.mark.parametrize("example", sorted((SQL / "examples").glob("*.sql")), ids=lambda p: p.stem)
def test_example_queries_run(tmp_path: Path, example: Path) -> None:
    db = tmp_path / "w.duckdb"
    batch = make_batch(["a1", "a2"])
    batch["quotes"] = batch["quotes"].with_columns(
        pl.when(pl.col("quote_index") == 1)
        .then(pl.lit("local-resident"))
        .otherwise(pl.col("actor_id"))
        .alias("actor_id")
    )
    load(db, batch, run={"run_id": "r1", "status": "completed"})
    # four weeks later the same speakers turn against their own side (for the trend examples)
    later = make_batch(["later1"], version="later")
    later["articles"] = later["articles"].with_columns(pl.lit(dt.date(2022, 10, 11)).alias("published"))
    later["stance"] = later["stance"].with_columns(
        pl.when(pl.col("label") == "favor").then(pl.lit("against")).otherwise(pl.col("label")).alias("label"),
        (-pl.col("score")).alias("score"),
    )
    load(db, later, run={"run_id": "r2", "status": "completed"})
    rows = query(db, example.read_text(encoding="utf-8"))
    assert rows, f"{example.name} returned no rows on a small batch"


def test_quote_in_context_uses_character_offsets(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    batch = make_batch(["a1"])
    load(db, batch)
    rows = query(db, (SQL / "examples" / "quote_in_context.sql").read_text(encoding="utf-8"))
    text = batch["articles"]["text"][0]
    for quote_id, _, before, quote, after in rows:
        start, end = (int(x) for x in quote_id.split(":")[1:])
        assert before == text[max(start - 80, 0) : start]
        assert quote == text[start:end]
        assert after == text[end : end + 80]


_CRASHING_WRITER = """
import sys
sys.path.insert(0, sys.argv[2])
from tests.tasks.store.test_load import load, make_batch
load(sys.argv[1], make_batch(["seed"]))
batch = make_batch([f"a{i}" for i in range(3000)])
print("writing", flush=True)
load(sys.argv[1], batch)
print("done", flush=True)
"""


def test_killed_writer_leaves_whole_batch_or_nothing(tmp_path: Path) -> None:
    """SIGKILL a real writer process mid-load: the next open sees all of the batch or none."""
    import signal
    import subprocess
    import sys
    import time

    from tasks.contract import ROOT

    db = tmp_path / "w.duckdb"
    proc = subprocess.Popen(
        [sys.executable, "-c", _CRASHING_WRITER, str(db), str(ROOT)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "writing"
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    ((articles, quotes, stance),) = query(
        db,
        """SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM quotes),
                  (SELECT count(*) FROM quote_stance)""",
    )
    assert (articles, quotes, stance) in [(1, 2, 4), (3001, 6002, 12004)]
    # and the database still takes writes
    assert load(db, make_batch(["after"]))["articles_new"] == 1


@pytest.mark.parametrize(
    "error, retry",
    [
        (DatabaseLockedError("database file x is still locked"), True),
        (DatabaseError("batch not loaded (rolled back): clash"), False),
        (ValueError("unknown pipeline_runs fields: x"), False),
    ],
)
def test_load_batch_retries_only_when_locked(error: Exception, retry: bool) -> None:
    from prefect.states import Failed

    from tasks.store.task import retry_only_when_locked

    assert retry_only_when_locked(None, None, Failed(data=error)) is retry
