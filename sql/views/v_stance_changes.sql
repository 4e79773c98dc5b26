-- Actors whose stance toward a side changed over time: the first and the last week in which
-- they had quotes with a stance (favor or against) toward that side have net stances of
-- different sign (e.g. favor -> against, or against -> balanced). One row per actor and
-- target side, biggest change first when ordered by abs(change).
CREATE OR REPLACE VIEW v_stance_changes AS
WITH weekly AS (
    SELECT *,
        row_number() OVER (PARTITION BY actor_id, target_side ORDER BY week)      AS nth,
        row_number() OVER (PARTITION BY actor_id, target_side ORDER BY week DESC) AS nth_last,
        count(*)     OVER (PARTITION BY actor_id, target_side)                    AS n_weeks
    FROM v_stance_by_actor_week
    WHERE n_favor + n_against > 0
)
SELECT
    f.actor_id,
    f.speaker,
    f.speaker_side,
    f.target_side,
    f.n_weeks,
    f.week                             AS first_week,
    f.net_stance                       AS first_net_stance,
    l.week                             AS last_week,
    l.net_stance                       AS last_net_stance,
    round(l.net_stance - f.net_stance, 4) AS change
FROM weekly AS f
JOIN weekly AS l
  ON l.actor_id = f.actor_id AND l.target_side = f.target_side AND l.nth_last = 1
WHERE f.nth = 1
  AND f.n_weeks >= 2
  AND sign(f.net_stance) <> sign(l.net_stance);
