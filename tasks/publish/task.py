"""The publish stage's Prefect task: the run's artifacts in the Prefect UI.

Nothing in ``tasks.publish`` imports this module; the numbers come from ``tasks.publish.summary``.
"""

from __future__ import annotations

import polars as pl
from prefect import task
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from tasks.publish.summary import (
    NOTHING_CHANGED,
    RUN_COUNTS,
    new_actors_since,
    notable_quotes_markdown,
    nothing_changed,
    read_report,
)


@task(name="publish_summary", persist_result=False)
def publish_summary(db_path: str, run: dict) -> dict[str, pl.DataFrame]:
    """Table and markdown artifacts for the Prefect UI; returns the report frames (none when
    nothing changed: then only ``run-counts`` is published, with a note saying so)."""
    counts = {k: run[k] for k in RUN_COUNTS}
    if nothing_changed(run):
        create_table_artifact(
            key="run-counts", table=[counts | {"new_actors": 0, "note": NOTHING_CHANGED}],
            description=f"stancewire run on {run['source']}: nothing changed",
        )
        return {}
    frames = read_report(db_path)
    new_actors = new_actors_since(db_path, run["started_at"]) if run.get("started_at") else None
    counts["new_actors"] = 0 if new_actors is None else new_actors.height
    counts.update({f"db_{k}": v for k, v in frames["totals"].row(0, named=True).items()})
    create_table_artifact(
        key="run-counts", table=[counts], description=f"stancewire run on {run['source']}"
    )
    if new_actors is not None and new_actors.height:
        create_table_artifact(
            key="new-actors",
            table=new_actors.head(100).to_dicts(),
            description="speakers first seen in this run, not in the registry (to review)",
        )
    create_table_artifact(
        key="stance-by-side",
        table=frames["stance_by_side"].to_dicts(),
        description="stance toward each side by speaker side",
    )
    create_table_artifact(
        key="top-speakers", table=frames["top_speakers"].to_dicts(), description="top speakers"
    )
    create_markdown_artifact(
        key="notable-quotes", markdown=notable_quotes_markdown(frames["notable_quotes"])
    )
    return frames
