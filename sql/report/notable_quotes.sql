-- The quotes with the strongest stance each way, for the run's markdown artifact. The top 3 of
-- each (side, label) are ranked on quote_stance alone; only those rows are joined with the
-- quote texts (ranking the joined texts held every quote text in memory at once).
with top as (
    select
        side,
        label,
        score,
        quote_id,
        row_number() over (partition by side, label order by abs(score) desc, quote_id) as rank
    from quote_stance
    where label <> 'none'
    qualify rank <= 3
)
select
    t.side                           as toward,
    t.label,
    t.score,
    q.speaker,
    a.outlet,
    q.text,
    t.rank
from top t
join quotes q using (quote_id)
join articles a using (article_id)
order by toward, label, rank
