-- What a warning's push needs about each person, read from indexes the send already walks.
--
-- The push of a warning goes to each targeted person's account, in their language (one broadcast
-- per action and language). The send looked both up per person after the insert: one probe of
-- residents for the language and one of users (and its heap) for the account. For 10,000 people
-- that was about 35 ms and 15 ms of a 190 ms statement; for a city of 450,000, seconds.
--
-- - The home cell index (0015), which the send reads every home from by index-only scans, also
--   carries the language: the people found at home (nearly everyone targeted) come with it.
-- - The account of a resident is read from a partial index that holds its id, so the probe does
--   not visit the users table.

CREATE INDEX residents_home_cell_language_idx ON residents ((ST_GeoHash(home_point, 8)) COLLATE "C")
  INCLUDE (id, home_point, language);
DROP INDEX residents_home_cell_idx;
ALTER INDEX residents_home_cell_language_idx RENAME TO residents_home_cell_idx;

CREATE INDEX users_resident_account_idx ON users (resident_id) INCLUDE (id)
  WHERE resident_id IS NOT NULL AND disabled_at IS NULL;
