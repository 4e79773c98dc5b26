-- Chart 2, top actors: the $top most quoted NAMED speakers and, toward each target side, how
-- many of their quotes are favor / against it (n_label) and which share of their quotes that is.
-- Unnamed speakers are left out of the ranking: actors of kind 'group' (unnamed sources kept as
-- written, "the official", "officials", "a spokesperson") and 'unknown' (no speaker found);
-- see "Named and unnamed speakers" in sql/README.md.
with named as (
    select q.quote_id, q.actor_id, q.speaker, coalesce(q.speaker_side, 'unknown') as speaker_side
    from quotes q
    left join actors ac using (actor_id)
    where q.actor_id is not null and q.actor_id <> 'unknown'
      and ac.kind is distinct from 'group'
),
top as (
    select
        actor_id,
        any_value(speaker)                                    as speaker,
        any_value(speaker_side)                               as speaker_side,
        count(*)                                              as n_quotes,
        row_number() over (order by count(*) desc, actor_id)  as rank
    from named
    group by actor_id
    qualify rank <= $top
)
select
    t.rank, t.actor_id, t.speaker, t.speaker_side, t.n_quotes,
    s.side                                                            as target_side,
    l.label,
    count(*) filter (where s.label = l.label)                         as n_label,
    round(count(*) filter (where s.label = l.label) / count(*), 4)    as share
from top t
join named n using (actor_id)
join quote_stance s using (quote_id)
cross join (values ('favor'), ('against')) as l(label)
group by all
order by rank, target_side desc, label desc
