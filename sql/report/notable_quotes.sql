-- The quotes with the strongest stance each way, for the run's markdown artifact.
select * from (
    select
        s.side                           as toward,
        s.label,
        s.score,
        q.speaker,
        a.outlet,
        q.text,
        row_number() over (partition by s.side, s.label order by abs(s.score) desc, q.quote_id) as rank
    from quote_stance s
    join quotes q using (quote_id)
    join articles a using (article_id)
    where s.label <> 'none'
)
where rank <= 3
order by toward, label, rank
