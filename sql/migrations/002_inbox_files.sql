-- 002: the inbox ledger. `stancewire serve` (and `stancewire run --inbox`) treat a directory
-- source as an inbox: a file is processed once, then remembered here by path, size and
-- modification time; later runs skip it. A file rewritten in place (new size or mtime) is
-- processed again (its articles are then skipped or replaced by content_hash as usual).
CREATE TABLE IF NOT EXISTS inbox_files (
    path         VARCHAR NOT NULL,    -- absolute path of the file
    size         BIGINT NOT NULL,     -- bytes
    mtime_ns     BIGINT NOT NULL,     -- st_mtime_ns
    run_id       VARCHAR,             -- pipeline_runs.run_id that processed it
    processed_at TIMESTAMP NOT NULL,  -- UTC
    PRIMARY KEY (path, size, mtime_ns)
);
