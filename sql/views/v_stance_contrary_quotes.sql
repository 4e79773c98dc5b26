-- Quotes that go against their speaker's usual stance: for each actor and target side the
-- usual label is the majority of the actor's labelled (favor/against) quotes, when it has at
-- least 2 quotes and strictly more than the opposite label; a contrary quote carries the
-- opposite label. Each row shows the quote, the evidence, the usual label and the counts.
CREATE OR REPLACE VIEW v_stance_contrary_quotes AS
WITH habits AS (
    SELECT actor_id, target_side, n_quotes, n_favor, n_against
    FROM v_stance_by_actor
), usual AS (
    SELECT
        *,
        CASE WHEN n_favor >= 2 AND n_favor > n_against THEN 'favor'
             WHEN n_against >= 2 AND n_against > n_favor THEN 'against' END AS usual_label
    FROM habits
)
SELECT
    s.quote_id,
    s.article_id,
    s.outlet,
    s.published,
    s.actor_id,
    s.speaker,
    s.speaker_side,
    s.target_side,
    s.label,
    u.usual_label,
    CASE u.usual_label WHEN 'favor' THEN u.n_favor ELSE u.n_against END AS n_usual,
    CASE u.usual_label WHEN 'favor' THEN u.n_against ELSE u.n_favor END AS n_contrary,
    u.n_quotes                                                          AS n_actor_quotes,
    s.score,
    s.evidence,
    s.text
FROM v_quote_stance AS s
JOIN usual AS u ON u.actor_id = s.actor_id AND u.target_side = s.target_side
WHERE u.usual_label IS NOT NULL
  AND s.label IN ('favor', 'against')
  AND s.label <> u.usual_label;
