-- How each outlet's quoted speakers lean toward each side (quotes with a stance label only).
SELECT
    outlet,
    target_side,
    count(*)                                    AS n_quotes,
    count(*) FILTER (WHERE label = 'favor')     AS n_favor,
    count(*) FILTER (WHERE label = 'against')   AS n_against,
    round(avg(score), 3)                        AS mean_score
FROM v_quote_stance
GROUP BY outlet, target_side
ORDER BY outlet, target_side;
