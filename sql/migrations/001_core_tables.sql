-- 001: the core tables. They mirror the frames in tasks/contract.py (ARTICLES, ACTORS, SCORED,
-- STANCE, REJECTED) plus load metadata (timestamps) and the run log.
-- Character offsets (char_start/char_end, mention_start/mention_end) are 0-based CHARACTER offsets
-- into articles.text, end exclusive: substr(text, char_start + 1, char_end - char_start).
-- No FOREIGN KEYs: write_batch keeps quotes/quote_stance consistent with articles itself
-- (delete-then-insert per article in one transaction), and DuckDB foreign keys block that pattern.

CREATE TABLE IF NOT EXISTS articles (
    article_id   VARCHAR PRIMARY KEY,
    source       VARCHAR,            -- file or URL it came from
    outlet       VARCHAR,
    url          VARCHAR,
    title        VARCHAR,
    published    DATE,
    text         VARCHAR,            -- exactly as ingested
    content_hash VARCHAR,            -- sha256 used to detect changed articles
    extra        VARCHAR,            -- JSON object of other input fields
    ingested_at  TIMESTAMP NOT NULL, -- first load of this article_id (UTC)
    updated_at   TIMESTAMP NOT NULL  -- last load that changed its content_hash (UTC)
);

CREATE TABLE IF NOT EXISTS actors (
    actor_id    VARCHAR PRIMARY KEY,  -- slug, e.g. 'volodymyr-zelenskyy'
    name        VARCHAR,
    kind        VARCHAR,              -- person / org / media / group
    side        VARCHAR,              -- ukraine / russia / west / international / other / unknown
    in_registry BOOLEAN NOT NULL,     -- false: discovered by the pipeline, to review
    first_seen  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS quotes (
    quote_id           VARCHAR PRIMARY KEY, -- hash of article_id, char_start, char_end
    article_id         VARCHAR NOT NULL,
    quote_index        INTEGER,
    char_start         INTEGER,
    char_end           INTEGER,
    text               VARCHAR,             -- == article text[char_start:char_end]
    kind               VARCHAR,             -- direct / indirect / mixed
    verb               VARCHAR,
    speaker_mention    VARCHAR,
    mention_start      INTEGER,
    mention_end        INTEGER,
    actor_id           VARCHAR,
    speaker            VARCHAR,
    speaker_side       VARCHAR,
    sentiment_compound DOUBLE,
    sentiment_pos      DOUBLE,
    sentiment_neu      DOUBLE,
    sentiment_neg      DOUBLE
);

CREATE TABLE IF NOT EXISTS quote_stance (
    quote_id  VARCHAR NOT NULL,
    side      VARCHAR NOT NULL,  -- target side: ukraine / russia
    label     VARCHAR,           -- favor / against / none
    score     DOUBLE,            -- [-1, 1]
    sentiment DOUBLE,            -- VADER compound of the clauses mentioning that side
    evidence  VARCHAR,           -- cues and rules that fired
    PRIMARY KEY (quote_id, side)
);

CREATE TABLE IF NOT EXISTS rejected_inputs (
    source     VARCHAR NOT NULL,
    location   VARCHAR NOT NULL,  -- 'line 12', 'row 3', 'file', ...
    reason     VARCHAR NOT NULL,
    snippet    VARCHAR,           -- <= 200 chars of the offending input
    first_seen TIMESTAMP NOT NULL,
    last_seen  TIMESTAMP NOT NULL,
    PRIMARY KEY (source, location, reason)
);

CREATE TABLE IF NOT EXISTS pipeline_runs (
    run_id             VARCHAR PRIMARY KEY,
    flow_run_id        VARCHAR,
    started_at         TIMESTAMP,
    finished_at        TIMESTAMP,
    source             VARCHAR,
    articles_in        BIGINT DEFAULT 0,
    articles_new       BIGINT DEFAULT 0,
    articles_changed   BIGINT DEFAULT 0,
    articles_unchanged BIGINT DEFAULT 0,
    quotes             BIGINT DEFAULT 0,
    rejected           BIGINT DEFAULT 0,
    batches            BIGINT DEFAULT 0,
    status             VARCHAR,    -- running / completed / failed / ...
    message            VARCHAR     -- one-line error or note
);
