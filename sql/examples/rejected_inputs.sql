-- Input records that were not loaded, grouped by reason, with one example each.
SELECT reason, count(*) AS n, any_value(source || ' ' || location) AS example, max(last_seen) AS last_seen
FROM rejected_inputs
GROUP BY reason
ORDER BY n DESC;
