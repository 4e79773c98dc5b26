-- Weekly mean stance score of each speaker side toward each target side.
SELECT
    date_trunc('week', day)                            AS week,
    speaker_side,
    target_side,
    sum(n_quotes)                                      AS n_quotes,
    round(sum(mean_score * n_quotes) / sum(n_quotes), 3) AS mean_score
FROM v_stance_by_day
GROUP BY ALL
ORDER BY week, speaker_side, target_side;
