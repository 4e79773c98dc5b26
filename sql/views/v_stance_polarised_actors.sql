-- Most polarised actors toward each target side: named actors with at least 5 quotes, ranked
-- per target side by polarisation = |favor - against| / n_quotes (1 = every quote takes the same
-- side, 0 = balanced or neutral); leaning says which way. Ties: more quotes first. Unnamed
-- speakers (actors of kind 'group', and 'unknown') are not ranked.
-- Built on v_stance_by_actor (the per-actor counts live in one place).
CREATE OR REPLACE VIEW v_stance_polarised_actors AS
WITH per_actor AS (
    SELECT actor_id, speaker, speaker_side, target_side, n_quotes, n_favor, n_against, n_none,
           mean_score
    FROM v_stance_by_actor
    LEFT JOIN actors AS ac USING (actor_id)
    WHERE n_quotes >= 5 AND actor_id <> 'unknown' AND ac.kind IS DISTINCT FROM 'group'
)
SELECT
    target_side,
    row_number() OVER (
        PARTITION BY target_side
        ORDER BY abs(n_favor - n_against) / n_quotes DESC, n_quotes DESC, actor_id
    )                                                   AS rank,
    actor_id,
    speaker,
    speaker_side,
    n_quotes,
    n_favor,
    n_against,
    n_none,
    round(n_favor / n_quotes, 4)                        AS share_favor,
    round(n_against / n_quotes, 4)                      AS share_against,
    round(abs(n_favor - n_against) / n_quotes, 4)       AS polarisation,
    CASE WHEN n_favor > n_against THEN 'favor'
         WHEN n_against > n_favor THEN 'against'
         ELSE 'balanced' END                            AS leaning,
    mean_score
FROM per_actor;
