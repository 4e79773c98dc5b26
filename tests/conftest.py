"""Shared fixtures. Tests that need ../shared skip with a reason where it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED_ARTICLE = ROOT / "seeds" / "articles" / "2022-09-13-kharkiv.txt"


@pytest.fixture
def shared_dir() -> Path:
    if not (SHARED / "eval").is_dir():
        pytest.skip(f"../shared is absent ({SHARED}); shared-data tests skipped")
    return SHARED
