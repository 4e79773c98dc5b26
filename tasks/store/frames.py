"""A batch's five frames and the Parquet folder that holds them.

A batch is five frames, ``FRAMES``: articles, quotes, stance, actors, rejected, with the
contract schemas ``SCHEMAS`` (tasks/contract.py); ``conform_frame`` conforms one of them.

A Parquet batch folder is ``<root>/<name>/`` with one ``<frame>.parquet`` per frame and, when
the batch belongs to a run, ``run.json`` (the pipeline_runs fields). Two places keep batches
this way: the analyse hand-off (tasks/analyse.py: a worker process writes, the single DuckDB
writer reads, lz4, no run.json) and the lock staging (tasks/store/staging.py: a batch kept
while the database file is locked, polars' default zstd, run.json when given).

- ``write_folder`` writes the files under a hidden temporary name (``.tmp-<name>``) and renames
  the folder into place, so a reader never sees half a batch;
- ``read_folder`` / ``read_run`` give the frames and the run fields back;
- ``list_folders`` lists the complete folders of a root (oldest name first);
- ``remove_folder`` deletes one.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping
from pathlib import Path

import polars as pl

from tasks.contract import ACTORS, ARTICLES, REJECTED, SCORED, STANCE, conform, empty

FRAMES = ("articles", "quotes", "stance", "actors", "rejected")
SCHEMAS = {
    "articles": ARTICLES,
    "quotes": SCORED,
    "stance": STANCE,
    "actors": ACTORS,
    "rejected": REJECTED,
}
RUN_FILE = "run.json"


def conform_frame(frame: pl.DataFrame | None, schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    """``conform`` that maps None or a column-less frame to an empty frame (not one null row)."""
    if frame is None or frame.width == 0:
        return empty(dict(schema))
    return conform(frame, dict(schema))


def write_folder(
    root: str | os.PathLike[str],
    name: str,
    frames: Mapping[str, pl.DataFrame],
    run: Mapping[str, object] | None = None,
    compression: str = "zstd",
) -> Path:
    """Write ``frames`` (one per name in ``FRAMES``) as ``root/name/<frame>.parquet``, plus
    ``run.json`` when ``run`` is given; return the folder.

    The files go to ``root/.tmp-<name>`` first and the folder is renamed into place (replacing
    a folder of the same name), so a reader never sees half a batch.
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".tmp-{name}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    for key in FRAMES:
        frames[key].write_parquet(tmp / f"{key}.parquet", compression=compression)
    if run:
        (tmp / RUN_FILE).write_text(json.dumps(dict(run), default=str), encoding="utf-8")
    folder = root / name
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    return folder


def read_folder(folder: str | os.PathLike[str]) -> dict[str, pl.DataFrame]:
    """The frames of a batch folder, by name (articles, quotes, stance, actors, rejected)."""
    folder = Path(folder)
    return {key: pl.read_parquet(folder / f"{key}.parquet") for key in FRAMES}


def read_run(folder: str | os.PathLike[str]) -> dict[str, object] | None:
    """The run fields kept with a batch folder (``run.json``); None when it has none."""
    run_file = Path(folder) / RUN_FILE
    return json.loads(run_file.read_text(encoding="utf-8")) if run_file.exists() else None


def list_folders(root: str | os.PathLike[str], exclude: tuple[str, ...] = ()) -> list[Path]:
    """The batch folders of ``root``, sorted by name; folders still being written (hidden
    names) and names starting with one of ``exclude`` are left out."""
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(
        p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", *exclude))
    )


def remove_folder(folder: str | os.PathLike[str], ignore_errors: bool = False) -> None:
    """Delete a batch folder and its files."""
    shutil.rmtree(folder, ignore_errors=ignore_errors)
