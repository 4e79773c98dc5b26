"""What a run has done so far, told by the run itself at batch granularity.

The flow (flows/pipeline.py) calls ``publish`` after each batch it reads and each batch it
loads, and once at the end, with a ``RunProgress`` built from its ``RunTally`` (``snapshot``).
``publish`` hands it to the listeners registered in this process (``listening``): the CLI's
progress bar (``terminal_progress``). The flow also logs each snapshot as one INFO line
(``RunProgress.line``): in the Prefect UI and a worker's console, and on stderr with
``stancewire run -v``. Nothing here polls the Prefect API: the CLI runs the flow in its own
process, so the numbers come straight from the run.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

READ, LOADED, DONE = "read", "loaded", "done"


@dataclass(frozen=True)
class RunProgress:
    """Counts of a run after one event (``read``: a batch was read; ``loaded``: a batch was
    loaded; ``done``: every batch is loaded). Articles are counted as read (unchanged ones
    included), analysed and loaded; ``fraction`` is the share of the input done, estimated from
    article text bytes against the input files' size (None when unknown: feeds)."""

    event: str
    read: int
    unchanged: int
    analysed: int
    loaded: int
    quotes: int
    rejected: int
    seconds: float
    fraction: float | None

    @property
    def done(self) -> int:
        """Articles finished: skipped as unchanged, or loaded."""
        return self.unchanged + self.loaded

    @property
    def rate(self) -> float:
        """Articles finished per second of the run's work."""
        return self.done / self.seconds if self.seconds > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left at the run's average pace so far (None while unknown)."""
        if not self.fraction or self.seconds <= 0:
            return None
        return self.seconds * (1.0 - self.fraction) / self.fraction

    def counts(self) -> str:
        left = "-:--:--"
        if self.eta is not None:
            minutes, seconds = divmod(round(self.eta), 60)
            left = f"{minutes // 60}:{minutes % 60:02}:{seconds:02}"
        return (f"read {self.read:,} · analysed {self.analysed:,} · loaded {self.loaded:,} · "
                f"{self.rate:,.0f} articles/s · ETA {left}")

    def line(self) -> str:
        """The run's log line of this event."""
        share = f", {100 * self.fraction:.0f}% of the input" if self.fraction is not None else ""
        return (f"progress ({self.event}): {self.read:,} articles read ({self.unchanged:,} "
                f"unchanged), {self.analysed:,} analysed, {self.loaded:,} loaded, "
                f"{self.quotes:,} quotes, {self.rejected:,} rejected inputs; "
                f"{self.rate:,.1f} articles/s{share}")


def snapshot(tally, event: str, source_bytes: int) -> RunProgress:
    """The ``RunProgress`` of a ``RunTally`` (flows/batches.py) after ``event``."""
    unchanged = tally.articles_in - tally.articles_new - tally.articles_changed
    fraction = None
    if event == DONE:
        fraction = 1.0
    elif source_bytes:
        read_share = min(1.0, tally.text_bytes / source_bytes)
        done = unchanged + tally.loaded
        fraction = read_share * done / tally.articles_in if tally.articles_in else 0.0
    return RunProgress(
        event=event, read=tally.articles_in, unchanged=unchanged, analysed=tally.analysed,
        loaded=tally.loaded, quotes=tally.quotes, rejected=tally.rejected,
        seconds=tally.work()["work_seconds"], fraction=fraction,
    )


_listeners: list[Callable[[RunProgress], None]] = []


@contextmanager
def listening(listener: Callable[[RunProgress], None]) -> Iterator[None]:
    """Call ``listener`` with every ``RunProgress`` published in this process meanwhile."""
    _listeners.append(listener)
    try:
        yield
    finally:
        if listener in _listeners:  # not dropped by ``publish``
            _listeners.remove(listener)


def publish(progress: RunProgress) -> None:
    """Hand ``progress`` to the listeners; one that fails is dropped (a broken display never
    stops a run)."""
    for listener in list(_listeners):
        try:
            listener(progress)
        except Exception:  # noqa: BLE001 - e.g. the terminal went away
            if listener in _listeners:
                _listeners.remove(listener)


def run_progress(verbose: bool = False):
    """How ``stancewire run`` shows a run's progress on stderr (a context manager around the
    run): with ``verbose``, the run's INFO lines (one per batch read and per batch loaded);
    else a progress bar when stderr is a terminal; else nothing (the summary on stdout is the
    only output)."""
    if verbose:
        # the flow run's own log lines; Prefect's task-run chatter stays at its level
        logging.getLogger("prefect.flow_runs").setLevel(logging.INFO)
        return nullcontext()
    if sys.stderr.isatty():
        return terminal_progress()
    return nullcontext()


@contextmanager
def _prefect_console():
    """The rich console of Prefect's console log handler (so that a warning logged during the
    run prints above the bar, not through it) with rich's default styles added for the bar
    (Prefect's theme holds only its log styles), else a new console on stderr."""
    from rich.console import Console
    from rich.theme import Theme

    for handler in logging.getLogger().handlers:
        console = getattr(handler, "console", None)
        if isinstance(console, Console):
            console.push_theme(Theme())
            try:
                yield console
            finally:
                console.pop_theme()
            return
    yield Console(stderr=True)


@contextmanager
def terminal_progress() -> Iterator[None]:
    """A rich progress bar on stderr while the block runs: the phase, the share of the input
    done, articles read / analysed / loaded, articles per second, elapsed time and ETA. It
    redraws 4 times a second from the last batch's numbers (the run only publishes per batch)."""
    from rich.progress import (
        BarColumn,
        Progress,
        SpinnerColumn,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    with _prefect_console() as console:
        bar = Progress(
            SpinnerColumn(finished_text="✓"), TextColumn("{task.description}"),
            BarColumn(bar_width=24), TaskProgressColumn(), TimeElapsedColumn(),
            TextColumn("{task.fields[counts]}"),
            console=console, refresh_per_second=4,
        )
        task = bar.add_task("starting Prefect", total=None, counts="")

        def show(progress: RunProgress) -> None:
            done = progress.event == DONE
            total = None if progress.fraction is None else 100.0
            bar.update(task, description="done" if done else "stance-pipeline", total=total,
                       completed=100.0 * (progress.fraction or 0.0), counts=progress.counts())

        with bar, listening(show):
            yield
