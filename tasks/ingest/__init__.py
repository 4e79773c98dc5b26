"""Ingest: files, globs, inboxes and RSS/Atom feeds -> ARTICLES + REJECTED frames.

    from tasks.ingest import discover_files, iter_article_batches, read_articles

Every bad record becomes a REJECTED row with a reason; nothing is dropped silently. The Prefect
tasks ``ingest_articles`` and ``ingest_feeds`` live in ``tasks.ingest.task``.
"""

from tasks.ingest.feeds import is_feed_source, read_feed_list, read_feeds
from tasks.ingest.files import (
    SourceError,
    discover_files,
    iter_article_batches,
    read_articles,
)
from tasks.ingest.http import FetchError, redact_text, redact_url
from tasks.ingest.inbox import new_inbox_files, record_inbox_files

__all__ = [
    "FetchError", "SourceError", "discover_files", "is_feed_source", "iter_article_batches",
    "new_inbox_files", "read_articles", "read_feed_list", "read_feeds", "record_inbox_files",
    "redact_text", "redact_url",
]
