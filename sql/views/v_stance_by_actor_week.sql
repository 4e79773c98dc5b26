-- Per actor, ISO week (Monday) of publication and target side: quotes, favor / against /
-- none, mean score and net_stance = (favor - against) / n_quotes in [-1, 1].
-- Quotes from articles without a published date are left out.
CREATE OR REPLACE VIEW v_stance_by_actor_week AS
SELECT
    s.actor_id,
    any_value(s.speaker)                                  AS speaker,
    any_value(s.speaker_side)                             AS speaker_side,
    CAST(date_trunc('week', s.published) AS DATE)         AS week,
    s.target_side,
    count(*)                                              AS n_quotes,
    count(*) FILTER (WHERE s.label = 'favor')             AS n_favor,
    count(*) FILTER (WHERE s.label = 'against')           AS n_against,
    count(*) FILTER (WHERE s.label = 'none')              AS n_none,
    round(avg(s.score), 4)                                AS mean_score,
    round((count(*) FILTER (WHERE s.label = 'favor')
         - count(*) FILTER (WHERE s.label = 'against')) / count(*), 4) AS net_stance
FROM v_quote_stance AS s
WHERE s.actor_id IS NOT NULL AND s.published IS NOT NULL
GROUP BY s.actor_id, CAST(date_trunc('week', s.published) AS DATE), s.target_side;
