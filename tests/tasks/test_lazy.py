"""tasks/lazy.py: Prefect tasks built on first use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "module, name",
    [
        ("tasks.extract.quotes", "extract_quotes"),
        ("tasks.attribute.speakers", "attribute_speakers"),
        ("tasks.score.quotes", "score_quotes"),
        ("tasks.analyse", "analyse_batch"),
    ],
)
def test_stage_task_is_built_once_on_first_use(module, name) -> None:
    import importlib

    mod = importlib.import_module(module)
    first = getattr(mod, name)
    assert first.name == name  # a Prefect task with its verb-first name
    assert getattr(mod, name) is first  # kept in the module: built once
    with pytest.raises(AttributeError):
        mod.no_such_task  # noqa: B018


def test_importing_the_stage_modules_does_not_import_prefect() -> None:
    code = ("import sys, tasks.extract.quotes, tasks.attribute.speakers, tasks.score.quotes, tasks.analyse; "
            "print(any(m == 'prefect' or m.startswith('prefect.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         check=True)
    assert out.stdout.strip() == "False"
