"""Ingest stage: input files -> ARTICLES and REJECTED frames (see tasks/contract.py).

Sources are a file, a directory (searched recursively) or a glob pattern; formats go by
extension: ``.txt`` (seed format), ``.jsonl``/``.ndjson``, ``.json``, ``.csv``, ``.parquet``.
Every bad record or file becomes a REJECTED row with a readable reason; nothing is silently
dropped and bad input never stops the run.

    paths = discover_files("data/")                 # SourceError if missing / matches nothing
    articles, rejected = read_articles(paths)       # everything at once
    for articles, rejected in iter_article_batches(paths, batch_size=2000):  # flat memory
        ...
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import polars as pl

from tasks.contract import ARTICLES, REJECTED, conform, empty
from tasks.ingest.decode import decode_bytes
from tasks.ingest.readers import READERS, SUPPORTED_SUFFIXES, Bad, Item, read_sniffed
from tasks.ingest.records import Rejected, to_article

_GLOB_CHARS = frozenset("*?[")


class SourceError(Exception):
    """A source path that is missing, unreadable, or a glob that matches nothing (one line)."""


class UnsupportedFile(type(Path())):  # type: ignore[misc]
    """A file met while scanning a directory or glob whose extension is not an input format.

    discover_files returns these so that read_articles lists them in rejected_inputs
    ("unsupported file type") instead of dropping them silently; a plain Path with an unknown
    extension counts as explicitly named and is sniffed (JSON lines, then text).
    """


# Paths discover_files marked unsupported, as strings: callers that pass ``str(path)`` on
# (Prefect task parameters) lose the UnsupportedFile type, and this set restores it.
_FOUND_UNSUPPORTED: set[str] = set()

# ---------------------------------------------------------------- discovery


def _mark(path: Path, explicit_suffix: str = "") -> Path:
    """path itself for supported (or explicitly requested) suffixes, else UnsupportedFile."""
    suffix = path.suffix.lower()
    if suffix in SUPPORTED_SUFFIXES or (explicit_suffix and suffix == explicit_suffix):
        return Path(path)
    _FOUND_UNSUPPORTED.add(str(path))
    return UnsupportedFile(path)


def _walk(directory: Path, explicit_suffix: str = "") -> list[Path]:
    """All files under ``directory`` (recursively, sorted, symlinked dirs not followed)."""
    found: list[Path] = []
    failures: list[OSError] = []
    for root, dirs, files in os.walk(directory, onerror=failures.append):
        dirs.sort()
        found.extend(_mark(Path(root) / name, explicit_suffix) for name in sorted(files))
    if failures and failures[0].filename in (str(directory), directory):
        raise SourceError(f"cannot read directory {directory}: {failures[0].strerror}")
    # unreadable subdirectories are passed on; reading them yields a rejected row
    found.extend(Path(failure.filename) for failure in failures if failure.filename)
    return found


def discover_files(source: str | os.PathLike[str]) -> list[Path]:
    """Expand one source (file, directory, or glob pattern) into the files to ingest.

    Directories are searched recursively; files with unknown extensions found there (or by a
    glob whose pattern does not name that extension) come back as ``UnsupportedFile`` so they
    are reported, not silently dropped. Raises SourceError with a one-line message when the
    source is missing or unreadable, a directory holds no files, or a glob matches nothing.
    """
    text = os.fspath(source)
    if not text.strip():
        raise SourceError("empty source path")
    if "\x00" in text:
        raise SourceError(f"invalid source path (NUL character): {text!r}")
    path = Path(text).expanduser()
    try:
        exists, is_dir, is_file = path.exists(), path.is_dir(), path.is_file()
    except OSError as exc:
        raise SourceError(f"cannot access source {text}: {exc.strerror}") from None
    if is_dir:
        files = _walk(path)
        if not files:
            raise SourceError(f"directory contains no files: {text}")
        return files
    if is_file:
        if not os.access(path, os.R_OK):
            raise SourceError(f"source file is not readable: {text}")
        _FOUND_UNSUPPORTED.discard(str(path))  # named explicitly: sniffed, not skipped
        return [path]
    if exists:
        raise SourceError(f"source is not a regular file or directory: {text}")
    if _GLOB_CHARS & set(text):
        return _expand_glob(text)
    raise SourceError(f"source not found: {text}")


def _expand_glob(pattern: str) -> list[Path]:
    """Files matched by a glob pattern (``**`` recurses); matched directories are walked."""
    tail = Path(pattern).suffix.lower()
    explicit = tail if tail and not (_GLOB_CHARS & set(tail)) else ""
    files: list[Path] = []
    for match in sorted(glob.glob(os.path.expanduser(pattern), recursive=True)):
        path = Path(match)
        if path.is_dir():
            files.extend(_walk(path, explicit))
        elif path.is_file():
            files.append(_mark(path, explicit))
    if not files:
        raise SourceError(f"no files match the pattern {pattern!r}")
    return list(dict.fromkeys(files))  # "dir/**/*" matches a file and its directory


# ---------------------------------------------------------------- reading


def _items(path: Path) -> Iterator[Item]:
    """Raw records or rejections of one path; never raises for bad content or I/O errors."""
    if isinstance(path, UnsupportedFile):
        yield Bad("file", "unsupported file type", path.name)
        return
    try:
        if path.is_dir():
            os.listdir(path)  # raises (reported below) for unreadable directories
            yield Bad("file", "directory contains no files")
            return
        if not path.is_file():
            yield Bad("file", "file not found" if not path.exists() else "not a regular file")
            return
        if path.stat().st_size == 0:
            yield Bad("file", "empty file")
            return
        reader = READERS.get(path.suffix.lower(), read_sniffed)
        count = 0
        for item in reader(path):
            count += 1
            yield item
        if count == 0:
            yield Bad("file", _no_records_reason(path))
    except SourceError as exc:
        yield Bad("file", str(exc))
    except OSError as exc:
        yield Bad("file", f"cannot read file: {exc.strerror or exc}")
    except Exception as exc:  # a reader bug must not stop the run; keep it visible
        yield Bad("file", f"internal error reading file ({type(exc).__name__}: {exc})"[:300])


def _items_labelled(path: Path) -> Iterator[tuple[str, Item]]:
    """(source label, item) pairs; the label is the file path as given."""
    yield from ((str(path), item) for item in _items(path))


def _no_records_reason(path: Path) -> str:
    """'empty file' for whitespace-only files, else 'file contains no records'."""
    with open(path, "rb") as handle:
        head = handle.read(1 << 16)
    text, _ = decode_bytes(head)
    return "empty file" if text is not None and not text.strip() else "file contains no records"


def _expand(paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str]) -> Iterator[Path]:
    """Normalise the paths argument (one path or an iterable); directories and globs expanded."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for entry in paths:
        if isinstance(entry, UnsupportedFile):
            yield entry
            continue
        text = os.fspath(entry)
        if text in _FOUND_UNSUPPORTED:
            yield UnsupportedFile(text)
            continue
        expandable = os.path.isdir(text) or (
            _GLOB_CHARS & set(text) and not os.path.lexists(text)
        )
        if not expandable:
            yield Path(text)
            continue
        try:
            yield from discover_files(text)
        except SourceError:
            yield Path(text)  # reading it reports why (not found / unreadable / empty)


class _Batch:
    """Column lists of articles and rejections being accumulated for one batch."""

    def __init__(self) -> None:
        self.articles: dict[str, list] = {name: [] for name in ARTICLES}
        self.rejected: dict[str, list] = {name: [] for name in REJECTED}

    def add_article(self, row: dict) -> None:
        for name, values in self.articles.items():
            values.append(row[name])

    def reject(self, source: str, location: str, reason: str, snippet: str) -> None:
        self.rejected["source"].append(source)
        self.rejected["location"].append(location)
        self.rejected["reason"].append(reason)
        self.rejected["snippet"].append(snippet[:200])

    @property
    def n_articles(self) -> int:
        return len(self.articles["article_id"])

    @property
    def n_rejected(self) -> int:
        return len(self.rejected["source"])

    def frames(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        articles = pl.DataFrame(self.articles, schema=ARTICLES, strict=False)
        rejected = pl.DataFrame(self.rejected, schema=REJECTED, strict=False)
        return conform(articles, ARTICLES), conform(rejected, REJECTED)


def iter_article_batches(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str], batch_size: int = 2000
) -> Iterator[tuple[pl.DataFrame, pl.DataFrame]]:
    """Yield (ARTICLES, REJECTED) frames with at most ``batch_size`` articles (and at most
    ``batch_size`` rejections) each, reading file by file and JSONL/CSV line by line.

    Duplicate ids are detected across the whole run: a later record with the same id and
    different content is rejected (the first is kept); an exact repeat is collapsed and also
    listed as rejected, so articles + rejected rows account for every input record.
    """
    batch_size = max(1, int(batch_size))
    seen: dict[str, tuple[str, int]] = {}  # article_id -> (content_hash, hash(text))
    batch = _Batch()
    for path in _expand(paths):
        for source, item in _items_labelled(path):
            _consume(batch, seen, source, item)
            if batch.n_articles >= batch_size or batch.n_rejected >= batch_size:
                yield batch.frames()
                batch = _Batch()
    if batch.n_articles or batch.n_rejected:
        yield batch.frames()


def _consume(batch: _Batch, seen: dict[str, tuple[str, int]], source: str, item: Item) -> None:
    """Validate one item and add it to the batch as an article or a rejection."""
    if isinstance(item, Bad):
        batch.reject(source, item.location, item.reason, item.snippet)
        return
    try:
        row = to_article(item.record, source, item.default_id, item.mapping)
    except Rejected as exc:
        batch.reject(source, item.location, str(exc), item.snippet())
        return
    article_id = row["article_id"]
    key = (row["content_hash"], hash(row["text"]))
    earlier = seen.get(article_id)
    if earlier is None:
        seen[article_id] = key
        batch.add_article(row)
    elif earlier[0] == key[0]:
        batch.reject(source, item.location, "exact duplicate of an earlier record", item.snippet())
    elif earlier[1] == key[1]:
        batch.reject(source, item.location,
                     f"duplicate id {article_id[:60]!r} with different title or date (first kept)",
                     item.snippet())
    else:
        batch.reject(source, item.location,
                     f"duplicate id {article_id[:60]!r} with different text (first kept)",
                     item.snippet())


def read_articles(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str], batch_size: int = 2000
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """All articles and rejections of ``paths`` (the concatenation of iter_article_batches)."""
    batches = list(iter_article_batches(paths, batch_size=batch_size))
    if not batches:
        return empty(ARTICLES), empty(REJECTED)
    articles = pl.concat([a for a, _ in batches], how="vertical")
    rejected = pl.concat([r for _, r in batches], how="vertical")
    return articles, rejected
