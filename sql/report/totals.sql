-- Headline counts for the run summary and the Prefect table artifact.
select
    (select count(*) from articles)                               as articles,
    (select count(*) from quotes)                                 as quotes,
    (select count(distinct actor_id) from quotes)                 as speakers,
    (select count(*) from actors)                                 as actors,
    (select count(*) from actors where not in_registry)           as new_actors,
    (select count(*) from rejected_inputs)                        as rejected_inputs
