"""One input record (a dict of raw fields) -> one ARTICLES row, or the reason it is rejected.

Field names are matched case-insensitively against common variants (``Date``/``published``,
``body``/``content``, ...); fields that match none are kept verbatim as a JSON object in
``extra``. Dates are parsed from the formats news exports use; the text is never altered.
Rejected: texts that are empty or only invisible characters, texts over
``$STANCEWIRE_MAX_TEXT_CHARS`` (default 1,000,000), unparseable dates and dates in the future.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any

# canonical field -> accepted input names (lower case), most specific first
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "article_id", "guid"),
    "date": ("date", "published", "pubdate", "pub_date", "published_date", "publication_date"),
    "url": ("url", "link"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content"),
    "outlet": ("outlet", "source", "publisher"),
}
TEXT_NAMES = ", ".join(FIELD_ALIASES["text"])
_ALIAS_RANK = {
    alias: (field, rank)
    for field, aliases in FIELD_ALIASES.items()
    for rank, alias in enumerate(aliases)
}
_NULL_DATES = frozenset({"", "null", "none", "nan", "nat", "n/a", "na", "-"})
# characters that print nothing: a text made only of these (and whitespace) is empty
_INVISIBLE = re.compile(r"[\s\u00ad\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff\x00-\x1f\x7f-\x9f]+")
FUTURE_DAYS = 2  # a publication date more than this many days after today (UTC) is an error
MAX_TEXT_ENV = "STANCEWIRE_MAX_TEXT_CHARS"


def max_text_chars() -> int:
    """``$STANCEWIRE_MAX_TEXT_CHARS`` (a positive integer) or 1,000,000 (tasks/settings.py)."""
    from tasks.settings import setting

    return setting("max_text_chars")


class Rejected(ValueError):
    """A record that cannot become an article; ``str(exc)`` is the reason for rejected_inputs."""


def map_fields(names: list[str]) -> tuple[dict[str, str], list[str]]:
    """Map input field names to canonical fields: returns ({canonical: input name}, other names).

    When several names map to one field (``text`` and ``body``), the most specific alias wins
    and the others are kept in ``extra``.
    """
    chosen: dict[str, tuple[int, str]] = {}
    for name in names:
        hit = _ALIAS_RANK.get(str(name).strip().lower())
        if hit is not None:
            field, rank = hit
            if field not in chosen or rank < chosen[field][0]:
                chosen[field] = (rank, name)
    mapping = {field: name for field, (_, name) in chosen.items()}
    used = set(mapping.values())
    return mapping, [name for name in names if name not in used]


@lru_cache(maxsize=1024)
def _cached_map(names: tuple[str, ...]) -> tuple[dict[str, str], list[str]]:
    """map_fields for records sharing a key layout (JSON lines usually do); do not mutate."""
    return map_fields(list(names))


def type_name(value: Any) -> str:
    """JSON-ish name of a value's type, for reasons."""
    if isinstance(value, dict):
        return "object"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    return type(value).__name__


def as_id(value: Any) -> str | None:
    """The input id exactly as a string (ints as decimal); None when absent or empty."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    raise Rejected(f"id is not a string or number (got {type_name(value)})")


def as_optional_text(value: Any) -> str | None:
    """A title/url/outlet value as a string (None stays None, containers as JSON)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_TIME_TAIL = r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}.*)?"
_WEEKDAY = r"(?:[A-Za-z]{3,9}\.?,?\s+)?"
_YMD = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}.*)?")
_DMY = re.compile(_WEEKDAY + r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})" + _TIME_TAIL)
_MDY = re.compile(_WEEKDAY + r"([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})" + _TIME_TAIL)


@lru_cache(maxsize=4096)
def _parse_date_string(text: str) -> date:
    """Parse one date string (see parse_date); raises ValueError."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).date()  # date as written, not converted to UTC
    except ValueError:
        pass
    match = _YMD.fullmatch(text)
    if match:
        year, month, day = match.groups()
        return date(int(year), int(month), int(day))
    for pattern, order in ((_DMY, (2, 1, 0)), (_MDY, (2, 0, 1))):
        match = pattern.fullmatch(text)
        if match:
            parts = match.groups()
            year, month_name, day = (parts[i] for i in order)
            month = _MONTHS.get(month_name.lower())
            if month:
                return date(int(year), month, int(day))
    try:
        return parsedate_to_datetime(text).date()  # RFC 2822
    except (TypeError, ValueError, IndexError):
        pass
    raise ValueError(text)


def parse_date(value: Any) -> date | None:
    """A publication date from ISO date/datetime, YYYY/MM/DD, 'DD Month YYYY', 'Month DD, YYYY'
    or RFC 2822 (date and datetime objects pass). None/empty -> None; otherwise Rejected."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str):
        text = value.strip()
        if text.lower() in _NULL_DATES:
            return None
        try:
            return _parse_date_string(text)
        except ValueError:
            pass
    shown = value if isinstance(value, str) else json.dumps(value, default=str)
    raise Rejected(f"unparseable date {shown[:60]!r}")


def check_not_future(published: date | None, today: date | None = None) -> None:
    """Reject a publication date more than FUTURE_DAYS after today (UTC): a typo or a bad export."""
    if published is None:
        return
    today = today or datetime.now(UTC).date()
    if (published - today).days > FUTURE_DAYS:
        raise Rejected(f"publication date {published.isoformat()} is in the future")


def is_blank(text: str) -> bool:
    """True when ``text`` has no visible character (whitespace, zero-width, control chars only)."""
    return not text.strip() or _INVISIBLE.fullmatch(text) is not None


def content_hash(text: str, title: str | None, published: date | None) -> str:
    """sha256 hex of text, title and ISO date joined by the unit separator (stable across runs)."""
    key = "\x1f".join((text, title or "", published.isoformat() if published else ""))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def fallback_id(url: str | None, text: str) -> str:
    """Stable id when the input has none: sha256 hex prefix (16) of the url, else of the text."""
    key = url if url and url.strip() else text
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _check_unicode(*values: str | None) -> None:
    """Reject strings polars/DuckDB cannot store (unpaired surrogates from JSON escapes)."""
    for value in values:
        if value is not None:
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise Rejected("invalid Unicode: unpaired surrogate escape in a field") from None


_EXTRA_ENCODER = json.JSONEncoder(ensure_ascii=False, default=str, allow_nan=False)


def _extra_json(record: dict[str, Any], names: list[str]) -> str:
    """Other input fields as a JSON object string, "{}" if none."""
    if not names:
        return "{}"
    extra = {str(name): record[name] for name in names}
    try:
        return _EXTRA_ENCODER.encode(extra)
    except ValueError:  # NaN/inf floats (from parquet numbers) are not JSON
        return _EXTRA_ENCODER.encode(_nan_to_none(extra))


def _nan_to_none(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _nan_to_none(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_nan_to_none(v) for v in value]
    return value


def to_article(
    record: dict[str, Any],
    source: str,
    default_id: str | None = None,
    mapping: tuple[dict[str, str], list[str]] | None = None,
) -> dict[str, Any]:
    """Normalise one raw record into an ARTICLES row (a dict); raises Rejected with the reason.

    ``default_id`` is used when the record has no id (the file stem for .txt); ``mapping`` is a
    precomputed map_fields() result for tabular inputs (computed per record otherwise).
    """
    fields, other = mapping if mapping is not None else _cached_map(tuple(record))
    if "text" not in fields:
        raise Rejected(f"missing text field (expected one of: {TEXT_NAMES})")
    text = record.get(fields["text"])
    if text is None:
        raise Rejected("empty text")
    if not isinstance(text, str):
        raise Rejected(f"text is not a string (got {type_name(text)})")
    if not text.strip():
        raise Rejected("empty text")
    if is_blank(text):
        raise Rejected("empty text (only invisible characters: zero-width, control or format)")
    limit = max_text_chars()
    if len(text) > limit:
        raise Rejected(
            f"text too long for one article: {len(text):,} characters, limit {limit:,} "
            f"(set {MAX_TEXT_ENV} to raise it)"
        )

    def get(field: str) -> Any:
        name = fields.get(field)
        return None if name is None else record.get(name)

    article_id = as_id(get("id"))
    title = as_optional_text(get("title"))
    url = as_optional_text(get("url"))
    outlet = as_optional_text(get("outlet"))
    published = parse_date(get("date"))
    check_not_future(published)
    extra = _extra_json(record, other)
    try:
        digest = content_hash(text, title, published)
    except UnicodeEncodeError:
        raise Rejected("invalid Unicode: unpaired surrogate escape in a field") from None
    _check_unicode(article_id, url, outlet, extra)
    if article_id is None:
        article_id = default_id or fallback_id(url, text)
    return {
        "article_id": article_id,
        "source": source,
        "outlet": outlet,
        "url": url,
        "title": title,
        "published": published,
        "text": text,
        "content_hash": digest,
        "extra": extra,
    }
