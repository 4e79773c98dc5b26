"""Every ``STANCEWIRE_*`` environment variable, read and checked in one place.

``get_settings()`` returns a :class:`Settings` read from the environment (pydantic-settings, which
comes with Prefect); ``setting("lock_timeout")`` one value of it. A bad value raises
:class:`SettingsError`: one line naming the variable, the value and what it takes
(``STANCEWIRE_LOCK_TIMEOUT='abc': input should be a valid number ...``); the CLI checks them all
before it starts anything. An empty variable means its default. The environment is read again
when a variable changed (a test, a long-lived process): results are cached on the variables'
values, so ``setting`` costs about a microsecond and may be called per record.

The modules that read a setting import this one inside the function that needs it: the warm
pool's workers (tasks/pool.py) import the stage modules but never pydantic (~0.15 s of each
worker's start-up) unless a setting they use is set.

Add a setting: one field below (its name is the variable's without ``STANCEWIRE_``, lower
case; its ``description`` says what it takes, for the error message) and one row in the table of
docs/operating.md#settings. Plain module: no Prefect import.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PREFIX = "STANCEWIRE_"


class SettingsError(ValueError):
    """A ``STANCEWIRE_*`` variable with a value that cannot be used; the message is one line."""


class Settings(BaseSettings):
    """stancewire's settings: one field per ``STANCEWIRE_<FIELD>`` environment variable."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, env_ignore_empty=True, frozen=True)

    lock_timeout: float = Field(
        60.0, allow_inf_nan=False,
        description="seconds a run waits for a locked database file: a number, below 0 means 0",
    )
    flow_timeout: float = Field(
        3600.0, ge=0, allow_inf_nan=False,
        description="seconds a run may work before it fails as TimedOut: a number >= 0, "
                    "0 for no timeout",
    )
    # 8x the longest article of the reference corpus (125k characters): a longer "article" is a
    # dump of many, and quote extraction time grows faster than linearly with a text's length
    max_text_chars: int = Field(
        1_000_000, gt=0, description="longest article text in characters: a positive integer",
    )
    fetch_timeout: float = Field(
        20.0, gt=0, allow_inf_nan=False,
        description="seconds per attempt of a feed or page fetch: a positive number",
    )
    fetch_max_bytes: int = Field(
        5_000_000, gt=0, description="largest feed or page body in bytes: a positive integer",
    )
    fetch_retries: int = Field(
        2, ge=0, description="retries of a failed fetch: an integer >= 0",
    )
    fetch_backoff: float = Field(
        1.0, ge=0, allow_inf_nan=False,
        description="seconds of the first wait between fetch retries: a number >= 0",
    )
    stance_model: Path | None = Field(
        None, description="a stance model file written by python -m tasks.score.train",
    )

    @field_validator("lock_timeout")
    @classmethod
    def _not_below_zero(cls, value: float) -> float:
        return max(value, 0.0)

    @field_validator("stance_model")
    @classmethod
    def _existing_file(cls, value: Path | None) -> Path | None:
        if value is not None and not value.expanduser().is_file():
            raise ValueError("no such file")
        return value.expanduser() if value is not None else None


def env_name(field: str) -> str:
    """The environment variable of a settings field: ``lock_timeout`` -> STANCEWIRE_LOCK_TIMEOUT."""
    return PREFIX + field.upper()


ENV_NAMES = {field: env_name(field) for field in Settings.model_fields}


def get_settings() -> Settings:
    """The settings as the environment sets them now; ``SettingsError`` for a bad value."""
    return _read(tuple(os.environ.get(name) for name in ENV_NAMES.values()))


def setting(field: str) -> Any:
    """One setting (``Settings`` field name) as the environment sets it now."""
    return _one(field, os.environ.get(ENV_NAMES[field]))


@lru_cache(maxsize=64)
def _one(field: str, value: str | None) -> Any:
    return getattr(get_settings(), field)


@lru_cache(maxsize=8)
def _read(values: tuple[str | None, ...]) -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        raise SettingsError("; ".join(_describe(error) for error in exc.errors())) from None


def _describe(error: dict) -> str:
    field = str(error["loc"][0]) if error.get("loc") else ""
    name = env_name(field)
    info = Settings.model_fields.get(field)
    wants = f" ({info.description})" if info is not None and info.description else ""
    reason = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
    value = os.environ.get(name, error.get("input"))
    return f"{name}={value!r}: {reason[:1].lower()}{reason[1:]}{wants}"
