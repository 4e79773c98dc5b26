"""Prefect tasks built on first use, so that importing a stage module does not import prefect.

The warm pool's worker processes (tasks/pool.py) import the stage modules to run their plain
functions; importing prefect would cost each of them ~1.3 s and ~100 MB for tasks they never
run. A module lists its task factories and gets a module-level ``__getattr__``:

    __getattr__ = lazy_tasks(globals(), {"extract_quotes": _make_extract_quotes})

``from tasks.extract.quotes import extract_quotes`` then builds the task once and keeps it in the
module's globals.
"""

from __future__ import annotations

from collections.abc import Callable


def lazy_tasks(module_globals: dict, factories: dict[str, Callable[[], object]]):
    """A module ``__getattr__`` that builds each named task with its factory on first use."""

    def __getattr__(name: str):
        factory = factories.get(name)
        if factory is None:
            raise AttributeError(name)
        built = module_globals[name] = factory()
        return built

    return __getattr__
