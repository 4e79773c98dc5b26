-- Speaker side x target side matrix: counts, shares and mean stance score.
CREATE OR REPLACE VIEW v_stance_by_side AS
SELECT
    s.speaker_side,
    s.target_side,
    count(*)                                        AS n_quotes,
    count(DISTINCT s.actor_id)                      AS n_actors,
    count(*) FILTER (WHERE s.label = 'favor')       AS n_favor,
    count(*) FILTER (WHERE s.label = 'against')     AS n_against,
    count(*) FILTER (WHERE s.label = 'none')        AS n_none,
    round(count(*) FILTER (WHERE s.label = 'favor') / count(*), 4)   AS share_favor,
    round(count(*) FILTER (WHERE s.label = 'against') / count(*), 4) AS share_against,
    round(avg(s.score), 4)                          AS mean_score,
    round(avg(s.sentiment_compound), 4)             AS mean_sentiment
FROM v_quote_stance AS s
GROUP BY s.speaker_side, s.target_side;
