"""Per-format readers for the ingest stage.

Each reader takes a file path and yields, in input order, either a ``Raw`` record (a dict of the
input fields, not yet validated) or a ``Bad`` item (a reason the record or the whole file cannot be
used). Readers never raise on bad content; JSONL, CSV and Parquet are read incrementally so
memory stays flat on huge files. Locations are "line N" (JSONL, 1-based physical line), "row N"
(CSV/Parquet, 1-based data row, header not counted), "item N" (JSON array element) or "file".
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tasks.ingest.decode import (
    CHECK_BYTES,
    FALLBACK_ERRORS,
    bom_encoding,
    decode_bytes,
    is_clearly_text,
    looks_binary,
    snippet,
    stream_encoding,
)
from tasks.ingest.records import TEXT_NAMES, map_fields, type_name

SUPPORTED_SUFFIXES = (".txt", ".jsonl", ".ndjson", ".json", ".csv", ".parquet")
_MAX_LINE_SNIFF = 1 << 20  # bytes read to sniff the first line of an unknown file


@dataclass(slots=True)
class Raw:
    """One input record: location, field dict, raw text for snippets, optional field mapping."""

    location: str
    record: dict[str, Any]
    raw: str | bytes = ""
    mapping: tuple[dict[str, str], list[str]] | None = None
    default_id: str | None = None

    def snippet(self) -> str:
        if self.raw:
            return snippet(self.raw)
        return snippet(json.dumps(self.record, ensure_ascii=False, default=str))


@dataclass(slots=True)
class Bad:
    """A rejected record or file: location, reason (a sentence), snippet of the input."""

    location: str
    reason: str
    snippet: str = field(default="")


Item = Raw | Bad


# ---------------------------------------------------------------- JSON lines / JSON arrays


def _parse_json_line(number: int, raw: bytes | str) -> Item:
    """One non-blank JSONL line -> Raw (an object) or Bad."""
    location = f"line {number}"
    raw = raw.rstrip(b"\r\n") if isinstance(raw, bytes) else raw.rstrip("\r\n")
    strict = True
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text, strict = raw.decode("utf-8", FALLBACK_ERRORS), False
    else:
        text = raw
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        if not strict:
            return Bad(location, "undecodable bytes (not UTF-8) and not valid JSON", snippet(raw))
        return Bad(location, _json_error(exc), snippet(raw))
    except RecursionError:
        return Bad(location, "invalid JSON: nested too deeply", snippet(raw))
    if not isinstance(value, dict):
        return Bad(location, f"JSON line is not an object (got {type_name(value)})", snippet(raw))
    return Raw(location, value, raw)


def _json_error(exc: json.JSONDecodeError, with_line: bool = False) -> str:
    """A reason for a JSON syntax error: 'invalid JSON: Expecting value at column 21'."""
    where = f"line {exc.lineno} column {exc.colno}" if with_line else f"column {exc.colno}"
    message = exc.msg if exc.msg.endswith(" at") else f"{exc.msg} at"
    return f"invalid JSON: {message} {where}"


def _json_items(value: Any) -> Iterator[Item]:
    """Records of a parsed .json document: an array of objects, one object, or {"key": [..]}."""
    if isinstance(value, dict):
        lists = [v for v in value.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
        fields, _ = map_fields(list(value))
        if "text" not in fields and len(lists) == 1:
            value = lists[0]  # a wrapper such as {"articles": [...]}
        else:
            yield Raw("file", value)
            return
    if not isinstance(value, list):
        yield Bad("file", f"JSON file is not a list of objects (got {type_name(value)})",
                  snippet(json.dumps(value, default=str)))
        return
    for number, item in enumerate(value, start=1):
        if isinstance(item, dict):
            yield Raw(f"item {number}", item)
        else:
            yield Bad(f"item {number}", f"JSON array item is not an object (got {type_name(item)})",
                      snippet(json.dumps(item, default=str)))


def _first_char(head: bytes) -> str:
    """First non-whitespace character of a file head (BOM-aware), "" if none."""
    encoding = bom_encoding(head) or "utf-8"
    text = head[:4096].decode(encoding, "ignore").lstrip("\ufeff \t\r\n")
    return text[:1]


def read_jsonl(path: Path) -> Iterator[Item]:
    """JSON Lines, one object per line, read line by line (a file holding a JSON array works too)."""
    with open(path, "rb") as handle:
        head = handle.read(CHECK_BYTES)
    encoding = bom_encoding(head)
    if encoding is None and looks_binary(head):
        yield Bad("file", "binary file (NUL bytes), not text", snippet(head))
        return
    if _first_char(head) == "[" and not _first_line_parses(head):  # a JSON array saved as .jsonl
        items = _try_json_document(path)
        if items is not None:
            yield from items
            return
    if encoding in ("utf-16", "utf-32"):
        yield from _jsonl_text_lines(path, encoding)
        return
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if raw.strip():
                yield _truncation_hint(_parse_json_line(number, raw), raw)


def _truncation_hint(item: Item, raw: bytes | str) -> Item:
    """Say so when the line that failed to parse is the file's last and has no line end."""
    ending = b"\n" if isinstance(raw, bytes) else "\n"
    if isinstance(item, Bad) and item.reason.startswith("invalid JSON") and not raw.endswith(ending):
        item.reason += " (the file ends in the middle of this line: truncated?)"
    return item


def _jsonl_text_lines(path: Path, encoding: str) -> Iterator[Item]:
    """JSONL in UTF-16/32 (BOM): text-mode reading, split on LF only."""
    number = 0
    try:
        with open(path, encoding=encoding, newline="\n") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    yield _truncation_hint(_parse_json_line(number, line), line)
    except UnicodeDecodeError:
        yield Bad(f"line {number + 1}", f"undecodable bytes: not valid {encoding.upper()}")


def _first_line_parses(head: bytes) -> bool:
    """True when the first non-blank line is a complete JSON value on its own."""
    for raw in head.split(b"\n"):
        if raw.strip():
            try:
                json.loads(raw.decode("utf-8", FALLBACK_ERRORS).lstrip("\ufeff"))
                return True
            except (json.JSONDecodeError, RecursionError):
                return False
    return False


def _try_json_document(path: Path) -> list[Item] | None:
    """Parse a whole file as one JSON document; None when it is not valid JSON."""
    text, _ = decode_bytes(path.read_bytes())
    if text is None:
        return None
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return None
    return list(_json_items(value))


def _file_text(path: Path) -> Generator[Item, None, str | None]:
    """The decoded text of a whole file, or None when there is nothing to read: an undecodable
    file yields its ``Bad`` item first; an empty or blank file yields nothing."""
    data = path.read_bytes()
    text, reason = decode_bytes(data)
    if text is None:
        yield Bad("file", reason, snippet(data))
        return None
    return text if text.strip() else None


def read_json(path: Path) -> Iterator[Item]:
    """A .json file: an array of objects (JSON Lines saved as .json are also accepted)."""
    text = yield from _file_text(path)
    if text is None:
        return
    try:
        value = json.loads(text)
    except RecursionError:
        yield Bad("file", "invalid JSON: nested too deeply", snippet(text))
        return
    except json.JSONDecodeError as exc:
        lines = text.split("\n")
        first = next((line for line in lines if line.strip()), "")
        if isinstance(_parse_json_line(1, first), Raw):  # JSON Lines with a .json name
            for number, line in enumerate(lines, start=1):
                if line.strip():
                    yield _parse_json_line(number, line.lstrip("\ufeff"))
            return
        yield Bad("file", _json_error(exc, with_line=True),
                  snippet(text))
        return
    yield from _json_items(value)


# ---------------------------------------------------------------- plain text (seed format)

_DATE_LINE = re.compile(r"[ \t]*[Dd]ate[ \t]+(\d[\d\-/.]*\d)(?:[ \t]|(?=[\r\n])|$)")


def split_date_line(text: str) -> tuple[str | None, str]:
    """Split the optional ' date YYYY-MM-DD ' prefix off a seed-format text.

    Returns (date string or None, rest). The first paragraph may follow the date on the same
    line (as in the committed seed article) or start on the next line.
    """
    match = _DATE_LINE.match(text)
    if not match:
        return None, text
    return match.group(1), text[match.end() :]


def txt_body(text: str) -> str:
    """Paragraph lines joined with "\\n": CRLF -> LF, blank lines at both ends dropped."""
    lines = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return "\n".join(lines[start:end])


def read_txt(path: Path) -> Iterator[Item]:
    """A seed-format .txt article: optional ' date YYYY-MM-DD ' line, then one paragraph a line."""
    text = yield from _file_text(path)
    if text is None:
        return
    published, rest = split_date_line(text)
    record = {"id": path.stem, "date": published, "text": txt_body(rest)}
    yield Raw("file", record, text)


# ---------------------------------------------------------------- CSV

try:
    csv.field_size_limit(sys.maxsize)
except OverflowError:  # platforms where a C long is 32 bits
    csv.field_size_limit(2**31 - 1)


def _sniff_delimiter(first_line: str) -> str:
    """The most frequent of , ; TAB | in the header line (comma when none)."""
    counts = {d: first_line.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _unique(names: list[str]) -> list[str]:
    """Header names made unique ("a", "a" -> "a", "a_2"); blanks named column_N."""
    seen: dict[str, int] = {}
    result = []
    for index, name in enumerate(names, start=1):
        name = name.strip() or f"column_{index}"
        count = seen.get(name, 0) + 1
        seen[name] = count
        result.append(name if count == 1 else f"{name}_{count}")
    return result


def read_csv(path: Path) -> Iterator[Item]:
    """A CSV file with a header row (delimiter sniffed from the header), streamed row by row."""
    with open(path, "rb") as handle:
        head = handle.read(CHECK_BYTES)
    encoding = stream_encoding(head)
    if looks_binary(head):
        yield Bad("file", "binary file (NUL bytes), not text", snippet(head))
        return
    errors = FALLBACK_ERRORS if encoding.startswith("utf-8") else "strict"
    sample = head.decode(encoding, FALLBACK_ERRORS if errors != "strict" else "ignore")
    if not sample.lstrip("\ufeff").strip():
        return  # reported as an empty file
    if not is_clearly_text(sample):
        yield Bad("file", "undecodable bytes: not UTF-8, UTF-16 or Latin-1 text (binary?)",
                  snippet(head))
        return
    number = 0
    try:
        with open(path, encoding=encoding, errors=errors, newline="") as handle:
            first = handle.readline()
            handle.seek(0)
            delimiter = _sniff_delimiter(first)
            reader = csv.reader(handle, delimiter=delimiter)
            header = _unique(next(reader, []))
            mapping = map_fields(header)
            if "text" not in mapping[0]:
                yield Bad("file", f"missing text column (expected one of: {TEXT_NAMES})",
                          snippet(first))
                return
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    number += 1
                    yield Bad(f"row {number}", f"CSV parse error: {exc}")
                    continue
                if not row:
                    continue  # blank line
                number += 1
                raw = delimiter.join(row)
                if len(row) != len(header):
                    yield Bad(f"row {number}",
                              f"row has {len(row)} fields but the header has {len(header)}",
                              snippet(raw))
                    continue
                record = {name: (value if value != "" else None) for name, value in zip(header, row)}
                yield Raw(f"row {number}", record, raw, mapping)
    except UnicodeDecodeError:
        yield Bad(f"row {number + 1}", f"undecodable bytes: not valid {encoding.upper()}")


# ---------------------------------------------------------------- Parquet


def read_parquet(path: Path, batch_rows: int = 2048) -> Iterator[Item]:
    """A Parquet file with the same columns as CSV, read in row batches."""
    import pyarrow.parquet as pq  # heavy; only needed for Parquet inputs

    try:
        parquet = pq.ParquetFile(path)
        names = list(parquet.schema_arrow.names)
    except Exception as exc:  # pyarrow raises several types for corrupt files
        yield Bad("file", f"not a readable Parquet file: {_first_line(exc)}")
        return
    mapping = map_fields(names)
    if "text" not in mapping[0]:
        yield Bad("file", f"missing text column (expected one of: {TEXT_NAMES})",
                  snippet(", ".join(names)))
        return
    number = 0
    try:
        for batch in parquet.iter_batches(batch_size=batch_rows):
            for row in batch.to_pylist():
                number += 1
                yield Raw(f"row {number}", row, "", mapping)
    except Exception as exc:
        yield Bad(f"row {number + 1}", f"Parquet read error, rest of file skipped: {_first_line(exc)}")


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:160]


# ---------------------------------------------------------------- unknown extensions


def read_sniffed(path: Path) -> Iterator[Item]:
    """An explicitly named file with an unknown extension: JSON Lines if the first line is a JSON
    object, else seed-format text if it decodes as text, else rejected."""
    with open(path, "rb") as handle:
        first_line = handle.readline(_MAX_LINE_SNIFF)
        handle.seek(0)
        head = handle.read(CHECK_BYTES)
    if looks_binary(head):
        yield Bad("file", "unsupported file type: binary file (NUL bytes), not text", snippet(head))
        return
    encoding = bom_encoding(head)
    if encoding in (None, "utf-8-sig") and first_line.strip():
        if isinstance(_parse_json_line(1, first_line.removeprefix(b"\xef\xbb\xbf")), Raw):
            yield from read_jsonl(path)
            return
    text, _ = decode_bytes(head)
    if text is None:
        yield Bad("file", "unsupported file type: neither JSON lines nor text", snippet(head))
        return
    yield from read_txt(path)


READERS = {
    ".txt": read_txt,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".json": read_json,
    ".csv": read_csv,
    ".parquet": read_parquet,
}
