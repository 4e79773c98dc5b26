"""The data contract between pipeline stages: column names and dtypes of every frame.

Each stage is a plain function ``DataFrame -> DataFrame`` (tested directly) plus a thin Prefect
``@task`` wrapper. The frames that flow between stages have exactly these schemas; the DuckDB
tables in ``sql/`` mirror them. Offsets are 0-based CHARACTER offsets into ``articles.text``,
end exclusive (``text[char_start:char_end]`` in Python), never byte offsets.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

# the folder holding tasks/ and its data folders seeds/ and sql/: the repository root in a
# checkout, site-packages/stancewire when installed from the wheel (which ships the data as
# files beside the code: pyproject.toml, stancewire/__init__.py). Every read of a seed or SQL
# file goes through SEEDS and SQL, never the working directory
ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SQL = ROOT / "sql"

SIDES = ("ukraine", "russia", "west", "international", "other", "unknown")
TARGET_SIDES = ("ukraine", "russia")
QUOTE_KINDS = ("direct", "indirect", "mixed")
STANCE_LABELS = ("favor", "against", "none")

# ingest -> everything: one row per accepted article
ARTICLES = {
    "article_id": pl.String,  # input id exactly as a string; else file stem (.txt); else hash
    "source": pl.String,  # the file (or URL) it came from
    "outlet": pl.String,
    "url": pl.String,
    "title": pl.String,
    "published": pl.Date,
    "text": pl.String,  # exactly as ingested
    "content_hash": pl.String,  # sha256 of the text (+ title/date) to detect changes
    "extra": pl.String,  # JSON object of any other input fields, "{}" if none
}

# ingest -> rejected_inputs: one row per bad record (never a crash, never a silent drop)
REJECTED = {
    "source": pl.String,
    "location": pl.String,  # "line 12", "row 3", "file", ...
    "reason": pl.String,  # a sentence a person understands
    "snippet": pl.String,  # <= 200 chars of the offending input
}

# extract -> attribute: one row per quote, speaker as it is written
EXTRACTED = {
    "article_id": pl.String,
    "quote_index": pl.Int32,  # order of the quote within its article, 0-based
    "char_start": pl.Int32,
    "char_end": pl.Int32,
    "text": pl.String,  # == article text[char_start:char_end]
    "kind": pl.String,  # direct / indirect / mixed
    "verb": pl.String,  # reporting verb or phrase as in the text, "" if none
    "speaker_mention": pl.String,  # words pointing at the speaker, "" for floating quotes
    "mention_start": pl.Int32,  # char offsets of speaker_mention, null when ""
    "mention_end": pl.Int32,
}

# attribute -> score/load: EXTRACTED plus the resolved speaker
ATTRIBUTED = {
    **EXTRACTED,
    "actor_id": pl.String,
    "speaker": pl.String,  # display name: the actor's canonical name
    "speaker_side": pl.String,  # one of SIDES
    "speaker_side_evidence": pl.String,  # why: "registry", "party:R-Ga.->US->west", ...
}

# attribute -> load: actors known to the registry or discovered in this batch
ACTORS = {
    "actor_id": pl.String,  # slug, e.g. "volodymyr-zelenskyy"
    "name": pl.String,
    "kind": pl.String,  # person / org / media / group (unnamed sources)
    "side": pl.String,
    "in_registry": pl.Boolean,  # False: discovered, listed as "new actor to review"
}

# score -> load: ATTRIBUTED plus VADER sentiment of the quote text
SCORED = {
    **ATTRIBUTED,
    "quote_id": pl.String,  # stable: hash of article_id, char_start, char_end
    "sentiment_compound": pl.Float64,
    "sentiment_pos": pl.Float64,
    "sentiment_neu": pl.Float64,
    "sentiment_neg": pl.Float64,
}

# score -> load: one row per quote and target side
STANCE = {
    "quote_id": pl.String,
    "side": pl.String,  # ukraine / russia
    "label": pl.String,  # favor / against / none
    "score": pl.Float64,  # [-1, 1]
    "sentiment": pl.Float64,  # VADER compound of the clauses mentioning that side
    "evidence": pl.String,  # cues and rules that fired, readable in SQL output
}


def empty(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """An empty frame with the given schema."""
    return pl.DataFrame(schema=schema)


def conform(df: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Select and cast ``df`` to ``schema`` (column order included); missing columns are null."""
    if not df.columns:  # a frame without columns has no rows either
        return empty(schema)
    return df.select(
        [
            (pl.col(name) if name in df.columns else pl.lit(None)).cast(dtype).alias(name)
            for name, dtype in schema.items()
        ]
    )
