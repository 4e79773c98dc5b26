-- Speakers the pipeline found that are not in the seed registry, most quoted first.
SELECT actor_id, name, kind, side, n_quotes, n_articles, example_mention
FROM v_actors_to_review
ORDER BY n_quotes DESC, actor_id
LIMIT 50;
