"""The data behind each chart of ``stancewire report`` (sql/report/chart_*.sql), pinned on a
small real DuckDB database written by ``write_batch``: weeks start on Monday, shares add up
with their counts, unnamed speakers stay out of the rankings, voice shares add up to 1."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from tasks.publish.charts import (
    CHART_QUERIES,
    build_charts,
    diverging_axis,
    read_chart_data,
    week_ticks,
)
from tasks.publish.summary import read_report
from tasks.store import connect, write_batch

# actor_id, name, kind, side
ACTORS = [
    ("volodymyr-zelenskyy", "Volodymyr Zelenskyy", "person", "ukraine"),
    ("dmitry-peskov", "Dmitry Peskov", "person", "russia"),
    ("xi-jinping", "習近平", "person", "other"),
    ("official", "the official", "group", "ukraine"),  # unnamed source, kept as written
    ("a-spokesperson", "a spokesperson", "group", "other"),
    ("unknown", "unknown", "group", "unknown"),  # no speaker found
]
UNNAMED = {"official", "a-spokesperson", "unknown"}
# article_id, outlet, published: a Sunday, the Monday after it, the Sunday after that, ...
ARTICLES = [
    ("a1", "Kyiv Post", dt.date(2022, 10, 2)),  # Sunday: week of Monday 26 Sep
    ("a2", "Kyiv Post", dt.date(2022, 10, 3)),  # Monday: week of 3 Oct
    ("a3", "RT", dt.date(2022, 10, 9)),  # Sunday: week of 3 Oct
    ("a4", None, dt.date(2022, 10, 12)),  # no outlet: '(unknown)'; Wednesday: week of 10 Oct
    ("a5", "RT", None),  # no date: in the outlet charts, not in the weekly one
]
# article_id, actor_id, stance toward ukraine, stance toward russia
QUOTES = (
    [("a1", "volodymyr-zelenskyy", "favor", "against")] * 2
    + [("a1", "official", "none", "against")] * 4
    + [("a2", "dmitry-peskov", "against", "favor")]
    + [("a2", "unknown", "none", "none")] * 5
    + [("a3", "dmitry-peskov", "none", "favor")] * 2
    + [("a3", "a-spokesperson", "favor", "none")] * 3
    + [("a3", "xi-jinping", "none", "none")]
    + [("a4", "volodymyr-zelenskyy", "favor", "none")]
    + [("a5", "dmitry-peskov", "none", "favor")]
)
OUTLET = {a: o or "(unknown)" for a, o, _ in ARTICLES}
WEEK = {a: d - dt.timedelta(days=d.weekday()) for a, _, d in ARTICLES if d is not None}


def write_chart_db(db: Path) -> Path:
    """The quotes above, through the real writer (tasks.store.write_batch)."""
    actors = {a[0]: a for a in ACTORS}
    articles = pl.DataFrame(
        [{"article_id": a, "source": "test", "outlet": o, "published": d, "title": a,
          "text": "x" * 200, "content_hash": a, "extra": "{}"} for a, o, d in ARTICLES],
        schema_overrides={"published": pl.Date},
    )
    quotes, stance = [], []
    for i, (article, actor, toward_ua, toward_ru) in enumerate(QUOTES):
        qid = f"q{i:02d}"
        _, name, _, side = actors[actor]
        quotes.append({"quote_id": qid, "article_id": article, "quote_index": i, "char_start": i,
                       "char_end": i + 1, "text": "x", "kind": "direct", "verb": "said",
                       "speaker_mention": name, "actor_id": actor, "speaker": name,
                       "speaker_side": side, "speaker_side_evidence": "registry"})
        stance += [{"quote_id": qid, "side": "ukraine", "label": toward_ua, "score": 0.0},
                   {"quote_id": qid, "side": "russia", "label": toward_ru, "score": 0.0}]
    actor_frame = pl.DataFrame(
        [{"actor_id": a, "name": n, "kind": k, "side": s, "in_registry": k != "group"}
         for a, n, k, s in ACTORS]
    )
    write_batch(db, articles, pl.DataFrame(quotes), pl.DataFrame(stance), actor_frame,
                pl.DataFrame())
    return db


@pytest.fixture(scope="module")
def chart_db(tmp_path_factory) -> Path:
    return write_chart_db(tmp_path_factory.mktemp("charts") / "charts.duckdb")


@pytest.fixture(scope="module")
def frames(chart_db) -> dict[str, pl.DataFrame]:
    return read_chart_data(chart_db)


def test_every_chart_query_lives_in_sql_report(frames):
    from tasks.contract import SQL

    for query, _ in CHART_QUERIES.values():
        assert (SQL / "report" / f"{query}.sql").read_text().lstrip().startswith("--")
    assert set(frames) == {"stance-by-week", "top-actors", "voice-by-outlet", "outlet-volume"}


def test_weeks_start_on_monday_and_hold_their_quotes(frames):
    weekly = frames["stance-by-week"]
    assert weekly["week"].dtype == pl.Date
    assert {w.weekday() for w in weekly["week"]} == {0}
    counts = dict(weekly.filter(pl.col("target_side") == "ukraine", pl.col("label") == "favor")
                  .select("week", "n_quotes").iter_rows())
    expected: dict[dt.date, int] = {}
    for article, *_ in QUOTES:
        if article in WEEK:
            expected[WEEK[article]] = expected.get(WEEK[article], 0) + 1
    # the Sunday article a1 is in the week before the Monday article a2; a3 (Sunday) with a2
    assert counts == expected == {dt.date(2022, 9, 26): 6, dt.date(2022, 10, 3): 12,
                                  dt.date(2022, 10, 10): 1}


def test_weekly_shares_add_up_with_their_counts(frames):
    weekly = frames["stance-by-week"]
    assert weekly["n_quotes"].min() > 0 and weekly["n_label"].null_count() == 0
    assert ((weekly["share"] - weekly["n_label"] / weekly["n_quotes"]).abs() < 1e-4).all()
    per_week = weekly.group_by("week", "target_side").agg(
        pl.col("share").sum(), pl.col("label").sort().alias("labels"))
    assert (per_week["share"] <= 1).all()
    assert per_week["labels"].to_list() == [["against", "favor"]] * per_week.height
    week = weekly.filter(pl.col("week") == dt.date(2022, 10, 3), pl.col("target_side") == "russia")
    # a2: Peskov favor; 5 unknown none. a3: 2 Peskov favor; 3 spokesperson none; Xi none
    assert dict(week.select("label", "n_label").iter_rows()) == {"favor": 3, "against": 0}
    assert week["share"].to_list() == [0.25, 0.0]


def test_weekly_chart_ticks_fall_on_the_mondays_of_its_points(frames):
    weeks = sorted(set(frames["stance-by-week"]["week"]))
    ticks = week_ticks(weeks)
    days = [dt.datetime.fromtimestamp(t / 1000, dt.UTC).date() for t in ticks]
    assert days == weeks  # 3 weeks: every week is a tick, each a Monday
    long = [dt.date(2022, 1, 3) + dt.timedelta(weeks=i) for i in range(52)]
    days = [dt.datetime.fromtimestamp(t / 1000, dt.UTC).date() for t in week_ticks(long)]
    assert len(days) <= 10 and set(days) <= set(long) and {d.weekday() for d in days} == {0}

    spec = build_charts(frames)["stance-by-week"].to_dict()
    bottom = spec["vconcat"][-1]["encoding"]["x"]
    assert bottom["scale"]["type"] == "utc"  # a Monday stays a Monday in every time zone
    assert bottom["axis"]["values"] == ticks


def test_top_actors_rank_named_speakers_only(frames):
    top = frames["top-actors"]
    assert not set(top["actor_id"]) & UNNAMED  # each of them has more quotes than Xi
    ranking = top.unique("rank").sort("rank").select("rank", "speaker", "n_quotes").rows()
    assert ranking == [(1, "Dmitry Peskov", 4), (2, "Volodymyr Zelenskyy", 3), (3, "習近平", 1)]
    zelenskyy = top.filter(pl.col("actor_id") == "volodymyr-zelenskyy")
    shares = {(r["target_side"], r["label"]): (r["n_label"], r["share"])
              for r in zelenskyy.iter_rows(named=True)}
    assert shares == {("ukraine", "favor"): (3, 1.0), ("ukraine", "against"): (0, 0.0),
                      ("russia", "favor"): (0, 0.0), ("russia", "against"): (2, 0.6667)}


def test_speaker_rankings_of_the_summary_and_views_leave_unnamed_out(chart_db):
    top = read_report(str(chart_db))["top_speakers"]
    assert top["speaker"].to_list() == ["Dmitry Peskov", "Volodymyr Zelenskyy", "習近平"]
    with connect(chart_db, read_only=True) as con:
        ranked = {r[0] for r in con.execute("SELECT actor_id FROM v_top_speakers").fetchall()}
        by_outlet = {r[0] for r in con.execute(
            "SELECT actor_id FROM v_top_actors_by_outlet").fetchall()}
        polarised = {r[0] for r in con.execute(
            "SELECT actor_id FROM v_stance_polarised_actors").fetchall()}
        every = {r[0] for r in con.execute("SELECT actor_id FROM v_quotes").fetchall()}
    assert UNNAMED < every
    assert ranked == by_outlet == every - UNNAMED
    assert polarised == set()  # only 'unknown' has the 5 quotes it takes, and it is not ranked


def test_voice_shares_of_each_outlet_add_up_to_one(frames):
    voice = frames["voice-by-outlet"]
    sums = voice.group_by("outlet").agg(pl.col("share").sum(), pl.col("n_quotes").sum(),
                                        pl.col("outlet_quotes").first())
    assert ((sums["share"] - 1).abs() < 1e-3).all()
    assert (sums["n_quotes"] == sums["outlet_quotes"]).all()
    expected: dict[str, int] = {}
    for article, *_ in QUOTES:
        expected[OUTLET[article]] = expected.get(OUTLET[article], 0) + 1
    assert dict(sums.select("outlet", "n_quotes").iter_rows()) == expected
    assert voice.unique("outlet").sort("rank")["outlet"].to_list() == ["Kyiv Post", "RT",
                                                                       "(unknown)"]
    rt = dict(voice.filter(pl.col("outlet") == "RT").select("speaker_side", "n_quotes").iter_rows())
    assert rt == {"russia": 3, "other": 4}  # unnamed sources count by their side


def test_outlet_volume_counts_articles_and_quotes(frames):
    assert frames["outlet-volume"].select("rank", "outlet", "n_articles", "n_quotes").rows() == [
        (1, "Kyiv Post", 2, 12), (2, "RT", 2, 7), (3, "(unknown)", 1, 1)
    ]


def test_diverging_axis_labels_zero_and_stops_at_100_percent():
    for top in (0.0, 0.004, 0.12, 0.46, 0.67, 1.0):
        half, ticks = diverging_axis([top])
        assert 0.0 in ticks and len(ticks) <= 7  # 3 a side: no label dropped for overlap
        assert ticks == [-t for t in reversed(ticks)] and max(ticks) <= 1.0
        assert max(ticks) >= top and half > max(ticks)  # room for the bar labels


def test_top_actors_axis_has_a_labelled_zero(frames):
    spec = build_charts(frames)["top-actors"].to_dict()
    x = next(layer["encoding"]["x"] for layer in spec["spec"]["layer"]
             if layer.get("mark", {}).get("type") == "bar")
    assert 0.0 in x["axis"]["values"]
    assert "abs(datum.value)" in x["axis"]["labelExpr"]  # "20%" either side, "0%" at 0
