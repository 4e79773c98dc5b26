-- Actors whose stance toward a side flipped between the first and the last week they spoke
-- about it (net stance = (favor - against) / quotes, per week).
SELECT speaker, speaker_side, target_side, first_week, first_net_stance,
       last_week, last_net_stance, change, n_weeks
FROM v_stance_changes
ORDER BY abs(change) DESC, speaker, target_side;
