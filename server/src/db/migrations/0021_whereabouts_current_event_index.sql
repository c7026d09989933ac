-- Deleting a whereabouts event makes PostgreSQL check that no current state still points at it
-- (the foreign key whereabouts_current.event_id). Without an index that check reads the whole of
-- whereabouts_current once per deleted event: the retention purge of an incident deleted its
-- events at 0.45 ms each with 7,400 current states (EXPLAIN ANALYZE on the bench database), and the
-- time grows with the number of people who have a current state — hours for a prefecture-sized
-- incident. With the index each check is one lookup. The tap path already rewrites the row's
-- indexes on every change of place, so the extra entry costs it one btree insert.
CREATE INDEX whereabouts_current_event_idx ON whereabouts_current (event_id);
