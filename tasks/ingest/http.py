"""Polite, bounded HTTP GET for feeds and article pages (httpx), and URL redaction.

``fetch`` only speaks http/https, sends a clear User-Agent, follows at most
``max_redirects`` redirects, gives up after ``timeout`` seconds per attempt, refuses bodies
larger than ``max_bytes`` (checked on Content-Length and while streaming), and retries
transport errors, 429 and 5xx answers with exponential backoff. Failures raise ``FetchError``
with a one-line reason in which URLs are redacted (``redact_url``): credentials in
``user:pass@`` and token-like query parameters never reach logs, artifacts or the database.

Defaults come from the environment (tasks/settings.py), so that scheduled runs can be tuned
without code: STANCEWIRE_FETCH_TIMEOUT (s, 20), STANCEWIRE_FETCH_MAX_BYTES (5 MB),
STANCEWIRE_FETCH_RETRIES (2), STANCEWIRE_FETCH_BACKOFF (s, 1.0).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

USER_AGENT = "stancewire/0.1 (+https://github.com/stancewire/stancewire)"
SCHEMES = ("http", "https")
REDACTED = "REDACTED"
# query parameter names that carry secrets (matched as whole words inside the name)
_SECRET_PARAM = re.compile(
    r"(^|[_\-.])(token|access[_\-]?token|api[_\-]?key|apikey|key|secret|password|passwd|pass|"
    r"pwd|auth|authorization|sig|signature|session|sessionid|sid|code|credential|credentials)"
    r"($|[_\-.])",
    re.IGNORECASE,
)
_URL_IN_TEXT = re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]*://[^\s'\"<>]+")
_RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


class FetchError(Exception):
    """A URL that could not be fetched; the message is one line and already redacted."""


@dataclass(frozen=True)
class FetchSettings:
    """Limits of one fetch: seconds per attempt, body size, retries and backoff base."""

    timeout: float = 20.0
    max_bytes: int = 5_000_000
    retries: int = 2
    backoff: float = 1.0
    max_redirects: int = 5

    @classmethod
    def from_env(cls) -> FetchSettings:
        """The ``STANCEWIRE_FETCH_*`` settings (tasks/settings.py)."""
        from tasks.settings import get_settings

        settings = get_settings()
        return cls(timeout=settings.fetch_timeout, max_bytes=settings.fetch_max_bytes,
                   retries=settings.fetch_retries, backoff=settings.fetch_backoff)


def redact_url(url: str) -> str:
    """``url`` without credentials: ``user:pass@`` and secret-looking query values replaced."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return REDACTED
    netloc = parts.netloc
    if "@" in netloc:
        netloc = f"{REDACTED}@{netloc.rsplit('@', 1)[1]}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        query = urlencode(
            [(k, REDACTED if _SECRET_PARAM.search(k) else v) for k, v in pairs], safe=REDACTED
        )
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def redact_text(text: str) -> str:
    """Every URL inside ``text`` redacted (for exception messages that quote URLs)."""
    return _URL_IN_TEXT.sub(lambda m: redact_url(m.group(0)), text)


def check_url(url: str) -> str:
    """``url`` stripped if it is an absolute http(s) URL with a host, else FetchError."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        raise FetchError(f"not a valid URL: {redact_text(url)[:120]}") from None
    if parts.scheme.lower() not in SCHEMES:
        raise FetchError(f"only http and https URLs are fetched, not {redact_url(url)[:120]}")
    if not parts.hostname:
        raise FetchError(f"URL has no host: {redact_url(url)[:120]}")
    return url


def make_client(settings: FetchSettings | None = None) -> httpx.Client:
    """An httpx client with the User-Agent, timeout and redirect limit of ``settings``."""
    settings = settings or FetchSettings.from_env()
    return httpx.Client(
        headers={"User-Agent": USER_AGENT, "Accept": "*/*"},
        timeout=httpx.Timeout(settings.timeout),
        follow_redirects=True,
        max_redirects=settings.max_redirects,
        trust_env=False,
    )


def _one_attempt(client: httpx.Client, url: str, settings: FetchSettings) -> tuple[int, bytes]:
    """(status, body) of one GET; raises FetchError for oversized bodies, httpx errors else."""
    deadline = time.monotonic() + settings.timeout
    with client.stream("GET", url) as response:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > settings.max_bytes:
            raise FetchError(
                f"response too large: {int(declared)} bytes > limit {settings.max_bytes}"
            )
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > settings.max_bytes:
                raise FetchError(f"response too large: more than {settings.max_bytes} bytes")
            if time.monotonic() > deadline:  # a server trickling bytes forever
                raise httpx.ReadTimeout("body not received within the timeout")
            chunks.append(chunk)
        return response.status_code, b"".join(chunks)


def fetch(
    url: str, client: httpx.Client | None = None, settings: FetchSettings | None = None
) -> bytes:
    """The body of ``url`` (http/https only) within the limits of ``settings``.

    Retries transport errors and 408/425/429/5xx answers ``settings.retries`` times with
    backoff ``backoff * 2**attempt`` seconds; raises FetchError (redacted, one line).
    """
    settings = settings or FetchSettings.from_env()
    url = check_url(url)
    own = client is None
    client = client or make_client(settings)
    try:
        reason = ""
        for attempt in range(settings.retries + 1):
            if attempt:
                time.sleep(settings.backoff * 2 ** (attempt - 1))
            try:
                status, body = _one_attempt(client, url, settings)
            except httpx.TimeoutException:
                reason = f"timed out after {settings.timeout:g} s"
                continue
            except httpx.TooManyRedirects:
                raise FetchError(f"more than {settings.max_redirects} redirects") from None
            except httpx.UnsupportedProtocol:
                raise FetchError("redirected to a URL that is not http or https") from None
            except httpx.TransportError as exc:
                reason = f"{type(exc).__name__}: {redact_text(str(exc))}"[:200]
                continue
            if status in _RETRY_STATUS:
                reason = f"HTTP {status}"
                continue
            if status >= 400:
                raise FetchError(f"HTTP {status}")
            return body
        tries = settings.retries + 1
        raise FetchError(f"{reason} ({tries} attempt{'s' if tries > 1 else ''})")
    finally:
        if own:
            client.close()
