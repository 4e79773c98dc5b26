"""Evaluate: predicted quotes against a gold set (../shared/eval/FORMAT.md).

    python -m tasks.evaluate ../shared/eval/war-dev      # or: stancewire evaluate ...

- ``gold``: reading a gold folder and locating its quotes (``load_gold``);
- ``metrics``: matching spans, P/R/F1, accuracies, stance F_avg (``score_predictions``);
- ``cli``: predictions from a database or an in-process run, the printed table, ``main``;
- ``names``: whether a predicted speaker is the gold speaker (``same_speaker``).
"""

from tasks.evaluate.cli import evaluate_in_process, format_table, predictions_from_db
from tasks.evaluate.gold import load_gold
from tasks.evaluate.metrics import EvalResult, score_predictions
from tasks.evaluate.names import same_speaker

__all__ = [
    "EvalResult", "evaluate_in_process", "format_table", "load_gold", "predictions_from_db",
    "same_speaker", "score_predictions",
]
