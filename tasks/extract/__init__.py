"""Extract: ARTICLES -> EXTRACTED quotes (direct, indirect, mixed) with verb and speaker mention.

    from tasks.extract import extract_quotes, quotes_in_text

Where things live: ``quotes`` (entry points and the sentence loop), ``article`` (the per-article
state ``Article``, ``Quote`` and shared position helpers), ``direct`` (direct quotes and their
attribution), ``indirect`` (indirect and mixed clause rules), ``nouns`` (reporting nouns),
``speaker`` (speaker mentions, vocabulary), ``marks`` (quotation marks, sentences), ``scan``
(where vocabulary may start, per batch), ``patterns`` (shared regular patterns).
The Prefect task ``extract_quotes`` lives in ``tasks.extract.task``.
"""

from tasks.extract.article import Quote
from tasks.extract.quotes import extract_quotes, quotes_in_text

__all__ = ["Quote", "extract_quotes", "quotes_in_text"]
