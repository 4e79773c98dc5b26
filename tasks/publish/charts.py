"""``stancewire report``: four charts of the database as one offline HTML page and PNG files.

Each chart's data comes from one query in ``sql/report/chart_*.sql`` (read-only, on the tables
only, so a database whose views predate this version still draws):

- ``stance-by-week``: per ISO week (Monday), the share of the week's quotes that are for /
  against Ukraine and for / against Russia, over the last ``WEEKS`` weeks, with a strip of the
  week's quote count below (weeks under ``MIN_WEEK_QUOTES`` quotes: faint points off the lines);
- ``top-actors``: the ``TOP_ACTORS`` most quoted *named* speakers (unnamed sources and
  ``unknown`` left out) and the share of their quotes for / against each side;
- ``voice-by-outlet``: whom each outlet quotes: the share of its quotes by speaker side;
- ``outlet-volume``: quotes and articles per outlet (the size behind the shares).

Drawn with altair; the HTML embeds the Vega libraries (vl-convert ``bundle=True``) so it opens
without network; PNGs are rendered by vl-convert, offline. Dates are drawn on UTC scales, so a
Monday stays a Monday in every time zone.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import polars as pl

from tasks.contract import SQL, TARGET_SIDES
from tasks.store.db import connect

WEEKS = 52
MIN_WEEK_QUOTES = 30
TOP_ACTORS = 15
TOP_OUTLETS = 20
SIDE_COLORS = {
    "ukraine": "#1f77b4",
    "russia": "#d62728",
    "west": "#2ca02c",
    "international": "#9467bd",
    "other": "#8c564b",
    "unknown": "#7f7f7f",
}
# stance labels: a colour-blind-safe pair that is none of the side colours
LABEL_COLORS = {"favor": "#1b9e77", "against": "#d95f02"}
CHART_QUERIES = {  # chart name -> (sql/report/<file>.sql, its parameters)
    "stance-by-week": ("chart_stance_by_week", {"weeks": WEEKS}),
    "top-actors": ("chart_top_actors", {"top": TOP_ACTORS}),
    "voice-by-outlet": ("chart_voice_by_outlet", {"top": TOP_OUTLETS}),
    "outlet-volume": ("chart_outlet_volume", {"top": TOP_OUTLETS}),
}
TOWARD = "'toward ' + upper(slice(datum.target_side, 0, 1)) + slice(datum.target_side, 1)"
WIDTH = 620


@dataclass
class ReportFiles:
    """What ``write_report`` produced."""

    html: Path
    pngs: dict[str, Path]
    rows: dict[str, int]


def read_chart_data(db_path: str | os.PathLike[str]) -> dict[str, pl.DataFrame]:
    """The four frames behind the charts, keyed by chart name (read-only)."""
    with connect(db_path, read_only=True) as con:
        return {
            name: con.sql((SQL / "report" / f"{query}.sql").read_text(), params=params).pl()
            for name, (query, params) in CHART_QUERIES.items()
        }


def _json_value(value: object) -> object:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _rows(df: pl.DataFrame) -> list[dict]:
    """JSON-ready rows (dates as ISO strings, decimals as floats)."""
    return [{k: _json_value(v) for k, v in row.items()} for row in df.iter_rows(named=True)]


def _epoch_ms(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp() * 1000)


def _n_weeks(weeks: list[date]) -> int:
    return (weeks[-1] - weeks[0]).days // 7 + 1 if weeks else 0


def week_ticks(weeks: list[date], most: int = 10) -> list[int]:
    """Axis ticks on the weeks themselves (Mondays), every k-th week so at most ``most`` show;
    as UTC epoch milliseconds, what Vega-Lite takes for a temporal axis."""
    if not weeks:
        return []
    step = max(1, math.ceil(_n_weeks(weeks) / most))
    return [_epoch_ms(date.fromordinal(weeks[0].toordinal() + 7 * i))
            for i in range(0, _n_weeks(weeks), step)]


def _palette(alt, colors: dict[str, str]):
    return alt.Scale(domain=list(colors), range=list(colors.values()))


def _label_color(alt):
    return alt.Color("label:N", title="the quote is", scale=_palette(alt, LABEL_COLORS),
                     legend=alt.Legend(orient="top", labelExpr=(
                         "datum.value == 'favor' ? 'for the side' : 'against the side'")))


def stance_by_week_chart(alt, frame: pl.DataFrame):
    """Two panels (toward Ukraine, toward Russia) of weekly favor / against shares over a strip
    of the week's quote count, on one Monday-aligned UTC time axis. Weeks with fewer than
    ``MIN_WEEK_QUOTES`` quotes show as faint hollow points off the lines, and the share axis
    (the same for both panels) is fitted to the other weeks."""
    weeks = sorted(set(frame["week"].to_list()))
    ticks = week_ticks(weeks)
    day_ms = 86_400_000
    x_domain = ([_epoch_ms(weeks[0]) - 4 * day_ms, _epoch_ms(weeks[-1]) + 4 * day_ms]
                if weeks else alt.Undefined)
    solid = frame.filter(pl.col("n_quotes") >= MIN_WEEK_QUOTES)["share"].to_list()
    top = max(solid or frame["share"].to_list() or [0.0])
    y_scale = alt.Scale(domain=[0, max(0.05, top * 1.08)])
    data = alt.Data(values=_rows(frame))

    def x(labels: bool):
        return alt.X("week:T", scale=alt.Scale(type="utc", domain=x_domain),
                     axis=alt.Axis(values=ticks, format="%d %b %Y", labelAngle=-40, labels=labels,
                                   title="week (starting Monday)" if labels else None))

    tooltip = [alt.Tooltip("utcyearmonthdate(week):T", title="week of"), "target_side:N",
               "label:N", alt.Tooltip("share:Q", format=".1%"),
               alt.Tooltip("n_label:Q", title="quotes with this label"),
               alt.Tooltip("n_quotes:Q", title="quotes that week")]
    panels = []
    for target in TARGET_SIDES:
        base = alt.Chart().transform_filter(alt.datum.target_side == target).encode(
            x=x(False), color=_label_color(alt), tooltip=tooltip)
        lines = base.transform_calculate(
            plotted=f"datum.n_quotes >= {MIN_WEEK_QUOTES} ? datum.share : null"
        ).mark_line(point=alt.OverlayMarkDef(size=22), strokeWidth=1.8).encode(
            y=alt.Y("plotted:Q", title="share of the week's quotes", scale=y_scale,
                    axis=alt.Axis(format=".0%", tickCount=5)))
        thin = base.transform_filter(alt.datum.n_quotes < MIN_WEEK_QUOTES).mark_point(
            opacity=0.45, size=22, clip=True).encode(y=alt.Y("share:Q", scale=y_scale))
        panels.append(alt.layer(lines, thin, data=data).properties(
            width=WIDTH, height=150,
            title=alt.Title(f"Toward {target.title()}: quotes for / against it", anchor="start")))
    counts = (
        alt.Chart(data)
        .transform_filter((alt.datum.target_side == TARGET_SIDES[0]) & (alt.datum.label == "favor"))
        .mark_bar(width=max(1.0, 0.7 * WIDTH / max(1, _n_weeks(weeks))))
        .encode(
            x=x(True),
            y=alt.Y("n_quotes:Q", title="quotes", axis=alt.Axis(format=",.0f", tickCount=3)),
            color=alt.condition(alt.datum.n_quotes >= MIN_WEEK_QUOTES, alt.value("#8a8a8a"),
                                alt.value("#d6d6d6")),
            tooltip=tooltip[:1] + tooltip[-1:],
        )
        .properties(width=WIDTH, height=60, title=alt.Title(
            "Quotes per week: what each share stands on", anchor="start",
            subtitle=f"light bars: fewer than {MIN_WEEK_QUOTES} quotes, their shares drawn as "
                     "faint points off the lines"))
    )
    span = (f"the last {WEEKS} weeks with quotes, {weeks[0]:%d %b %Y} to {weeks[-1]:%d %b %Y}."
            if weeks else "no dated quote in the database yet.")
    return (
        alt.vconcat(*panels, counts, spacing=12)
        .resolve_scale(x="shared")
        .properties(title=alt.Title(
            "Stance toward Ukraine and Russia, week by week",
            subtitle=[f"Share of each week's quotes scored for or against the side (the rest take "
                      f"no side): {span}"],
            anchor="start"))
    )


def diverging_axis(shares: list[float]) -> tuple[float, list[float]]:
    """A half-width for a diverging share axis and its ticks: at most 3 ticks a side (so no
    label is dropped for overlap and 0 keeps its label), none past 100%; the half-width leaves
    room for the bar labels."""
    top = max([s for s in shares if s is not None] or [0.0])
    step = next((s for s in (0.05, 0.1, 0.2, 0.25, 0.5) if math.ceil(top / s) <= 3), 0.5)
    n = max(1, math.ceil(round(top / step, 6)))
    return n * step * 1.2, [round(i * step, 4) for i in range(-n, n + 1)]


def top_actors_chart(alt, frame: pl.DataFrame):
    """Diverging bars per named actor and target side: share of the actor's quotes against
    (left) and for (right) the side, labelled; 0 marked and labelled."""
    half, ticks = diverging_axis(frame["share"].to_list())
    x = alt.X("signed:Q", scale=alt.Scale(domain=[-half, half]),
              axis=alt.Axis(values=ticks, labelExpr="format(abs(datum.value), '.0%')",
                            title="share of the speaker's quotes:  ← against | for →"))
    y = alt.Y("actor:N", title=None, sort=alt.EncodingSortField("rank", op="min"),
              axis=alt.Axis(labelLimit=400))
    base = alt.Chart().encode(y=y)
    bars = base.mark_bar(height={"band": 0.7}).encode(
        x=x, color=_label_color(alt),
        tooltip=["speaker:N", "speaker_side:N", "target_side:N", "label:N",
                 alt.Tooltip("share:Q", format=".1%"),
                 alt.Tooltip("n_label:Q", title="quotes with this label"),
                 alt.Tooltip("n_quotes:Q", title="quotes of the speaker")])
    zero = alt.Chart().mark_rule(color="#333").encode(x=alt.datum(0))
    texts = [
        base.transform_filter((alt.datum.label == label) & (alt.datum.share >= 0.01))
        .mark_text(align=align, dx=dx, fontSize=10, color="#333")
        .encode(x=alt.X("signed:Q"), text="pct:N")
        for label, align, dx in (("favor", "left", 3), ("against", "right", -3))
    ]
    rows = max(1, frame["actor_id"].n_unique())
    return (
        alt.layer(bars, zero, *texts, data=alt.Data(values=_rows(frame)))
        .transform_calculate(
            signed="datum.label == 'against' ? -datum.share : datum.share",
            pct="format(datum.share, '.0%')",
            actor="datum.speaker + ' (' + datum.speaker_side + ', ' + "
                  "format(datum.n_quotes, ',') + (datum.n_quotes == 1 ? ' quote)' : ' quotes)')",
            toward=TOWARD,
        )
        .properties(width=300, height=max(60, 22 * rows))
        .facet(column=alt.Column("toward:N", title=None, header=alt.Header(labelFontSize=13),
                                 sort=[f"toward {side.title()}" for side in TARGET_SIDES]))
        .properties(title=alt.Title(
            f"The {TOP_ACTORS} most quoted named speakers: for or against each side",
            subtitle=["Share of each speaker's quotes scored for / against Ukraine and Russia; "
                      "speaker (side, quotes).",
                      "Unnamed sources (\"the official\", \"officials\", \"a spokesperson\") and "
                      "unattributed quotes are left out of the ranking."],
            anchor="start"))
    )


def voice_by_outlet_chart(alt, frame: pl.DataFrame):
    """100% stacked bars: each outlet's quotes by speaker side, shares labelled."""
    order = {side: i for i, side in enumerate(SIDE_COLORS)}
    frame = frame.with_columns(pl.col("speaker_side").replace_strict(order, default=len(order))
                               .alias("side_order"))
    outlets = max(1, frame["outlet"].n_unique())
    base = (
        alt.Chart(alt.Data(values=_rows(frame)))
        .transform_stack(stack="share", groupby=["outlet"], as_=["x0", "x1"],
                         sort=[alt.SortField("side_order")])
        .transform_calculate(
            mid="(datum.x0 + datum.x1) / 2",
            outlet_label="datum.outlet + ' (' + format(datum.outlet_quotes, ',') + "
                         "(datum.outlet_quotes == 1 ? ' quote)' : ' quotes)')",
        )
        .encode(y=alt.Y("outlet_label:N", title=None,
                        sort=alt.EncodingSortField("rank", op="min")))
    )
    bars = base.mark_bar(height={"band": 0.75}).encode(
        x=alt.X("x0:Q", title="share of the outlet's quotes", axis=alt.Axis(format=".0%"),
                scale=alt.Scale(domain=[0, 1])),
        x2="x1:Q",
        color=alt.Color("speaker_side:N", title="speaker side", scale=_palette(alt, SIDE_COLORS)),
        tooltip=["outlet:N", "speaker_side:N", alt.Tooltip("share:Q", format=".1%"),
                 alt.Tooltip("n_quotes:Q", title="quotes"),
                 alt.Tooltip("outlet_quotes:Q", title="quotes of the outlet")],
    )
    labels = base.transform_filter(alt.datum.share >= 0.06).mark_text(
        color="white", fontSize=10).encode(x="mid:Q", text=alt.Text("share:Q", format=".0%"))
    return alt.layer(bars, labels).properties(
        width=WIDTH, height=max(60, 24 * outlets),
        title=alt.Title("Whom each outlet quotes: share of its quotes by speaker side",
                        subtitle=[f"The {TOP_OUTLETS} outlets with the most quotes; every quote "
                                  "counts, named or not; side of the speaker as attributed."],
                        anchor="start"))


def outlet_volume_chart(alt, frame: pl.DataFrame):
    """Quotes per outlet, each bar labelled with its quotes and articles."""
    top = max(frame["n_quotes"].to_list(), default=1)
    base = alt.Chart(alt.Data(values=_rows(frame))).encode(
        y=alt.Y("outlet:N", title=None, sort=alt.EncodingSortField("rank", op="min")),
        x=alt.X("n_quotes:Q", title="quotes", scale=alt.Scale(domain=[0, top * 1.4]),
                axis=alt.Axis(format=",.0f", tickCount=6)),
    )
    bars = base.mark_bar(color="#4c78a8", height={"band": 0.75}).encode(
        tooltip=["outlet:N", alt.Tooltip("n_quotes:Q", title="quotes", format=","),
                 alt.Tooltip("n_articles:Q", title="articles", format=",")])
    labels = base.mark_text(align="left", dx=4, fontSize=10, color="#333").encode(
        text="label:N"
    ).transform_calculate(
        label="format(datum.n_quotes, ',') + ' quotes in ' + format(datum.n_articles, ',') + "
              "' articles'")
    return alt.layer(bars, labels).properties(
        width=WIDTH, height=max(60, 24 * max(1, frame.height)),
        title=alt.Title("How much each outlet contributes: quotes and articles",
                        subtitle=[f"The {TOP_OUTLETS} outlets with the most quotes: the counts "
                                  "behind the voice shares of each outlet."],
                        anchor="start"))


def build_charts(frames: dict[str, pl.DataFrame]) -> dict:
    """altair charts keyed by name (data inlined)."""
    import altair as alt

    return {
        "stance-by-week": stance_by_week_chart(alt, frames["stance-by-week"]),
        "top-actors": top_actors_chart(alt, frames["top-actors"]),
        "voice-by-outlet": voice_by_outlet_chart(alt, frames["voice-by-outlet"]),
        "outlet-volume": outlet_volume_chart(alt, frames["outlet-volume"]),
    }


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
    page = alt.vconcat(*charts.values(), spacing=40).resolve_scale(color="independent")
    html = vlc.vegalite_to_html(page.to_dict(), bundle=True)
    out.write_text(html, encoding="utf-8")
    return ReportFiles(out, pngs, {k: v.height for k, v in frames.items()})
