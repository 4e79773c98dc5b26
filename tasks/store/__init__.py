"""Store: the single DuckDB writer. One batch = one transaction; a locked file stages the batch.

    from tasks.store import write_batch, existing_hashes, record_run, load_staged, connect

The Prefect task ``load_batch`` lives in ``tasks.store.task``.
"""

from tasks.store.db import (
    DatabaseError,
    DatabaseLockedError,
    apply_migrations,
    connect,
    ident,
)
from tasks.store.write import (
    FAILED_PREFIX,
    FRAMES,
    RUN_COLUMNS,
    RUN_COUNTERS,
    SCHEMAS,
    existing_hashes,
    load_staged,
    record_run,
    stage_batch,
    staging_dir_for,
    write_batch,
)

__all__ = [
    "FAILED_PREFIX", "FRAMES", "RUN_COLUMNS", "RUN_COUNTERS", "SCHEMAS", "DatabaseError",
    "DatabaseLockedError", "apply_migrations", "connect", "existing_hashes", "ident",
    "load_staged", "record_run", "stage_batch", "staging_dir_for", "write_batch",
]
