"""The run summary printed by the CLI, built from sql/report/ on a real DuckDB file."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from tasks.publish.summary import format_summary, format_table, read_report
from tests.conftest import SEED_ARTICLE


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory) -> str:
    from tasks.attribute.speakers import attribute_speakers
    from tasks.extract.quotes import extract_quotes
    from tasks.ingest.files import read_articles
    from tasks.store import write_batch
    from tasks.score.quotes import score_quotes

    db = str(tmp_path_factory.mktemp("report") / "r.duckdb")
    articles, rejected = read_articles([SEED_ARTICLE])
    attributed, actors = attribute_speakers(extract_quotes(articles), articles)
    scored, stance = score_quotes(attributed)
    write_batch(db, articles, scored, stance, actors, rejected)
    return db


RUN = {"source": "seeds/articles", "articles_in": 1, "articles_new": 1, "articles_changed": 0,
       "articles_unchanged": 0, "quotes": 0, "rejected": 0}


def test_summary_lists_counts_speakers_and_new_actors(seed_db):
    frames = read_report(seed_db)
    text = format_summary(frames, RUN, seed_db)
    assert "database: 1 articles" in text
    assert "Top speakers:" in text and "Volodymyr Zelenskyy" in text
    new = frames["new_actors"]
    assert new.height >= 1  # the seed article quotes speakers outside the registry
    assert "New actors to review" in text
    assert new["name"][0] in text
    assert "Try next:" in text


def test_summary_names_the_shipped_duckdb_cli_and_its_command_runs(seed_db, monkeypatch):
    """From the folder holding .venv (where `make run` runs) the summary names
    `.venv/bin/duckdb -readonly DB "…"`, and that line, run as a user pastes it, answers."""
    venv_home = Path(sys.executable).parent.parent.parent
    monkeypatch.chdir(venv_home)
    text = format_summary(read_report(seed_db), RUN, seed_db)
    line = next(x.strip() for x in text.splitlines() if " -readonly " in x)
    expected = (Path(sys.executable).parent / "duckdb").relative_to(venv_home)
    assert line.startswith(f"{expected} -readonly {seed_db} ")
    result = subprocess.run(shlex.split(line), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "speaker_side" in result.stdout


def test_summary_without_new_actors_has_no_review_block(seed_db):
    frames = read_report(seed_db)
    frames["new_actors"] = frames["new_actors"].clear()
    assert "New actors to review" not in format_summary(frames, RUN, seed_db)


@pytest.mark.parametrize(
    "df, expected",
    [
        (pl.DataFrame({"a": [1], "bb": ["x"]}), ["a  bb", "-  --", "1  x "]),
        (pl.DataFrame({"t": ["line\nbreak"]}), ["t         ", "----------", "line break"]),
    ],
)
def test_format_table(df, expected):
    assert format_table(df).splitlines() == expected


WIDE = pl.DataFrame({
    "speaker": ["習近平", "Volodymyr Zelenskyy", "José Martí 🇺🇦", "Jose\u0301 (combining)", "abc"],
    "quotes": [12, 2978, 3, 1, 10],
    "side": ["other", "ukraine", "west", "unknown", "русский"],
})


def test_format_table_aligns_wide_characters():
    """CJK and emoji take two terminal cells, a combining accent none: every column starts at
    the same cell on every line, numbers end on the same cell."""
    from rich.cells import cell_len

    lines = format_table(WIDE).splitlines()
    assert len({cell_len(line) for line in lines}) == 1
    header = lines[0]
    quotes_end = cell_len(header[: header.index("quotes") + len("quotes")])
    side_start = cell_len(header[: header.index("side")])
    for line, row in zip(lines[2:], WIDE.iter_rows(named=True), strict=True):
        number = str(row["quotes"])
        assert cell_len(line[: line.index(number + "  ") + len(number)]) == quotes_end
        assert cell_len(line[: line.index(row["side"])]) == side_start


def test_format_table_cuts_long_cells_by_display_width():
    from rich.cells import cell_len

    lines = format_table(pl.DataFrame({"name": ["習" * 40, "a" * 40]}), max_width=11).splitlines()
    assert [cell_len(line) for line in lines] == [11, 11, 11, 11]
    assert lines[2].endswith("…") and lines[3] == "a" * 10 + "…"


@pytest.mark.parametrize(
    "counts, expected",
    [
        ({"articles_new": 0, "articles_changed": 0}, True),  # a no-op re-run
        ({"articles_new": 0, "articles_changed": 0, "rejected": 3}, True),  # only rejects
        ({"articles_new": 1, "articles_changed": 0}, False),
        ({"articles_new": 0, "articles_changed": 2}, False),
    ],
)
def test_nothing_changed(counts, expected):
    """A run that loaded no new or changed article publishes only run-counts."""
    from tasks.publish.summary import nothing_changed

    assert nothing_changed(RUN | counts) is expected


@pytest.mark.parametrize("limit", ["128MB", "1MB"])
def test_report_under_a_memory_limit_gives_the_same_frames(seed_db, monkeypatch, limit):
    """The report connection caps DuckDB's memory; a query that needs more is re-run without
    the cap (1 MB forces that path), and the frames are the same either way."""
    import tasks.publish.summary as report

    monkeypatch.setattr(report, "REPORT_MEMORY_LIMIT", "4GB")
    reference = report.read_report(seed_db)
    monkeypatch.setattr(report, "REPORT_MEMORY_LIMIT", limit)
    frames = report.read_report(seed_db)
    assert frames.keys() == reference.keys()
    for name, frame in frames.items():
        assert frame.equals(reference[name]), name
