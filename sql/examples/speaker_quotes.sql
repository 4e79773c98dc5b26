-- Everything one speaker said, newest first, with stance toward each side.
-- Change the name pattern to look up someone else.
SELECT published, outlet, kind, stance_ukraine, stance_russia, sentiment_compound, text
FROM v_quotes
WHERE speaker ILIKE '%zelensk%'
ORDER BY published DESC NULLS LAST, article_id, quote_index;
