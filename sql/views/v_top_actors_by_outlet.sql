-- Most quoted named actors per outlet: rank 1 is the actor an outlet quotes most
-- (ties broken by actor_id). Articles without an outlet count as '(unknown)'. Unnamed speakers
-- (actors of kind 'group', and 'unknown') are not ranked.
CREATE OR REPLACE VIEW v_top_actors_by_outlet AS
SELECT
    coalesce(a.outlet, '(unknown)')      AS outlet,
    row_number() OVER (
        PARTITION BY coalesce(a.outlet, '(unknown)') ORDER BY count(*) DESC, q.actor_id
    )                                    AS rank,
    q.actor_id,
    any_value(q.speaker)                 AS speaker,
    any_value(q.speaker_side)            AS speaker_side,
    count(*)                             AS n_quotes,
    count(DISTINCT q.article_id)         AS n_articles,
    round(avg(q.sentiment_compound), 4)  AS mean_sentiment
FROM quotes AS q
LEFT JOIN articles AS a ON a.article_id = q.article_id
LEFT JOIN actors AS ac ON ac.actor_id = q.actor_id
WHERE q.actor_id IS NOT NULL AND q.actor_id <> 'unknown' AND ac.kind IS DISTINCT FROM 'group'
GROUP BY coalesce(a.outlet, '(unknown)'), q.actor_id;
