"""Score: ATTRIBUTED quotes -> SCORED quotes (VADER sentiment) + STANCE rows toward each side.

    from tasks.score import score_quotes, quote_id

The Prefect task ``score_quotes`` lives in ``tasks.score.task``.
"""

from tasks.score.quotes import add_sentiment, quote_id, score_quotes

__all__ = ["add_sentiment", "quote_id", "score_quotes"]
