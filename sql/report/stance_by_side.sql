-- How each speaker side talks about each target side: counts of favor / against / none.
select
    q.speaker_side,
    s.side                                         as toward,
    count(*) filter (where s.label = 'favor')      as favor,
    count(*) filter (where s.label = 'against')    as against,
    count(*) filter (where s.label = 'none')       as "none",
    round(avg(s.score), 3)                         as mean_score
from quotes q
join quote_stance s using (quote_id)
group by all
order by q.speaker_side, toward
