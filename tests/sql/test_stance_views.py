"""Stance views for analysts (sql/views/v_stance_*.sql) on a small hand-made DuckDB file.

The batch is built row by row (who said what with which label on which day) and loaded with
tasks.store.write_batch, so the views run on the real schema and migrations.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from tasks.contract import ACTORS, ARTICLES, REJECTED, SCORED, STANCE, conform, empty
from tasks.store.db import connect
from tasks.store import write_batch

ACTOR_ROWS = {
    "zelenskyy": ("Volodymyr Zelenskyy", "ukraine"),
    "peskov": ("Dmitry Peskov", "russia"),
    "isw": ("Institute for the Study of War", "west"),
    "guterres": ("Antonio Guterres", "international"),
}

# (actor, day of September 2022, stance toward ukraine, stance toward russia)
QUOTES = [
    # Zelenskyy: 6 quotes, favor ukraine 5x and one contrary "against"; against russia 4x
    ("zelenskyy", 5, "favor", "against"),
    ("zelenskyy", 6, "favor", "against"),
    ("zelenskyy", 7, "favor", "against"),
    ("zelenskyy", 12, "favor", "against"),
    ("zelenskyy", 13, "favor", "none"),
    ("zelenskyy", 13, "against", "none"),
    # Peskov: 5 quotes, favor russia 3x, one contrary "against"; against ukraine 2x
    ("peskov", 5, "against", "favor"),
    ("peskov", 6, "against", "favor"),
    ("peskov", 12, "none", "favor"),
    ("peskov", 12, "none", "against"),
    ("peskov", 14, "none", "none"),
    # ISW: 5 quotes, balanced toward russia (2 favor, 2 against): no usual label
    ("isw", 5, "favor", "against"),
    ("isw", 6, "none", "against"),
    ("isw", 7, "none", "favor"),
    ("isw", 8, "none", "favor"),
    ("isw", 9, "none", "none"),
    # Guterres: too few quotes to be ranked as polarised
    ("guterres", 9, "none", "none"),
    ("guterres", 10, "none", "against"),
]


def build_batch() -> dict[str, pl.DataFrame]:
    arts, quotes, stance = [], [], []
    for n, (actor, day, lab_ua, lab_ru) in enumerate(QUOTES):
        aid = f"art{n:02d}"
        text = f"Quote number {n} by {actor}."
        arts.append(
            {
                "article_id": aid,
                "source": "views.jsonl",
                "outlet": "Outlet A" if n % 2 else "Outlet B",
                "published": dt.date(2022, 9, day),
                "text": text,
                "content_hash": f"h{n}",
                "extra": "{}",
            }
        )
        qid = f"q{n:02d}"
        name, side = ACTOR_ROWS[actor]
        quotes.append(
            {
                "quote_id": qid,
                "article_id": aid,
                "quote_index": 0,
                "char_start": 0,
                "char_end": len(text),
                "text": text,
                "kind": "direct",
                "verb": "said",
                "speaker_mention": name,
                "actor_id": actor,
                "speaker": name,
                "speaker_side": side,
                "sentiment_compound": 0.0,
            }
        )
        for target, label in (("ukraine", lab_ua), ("russia", lab_ru)):
            score = {"favor": 0.8, "against": -0.8, "none": 0.0}[label]
            evidence = "" if label == "none" else f"test:{label} {target}"
            stance.append(
                {"quote_id": qid, "side": target, "label": label, "score": score,
                 "sentiment": 0.0, "evidence": evidence}
            )
    actors = [
        {"actor_id": a, "name": n, "kind": "person", "side": s, "in_registry": True}
        for a, (n, s) in ACTOR_ROWS.items()
    ]
    return {
        "articles": conform(pl.DataFrame(arts), ARTICLES),
        "quotes": conform(pl.DataFrame(quotes), SCORED),
        "stance": conform(pl.DataFrame(stance), STANCE),
        "actors": conform(pl.DataFrame(actors), ACTORS),
        "rejected": empty(REJECTED),
    }


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stance_views") / "views.duckdb"
    b = build_batch()
    write_batch(path, b["articles"], b["quotes"], b["stance"], b["actors"], b["rejected"])
    return path


def rows(db: Path, sql: str) -> list[dict]:
    con = connect(db, read_only=True)
    try:
        return con.sql(sql).pl().to_dicts()
    finally:
        con.close()


def expected_counts() -> dict[tuple[str, str], dict[str, int]]:
    """Counts per (speaker side, target side) straight from QUOTES."""
    out: dict[tuple[str, str], dict[str, int]] = {}
    for actor, _day, lab_ua, lab_ru in QUOTES:
        side = ACTOR_ROWS[actor][1]
        for target, label in (("ukraine", lab_ua), ("russia", lab_ru)):
            cell = out.setdefault((side, target), {"favor": 0, "against": 0, "none": 0})
            cell[label] += 1
    return out


def test_matrix_has_one_row_per_speaker_side_and_a_column_per_target_and_label(db: Path) -> None:
    got = {r["speaker_side"]: r for r in rows(db, "SELECT * FROM v_stance_matrix")}
    assert set(got) == {"ukraine", "russia", "west", "international"}
    for (side, target), cell in expected_counts().items():
        row = got[side]
        n = sum(cell.values())
        assert row["n_quotes"] == n
        for label in ("favor", "against", "none"):
            assert row[f"{target}_{label}"] == cell[label], (side, target, label)
        assert row[f"{target}_net"] == pytest.approx(round((cell["favor"] - cell["against"]) / n, 4))
        assert row[f"{target}_share_favor"] == pytest.approx(round(cell["favor"] / n, 4))
    assert got["ukraine"]["ukraine_favor"] == 5 and got["ukraine"]["russia_against"] == 4
    assert got["russia"]["russia_net"] == pytest.approx(round(2 / 5, 4))


def test_matrix_agrees_with_long_form_by_side(db: Path) -> None:
    long = rows(db, "SELECT speaker_side, target_side, n_favor, n_against FROM v_stance_by_side")
    wide = {r["speaker_side"]: r for r in rows(db, "SELECT * FROM v_stance_matrix")}
    for r in long:
        row = wide[r["speaker_side"]]
        assert row[f"{r['target_side']}_favor"] == r["n_favor"]
        assert row[f"{r['target_side']}_against"] == r["n_against"]


def test_polarised_actors_need_five_quotes_and_rank_by_favor_against_gap(db: Path) -> None:
    got = rows(
        db,
        "SELECT target_side, rank, actor_id, n_quotes, n_favor, n_against, polarisation, leaning"
        " FROM v_stance_polarised_actors ORDER BY target_side, rank",
    )
    assert "guterres" not in {r["actor_id"] for r in got}  # 2 quotes: not enough
    ukraine = [(r["actor_id"], r["polarisation"], r["leaning"]) for r in got if r["target_side"] == "ukraine"]
    # zelenskyy |5-1|/6 = 0.6667, peskov |0-2|/5 = 0.4, isw |1-0|/5 = 0.2
    assert ukraine == [("zelenskyy", 0.6667, "favor"), ("peskov", 0.4, "against"), ("isw", 0.2, "favor")]
    russia = [(r["actor_id"], r["polarisation"], r["leaning"]) for r in got if r["target_side"] == "russia"]
    # zelenskyy |0-4|/6 = 0.6667, peskov |3-1|/5 = 0.4, isw |2-2|/5 = 0
    assert russia == [("zelenskyy", 0.6667, "against"), ("peskov", 0.4, "favor"), ("isw", 0.0, "balanced")]
    assert [r["rank"] for r in got if r["target_side"] == "russia"] == [1, 2, 3]


def test_contrary_quotes_are_opposite_to_the_actors_majority(db: Path) -> None:
    got = rows(
        db,
        "SELECT quote_id, actor_id, target_side, label, usual_label, n_usual, n_contrary,"
        " n_actor_quotes, evidence, text FROM v_stance_contrary_quotes ORDER BY quote_id",
    )
    simple = [
        (r["quote_id"], r["actor_id"], r["target_side"], r["label"], r["usual_label"],
         r["n_usual"], r["n_contrary"], r["n_actor_quotes"])
        for r in got
    ]
    assert simple == [
        ("q05", "zelenskyy", "ukraine", "against", "favor", 5, 1, 6),
        ("q09", "peskov", "russia", "against", "favor", 3, 1, 5),
    ]
    # balanced ISW (2 favor / 2 against russia) has no usual label, so nothing is contrary
    assert all(r["actor_id"] != "isw" for r in got)
    assert all(r["evidence"] and r["text"] for r in got)


def test_actor_week_view_counts_per_iso_week(db: Path) -> None:
    got = rows(
        db,
        "SELECT week, n_quotes, n_favor, n_against FROM v_stance_by_actor_week"
        " WHERE actor_id = 'zelenskyy' AND target_side = 'ukraine' ORDER BY week",
    )
    # 5-7 Sep 2022 fall in the week of Monday 5 Sep, 12-13 Sep in the week of Monday 12 Sep
    assert got == [
        {"week": dt.date(2022, 9, 5), "n_quotes": 3, "n_favor": 3, "n_against": 0},
        {"week": dt.date(2022, 9, 12), "n_quotes": 3, "n_favor": 2, "n_against": 1},
    ]


def test_views_are_empty_not_broken_on_an_empty_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    write_batch(path, empty(ARTICLES), empty(SCORED), empty(STANCE), empty(ACTORS), empty(REJECTED))
    for view in ("v_stance_matrix", "v_stance_polarised_actors", "v_stance_contrary_quotes"):
        assert rows(path, f"SELECT * FROM {view}") == []
