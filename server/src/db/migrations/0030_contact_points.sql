-- A resident's e-mail address and mobile number for warnings and notices. Each is used only once
-- verified (a code sent to it was entered back) and while its consent stands; withdrawing keeps
-- the row (the record of what was agreed when) but stops every send.
CREATE TABLE contact_points (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  resident_id uuid NOT NULL REFERENCES residents (id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  -- e-mail: lowercased domain; sms: E.164 (+81…).
  address text NOT NULL CHECK (length(address) BETWEEN 3 AND 254),
  verified_at timestamptz,
  -- Consent to warnings on this channel: when, and which wording (the text the person saw).
  consent_at timestamptz,
  consent_version text CHECK (consent_version ~ '^[a-z0-9.-]{1,40}$'),
  withdrawn_at timestamptz,
  -- The pending verification: SHA-256 of the code, when it stops working, wrong tries so far.
  code_hash bytea,
  code_sent_at timestamptz,
  code_expires_at timestamptz,
  code_attempts int NOT NULL DEFAULT 0,
  -- The provider said the address does not exist (hard bounce, invalid number): no longer
  -- verified, and the person sees why in their settings until they verify again.
  gone_at timestamptz,
  gone_reason text CHECK (gone_reason IN ('mailbox_unknown', 'number_invalid', 'undeliverable')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- One address per channel per person: changing it starts a new verification.
  UNIQUE (resident_id, channel),
  CHECK ((consent_at IS NULL) = (consent_version IS NULL)),
  CHECK ((gone_at IS NULL) = (gone_reason IS NULL)),
  CHECK (code_hash IS NULL OR (code_expires_at IS NOT NULL AND code_sent_at IS NOT NULL))
);
-- Who can be reached on a channel now (escalation reads this for every warning).
CREATE INDEX contact_points_usable_idx ON contact_points (channel, resident_id)
  WHERE verified_at IS NOT NULL AND consent_at IS NOT NULL AND withdrawn_at IS NULL;
