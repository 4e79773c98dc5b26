-- Per actor and target side: how many quotes, how many favor / against / none, mean score.
-- net_stance = (favor - against) / n_quotes, in [-1, 1].
CREATE OR REPLACE VIEW v_stance_by_actor AS
SELECT
    s.actor_id,
    any_value(s.speaker)                                  AS speaker,
    any_value(s.speaker_side)                             AS speaker_side,
    s.target_side,
    count(*)                                              AS n_quotes,
    count(*) FILTER (WHERE s.label = 'favor')             AS n_favor,
    count(*) FILTER (WHERE s.label = 'against')           AS n_against,
    count(*) FILTER (WHERE s.label = 'none')              AS n_none,
    round(avg(s.score), 4)                                AS mean_score,
    round(avg(s.sentiment_compound), 4)                   AS mean_sentiment,
    round((count(*) FILTER (WHERE s.label = 'favor')
         - count(*) FILTER (WHERE s.label = 'against')) / count(*), 4) AS net_stance
FROM v_quote_stance AS s
WHERE s.actor_id IS NOT NULL
GROUP BY s.actor_id, s.target_side;
