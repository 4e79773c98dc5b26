"""Feeds and pages over real HTTP: a thread running http.server on 127.0.0.1 serves the
fixtures in tests/fixtures/feeds (RSS, Atom, a billion-laughs feed, good, broken, slow and
oversized pages)."""

from __future__ import annotations

import pytest

from tasks.ingest.feeds import (
    FeedError,
    FeedSourceError,
    is_feed_source,
    parse_feed,
    read_feed_list,
    read_feeds,
)
from tasks.ingest.http import (
    USER_AGENT,
    FetchError,
    FetchSettings,
    fetch,
    redact_text,
    redact_url,
)
from tests.fixtures.feeds.server import HERE, serve_fixtures

FAST = FetchSettings(timeout=0.5, max_bytes=1_000_000, retries=1, backoff=0.05, max_redirects=3)


@pytest.fixture(scope="module")
def server():
    with serve_fixtures(slow_s=2.0) as srv:
        yield srv


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://user:pa55@feeds.example.org/rss?token=abc&lang=en",
         "https://REDACTED@feeds.example.org/rss?token=REDACTED&lang=en"),
        ("http://example.org/a?api_key=1&apikey=2&access_token=3&sig=4&page=2",
         ("http://example.org/a?api_key=REDACTED&apikey=REDACTED&access_token=REDACTED"
          "&sig=REDACTED&page=2")),
        ("http://example.org/plain/path.xml", "http://example.org/plain/path.xml"),
        ("http://example.org/p?monkey=1", "http://example.org/p?monkey=1"),  # not a secret
    ],
)
def test_redact_url(url, expected):
    assert redact_url(url) == expected


def test_redact_text_finds_urls_in_messages():
    text = "Server error for url 'https://bob:hunter2@x.org/f?key=k1'"
    assert "hunter2" not in redact_text(text) and "k1" not in redact_text(text)


def test_is_feed_source():
    assert is_feed_source("https://x.org/rss") and is_feed_source("news.feeds")
    assert not is_feed_source("seeds/articles") and not is_feed_source("a.jsonl")


def test_feed_list_file(tmp_path):
    listing = tmp_path / "war.feeds"
    listing.write_text(
        "# my feeds\nhttps://a.example/rss.xml   # main\n\nftp://b.example/feed\n"
        "https://a.example/rss.xml\nhttps://c.example/atom?token=t0p\n"
    )
    feeds = read_feed_list(str(listing))
    assert feeds.urls == ["https://a.example/rss.xml", "https://c.example/atom?token=t0p"]
    assert [(r["location"], r["reason"][:30]) for r in feeds.rejected] == [
        ("line 4", "only http and https URLs are f")
    ]
    with pytest.raises(FeedSourceError, match="not found"):
        read_feed_list(str(tmp_path / "missing.feeds"))
    (tmp_path / "empty.feeds").write_text("# nothing\n")
    with pytest.raises(FeedSourceError, match="no URL"):
        read_feed_list(str(tmp_path / "empty.feeds"))


def test_billion_laughs_is_refused_before_parsing():
    data = (HERE / "laughs.xml").read_bytes()
    with pytest.raises(FeedError, match="ENTITY"):
        parse_feed(data)
    with pytest.raises(FeedError, match="ENTITY"):  # also in UTF-16
        parse_feed(data.decode().replace('<?xml version="1.0"?>', "").encode("utf-16"))


def test_parse_rss_and_atom():
    rss = parse_feed((HERE / "rss.xml").read_bytes())
    atom = parse_feed((HERE / "atom.xml").read_bytes())
    assert rss.title == "Kyiv Test Herald" and len(rss.entries) == 5
    assert atom.title == "Atom Test Wire" and atom.entries[0]["id"] == "urn:atw:2022-09-15-nato"
    with pytest.raises(FeedError, match="not an RSS/Atom feed"):
        parse_feed(b"<html><body>hello</body></html>")


def test_fetch_limits(server):
    base = server.base
    assert b"Stoltenberg" in fetch(f"{base}/pages/nato.html", settings=FAST)
    assert server.agents[-1] == USER_AGENT
    cases = {
        "/pages/broken.html": r"HTTP 500 \(2 attempts\)",
        "/pages/slow.html": "timed out",
        "/pages/huge.html": "too large",
        "/stream-huge": "too large",
        "/loop": "more than 3 redirects",
        "/to-file": "not http or https",
        "/nope": "HTTP 404",
    }
    for path, reason in cases.items():
        with pytest.raises(FetchError, match=reason):
            fetch(base + path, settings=FAST)
    assert server.hits["/pages/broken.html"] == 2  # retried once
    with pytest.raises(FetchError, match="only http and https"):
        fetch("file:///etc/passwd", settings=FAST)


def test_read_feeds_loads_good_entries_and_records_every_failure(server):
    base = server.base
    secret = base.replace("http://", "http://alice:s3cret@") + "/missing.xml?token=tok123"
    result = read_feeds(
        [f"{base}/rss.xml", f"{base}/atom.xml", f"{base}/laughs.xml", f"{base}/not-a-feed.xml",
         secret],
        settings=FAST,
    )
    arts = {r["article_id"]: r for r in result.articles.iter_rows(named=True)}
    assert set(arts) == {"kth-0001", "kth-0002", "urn:atw:2022-09-15-nato"}
    first = arts["kth-0001"]
    assert first["title"] == "Zelenskyy thanks allies for air defence"
    assert str(first["published"]) == "2022-09-13" and first["outlet"] == "Kyiv Test Herald"
    assert first["url"] == f"{base}/pages/air-defence.html" and first["source"] == f"{base}/rss.xml"
    assert '"Every system we receive saves the lives of our people' in first["text"]
    assert "Copyright" not in first["text"] and "Home" not in first["text"]  # boilerplate gone
    assert str(arts["urn:atw:2022-09-15-nato"]["published"]) == "2022-09-15"

    rejected = {(r["source"], r["reason"]) for r in result.rejected.iter_rows(named=True)}
    reasons = {source.removeprefix(base): reason for source, reason in rejected}
    assert reasons["/pages/broken.html"].startswith("HTTP 500")
    assert reasons["/pages/slow.html"].startswith("timed out")
    assert "too large" in reasons["/pages/huge.html?api_key=REDACTED"]
    assert "ENTITY" in reasons["/laughs.xml"]
    assert "not an RSS/Atom feed" in reasons["/not-a-feed.xml"]
    dump = repr(result.rejected.to_dicts()) + repr(result.articles.to_dicts())
    assert "s3cret" not in dump and "tok123" not in dump and "api_key=s3cr3t" not in dump
    assert result.rejected.height == 6  # 3 pages + laughs + not-a-feed + missing feed


def test_known_entries_are_not_fetched_again(server):
    base = server.base
    before = server.hits.copy()
    result = read_feeds([f"{base}/rss.xml"], known_ids={"kth-0001", "kth-0002", "kth-0005"},
                        settings=FAST)
    assert result.skipped_known == 3
    assert server.hits["/pages/air-defence.html"] == before["/pages/air-defence.html"]
    assert server.hits["/pages/huge.html"] == before["/pages/huge.html"]
    assert result.articles.height == 0 and result.rejected.height == 2  # broken, slow retried
