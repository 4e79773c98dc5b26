"""One way to declare Prefect tasks: each stage's tasks live in its package's task.py, and no
stage-logic module imports Prefect (the warm pool's workers import only the logic)."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TASKS = ROOT / "tasks"


def stage_logic_modules() -> list[str]:
    """Every module under tasks/ except the packages' task.py files."""
    mods = []
    for path in sorted(TASKS.rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        if path.name in ("task.py", "__main__.py"):
            continue
        parts = rel.parts[:-1] if path.name == "__init__.py" else rel.parts
        mods.append(".".join(parts))
    return mods


def test_the_logic_modules_are_found() -> None:
    mods = stage_logic_modules()
    assert {"tasks.extract.quotes", "tasks.attribute.speakers", "tasks.score.stance",
            "tasks.store.write", "tasks.ingest.files", "tasks.analyse", "tasks.pool"} <= set(mods)
    assert len(mods) >= 40


def test_importing_every_stage_logic_module_does_not_import_prefect() -> None:
    code = (
        "import importlib, sys\n"
        f"for m in {stage_logic_modules()!r}: importlib.import_module(m)\n"
        "print(sorted(m for m in sys.modules if m == 'prefect' or m.startswith('prefect.'))[:3])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "module, name",
    [
        ("tasks.ingest.task", "ingest_articles"),
        ("tasks.ingest.task", "ingest_feeds"),
        ("tasks.extract.task", "extract_quotes"),
        ("tasks.attribute.task", "attribute_speakers"),
        ("tasks.score.task", "score_quotes"),
        ("tasks.store.task", "load_batch"),
        ("tasks.publish.task", "publish_summary"),
        ("flows.batches", "analyse_batch"),
    ],
)
def test_each_stage_task_is_a_named_prefect_task(module, name) -> None:
    from prefect import Task

    task = getattr(importlib.import_module(module), name)
    assert isinstance(task, Task)
    assert task.name == name  # verb-first, the name the UI shows


def test_no_stage_package_imports_its_task_module() -> None:
    """task.py is the package's Prefect door: nothing in the stage logic imports it."""
    offenders = []
    for path in TASKS.rglob("*.py"):
        if path.name == "task.py":
            continue
        text = path.read_text(encoding="utf-8")
        if ".task import" in text or "import tasks." in text and ".task\n" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
