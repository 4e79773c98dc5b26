-- Chart 4, outlet volume: how much each of the $top outlets with the most quotes contributes,
-- in articles and quotes. Articles without an outlet count as '(unknown)'.
select
    row_number() over (order by count(q.quote_id) desc, coalesce(a.outlet, '(unknown)')) as rank,
    coalesce(a.outlet, '(unknown)')       as outlet,
    count(distinct a.article_id)          as n_articles,
    count(q.quote_id)                     as n_quotes
from articles a
left join quotes q using (article_id)
group by coalesce(a.outlet, '(unknown)')
qualify rank <= $top
order by rank
