"""Publish: what a person sees after a run — the printed summary, charts, Parquet export.

    from tasks.publish import read_report, format_summary, write_report, export_parquet

The Prefect task ``publish_summary`` (the run's artifacts) lives in ``tasks.publish.task``.
"""

from tasks.publish.charts import write_report
from tasks.publish.export import export_parquet
from tasks.publish.summary import format_summary, read_report

__all__ = ["export_parquet", "format_summary", "read_report", "write_report"]
