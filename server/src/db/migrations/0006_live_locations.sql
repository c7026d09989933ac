-- Live locations that residents chose to share (for warnings and calls for help). Only the last
-- known point is kept, and only for a short time.

ALTER TABLE residents
  ADD COLUMN share_live_location boolean NOT NULL DEFAULT false;

CREATE TABLE resident_locations (
  resident_id uuid PRIMARY KEY REFERENCES residents (id) ON DELETE CASCADE,
  location geometry(Point, 4326) NOT NULL,
  accuracy_m integer CHECK (accuracy_m >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- After this the point is no longer used for anything and is purged.
  expires_at timestamptz NOT NULL
);
CREATE INDEX resident_locations_location_gist ON resident_locations USING gist (location);
CREATE INDEX resident_locations_expires_idx ON resident_locations (expires_at);
