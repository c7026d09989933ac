-- Residents join: enrolment codes tied to one registry person, passkeys, the WebAuthn challenges
-- between a passkey ceremony's two requests, and account entries in the inbox.

-- A resident who enrols with a passkey only has no password.
ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;

-- Only a SHA-256 of each code is kept: the codes carry 80 random bits, so the hash cannot be
-- reversed by trying codes, and a leaked table hands out nothing that can be claimed.
CREATE TABLE enrolment_codes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  resident_id uuid NOT NULL REFERENCES residents (id) ON DELETE CASCADE,
  code_hash text NOT NULL UNIQUE CHECK (code_hash ~ '^[0-9a-f]{64}$'),
  -- enrol: the person has no account yet; recovery: claiming replaces the account's credentials.
  purpose text NOT NULL CHECK (purpose IN ('enrol', 'recovery')),
  issued_by uuid REFERENCES users (id) ON DELETE SET NULL,
  issued_at_shelter uuid REFERENCES shelters (id) ON DELETE SET NULL,
  issued_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  used_by uuid REFERENCES users (id) ON DELETE SET NULL,
  revoked_at timestamptz,
  revoked_by uuid REFERENCES users (id) ON DELETE SET NULL,
  CHECK (expires_at > issued_at),
  CHECK (used_at IS NULL OR revoked_at IS NULL)
);
-- At most one open code per person: issuing another revokes the previous one first.
CREATE UNIQUE INDEX enrolment_codes_open_key ON enrolment_codes (resident_id)
  WHERE used_at IS NULL AND revoked_at IS NULL;

CREATE TABLE passkeys (
  -- The credential id as base64url, as the browser sends it.
  credential_id text PRIMARY KEY CHECK (credential_id ~ '^[A-Za-z0-9_-]+$' AND length(credential_id) BETWEEN 16 AND 1400),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- COSE public key, base64url: text reads the same through pg and the embedded database.
  public_key text NOT NULL,
  sign_count bigint NOT NULL DEFAULT 0 CHECK (sign_count >= 0),
  transports text[] NOT NULL DEFAULT '{}',
  backed_up boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);
CREATE INDEX passkeys_user_idx ON passkeys (user_id);

-- A challenge is handed out with a ceremony's options and deleted by the request that answers it,
-- so each one is accepted once, on whichever node receives the answer.
CREATE TABLE webauthn_challenges (
  challenge text PRIMARY KEY CHECK (challenge ~ '^[A-Za-z0-9_-]{16,128}$'),
  purpose text NOT NULL CHECK (purpose IN ('enrol', 'sign_in', 'add_passkey')),
  enrolment_code_id uuid REFERENCES enrolment_codes (id) ON DELETE CASCADE,
  user_id uuid REFERENCES users (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  CHECK ((purpose = 'enrol') = (enrolment_code_id IS NOT NULL)),
  CHECK ((purpose = 'add_passkey') = (user_id IS NOT NULL))
);
CREATE INDEX webauthn_challenges_expires_idx ON webauthn_challenges (expires_at);

-- The account's own events in the person's inbox: it was created, or recovered with a new code.
ALTER TABLE inbox_items ADD COLUMN account_event text CHECK (account_event IN ('enrolled', 'recovered'));
ALTER TABLE inbox_items DROP CONSTRAINT inbox_items_kind_check;
ALTER TABLE inbox_items ADD CONSTRAINT inbox_items_kind_check
  CHECK (kind IN ('alert', 'notice', 'application', 'account'));
ALTER TABLE inbox_items ADD CONSTRAINT inbox_items_account_check
  CHECK ((kind = 'account') = (account_event IS NOT NULL));
