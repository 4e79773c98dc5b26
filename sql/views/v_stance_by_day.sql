-- Published day x speaker side x target side: daily counts and mean stance score.
-- Quotes from articles without a published date are left out.
CREATE OR REPLACE VIEW v_stance_by_day AS
SELECT
    s.published                                     AS day,
    s.speaker_side,
    s.target_side,
    count(*)                                        AS n_quotes,
    count(*) FILTER (WHERE s.label = 'favor')       AS n_favor,
    count(*) FILTER (WHERE s.label = 'against')     AS n_against,
    count(*) FILTER (WHERE s.label = 'none')        AS n_none,
    round(avg(s.score), 4)                          AS mean_score,
    round(avg(s.sentiment_compound), 4)             AS mean_sentiment
FROM v_quote_stance AS s
WHERE s.published IS NOT NULL
GROUP BY s.published, s.speaker_side, s.target_side;
