-- A tap row is written when the event id is claimed and settled once the outcome is known, in the
-- same transaction. Keeping `outcome` out of every index (and leaving room on each page) lets that
-- second write be a HOT update instead of a new index entry per tap.
DROP INDEX taps_unresolved_idx;
ALTER TABLE taps SET (fillfactor = 85);
