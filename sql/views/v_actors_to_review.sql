-- Actors discovered by the pipeline (not in the seed registry), most quoted first: candidates
-- to add to seeds/ with a canonical name and side.
CREATE OR REPLACE VIEW v_actors_to_review AS
SELECT
    ac.actor_id,
    ac.name,
    ac.kind,
    ac.side,
    ac.first_seen,
    count(q.quote_id)            AS n_quotes,
    count(DISTINCT q.article_id) AS n_articles,
    any_value(q.speaker_mention) AS example_mention
FROM actors AS ac
LEFT JOIN quotes AS q ON q.actor_id = ac.actor_id
WHERE NOT ac.in_registry
GROUP BY ac.actor_id, ac.name, ac.kind, ac.side, ac.first_seen;
