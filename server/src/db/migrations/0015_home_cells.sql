-- Warning targeting reads homes by geohash cell (see alerts/targeting.queries.ts). This btree is
-- ordered by the home's geohash (19 m x 38 m cells) and carries the id and the point, so the homes
-- of a city are a few hundred contiguous key ranges read by index-only scans: no heap read per
-- person, and no separate table to keep in step with `residents`. "C" collation: byte order is
-- geohash order, so the homes in a cell are one key range.
CREATE INDEX residents_home_cell_idx ON residents ((ST_GeoHash(home_point, 8)) COLLATE "C")
  INCLUDE (id, home_point);

-- Sending a warning to a city writes one inbox row per person in one statement, and every index
-- entry is part of that cost. Warning rows have no notice and no response location, so these two
-- indexes keep only the rows that have one (the uniqueness is the same: NULLs never conflicted).
DROP INDEX inbox_items_response_location_gist;
CREATE INDEX inbox_items_response_location_gist ON inbox_items USING gist (response_location)
  WHERE response_location IS NOT NULL;
ALTER TABLE inbox_items DROP CONSTRAINT inbox_items_resident_id_notice_id_key;
CREATE UNIQUE INDEX inbox_items_resident_notice_key ON inbox_items (resident_id, notice_id)
  WHERE notice_id IS NOT NULL;
