"""RSS/Atom sources: feed URLs -> ARTICLES and REJECTED frames (see tasks/contract.py).

A source is a feed URL (http/https) or a ``.feeds`` file (one URL per line, ``#`` comments).
Each feed is fetched (tasks/ingest/http.py), parsed with feedparser and each entry's page is
turned into text with trafilatura; nothing here parses HTML or XML by hand.

- article_id = the entry's guid (``id``), else its link; date from published/updated;
  title from the entry; outlet = the feed title, else the host; url = the entry link.
- Entries whose article_id is already in the database are not fetched again (``known_ids``).
- Feeds declaring XML entities (``<!ENTITY``, the "billion laughs" attack) are refused before
  parsing. Measured with feedparser 6.0 on expat 2.5: its strict parser stops at the first
  entity reference ("undefined entity") and its loose fallback leaves ``&lol9;`` unexpanded, so
  feedparser alone is not exploitable; the pre-check makes that explicit and independent of the
  library versions (a news feed never needs entity declarations).
- A feed or page that fails becomes a REJECTED row (source = the feed or page URL redacted,
  location, reason) and never stops the others.
"""

from __future__ import annotations

import os
from calendar import timegm
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import polars as pl

from tasks.contract import ARTICLES, REJECTED, conform, empty
from tasks.ingest.http import FetchError, FetchSettings, check_url, fetch, make_client, redact_url
from tasks.ingest.records import Rejected, to_article

FEED_LIST_SUFFIX = ".feeds"
_ENTITY_MARKERS = tuple(
    marker.encode(codec)
    for marker in ("<!ENTITY", "<!entity")
    for codec in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)


class FeedError(Exception):
    """A feed that cannot be used (one line)."""


class FeedSourceError(Exception):
    """A feed source that is unusable as a whole: missing .feeds file, no URLs (one line)."""


def is_feed_source(source: str) -> bool:
    """True for an http(s) URL or a path ending in ``.feeds``."""
    text = str(source).strip()
    scheme = text.split(":", 1)[0].lower() if ":" in text else ""
    return scheme in ("http", "https") or text.lower().endswith(FEED_LIST_SUFFIX)


@dataclass
class FeedList:
    """The feed URLs of a source and the rejected lines of a ``.feeds`` file."""

    urls: list[str]
    rejected: list[dict] = field(default_factory=list)


def read_feed_list(source: str) -> FeedList:
    """The URLs of a feed source; bad lines of a ``.feeds`` file become rejected rows.

    Raises FeedSourceError when the file is missing/unreadable or lists no URL.
    """
    text = str(source).strip()
    if not text.lower().endswith(FEED_LIST_SUFFIX):
        try:
            return FeedList([check_url(text)])
        except FetchError as exc:
            raise FeedSourceError(str(exc)) from None
    path = Path(text).expanduser()
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise FeedSourceError(f"feed list not found: {text}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FeedSourceError(f"cannot read feed list {text}: {exc}") from None
    result = FeedList([])
    for number, line in enumerate(lines, start=1):
        entry = line.split("#", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if not entry:
            continue
        try:
            url = check_url(entry)
        except FetchError as exc:
            result.rejected.append(_reject(str(path), f"line {number}", str(exc), entry))
            continue
        if url not in result.urls:
            result.urls.append(url)
    if not result.urls and not result.rejected:
        raise FeedSourceError(f"feed list {text} lists no URL (one http(s) URL per line)")
    return result


def _reject(source: str, location: str, reason: str, snippet: str = "") -> dict:
    return {
        "source": source,
        "location": location,
        "reason": reason[:300],
        "snippet": redact_url(snippet)[:200] if "://" in snippet else snippet[:200],
    }


# ---------------------------------------------------------------- parsing


def refuse_entities(data: bytes) -> None:
    """FeedError if the document declares XML entities (entity-expansion attacks)."""
    if any(marker in data for marker in _ENTITY_MARKERS):
        raise FeedError("feed declares XML entities (<!ENTITY>): refused (entity expansion)")


@dataclass
class Feed:
    """A parsed feed: its title and entries (feedparser dicts)."""

    title: str
    entries: list[dict]


def parse_feed(data: bytes) -> Feed:
    """Parse RSS or Atom bytes with feedparser; FeedError when it is not a usable feed."""
    import feedparser

    refuse_entities(data)
    parsed = feedparser.parse(data)
    if parsed.get("bozo") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = str(problem).splitlines()[0][:150] if problem else "unknown error"
        raise FeedError(f"not an RSS/Atom feed ({detail})")
    if not parsed.get("version") and not parsed.entries:
        raise FeedError("not an RSS/Atom feed (no channel or entries)")
    title = (parsed.feed.get("title") or "").strip()
    return Feed(title=title, entries=list(parsed.entries))


def entry_id(entry: dict) -> str | None:
    """The guid of an entry, else its link (None when it has neither)."""
    for key in ("id", "link"):
        value = (entry.get(key) or "").strip()
        if value:
            return value
    return None


def entry_date(entry: dict) -> str | None:
    """ISO date of the entry (published, else updated; UTC), None when it has none."""
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            return datetime.fromtimestamp(timegm(value), UTC).date().isoformat()
    return None


def page_text(html: bytes, url: str) -> str:
    """The article text of an HTML page (trafilatura), paragraphs joined by newlines."""
    import trafilatura

    text = trafilatura.extract(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        deduplicate=True,
    )
    return (text or "").strip()


# ---------------------------------------------------------------- reading feeds


@dataclass
class FeedResult:
    """What reading feeds produced: frames and counts for the log."""

    articles: pl.DataFrame
    rejected: pl.DataFrame
    feeds: int = 0
    entries: int = 0
    skipped_known: int = 0
    pages_fetched: int = 0


def _outlet(feed: Feed, feed_url: str) -> str:
    if feed.title:
        return feed.title
    host = urlsplit(feed_url).hostname or ""
    return host.removeprefix("www.")


def read_feeds(
    urls: Iterable[str],
    known_ids: Iterable[str] = (),
    settings: FetchSettings | None = None,
    client: httpx.Client | None = None,
    log: Callable[[str], None] | None = None,
) -> FeedResult:
    """Fetch and parse every feed, then the page of each entry not in ``known_ids``."""
    settings = settings or FetchSettings.from_env()
    known = set(known_ids)
    log = log or (lambda message: None)
    rows: list[dict] = []
    rejected: list[dict] = []
    result = FeedResult(empty(ARTICLES), empty(REJECTED))
    own = client is None
    client = client or make_client(settings)
    seen: set[str] = set()
    try:
        for feed_url in urls:
            shown = redact_url(feed_url)
            try:
                feed = parse_feed(fetch(feed_url, client, settings))
            except (FetchError, FeedError) as exc:
                log(f"feed {shown} failed: {exc}")
                rejected.append(_reject(shown, "feed", str(exc)))
                continue
            result.feeds += 1
            outlet = _outlet(feed, feed_url)
            for index, entry in enumerate(feed.entries):
                result.entries += 1
                article_id = entry_id(entry)
                location = f"entry {index + 1}"
                if article_id is None:
                    rejected.append(_reject(shown, location, "feed entry has no id and no link",
                                            entry.get("title", "")))
                    continue
                if article_id in known or article_id in seen:
                    result.skipped_known += 1
                    continue
                link = (entry.get("link") or "").strip()
                row = _entry_article(entry, article_id, link, outlet, shown, client, settings)
                if isinstance(row, str):
                    log(f"page {redact_url(link) if link else article_id} failed: {row}")
                    page = redact_url(link) if link else shown
                    rejected.append(_reject(page, f"{location} of {shown}", row,
                                            entry.get("title", "")))
                    continue
                result.pages_fetched += 1
                seen.add(article_id)
                rows.append(row)
    finally:
        if own:
            client.close()
    if rows:
        frame = pl.DataFrame(rows, schema=ARTICLES, strict=False)
        result.articles = conform(frame, ARTICLES)
    if rejected:
        result.rejected = conform(pl.DataFrame(rejected, schema=REJECTED, strict=False), REJECTED)
    return result


def _entry_article(
    entry: dict,
    article_id: str,
    link: str,
    outlet: str,
    source: str,
    client: httpx.Client,
    settings: FetchSettings,
) -> dict | str:
    """The ARTICLES row of one entry, or the reason (str) why it could not be made."""
    if not link:
        return "feed entry has no link to an article page"
    try:
        html = fetch(link, client, settings)
    except FetchError as exc:
        return str(exc)
    text = page_text(html, link)
    if not text:
        return "no article text found in the page"
    record = {
        "id": article_id,
        "date": entry_date(entry),
        "title": (entry.get("title") or "").strip() or None,
        "text": text,
        "url": redact_url(link),
        "outlet": outlet,
    }
    try:
        return to_article(record, source)
    except Rejected as exc:
        return str(exc)


def known_article_ids(db_path: str | os.PathLike[str]) -> list[str]:
    """Article ids already in the database (empty when it does not exist)."""
    from tasks.store import existing_hashes

    return existing_hashes(db_path)["article_id"].to_list()
