-- Named actors ranked by number of quotes, with reach (articles, outlets), date range, mean
-- sentiment and mean stance score toward each target side. Unnamed speakers (actors of kind
-- 'group': unnamed sources such as "the official", and 'unknown') are not ranked; see "Named and
-- unnamed speakers" in sql/README.md.
CREATE OR REPLACE VIEW v_top_speakers AS
SELECT
    row_number() OVER (ORDER BY count(*) DESC, q.actor_id) AS rank,
    q.actor_id,
    any_value(q.speaker)                 AS speaker,
    any_value(q.speaker_side)            AS speaker_side,
    any_value(q.speaker_kind)            AS speaker_kind,
    bool_and(q.speaker_in_registry)      AS in_registry,
    count(*)                             AS n_quotes,
    count(DISTINCT q.article_id)         AS n_articles,
    count(DISTINCT q.outlet)             AS n_outlets,
    min(q.published)                     AS first_published,
    max(q.published)                     AS last_published,
    round(avg(q.sentiment_compound), 4)  AS mean_sentiment,
    round(avg(q.stance_ukraine_score), 4) AS mean_stance_ukraine,
    round(avg(q.stance_russia_score), 4)  AS mean_stance_russia
FROM v_quotes AS q
WHERE q.actor_id IS NOT NULL AND q.actor_id <> 'unknown'
  AND q.speaker_kind IS DISTINCT FROM 'group'
GROUP BY q.actor_id;
