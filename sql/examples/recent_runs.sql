-- The last pipeline runs and what they did.
SELECT run_id, started_at, finished_at, source, status, articles_in, articles_new,
       articles_changed, articles_unchanged, quotes, rejected
FROM pipeline_runs
ORDER BY started_at DESC NULLS LAST
LIMIT 20;
