"""``stancewire report``: an offline HTML page with the four charts and PNGs alongside."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from flows.cli import main
from tests.sql.test_examples import build_sample_db


def _specs(html: str) -> list[dict]:
    """The Vega-Lite specs embedded in the page (``const spec = {...}``)."""
    specs = []
    decoder = json.JSONDecoder()
    for match in re.finditer(r"const spec = ", html):
        spec, _ = decoder.raw_decode(html, match.end())
        specs.append(spec)
    return specs


def test_report_writes_html_and_pngs(tmp_path: Path, capsys):
    db = build_sample_db(tmp_path / "sample.duckdb", tmp_path)
    out = tmp_path / "charts" / "report.html"
    assert main(["report", "--out", str(out), "--db", str(db)]) == 0
    printed = capsys.readouterr().out
    assert f"wrote {out}" in printed

    html = out.read_text(encoding="utf-8")
    assert "cdn.jsdelivr" not in html and "https://cdn" not in html  # opens offline
    specs = _specs(html)
    assert len(specs) == 1
    charts = specs[0]["vconcat"]
    titles = [c["title"]["text"] for c in charts]
    assert titles == [
        "Stance toward Ukraine and Russia, week by week",
        "The 15 most quoted named speakers: for or against each side",
        "Whom each outlet quotes: share of its quotes by speaker side",
        "How much each outlet contributes: quotes and articles",
    ]
    weekly = charts[0]["data"]["values"]
    assert {r["target_side"] for r in weekly} == {"ukraine", "russia"}
    assert {r["label"] for r in weekly} == {"favor", "against"}
    assert "2022-10-03" in {r["week"][:10] for r in weekly}
    assert all(dt.date.fromisoformat(r["week"][:10]).weekday() == 0 for r in weekly)
    actors = {r["speaker"] for r in charts[1]["data"]["values"]}
    assert {"Volodymyr Zelenskyy", "Jens Stoltenberg", "Dmitry Peskov"} <= actors
    assert "unknown" not in actors
    voice = {r["outlet"] for r in charts[2]["data"]["values"]}
    volume = {r["outlet"] for r in charts[3]["data"]["values"]}
    assert {"Test Gazette", "Other Times", "(unknown)"} <= voice == volume

    for name in ("stance-by-week", "top-actors", "voice-by-outlet", "outlet-volume"):
        png = out.with_name(f"report-{name}.png")
        assert f"wrote {png}" in printed
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000
    assert len(list(out.parent.glob("*.png"))) == 4


def test_report_on_an_empty_database_draws_four_empty_charts(tmp_path: Path, capsys):
    from tasks.store import apply_migrations, connect

    db = tmp_path / "empty.duckdb"
    with connect(db) as con:
        apply_migrations(con)
    out = tmp_path / "report.html"
    assert main(["report", "--out", str(out), "--db", str(db)]) == 0
    assert len(list(tmp_path.glob("report-*.png"))) == 4
    assert "no dated quote in the database yet" in out.read_text(encoding="utf-8")


def test_report_on_missing_db_is_one_line_error(tmp_path: Path, capsys):
    assert main(["report", "--out", str(tmp_path / "r.html"),
                 "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "does not exist" in capsys.readouterr().err
