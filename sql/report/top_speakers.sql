-- The most quoted speakers with their stance counts toward each side.
select
    q.speaker,
    q.speaker_side                                                             as side,
    count(distinct q.quote_id)                                                 as quotes,
    count(*) filter (where s.side = 'ukraine' and s.label = 'favor')           as pro_ukraine,
    count(*) filter (where s.side = 'ukraine' and s.label = 'against')         as anti_ukraine,
    count(*) filter (where s.side = 'russia' and s.label = 'favor')            as pro_russia,
    count(*) filter (where s.side = 'russia' and s.label = 'against')          as anti_russia
from quotes q
left join quote_stance s using (quote_id)
group by all
order by quotes desc, q.speaker
limit 10
