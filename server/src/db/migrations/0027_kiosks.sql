-- Kiosks: shelter PCs on which residents sign in with their card and a PIN. A sibling of
-- `readers`, not a reader mode: a kiosk key opens resident sessions and never feeds the tap path,
-- a reader key feeds taps and never opens a session, so each key is good for one thing only.
CREATE TABLE kiosks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  shelter_id uuid NOT NULL REFERENCES shelters (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- SHA-256 of the device key; the key itself is shown once when created or rotated.
  key_hash text NOT NULL UNIQUE,
  key_rotated_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz
);
CREATE INDEX kiosks_shelter_idx ON kiosks (shelter_id);

-- The resident's kiosk PIN (argon2id, like passwords); null: no PIN, no kiosk sign-in.
ALTER TABLE users ADD COLUMN kiosk_pin_hash text;

-- Wrong PINs per card token, whether or not a card with that token exists, so locking tells
-- nothing about a card's existence. At the limit the token is locked until staff unlock it.
CREATE TABLE kiosk_pin_failures (
  card_token text PRIMARY KEY CHECK (card_token ~ '^[0-9a-f]{64}$'),
  failures integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
  locked_at timestamptz,
  last_failed_at timestamptz NOT NULL DEFAULT now()
);

-- A kiosk session: opened at a kiosk, ends after its own (short) idle time, and with the kiosk.
ALTER TABLE sessions
  ADD COLUMN kiosk_id uuid REFERENCES kiosks (id) ON DELETE CASCADE,
  ADD COLUMN idle_seconds integer CHECK (idle_seconds > 0),
  ADD CONSTRAINT sessions_kiosk_idle CHECK (kiosk_id IS NULL OR idle_seconds IS NOT NULL);
CREATE INDEX sessions_kiosk_idx ON sessions (kiosk_id) WHERE kiosk_id IS NOT NULL;
