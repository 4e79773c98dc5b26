-- 003: quotes and quote_stance without PRIMARY KEYs.
-- DuckDB loads the ART index of a primary key into memory on every write connection, and the
-- index grows with the table: at 10x the corpus (~870k quotes, ~1.7M stance rows) each load of
-- a batch cost hundreds of MB more than at 1x. write_batch (tasks/store/write.py) now keeps the
-- keys unique itself: it de-duplicates each batch on quote_id and (quote_id, side), deletes the
-- rows of the batch's already-loaded articles, then plainly inserts, all in one transaction.
-- DuckDB cannot drop a constraint: create the new table, copy, drop the old one, rename.
-- The views (sql/views/) bind tables by name when queried, so they keep working; they are
-- recreated after the migrations anyway.

CREATE TABLE quotes_v3 (
    quote_id           VARCHAR NOT NULL,    -- hash of article_id, char_start, char_end; unique
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
INSERT INTO quotes_v3 SELECT * FROM quotes;
DROP TABLE quotes;
ALTER TABLE quotes_v3 RENAME TO quotes;

CREATE TABLE quote_stance_v3 (
    quote_id  VARCHAR NOT NULL,  -- (quote_id, side) unique
    side      VARCHAR NOT NULL,  -- target side: ukraine / russia
    label     VARCHAR,           -- favor / against / none
    score     DOUBLE,            -- [-1, 1]
    sentiment DOUBLE,            -- VADER compound of the clauses mentioning that side
    evidence  VARCHAR            -- cues and rules that fired
);
INSERT INTO quote_stance_v3 SELECT * FROM quote_stance;
DROP TABLE quote_stance;
ALTER TABLE quote_stance_v3 RENAME TO quote_stance;
