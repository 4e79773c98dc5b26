"""Shared fixtures. Tests that need ../shared skip with a reason where it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# quiet, local Prefect for every test process (before anything imports prefect)
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_RESULTS_PERSIST_BY_DEFAULT", "false")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED_ARTICLE = ROOT / "seeds" / "articles" / "2022-09-13-kharkiv.txt"


@pytest.fixture
def shared_dir() -> Path:
    if not (SHARED / "eval").is_dir():
        pytest.skip(f"../shared is absent ({SHARED}); shared-data tests skipped")
    return SHARED


@pytest.fixture(scope="session")
def prefect_harness():
    """One Prefect test harness for the whole session (it costs ~11 s to start)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
