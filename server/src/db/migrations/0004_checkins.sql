-- Card readers, cards, taps, and where people are (whereabouts history + current state).

ALTER TABLE shelters
  ADD COLUMN occupancy_day integer NOT NULL DEFAULT 0 CHECK (occupancy_day >= 0),
  ADD COLUMN occupancy_overnight integer NOT NULL DEFAULT 0 CHECK (occupancy_overnight >= 0),
  -- The shelter shows as full when occupancy reaches this share of its indoor capacity.
  ADD COLUMN full_threshold_percent integer NOT NULL DEFAULT 100 CHECK (full_threshold_percent BETWEEN 1 AND 200),
  ADD CONSTRAINT shelters_occupancy_sum CHECK (occupancy = occupancy_day + occupancy_overnight);

-- People registered on the spot: visitors, tourists, people without papers.
ALTER TABLE residents
  ADD COLUMN registration text NOT NULL DEFAULT 'registry'
    CHECK (registration IN ('registry', 'visitor', 'tourist', 'no_papers')),
  ALTER COLUMN birth_date DROP NOT NULL,
  ADD CONSTRAINT residents_registry_birth_date CHECK (registration <> 'registry' OR birth_date IS NOT NULL);

CREATE TABLE readers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  shelter_id uuid NOT NULL REFERENCES shelters (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- toggle: a tap checks in, or out when already inside; in / out: fixed direction readers.
  mode text NOT NULL DEFAULT 'toggle' CHECK (mode IN ('toggle', 'in', 'out')),
  -- SHA-256 of the device key; the key itself is shown once when created or rotated.
  key_hash text NOT NULL UNIQUE,
  key_rotated_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz
);
CREATE INDEX readers_shelter_idx ON readers (shelter_id);

CREATE TABLE cards (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- HMAC-SHA256 (server secret) of the card UID/IDm. Raw UIDs are never stored.
  token text NOT NULL CHECK (token ~ '^[0-9a-f]{64}$'),
  resident_id uuid NOT NULL REFERENCES residents (id),
  kind text NOT NULL CHECK (kind IN ('my_number', 'transit', 'issued', 'other')),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  revoked_by uuid REFERENCES users (id)
);
-- A card belongs to one person at a time; a revoked card's token may be bound again.
CREATE UNIQUE INDEX cards_active_token_key ON cards (token) WHERE revoked_at IS NULL;
CREATE INDEX cards_token_idx ON cards (token);
CREATE INDEX cards_resident_idx ON cards (resident_id);

-- Every tap ever received, keyed by the reader-generated event id: the idempotency record.
CREATE TABLE taps (
  event_id uuid PRIMARY KEY,
  reader_id uuid NOT NULL REFERENCES readers (id),
  shelter_id uuid NOT NULL REFERENCES shelters (id),
  card_token text NOT NULL,
  direction text NOT NULL CHECK (direction IN ('toggle', 'in', 'out')),
  tapped_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  resident_id uuid REFERENCES residents (id),
  outcome text NOT NULL CHECK (outcome IN ('checked_in', 'checked_out', 'transferred', 'recorded_late', 'unknown_card', 'rejected')),
  error_id text,
  occupancy_after integer,
  -- For unknown cards: when staff bound the card to someone.
  resolved_at timestamptz,
  resolved_by uuid REFERENCES users (id)
);
CREATE INDEX taps_shelter_received_idx ON taps (shelter_id, received_at DESC);
CREATE INDEX taps_unresolved_idx ON taps (shelter_id, received_at DESC)
  WHERE outcome = 'unknown_card' AND resolved_at IS NULL;

-- The history of where each person is and how they are; never updated, only appended.
CREATE TABLE whereabouts_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  resident_id uuid NOT NULL REFERENCES residents (id),
  incident_id uuid REFERENCES incidents (id),
  place text NOT NULL CHECK (place IN ('shelter', 'home', 'vehicle', 'relatives', 'hospital', 'evacuated_outside', 'unknown')),
  shelter_id uuid REFERENCES shelters (id),
  stay_type text CHECK (stay_type IN ('day', 'overnight')),
  safety text CHECK (safety IN ('safe', 'injured', 'needs_support', 'missing')),
  note text CHECK (length(note) <= 500),
  source text NOT NULL CHECK (source IN ('card_tap', 'staff', 'self_report', 'family', 'import')),
  reported_by uuid REFERENCES users (id),
  tap_event_id uuid REFERENCES taps (event_id),
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  -- A late report, older than the state it would have replaced: kept in history only.
  late boolean NOT NULL DEFAULT false,
  CHECK ((place = 'shelter') = (shelter_id IS NOT NULL))
);
CREATE INDEX whereabouts_events_resident_idx ON whereabouts_events (resident_id, occurred_at DESC);

-- Where each person is now: one row per person who has any report.
CREATE TABLE whereabouts_current (
  resident_id uuid PRIMARY KEY REFERENCES residents (id),
  place text NOT NULL,
  shelter_id uuid REFERENCES shelters (id),
  stay_type text CHECK (stay_type IN ('day', 'overnight')),
  safety text,
  source text NOT NULL,
  occurred_at timestamptz NOT NULL,
  event_id bigint NOT NULL REFERENCES whereabouts_events (id),
  CHECK ((place = 'shelter') = (shelter_id IS NOT NULL)),
  CHECK (place <> 'shelter' OR stay_type IS NOT NULL)
);
CREATE INDEX whereabouts_current_shelter_idx ON whereabouts_current (shelter_id) WHERE shelter_id IS NOT NULL;
