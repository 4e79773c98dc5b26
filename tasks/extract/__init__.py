"""Extract: ARTICLES -> EXTRACTED quotes (direct, indirect, mixed) with verb and speaker mention.

    from tasks.extract import extract_quotes, quotes_in_text

The Prefect task ``extract_quotes`` lives in ``tasks.extract.task``.
"""

from tasks.extract.quotes import Quote, extract_quotes, quotes_in_text

__all__ = ["Quote", "extract_quotes", "quotes_in_text"]
