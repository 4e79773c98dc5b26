-- Speaker side x target side as a 2-D matrix: one row per speaker side, for each target side
-- the favor / against / none counts, the favor and against shares and the net stance
-- (favor - against) / n_quotes in [-1, 1]. v_stance_by_side has the same numbers in long form.
CREATE OR REPLACE VIEW v_stance_matrix AS
SELECT
    s.speaker_side,
    count(DISTINCT s.quote_id)                                                   AS n_quotes,
    count(DISTINCT s.actor_id)                                                   AS n_actors,
    count(*) FILTER (WHERE s.target_side = 'ukraine' AND s.label = 'favor')      AS ukraine_favor,
    count(*) FILTER (WHERE s.target_side = 'ukraine' AND s.label = 'against')    AS ukraine_against,
    count(*) FILTER (WHERE s.target_side = 'ukraine' AND s.label = 'none')       AS ukraine_none,
    round(count(*) FILTER (WHERE s.target_side = 'ukraine' AND s.label = 'favor')
        / nullif(count(*) FILTER (WHERE s.target_side = 'ukraine'), 0), 4)       AS ukraine_share_favor,
    round(count(*) FILTER (WHERE s.target_side = 'ukraine' AND s.label = 'against')
        / nullif(count(*) FILTER (WHERE s.target_side = 'ukraine'), 0), 4)       AS ukraine_share_against,
    round((count(*) FILTER (WHERE s.target_side = 'ukraine' AND s.label = 'favor')
         - count(*) FILTER (WHERE s.target_side = 'ukraine' AND s.label = 'against'))
        / nullif(count(*) FILTER (WHERE s.target_side = 'ukraine'), 0), 4)       AS ukraine_net,
    count(*) FILTER (WHERE s.target_side = 'russia' AND s.label = 'favor')       AS russia_favor,
    count(*) FILTER (WHERE s.target_side = 'russia' AND s.label = 'against')     AS russia_against,
    count(*) FILTER (WHERE s.target_side = 'russia' AND s.label = 'none')        AS russia_none,
    round(count(*) FILTER (WHERE s.target_side = 'russia' AND s.label = 'favor')
        / nullif(count(*) FILTER (WHERE s.target_side = 'russia'), 0), 4)        AS russia_share_favor,
    round(count(*) FILTER (WHERE s.target_side = 'russia' AND s.label = 'against')
        / nullif(count(*) FILTER (WHERE s.target_side = 'russia'), 0), 4)        AS russia_share_against,
    round((count(*) FILTER (WHERE s.target_side = 'russia' AND s.label = 'favor')
         - count(*) FILTER (WHERE s.target_side = 'russia' AND s.label = 'against'))
        / nullif(count(*) FILTER (WHERE s.target_side = 'russia'), 0), 4)        AS russia_net
FROM v_quote_stance AS s
GROUP BY s.speaker_side;
