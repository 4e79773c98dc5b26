"""The inbox ledger: a file is processed once; a rewritten or new file is picked up."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from tasks.ingest.inbox import new_inbox_files, record_inbox_files
from tasks.ingest.files import discover_files


def test_each_file_is_processed_once(tmp_path: Path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text("first paragraph\n")
    (inbox / "b.jsonl").write_text('{"id": "b", "text": "x"}\n')
    db = tmp_path / "db.duckdb"

    paths = discover_files(inbox)
    assert new_inbox_files(db, paths) == paths  # no database yet: all new
    assert record_inbox_files(db, paths, "run-1") == 2
    assert new_inbox_files(db, discover_files(inbox)) == []
    assert record_inbox_files(db, paths, "run-2") == 2  # idempotent
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("select path, run_id from inbox_files order by path").fetchall()
    assert rows == [(str(inbox / "a.txt"), "run-1"), (str(inbox / "b.jsonl"), "run-1")]

    (inbox / "c.txt").write_text("a new file\n")
    b = inbox / "b.jsonl"
    b.write_text('{"id": "b", "text": "changed"}\n')
    os.utime(b, ns=(b.stat().st_atime_ns, b.stat().st_mtime_ns + 10**9))
    assert [p.name for p in new_inbox_files(db, discover_files(inbox))] == ["b.jsonl", "c.txt"]


def test_unsupported_files_are_kept_so_they_are_reported_once(tmp_path: Path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "notes.md").write_text("not an input format\n")
    db = tmp_path / "db.duckdb"
    todo = new_inbox_files(db, discover_files(inbox))
    assert [type(p).__name__ for p in todo] == ["UnsupportedFile"]  # still reported as such
    record_inbox_files(db, todo)
    assert new_inbox_files(db, discover_files(inbox)) == []
