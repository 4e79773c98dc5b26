-- Speakers not in the seed registry, most quoted first: candidates for seeds/actors.csv.
select name, side, n_quotes as quotes, example_mention
from v_actors_to_review
order by n_quotes desc, name
limit 10
