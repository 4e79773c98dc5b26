"""Evaluate: predicted quotes against a gold set (../shared/eval/FORMAT.md).

    python -m tasks.evaluate ../shared/eval/war-dev      # or: stancewire evaluate ...
"""

from tasks.evaluate.metrics import (
    EvalResult,
    evaluate_in_process,
    format_table,
    load_gold,
    predictions_from_db,
    score_predictions,
)
from tasks.evaluate.names import same_speaker

__all__ = [
    "EvalResult", "evaluate_in_process", "format_table", "load_gold", "predictions_from_db",
    "same_speaker", "score_predictions",
]
