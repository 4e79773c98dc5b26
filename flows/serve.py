"""``stancewire serve``: the stance-pipeline flow as a scheduled Prefect deployment.

``flow.serve`` registers a deployment on the Prefect server of Prefect's own settings
(PREFECT_API_URL, else the active profile's; start one with ``make server``) and runs its flow
runs in this process until interrupted. The deployment has a concurrency limit of 1
(``global_limit``, collision strategy ENQUEUE) and the runner executes one run at a time
(``limit=1``), so two runs never write the DuckDB file at once: a run that comes due while
another is running waits for it. Runs of other deployments writing the same file wait for its
global concurrency limit (flows/limits.py). ``prefect.yaml`` declares the same flow as
deployments for ``prefect deploy`` and a worker.
"""

from __future__ import annotations

from pathlib import Path

from tasks.ingest.feeds import is_feed_source

DEFAULT_NAME = "scheduled"


def deployment_parameters(source: str, db_path: str, batch_size: int = 2000) -> dict:
    """Flow parameters of a scheduled run: absolute paths; a directory source is an inbox; the
    CPU stages use the warm pool of one worker process per core (``pool_options``)."""
    from flows.runners import pool_options

    if is_feed_source(source) and "://" in source:
        return {"source": source, "db_path": str(Path(db_path).absolute()),
                "batch_size": batch_size, "inbox": False, **pool_options()}
    src = Path(source).expanduser()
    return {
        "source": str(src.absolute()),
        "db_path": str(Path(db_path).expanduser().absolute()),
        "batch_size": batch_size,
        "inbox": src.is_dir(),
        **pool_options(),
    }


def serve(source: str, cron: str, db_path: str, name: str = DEFAULT_NAME,
          batch_size: int = 2000) -> None:
    """Serve the pipeline on ``cron`` until interrupted (blocks)."""
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy

    from flows.pipeline import stance_pipeline
    from tasks.ingest.http import redact_text

    params = deployment_parameters(source, db_path, batch_size)
    limit = ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.ENQUEUE)
    stance_pipeline.serve(
        name=name,
        cron=cron,
        parameters=params,
        global_limit=limit,
        limit=1,
        description=f"stancewire on {redact_text(params['source'])} -> {params['db_path']}",
        tags=["stancewire"],
        pause_on_shutdown=False,
        print_starting_message=True,
    )


def api_url() -> str:
    """The Prefect API URL as Prefect's own settings give it -- ``PREFECT_API_URL``, else the
    active profile (``prefect config set PREFECT_API_URL=...``), else prefect.toml -- or ""
    (serve needs a running server, not the temporary one)."""
    from prefect.settings import get_current_settings

    return (get_current_settings().api.url or "").strip()


def check_api(url: str, timeout_s: float = 10.0) -> str | None:
    """None when something answers HTTP at ``url``/health, else why not (one line)."""
    import httpx

    try:
        httpx.get(f"{url.rstrip('/')}/health", timeout=timeout_s)
    except httpx.HTTPError as exc:
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return None
