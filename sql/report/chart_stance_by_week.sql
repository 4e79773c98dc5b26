-- Chart 1, stance by week: per ISO week (starting Monday: date_trunc('week')) and target side,
-- how many quotes the week holds (n_quotes) and how many of them are favor / against that side
-- (n_label), with share = n_label / n_quotes. One row per week, target side and label, so the
-- two shares of a week and side add up to at most 1 (the rest is "none").
-- Quotes of articles without a published date are left out; only the $weeks newest weeks
-- (counted back from the newest week with quotes) are kept.
with weekly as (
    select
        cast(date_trunc('week', a.published) as date)   as week,
        s.side                                          as target_side,
        l.label,
        count(*) filter (where s.label = l.label)       as n_label,
        count(*)                                        as n_quotes
    from quote_stance s
    join quotes q using (quote_id)
    join articles a using (article_id)
    cross join (values ('favor'), ('against')) as l(label)
    where a.published is not null
    group by all
)
select week, target_side, label, n_label, n_quotes, round(n_label / n_quotes, 4) as share
from weekly
where week > (select max(week) from weekly) - to_weeks(cast($weeks as integer))
order by week, target_side, label desc
