"""``stancewire report``: an offline HTML page with the three charts and PNGs alongside."""

from __future__ import annotations

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
    titles = [c.get("title") for c in charts]
    assert titles == [
        "Stance toward each side by speaker side, per week",
        "Top 15 actors by quotes: net stance toward each side",
        "Quote volume per outlet, by speaker side",
    ]
    over_time = charts[0]["data"]["values"]
    assert {r["target_side"] for r in over_time} == {"ukraine", "russia"}
    assert {"ukraine", "west", "russia"} <= {r["speaker_side"] for r in over_time}
    assert "2022-10-03" in {r["week"][:10] for r in over_time}
    actors = {r["speaker"] for r in charts[1]["data"]["values"]}
    assert {"Volodymyr Zelenskyy", "Jens Stoltenberg", "Dmitry Peskov"} <= actors
    outlets = {r["outlet"]: r for r in charts[2]["data"]["values"]}
    assert {"Test Gazette", "Other Times", "(unknown)"} <= set(outlets)

    for name in ("stance-over-time", "top-actors", "outlet-volume"):
        png = out.with_name(f"report-{name}.png")
        assert f"wrote {png}" in printed
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000


def test_report_on_missing_db_is_one_line_error(tmp_path: Path, capsys):
    assert main(["report", "--out", str(tmp_path / "r.html"),
                 "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "does not exist" in capsys.readouterr().err
