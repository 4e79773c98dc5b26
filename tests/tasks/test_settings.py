"""tasks/settings.py: every STANCEWIRE_* variable in one typed object, a bad value one line."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tasks.settings import ENV_NAMES, Settings, SettingsError, get_settings, setting

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ENV_NAMES.values():
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_defaults_when_unset_or_empty(clean_env: pytest.MonkeyPatch) -> None:
    unset = get_settings()
    for name in ENV_NAMES.values():
        clean_env.setenv(name, "")
    assert get_settings() == unset == Settings.model_construct()
    assert (unset.lock_timeout, unset.max_text_chars, unset.fetch_timeout, unset.fetch_max_bytes,
            unset.fetch_retries, unset.fetch_backoff, unset.stance_model) == (
        60.0, 1_000_000, 20.0, 5_000_000, 2, 1.0, None)


def test_values_are_parsed_and_follow_the_environment(clean_env: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    model = tmp_path / "model.json"
    model.write_text("{}", encoding="utf-8")
    values = {"STANCEWIRE_LOCK_TIMEOUT": "0.5", "STANCEWIRE_MAX_TEXT_CHARS": "20_000_000",
              "STANCEWIRE_FETCH_TIMEOUT": "3", "STANCEWIRE_FETCH_MAX_BYTES": " 1000 ",
              "STANCEWIRE_FETCH_RETRIES": "0", "STANCEWIRE_FETCH_BACKOFF": "0.05",
              "STANCEWIRE_STANCE_MODEL": str(model)}
    for name, value in values.items():
        clean_env.setenv(name, value)
    got = get_settings()
    assert (got.lock_timeout, got.max_text_chars, got.fetch_timeout, got.fetch_max_bytes,
            got.fetch_retries, got.fetch_backoff, got.stance_model) == (
        0.5, 20_000_000, 3.0, 1000, 0, 0.05, model)
    assert setting("lock_timeout") == 0.5
    clean_env.setenv("STANCEWIRE_LOCK_TIMEOUT", "-3")  # below 0 waits not at all
    assert setting("lock_timeout") == 0.0 == get_settings().lock_timeout


@pytest.mark.parametrize("name, value", [
    ("STANCEWIRE_LOCK_TIMEOUT", "abc"), ("STANCEWIRE_LOCK_TIMEOUT", "nan"),
    ("STANCEWIRE_MAX_TEXT_CHARS", "0"), ("STANCEWIRE_MAX_TEXT_CHARS", "lots"),
    ("STANCEWIRE_FETCH_TIMEOUT", "-1"), ("STANCEWIRE_FETCH_MAX_BYTES", "5MB"),
    ("STANCEWIRE_FETCH_RETRIES", "2.5"), ("STANCEWIRE_FETCH_BACKOFF", "-0.1"),
    ("STANCEWIRE_STANCE_MODEL", "/nonexistent/model.json"),
])
def test_a_bad_value_is_one_line_naming_the_variable(clean_env: pytest.MonkeyPatch,
                                                     name: str, value: str) -> None:
    clean_env.setenv(name, value)
    with pytest.raises(SettingsError) as info:
        get_settings()
    message = str(info.value)
    assert "\n" not in message and message.startswith(f"{name}={value!r}: "), message
    field = name.removeprefix("STANCEWIRE_").lower()
    assert Settings.model_fields[field].description in message  # says what it takes
    with pytest.raises(SettingsError):
        setting(field)


def test_every_stancewire_variable_of_the_code_is_a_setting_documented_in_one_table() -> None:
    used = set()
    for top in ("flows", "tasks", "stancewire"):
        for path in (ROOT / top).rglob("*.py"):
            used |= set(re.findall(r"STANCEWIRE_[A-Z_]*[A-Z]\b", path.read_text(encoding="utf-8")))
    assert used <= set(ENV_NAMES.values())
    doc = (ROOT / "docs" / "operating.md").read_text(encoding="utf-8")
    table = doc[doc.index("## Settings"):].split("\n## ")[0]
    rows = {m for m in re.findall(r"^\| `(STANCEWIRE_[A-Z_]+)`", table, re.MULTILINE)}
    assert rows == set(ENV_NAMES.values())


def test_pool_workers_import_no_pydantic() -> None:
    """The settings are read lazily: a worker imports the stage modules, not pydantic."""
    code = ("import sys, tasks.analyse, tasks.pool, tasks.store\n"
            "print(sorted(m for m in ('pydantic', 'pydantic_settings', 'prefect') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         timeout=120, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
