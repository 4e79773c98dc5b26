"""Tests of the evaluation (tasks/evaluate: gold.py, metrics.py, cli.py) on tiny hand-made gold/prediction pairs."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tasks.evaluate.cli import format_table, main, predictions_from_db
from tasks.evaluate.gold import GOLD, EvalError, load_gold, locate_quotes
from tasks.evaluate.metrics import EvalResult, match_spans, score_predictions, stance_favg
from tasks.evaluate.names import same_speaker

TEXT = "0123456789" * 10  # 100 characters; spans are all that matters for matching


def articles(*ids: str, text: str = TEXT) -> pl.DataFrame:
    return pl.DataFrame({"article_id": list(ids), "text": [text] * len(ids)})


def gold_rows(*rows: dict) -> pl.DataFrame:
    base = {"article_id": "a", "quote": "q", "kind": "direct", "speaker": "Dmitry Peskov",
            "speaker_named": True, "speaker_side": "russia",
            "stance_ukraine": "none", "stance_russia": "none"}
    out = []
    for i, r in enumerate(rows):
        row = {**base, "quote_index": i, **r}
        out.append({k: row.get(k) for k in GOLD})
    return pl.DataFrame(out, schema=GOLD)


def pred_rows(*rows: dict) -> pl.DataFrame:
    base = {"article_id": "a", "text": "t", "kind": "direct", "speaker": "Dmitry Peskov",
            "speaker_side": "russia", "stance_ukraine": "none", "stance_russia": "none"}
    return pl.DataFrame([{**base, **r} for r in rows])


def score(gold: list[tuple[int, int]], pred: list[tuple[int, int]], tau: float = 0.3) -> EvalResult:
    g = gold_rows(*({"char_start": s, "char_end": e} for s, e in gold))
    p = pred_rows(*({"char_start": s, "char_end": e} for s, e in pred))
    return score_predictions(p, g, articles("a"), tau=tau)


# --- quote matching ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "gold, pred, matched, precision, recall",
    [
        ([(10, 20)], [(10, 20)], 1, 1.0, 1.0),  # exact match
        ([(10, 20)], [(17, 30)], 1, 1.0, 1.0),  # overlap 3/10 = tau: eligible
        ([(10, 20)], [(18, 30)], 0, 0.0, 0.0),  # overlap 2/10 < tau
        ([(10, 20)], [(0, 100)], 1, 1.0, 1.0),  # covering prediction
        ([(10, 20)], [(10, 14), (15, 20)], 1, 0.5, 1.0),  # one-to-one: 1 TP + 1 FP
        ([(10, 20), (30, 40)], [(10, 40)], 1, 1.0, 0.5),  # one pred cannot match two golds
        ([], [(10, 20)], 0, 0.0, 0.0),
        ([(10, 20)], [], 0, 0.0, 0.0),
    ],
)
def test_matching_counts(gold, pred, matched, precision, recall):
    result = score(gold, pred)
    assert (result.matched, result.precision, result.recall) == (matched, precision, recall)


def test_f1_is_harmonic_mean_and_strict_tau():
    # gold 0: matched exactly; gold 1: prediction covers 5/10 (ok at 0.3, not at 0.8); 1 FP
    result = score([(0, 10), (20, 30)], [(0, 10), (25, 40), (60, 70)])
    assert result.matched == 2 and result.n_pred == 3 and result.n_gold == 2
    assert result.f1 == pytest.approx(2 * (2 / 3) * 1.0 / (2 / 3 + 1.0))
    assert result.matched_strict == 1
    assert result.recall_strict == 0.5


def test_greedy_takes_highest_overlap_fraction_first():
    # pred (10, 20) overlaps gold A (0, 20) by 10/20 and gold B (10, 20) by 10/10: goes to B;
    # pred (0, 8) then matches A (8/20 = 0.4 >= 0.3)
    assert match_spans([(0, 20), (10, 20)], [(10, 20), (0, 8)], 0.3) == [(0, 1), (1, 0)]


def test_greedy_tie_break_is_deterministic():
    # two identical predictions on one gold: the first one wins
    assert match_spans([(0, 10)], [(0, 10), (0, 10)], 0.3) == [(0, 0)]


spans = st.lists(
    st.tuples(st.integers(0, 90), st.integers(1, 30)).map(lambda t: (t[0], t[0] + t[1])),
    max_size=8,
)


@given(gold=spans, pred=spans, tau=st.sampled_from([0.3, 0.5, 0.8, 1.0]))
def test_matching_is_one_to_one_and_eligible(gold, pred, tau):
    pairs = match_spans(gold, pred, tau)
    assert len({g for g, _ in pairs}) == len(pairs) == len({p for _, p in pairs})
    for g, p in pairs:
        (g0, g1), (p0, p1) = gold[g], pred[p]
        assert min(g1, p1) - max(g0, p0) >= tau * (g1 - g0) - 1e-9
    # a stricter tau never matches more
    assert len(match_spans(gold, pred, 0.8)) <= len(match_spans(gold, pred, 0.3))


@given(gold=spans)
def test_gold_against_itself_matches_everything(gold):
    assert len(match_spans(gold, gold, 0.8)) == len(gold)


def test_predictions_for_other_articles_are_ignored():
    g = gold_rows({"char_start": 0, "char_end": 10})
    p = pred_rows({"char_start": 0, "char_end": 10},
                  {"article_id": "elsewhere", "char_start": 0, "char_end": 10})
    result = score_predictions(p, g, articles("a"))
    assert (result.n_pred, result.precision) == (1, 1.0)


def test_predictions_in_article_without_gold_are_false_positives():
    g = gold_rows({"char_start": 0, "char_end": 10})
    p = pred_rows({"char_start": 0, "char_end": 10}, {"article_id": "b", "char_start": 0, "char_end": 10})
    result = score_predictions(p, g, articles("a", "b"))
    assert result.precision == 0.5
    assert [fp["article_id"] for fp in result.false_positives] == ["b"]


def test_recall_by_kind_and_misses():
    g = gold_rows(
        {"char_start": 0, "char_end": 10, "kind": "direct"},
        {"char_start": 20, "char_end": 30, "kind": "indirect", "quote": "lost"},
        {"char_start": 40, "char_end": 50, "kind": "indirect"},
        {"char_start": 60, "char_end": 70, "kind": "mixed", "quote": "lost too"},
    )
    p = pred_rows({"char_start": 0, "char_end": 10}, {"char_start": 40, "char_end": 50})
    result = score_predictions(p, g, articles("a"))
    assert result.recall_by_kind == {"direct": 1.0, "indirect": 0.5, "mixed": 0.0}
    assert sorted(m["quote"] for m in result.misses) == ["lost", "lost too"]


def test_null_offsets_in_predictions_are_located_from_text():
    text = "He said the war would end soon."
    g = gold_rows({"char_start": 8, "char_end": 30})
    p = pred_rows({"char_start": None, "char_end": None, "text": "the war would end soon"})
    assert score_predictions(p, g, articles("a", text=text)).matched == 1


# --- speaker names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "gold, pred, expected",
    [
        ("Dmitry Peskov", "Dmitry Peskov", True),
        ("Dmitry Peskov", "Peskov", True),  # surname alone
        ("Peskov", "Dmitry Peskov", True),
        ("Volodymyr Zelenskyy", "Volodymyr Zelensky", True),  # transliteration
        ("Volodomyr Zelenskyy", "Volodymyr Zelenskiy", True),
        ("Vladimir Zelensky", "Volodymyr Zelenskyy", True),
        ("Oleg Sinegubov", "Oleh Syniehubov", True),
        ("Antony Blinken", "Secretary of State Antony Blinken", True),  # titles
        ("Volodymyr Zelenskyy", "President Zelenskyy", True),
        ("Dmitry Peskov", "Mr. Peskov", True),
        ("Dmitry Peskov", "Kremlin spokesman Dmitry Peskov", True),
        ("Institute for the Study of War", "ISW", True),  # acronyms
        ("IAEA", "International Atomic Energy Agency", True),
        ("Russian Defense Ministry", "Ministry of Defence of Russia", True),  # word order
        ("Russia's Defense Ministry", "Russian Ministry of Defense", True),
        ("Russia’s Defence Ministry", "Russian Ministry of Defense", True),  # curly apostrophe
        ("Kiev", "Kyiv", True),
        ("Oleksii Reznikov", "Alexei Reznikov", True),
        ("Petro Poroshenko", "Pyotr Poroshenko", True),
        ("Volodymyr Zelenskyy", "Wolodymyr Selenskyj", True),
        ("Alexander Lukashenko", "Lukashenka", True),
        ("Xi Jinping", "Xi", True),  # family name first
        ("Kim Jong-un", "Kim", True),
        ("Kim Jong-un", "Kim Jong Un", True),
        ("Institute for the Study of War (ISW)", "Institute for the Study of War", True),
        ("Organization for Security and Co-operation in Europe", "OSCE", True),
        ("Ministry of Defence of the Russian Federation", "Russian Defense Ministry", True),
        ("Ministry of Foreign Affairs of Ukraine", "Ukrainian Foreign Ministry", True),
        ("Defense Ministry", "Russian Defense Ministry", True),  # country omitted
        ("Ukrainian emergency services", "State Emergency Service of Ukraine", True),
        ("Wagner", "Wagner Group", True),
        ("Antony Blinken and the head of NATO", "Antony Blinken", True),  # compound source
        ("White House press secretary Karine Jean-Pierre", "Karine Jean-Pierre", True),
        ("Dmitry Peskov", "Dmitry Medvedev", False),  # same first name, different people
        ("Peskov", "Putin", False),
        ("Joe Biden", "Hunter Biden", False),  # same surname, different people
        ("British Defense Ministry", "Russian Defense Ministry", False),
        ("Russia", "Russian Defense Ministry", False),
        ("Kremlin", "Dmitry Peskov", False),
        ("Institute for the Study of War", "IAEA", False),
        ("Federal Security Service", "Security Service of Ukraine", False),
        ("Ukrainian military", "Ukrainian Military Intelligence", False),
        ("Armed Forces of Ukraine", "Ukraine", False),
        ("White House", "Chatham House", False),
        ("United Nations", "Kim Jong Un", False),
        ("Julie Easley", "Ashley", False),
        ("Harry J. Kazianis", "Jon Jones", False),
        ("Alexei Navalny", "Yulia Navalnaya", False),
        ("Dmitry Peskov", "", False),
        ("Dmitry Peskov", None, False),
    ],
)
def test_same_speaker(gold, pred, expected):
    assert same_speaker(gold, pred) is expected


def test_speaker_accuracy_counts_named_gold_only():
    g = gold_rows(
        {"char_start": 0, "char_end": 10, "speaker": "Dmitry Peskov"},
        {"char_start": 20, "char_end": 30, "speaker": "Volodymyr Zelenskyy"},
        {"char_start": 40, "char_end": 50, "speaker": "local officials", "speaker_named": False},
    )
    p = pred_rows(
        {"char_start": 0, "char_end": 10, "speaker": "Peskov"},
        {"char_start": 20, "char_end": 30, "speaker": "Dmitry Peskov"},
        {"char_start": 40, "char_end": 50, "speaker": "whoever"},
    )
    result = score_predictions(p, g, articles("a"))
    assert (result.n_speaker, result.speaker_accuracy) == (2, 0.5)
    assert result.wrong_speakers[0]["gold"] == "Volodymyr Zelenskyy"


# --- sides ---------------------------------------------------------------------------------


def test_side_accuracy_ignores_other_and_unknown_gold_sides():
    g = gold_rows(
        {"char_start": 0, "char_end": 10, "speaker_side": "russia"},
        {"char_start": 20, "char_end": 30, "speaker_side": "west"},
        {"char_start": 40, "char_end": 50, "speaker_side": "unknown"},
        {"char_start": 60, "char_end": 70, "speaker_side": "other"},
    )
    p = pred_rows(
        {"char_start": 0, "char_end": 10, "speaker_side": "russia"},
        {"char_start": 20, "char_end": 30, "speaker_side": "international"},
        {"char_start": 40, "char_end": 50, "speaker_side": "russia"},
        {"char_start": 60, "char_end": 70, "speaker_side": "russia"},
    )
    result = score_predictions(p, g, articles("a"))
    assert (result.n_side, result.side_accuracy) == (2, 0.5)
    assert [(w["gold"], w["pred"]) for w in result.wrong_sides] == [("west", "international")]


# --- stance --------------------------------------------------------------------------------


def test_stance_favg_hand_computed():
    gold = ["favor", "favor", "against", "against", "none", "none"]
    pred = ["favor", "none", "against", "favor", "none", "against"]
    # favor: tp 1, predicted 2, gold 2 -> P .5 R .5 F1 .5
    # against: tp 1, predicted 2, gold 2 -> F1 .5 ; F_avg .5
    favg, per_label = stance_favg(gold, pred)
    assert per_label == {"favor": 0.5, "against": 0.5}
    assert favg == 0.5


def test_stance_favg_uneven_case():
    gold = ["favor", "favor", "favor", "against"]
    pred = ["favor", "favor", "none", "none"]
    # favor: P 2/2, R 2/3 -> F1 0.8 ; against: tp 0 -> 0 ; F_avg 0.4
    favg, per_label = stance_favg(gold, pred)
    assert per_label["favor"] == pytest.approx(0.8)
    assert per_label["against"] == 0.0
    assert favg == pytest.approx(0.4)


def test_stance_label_absent_everywhere_is_left_out():
    favg, per_label = stance_favg(["against", "none"], ["against", "none"])
    assert per_label["favor"] is None and favg == 1.0


def test_stance_in_score_predictions_missing_prediction_counts_as_none():
    g = gold_rows(
        {"char_start": 0, "char_end": 10, "stance_ukraine": "favor", "stance_russia": "against"},
        {"char_start": 20, "char_end": 30, "stance_ukraine": "none", "stance_russia": "against"},
    )
    p = pred_rows(
        {"char_start": 0, "char_end": 10, "stance_ukraine": "favor", "stance_russia": None},
        {"char_start": 20, "char_end": 30, "stance_ukraine": "none", "stance_russia": "against"},
    )
    result = score_predictions(p, g, articles("a"))
    assert result.stance_favg_ukraine == 1.0
    # russia: against tp 1, predicted 1, gold 2 -> F1 2/3; favor absent everywhere
    assert result.stance_favg_russia == pytest.approx(2 / 3)
    assert result.n_stance == {"ukraine": 2, "russia": 2}
    assert [(w["side"], w["pred"]) for w in result.wrong_stances] == [("russia", "none")]


def test_null_sides_and_stances_like_ggt_report_none():
    g = gold_rows({"char_start": 0, "char_end": 10, "speaker_side": None,
                   "stance_ukraine": None, "stance_russia": None})
    p = pred_rows({"char_start": 0, "char_end": 10})
    result = score_predictions(p, g, articles("a"))
    assert result.side_accuracy is None and result.n_side == 0
    assert result.stance_favg_ukraine is None and result.stance_favg_russia is None
    table = format_table(result)
    assert "–" in table and "speaker" in table
    json.dumps(result.to_dict())  # serialisable


# --- gold loading --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, quotes, expected",
    [
        ("He said yes. She said yes.", ["yes", "yes"], [(8, 11), (22, 25)]),
        ("yes no yes", ["yes", "no", "yes"], [(0, 3), (4, 6), (7, 10)]),
        ("only once: yes", ["yes", "yes"], [(11, 14), None]),  # second one is not there
        ("abc", ["zzz"], [None]),
        ("Kyiv — “we won”", ["we won"], [(8, 14)]),  # character (not byte) offsets
    ],
)
def test_locate_quotes(text, quotes, expected):
    assert locate_quotes(text, quotes) == expected


def write_gold(folder: Path, articles_: list[dict], gold: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "articles.jsonl").write_text("".join(json.dumps(a) + "\n" for a in articles_))
    (folder / "gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold))
    return folder


def test_load_gold_reports_unlocated_without_crashing(tmp_path):
    folder = write_gold(
        tmp_path / "g",
        [{"id": 7, "outlet": "X", "date": None, "url": "", "title": "", "text": "He said \"no\"."}],
        [{"article_id": "7", "quote": "no", "kind": "direct", "speaker": "He",
          "speaker_named": False, "speaker_side": None, "stance_ukraine": None, "stance_russia": None},
         {"article_id": "7", "quote": "missing", "kind": "direct", "speaker": "He",
          "speaker_named": False}],
    )
    arts, gold = load_gold(folder)
    assert arts["article_id"].to_list() == ["7"]
    assert gold.select("char_start", "char_end").rows() == [(9, 11), (None, None)]
    result = score_predictions(pred_rows({"article_id": "7", "char_start": 9, "char_end": 11}), gold, arts)
    assert (result.n_gold, result.n_gold_unlocated, result.recall) == (1, 1, 1.0)


def test_main_reports_missing_gold_folder(tmp_path, capsys):
    assert main([str(tmp_path / "nothing")]) == 2
    assert "gold file not found" in capsys.readouterr().err


def test_predictions_from_db_pivots_stance(tmp_path):
    db = tmp_path / "t.duckdb"
    with duckdb.connect(str(db)) as con:
        con.sql("create table quotes (quote_id varchar, article_id varchar, char_start integer,"
                " char_end integer, text varchar, kind varchar, speaker varchar,"
                " speaker_side varchar)")
        con.sql("insert into quotes values ('q1', 'a', 0, 10, 't', 'direct', 'X', 'russia'),"
                " ('q2', 'a', 20, 30, 't', 'direct', 'Y', 'ukraine')")
        con.sql("create table quote_stance (quote_id varchar, side varchar, label varchar)")
        con.sql("insert into quote_stance values ('q1', 'ukraine', 'against'),"
                " ('q1', 'russia', 'favor')")
    pred = predictions_from_db(db).sort("char_start")
    assert pred.select("stance_ukraine", "stance_russia").rows() == [
        ("against", "favor"), ("none", "none")]


def test_load_gold_finds_every_war_dev_span(shared_dir):
    arts, gold = load_gold(shared_dir / "eval" / "war-dev")
    assert (arts.height, gold.height) == (9, 134)
    assert gold["char_start"].null_count() == 0
    texts = dict(arts.select("article_id", "text").rows())
    for row in gold.iter_rows(named=True):
        assert texts[row["article_id"]][row["char_start"]:row["char_end"]] == row["quote"]


def test_gold_scored_against_itself_is_perfect(shared_dir):
    arts, gold = load_gold(shared_dir / "eval" / "war-dev")
    result = score_predictions(gold.rename({"quote": "text"}), gold, arts)
    assert (result.f1, result.speaker_accuracy, result.side_accuracy) == (1.0, 1.0, 1.0)
    assert (result.stance_favg_ukraine, result.stance_favg_russia) == (1.0, 1.0)


def test_main_scores_a_database_and_prints_json(tmp_path, capsys):
    text = 'Peskov said "we will win". Zelenskyy said Ukraine would prevail.'
    folder = write_gold(
        tmp_path / "g",
        [{"id": "a1", "outlet": "X", "date": "2022-09-13", "url": "", "title": "", "text": text}],
        [{"article_id": "a1", "quote": "we will win", "kind": "direct", "speaker": "Dmitry Peskov",
          "speaker_named": True, "speaker_side": "russia", "stance_ukraine": "none",
          "stance_russia": "favor"},
         {"article_id": "a1", "quote": "Ukraine would prevail", "kind": "indirect",
          "speaker": "Volodymyr Zelenskyy", "speaker_named": True, "speaker_side": "ukraine",
          "stance_ukraine": "favor", "stance_russia": "none"}],
    )
    db = tmp_path / "t.duckdb"
    with duckdb.connect(str(db)) as con:
        con.sql("create table quotes (quote_id varchar, article_id varchar, char_start integer,"
                " char_end integer, text varchar, kind varchar, speaker varchar,"
                " speaker_side varchar)")
        con.sql("insert into quotes values ('q1', 'a1', 13, 24, 'we will win', 'direct',"
                " 'Dmitry Peskov', 'russia')")
        con.sql("create table quote_stance (quote_id varchar, side varchar, label varchar)")
        con.sql("insert into quote_stance values ('q1', 'russia', 'favor')")
    assert main([str(folder), "--db", str(db), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["n_gold"], out["n_pred"], out["matched"]) == (2, 1, 1)
    assert out["recall_by_kind"] == {"direct": 1.0, "indirect": 0.0}
    assert (out["speaker_accuracy"], out["stance_favg_russia"]) == (1.0, 1.0)
    assert out["misses"][0]["speaker"] == "Volodymyr Zelenskyy"


def test_predictions_from_db_without_quotes_table_is_a_clear_error(tmp_path):
    db = tmp_path / "empty.duckdb"
    with duckdb.connect(str(db)) as con:
        con.sql("create table other (x integer)")
    with pytest.raises(EvalError, match="no table 'quotes'"):
        predictions_from_db(db)
    with pytest.raises(FileNotFoundError, match="database not found"):
        predictions_from_db(tmp_path / "absent.duckdb")


def test_select_outlets_keeps_a_part_of_a_gold_set() -> None:
    """--outlets / --exclude-outlets: the kept-back and developed parts are measured apart."""
    import polars as pl

    from tasks.evaluate.gold import EvalError, select_outlets

    articles = pl.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["CBS", "RT", None]})
    gold = pl.DataFrame({"article_id": ["a", "a", "b", "c"], "quote": ["1", "2", "3", "4"]})
    arts, g = select_outlets(articles, gold, outlets="CBS")
    assert arts["article_id"].to_list() == ["a"] and g["quote"].to_list() == ["1", "2"]
    arts, g = select_outlets(articles, gold, exclude="CBS")
    assert arts["article_id"].to_list() == ["b"] and g["quote"].to_list() == ["3"]
    arts, g = select_outlets(articles, gold)
    assert arts.height == 3 and g.height == 4
    with pytest.raises(EvalError, match="no article of outlet"):
        select_outlets(articles, gold, outlets="Nope")
