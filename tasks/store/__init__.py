"""Store: the single DuckDB writer. One batch = one transaction; a locked file stages the batch.

    from tasks.store import write_batch, existing_hashes, record_run, load_staged, connect

- ``db``: connections that wait for a locked file, new files created whole
  (``create_database``, ``open_for_writing``), migrations, views, identifiers;
- ``write``: ``write_batch`` (prepare, replace articles, write: one transaction), ``load_staged``,
  ``existing_hashes``;
- ``staging``: batches kept as Parquet while the file is locked (``stage_batch``);
- ``runs``: the pipeline_runs ledger (``record_run``);
- ``frames``: a batch's five frames and the Parquet folder that holds them (lock staging and
  the analyse hand-off).

The Prefect task ``load_batch`` lives in ``tasks.store.task``.
"""

from tasks.store.db import (
    DatabaseError,
    DatabaseLockedError,
    apply_migrations,
    connect,
    create_database,
    ident,
    open_for_writing,
)
from tasks.store.frames import FRAMES, SCHEMAS
from tasks.store.runs import RUN_COLUMNS, RUN_COUNTERS, record_run
from tasks.store.staging import FAILED_PREFIX, stage_batch, staging_dir_for
from tasks.store.write import existing_hashes, load_staged, write_batch

__all__ = [
    "FAILED_PREFIX", "FRAMES", "RUN_COLUMNS", "RUN_COUNTERS", "SCHEMAS", "DatabaseError",
    "DatabaseLockedError", "apply_migrations", "connect", "create_database", "existing_hashes",
    "ident", "load_staged", "open_for_writing", "record_run", "stage_batch", "staging_dir_for",
    "write_batch",
]
