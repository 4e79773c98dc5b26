-- The most quoted named speakers with their stance counts toward each side. Unnamed speakers
-- (actors of kind 'group': "the official", "officials"; and 'unknown') are not ranked.
select
    q.speaker,
    q.speaker_side                                                             as side,
    count(distinct q.quote_id)                                                 as quotes,
    count(*) filter (where s.side = 'ukraine' and s.label = 'favor')           as pro_ukraine,
    count(*) filter (where s.side = 'ukraine' and s.label = 'against')         as anti_ukraine,
    count(*) filter (where s.side = 'russia' and s.label = 'favor')            as pro_russia,
    count(*) filter (where s.side = 'russia' and s.label = 'against')          as anti_russia
from quotes q
left join actors ac using (actor_id)
left join quote_stance s using (quote_id)
where q.actor_id <> 'unknown' and ac.kind is distinct from 'group'
group by all
order by quotes desc, q.speaker
limit 10
