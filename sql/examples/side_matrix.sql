-- Who is for or against whom: speaker side (rows) x target side, as shares of favor and
-- against among all quotes of that side (a stance label of 'none' counts in the total).
SELECT
    speaker_side,
    max(share_favor)   FILTER (WHERE target_side = 'ukraine') AS favor_ukraine,
    max(share_against) FILTER (WHERE target_side = 'ukraine') AS against_ukraine,
    max(share_favor)   FILTER (WHERE target_side = 'russia')  AS favor_russia,
    max(share_against) FILTER (WHERE target_side = 'russia')  AS against_russia,
    max(n_quotes)                                             AS n_quotes
FROM v_stance_by_side
GROUP BY speaker_side
ORDER BY n_quotes DESC, speaker_side;
