-- 004: why a speaker has its side, readable in SQL.
-- "registry" (seeds/actors.csv), "role word:ukrainian->ukraine", or the article's own description
-- read through the world seeds: "party:R-Ga.->US->west", "institution:IAEA->international",
-- "title:Kremlin spokesman->RU->russia", "demonym:Ukrainian->UA->ukraine",
-- "place:Kharkiv->UA->ukraine" (tasks/attribute/affiliation.py). Empty when the side is unknown.
-- Rows loaded before this migration keep NULL until their article is loaded again.
ALTER TABLE quotes ADD COLUMN speaker_side_evidence VARCHAR;
