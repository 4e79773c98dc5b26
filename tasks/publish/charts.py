"""``stancewire report``: charts of the database as one offline HTML page and PNG files.

Three charts, drawn with altair from views in ``sql/views/`` (read-only):

- stance over time: weekly net stance toward Ukraine and toward Russia, one line per
  speaker side (v_stance_by_day, weighted by quotes);
- top actors by stance: net stance toward each side of the most quoted actors
  (v_stance_by_actor);
- quote volume per outlet, stacked by speaker side (v_quotes).

The HTML embeds the Vega libraries (vl-convert ``bundle=True``) so it opens without network;
PNGs are rendered by vl-convert, offline. Each chart's data is inlined in its spec.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import polars as pl

from tasks.store.db import connect

TOP_ACTORS = 15
TOP_OUTLETS = 20
TARGETS = ["ukraine", "russia"]
SIDE_COLORS = {
    "ukraine": "#1f77b4",
    "russia": "#d62728",
    "west": "#2ca02c",
    "international": "#9467bd",
    "other": "#8c564b",
    "unknown": "#7f7f7f",
}

Q_STANCE_OVER_TIME = """
SELECT CAST(date_trunc('week', day) AS DATE) AS week, speaker_side, target_side,
       sum(n_quotes) AS n_quotes,
       round((sum(n_favor) - sum(n_against)) / sum(n_quotes), 4) AS net_stance
FROM v_stance_by_day
GROUP BY ALL
ORDER BY week, speaker_side, target_side
"""
Q_TOP_ACTORS = f"""
WITH top AS (
    SELECT actor_id FROM v_top_speakers ORDER BY rank LIMIT {TOP_ACTORS}
)
SELECT s.speaker || ' (' || s.n_quotes || ' quotes)' AS actor, s.speaker, s.speaker_side,
       s.target_side, s.n_quotes, s.net_stance, s.mean_score
FROM v_stance_by_actor AS s JOIN top USING (actor_id)
ORDER BY s.n_quotes DESC, s.speaker, s.target_side
"""
Q_OUTLET_VOLUME = f"""
WITH top AS (
    SELECT coalesce(outlet, '(unknown)') AS outlet FROM v_quotes
    GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT {TOP_OUTLETS}
)
SELECT coalesce(q.outlet, '(unknown)') AS outlet, q.speaker_side, count(*) AS n_quotes
FROM v_quotes AS q JOIN top ON top.outlet = coalesce(q.outlet, '(unknown)')
GROUP BY ALL
ORDER BY outlet, speaker_side
"""


@dataclass
class ReportFiles:
    """What ``write_report`` produced."""

    html: Path
    pngs: dict[str, Path]
    rows: dict[str, int]


def read_chart_data(db_path: str | os.PathLike[str]) -> dict[str, pl.DataFrame]:
    """The three frames behind the charts (read-only)."""
    with connect(db_path, read_only=True) as con:
        return {
            "stance_over_time": con.sql(Q_STANCE_OVER_TIME).pl(),
            "top_actors": con.sql(Q_TOP_ACTORS).pl(),
            "outlet_volume": con.sql(Q_OUTLET_VOLUME).pl(),
        }


def _side_scale(alt, field: str = "speaker_side"):
    return alt.Color(
        f"{field}:N",
        title="speaker side",
        scale=alt.Scale(domain=list(SIDE_COLORS), range=list(SIDE_COLORS.values())),
    )


def _json_value(value: object) -> object:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _rows(df: pl.DataFrame) -> list[dict]:
    """JSON-ready rows (dates as ISO strings, decimals as floats)."""
    return [{k: _json_value(v) for k, v in row.items()} for row in df.iter_rows(named=True)]


def build_charts(frames: dict[str, pl.DataFrame]) -> dict:
    """altair charts keyed by name (data inlined)."""
    import altair as alt

    over_time = frames["stance_over_time"]
    stance_chart = (
        alt.Chart(alt.Data(values=_rows(over_time)))
        .mark_line(point=True)
        .encode(
            x=alt.X("week:T", title="week (Monday)",
                    axis=alt.Axis(format="%d %b %Y", tickCount="week", labelAngle=-40)),
            y=alt.Y("net_stance:Q", title="net stance (favor - against) / quotes",
                    scale=alt.Scale(domain=[-1, 1])),
            color=_side_scale(alt),
            tooltip=["week:T", "speaker_side:N", "target_side:N", "n_quotes:Q",
                     "net_stance:Q"],
        )
        .properties(width=320, height=220)
        .facet(column=alt.Column("target_side:N", title="stance toward", sort=TARGETS))
        .properties(title="Stance toward each side by speaker side, per week")
    )
    top = frames["top_actors"]
    order = list(dict.fromkeys(top["actor"].to_list()))
    actors_chart = (
        alt.Chart(alt.Data(values=_rows(top)))
        .mark_bar()
        .encode(
            y=alt.Y("actor:N", sort=order, title=None),
            x=alt.X("net_stance:Q", title="net stance", scale=alt.Scale(domain=[-1, 1])),
            color=_side_scale(alt),
            tooltip=["speaker:N", "speaker_side:N", "target_side:N", "n_quotes:Q",
                     "net_stance:Q", "mean_score:Q"],
        )
        .properties(width=260, height=max(120, 18 * len(order)))
        .facet(column=alt.Column("target_side:N", title="stance toward", sort=TARGETS))
        .properties(title=f"Top {TOP_ACTORS} actors by quotes: net stance toward each side")
    )
    volume = frames["outlet_volume"]
    outlet_chart = (
        alt.Chart(alt.Data(values=_rows(volume)))
        .mark_bar()
        .encode(
            y=alt.Y("outlet:N", sort="-x", title=None),
            x=alt.X("sum(n_quotes):Q", title="quotes"),
            color=_side_scale(alt),
            tooltip=["outlet:N", "speaker_side:N", "n_quotes:Q"],
        )
        .properties(width=520, height=max(80, 22 * volume["outlet"].n_unique()),
                    title="Quote volume per outlet, by speaker side")
    )
    return {"stance-over-time": stance_chart, "top-actors": actors_chart,
            "outlet-volume": outlet_chart}


def write_report(db_path: str | os.PathLike[str], out_html: str | os.PathLike[str]) -> ReportFiles:
    """Write ``out_html`` (all charts, offline) and ``<stem>-<chart>.png`` beside it."""
    import altair as alt
    import vl_convert as vlc

    frames = read_chart_data(db_path)
    charts = build_charts(frames)
    out = Path(out_html)
    out.parent.mkdir(parents=True, exist_ok=True)
    pngs = {}
    for name, chart in charts.items():
        png = out.with_name(f"{out.stem}-{name}.png")
        png.write_bytes(vlc.vegalite_to_png(chart.to_dict(), scale=2))
        pngs[name] = png
    page = alt.vconcat(*charts.values()).resolve_scale(color="independent")
    html = vlc.vegalite_to_html(page.to_dict(), bundle=True)
    out.write_text(html, encoding="utf-8")
    return ReportFiles(out, pngs, {k: v.height for k, v in frames.items()})
