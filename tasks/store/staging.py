"""Lock staging: batches kept as Parquet while the database file is locked by another process.

A batch that cannot be loaded because the file stayed locked past the timeout is written to
``<db_path>.staging/<batch_id>/`` (``staging_dir_for``; a Parquet batch folder of
tasks/store/frames.py, with ``run.json`` when the batch belongs to a run). ``<batch_id>`` is a
timestamp and a fingerprint of the batch's rows, so the same batch is staged once however often
its load is retried. ``staged_folders`` lists the waiting batches oldest first, ``read_staged``
reads one back, and a batch that cannot be loaded is set aside as ``failed-<batch_id>``
(``set_aside``). ``load_staged`` and ``write_batch`` (tasks/store/write.py) load the waiting
batches, deleting each folder only after its commit.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path

import polars as pl

from tasks.store.db import utc_now
from tasks.store.frames import (
    FRAMES,
    SCHEMAS,
    conform_frame,
    list_folders,
    read_folder,
    read_run,
    write_folder,
)

FAILED_PREFIX = "failed-"


def staging_dir_for(db_path: str | os.PathLike[str]) -> Path:
    """Default staging folder of a database: ``<db_path>.staging``."""
    path = Path(db_path)
    return path.with_name(path.name + ".staging")


def batch_digest(frames: Mapping[str, pl.DataFrame], run: Mapping[str, object] | None) -> str:
    """A short fingerprint of a batch's rows (and run fields), to stage each batch only once."""
    digest = hashlib.sha256()
    for name in FRAMES:
        frame = conform_frame(frames[name], SCHEMAS[name])
        hashes = frame.hash_rows(seed=7).sort().to_list() if frame.height else []
        digest.update(f"{name}:{frame.height}:{','.join(map(str, hashes))};".encode())
    digest.update(json.dumps(dict(run or {}), default=str, sort_keys=True).encode())
    return digest.hexdigest()[:16]


def stage_batch(
    staging_dir: str | os.PathLike[str],
    frames: Mapping[str, pl.DataFrame],
    run: Mapping[str, object] | None = None,
) -> Path:
    """Write a batch as Parquet under ``staging_dir/<batch_id>/``; return the folder.

    Files are written to a hidden temporary folder and renamed into place, so a crash while
    staging never leaves a half batch for ``load_staged`` to pick up. A batch already staged
    (same rows and run fields, e.g. by an earlier retry of the same load) is not staged again:
    its folder is returned, so the batch, and its pipeline_runs counters, load once.
    """
    root = Path(staging_dir)
    root.mkdir(parents=True, exist_ok=True)
    digest = batch_digest(frames, run)
    for folder in staged_folders(root):
        if folder.name.endswith(f"-{digest}"):
            return folder
    batch_id = f"{utc_now():%Y%m%dT%H%M%S%f}-{digest}"
    conformed = {name: conform_frame(frames[name], SCHEMAS[name]) for name in FRAMES}
    return write_folder(root, batch_id, conformed, run)


def staged_folders(staging: Path) -> list[Path]:
    """The staged batches waiting in ``staging``, oldest first (set-aside ones left out)."""
    return list_folders(staging, exclude=(FAILED_PREFIX,))


def read_staged(folder: Path) -> tuple[dict[str, pl.DataFrame], dict[str, object] | None]:
    """A staged batch's frames and run fields (None when it has none)."""
    return read_folder(folder), read_run(folder)


def set_aside(folder: Path) -> Path:
    """Rename a staged batch that cannot be loaded to ``failed-<batch_id>`` (kept for a look,
    never picked up again); return the new path."""
    target = folder.with_name(FAILED_PREFIX + folder.name)
    folder.rename(target)
    return target
