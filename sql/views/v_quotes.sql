-- One row per quote: who said it (speaker, side), where (outlet, published, title, url), its
-- VADER sentiment, and the stance toward each target side pivoted into columns.
CREATE OR REPLACE VIEW v_quotes AS
SELECT
    q.quote_id,
    q.article_id,
    q.quote_index,
    a.outlet,
    a.published,
    a.title,
    a.url,
    q.text,
    q.kind,
    q.verb,
    q.speaker_mention,
    q.actor_id,
    q.speaker,
    coalesce(q.speaker_side, 'unknown') AS speaker_side,
    q.speaker_side_evidence,
    ac.kind                             AS speaker_kind,
    ac.in_registry                      AS speaker_in_registry,
    q.sentiment_compound,
    q.sentiment_pos,
    q.sentiment_neu,
    q.sentiment_neg,
    su.label     AS stance_ukraine,
    su.score     AS stance_ukraine_score,
    su.sentiment AS stance_ukraine_sentiment,
    su.evidence  AS stance_ukraine_evidence,
    sr.label     AS stance_russia,
    sr.score     AS stance_russia_score,
    sr.sentiment AS stance_russia_sentiment,
    sr.evidence  AS stance_russia_evidence,
    q.char_start,
    q.char_end,
    q.mention_start,
    q.mention_end
FROM quotes AS q
LEFT JOIN articles AS a ON a.article_id = q.article_id
LEFT JOIN actors AS ac ON ac.actor_id = q.actor_id
LEFT JOIN quote_stance AS su ON su.quote_id = q.quote_id AND su.side = 'ukraine'
LEFT JOIN quote_stance AS sr ON sr.quote_id = q.quote_id AND sr.side = 'russia';
