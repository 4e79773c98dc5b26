-- Long form: one row per quote and target side, with the speaker and article context.
-- The building block of the v_stance_by_* aggregates.
CREATE OR REPLACE VIEW v_quote_stance AS
SELECT
    s.quote_id,
    q.article_id,
    a.outlet,
    a.published,
    q.actor_id,
    q.speaker,
    coalesce(q.speaker_side, 'unknown') AS speaker_side,
    s.side                              AS target_side,
    s.label,
    s.score,
    s.sentiment,
    s.evidence,
    q.sentiment_compound,
    q.text
FROM quote_stance AS s
JOIN quotes AS q ON q.quote_id = s.quote_id
LEFT JOIN articles AS a ON a.article_id = q.article_id;
