-- Week by week: how the Kremlin's and Kyiv's top voices talk about each side.
-- Change the speaker list to follow other actors.
SELECT week, speaker, target_side, n_quotes, n_favor, n_against, net_stance
FROM v_stance_by_actor_week
WHERE speaker IN ('Volodymyr Zelenskyy', 'Dmitry Peskov', 'Vladimir Putin')
ORDER BY week, speaker, target_side;
