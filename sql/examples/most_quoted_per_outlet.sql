-- The three actors each outlet quotes most, with their side: who gets a voice where.
SELECT outlet, rank, speaker, speaker_side, n_quotes, n_articles
FROM v_top_actors_by_outlet
WHERE rank <= 3
ORDER BY outlet, rank;
