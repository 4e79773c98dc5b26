-- Each quote with 80 characters of article text around it (offsets are characters).
SELECT
    q.quote_id,
    q.speaker,
    substr(a.text, greatest(q.char_start - 80, 0) + 1, least(q.char_start, 80)) AS before,
    q.text,
    substr(a.text, q.char_end + 1, 80)                                          AS after
FROM quotes AS q
JOIN articles AS a USING (article_id)
ORDER BY q.article_id, q.quote_index
LIMIT 20;
