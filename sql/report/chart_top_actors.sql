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
),
stance as (
    select
        t.rank, t.actor_id, t.speaker, t.speaker_side, t.n_quotes,
        s.side                                          as target_side,
        count(*)                                        as n_scored,
        count(*) filter (where s.label = 'favor')       as n_favor,
        count(*) filter (where s.label = 'against')     as n_against
    from top t
    join named n using (actor_id)
    join quote_stance s using (quote_id)
    group by all
)
select rank, actor_id, speaker, speaker_side, n_quotes, target_side, 'favor' as label,
       n_favor as n_label, round(n_favor / n_scored, 4) as share
from stance
union all
select rank, actor_id, speaker, speaker_side, n_quotes, target_side, 'against' as label,
       n_against as n_label, round(n_against / n_scored, 4) as share
from stance
order by rank, target_side desc, label desc
