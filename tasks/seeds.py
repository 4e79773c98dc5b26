"""Reading a seed vocabulary (``seeds/*.csv``) with one clear error per problem.

Every seed is UTF-8 CSV with a header row. ``read_seed_csv`` checks what every reader needs
(the file exists, the columns are there, no row has more fields than the header: an unquoted
comma) and raises the caller's error class with the file and line; the caller validates values.
"""

from __future__ import annotations

import csv
from pathlib import Path


def read_seed_csv(path: Path, columns: tuple[str, ...],
                  error: type[Exception] = ValueError) -> list[dict[str, str]]:
    """The rows of a seed file as dicts of stripped strings (missing values are "")."""
    if not path.is_file():
        raise error(f"seed file not found: {path}")
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise error(f"{path.name}: missing column(s) {', '.join(missing)}")
        rows = []
        for i, row in enumerate(reader, start=2):
            if None in row:
                raise error(f"{path.name} line {i}: too many fields (quote fields with commas)")
            rows.append({k: (v or "").strip() for k, v in row.items()})
        return rows
