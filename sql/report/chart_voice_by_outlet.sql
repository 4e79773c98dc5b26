-- Chart 3, voice share by outlet: whom each outlet quotes. For the $top outlets with the most
-- quotes, the quotes of each speaker side (n_quotes) and their share of the outlet's quotes
-- (share; the shares of an outlet add up to 1). Every quote counts, named or not; articles
-- without an outlet count as '(unknown)'.
with per_side as (
    select
        coalesce(a.outlet, '(unknown)')           as outlet,
        coalesce(q.speaker_side, 'unknown')       as speaker_side,
        count(*)                                  as n_quotes
    from quotes q
    left join articles a using (article_id)
    group by all
),
outlets as (
    select outlet, cast(sum(n_quotes) as bigint) as outlet_quotes,
           row_number() over (order by sum(n_quotes) desc, outlet) as rank
    from per_side
    group by outlet
    qualify rank <= $top
)
select o.rank, p.outlet, o.outlet_quotes, p.speaker_side, p.n_quotes,
       round(p.n_quotes / o.outlet_quotes, 4) as share
from per_side p
join outlets o using (outlet)
order by o.rank, p.speaker_side
