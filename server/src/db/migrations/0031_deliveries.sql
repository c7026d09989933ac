-- Escalation until read: one row per message (warning or notice), person and channel actually
-- used. The inbox entry itself (and its live socket push) is not a row here: it is the entry in
-- inbox_items, whose delivered_at / read_at / responded_at say whether the person was reached on
-- the socket and whether they read or answered.
--
-- A row is written only when escalation decides to use that channel for that person (a warning
-- to a city writes rows for the people with a push subscription at once, SMS rows minutes later
-- for those still unread, ...), set-based in the step's transaction (INSERT … SELECT), never one
-- statement per person.
--
-- Status of the row (what happened on this channel):
--   queued     chosen for this channel, waiting for its send batch (or for a retry, see attempts)
--   sending    claimed by a sender; committed BEFORE the provider is called. A row that stays
--              here (the node died mid-send) is never sent again: it becomes failed with
--              error_id 'outcome_unknown' and the person moves on to the next step
--   sent       the provider took it (provider_ref names it for a later receipt)
--   delivered  the provider confirmed delivery (in its answer, or by a receipt); a visit row is
--              'sent' once handed over to the visit tasks
--   failed     not sent, or refused after it (error_id); retries exhausted or not worth one
--   cancelled  not sent: the person read or answered first, or the message was replaced,
--              cancelled or expired
-- Read and responded are not stored here: they are the inbox entry's read_at / responded_at,
-- which any channel (inbox, socket receipt, a push or link click) sets. The reach funnel joins
-- them in, so a queued or sent row of someone who has read counts as read.
--
-- No foreign keys (a warning to a city would queue an RI check per key per row): deleting a
-- resident, warning or notice deletes its rows by statement-level triggers below.
CREATE TABLE deliveries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  message_kind text NOT NULL CHECK (message_kind IN ('alert', 'notice')),
  -- alerts.id or notices.id.
  message_id uuid NOT NULL,
  -- The person the message is for (whose reach this row counts towards).
  resident_id uuid NOT NULL,
  -- relay: one of the person's designees is asked to check on them; visit: handed over to visit tasks.
  channel text NOT NULL CHECK (channel IN ('push', 'email', 'sms', 'relay', 'visit')),
  -- relay only: the designee who was asked, and the designee's channel that carried the request.
  relay_to uuid,
  via text CHECK (via IN ('push', 'email', 'sms')),
  -- Index of the policy step that chose this channel (0: at once).
  step smallint NOT NULL CHECK (step >= 0),
  status text NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'cancelled')),
  -- Sends tried (a retryable failure puts the row back to queued until the policy's limit).
  attempts smallint NOT NULL DEFAULT 0,
  -- The provider's id for the send (SMPP message_id, SMTP queue id, push service location):
  -- delivery receipts find the row by it.
  provider_ref text CHECK (length(provider_ref) <= 200),
  -- Stable id of the last failure (e.g. sms_throttled, smtp_mailbox_unknown, outcome_unknown).
  error_id text CHECK (length(error_id) <= 64),
  queued_at timestamptz NOT NULL DEFAULT now(),
  sending_at timestamptz,
  sent_at timestamptz,
  delivered_at timestamptz,
  failed_at timestamptz,
  cancelled_at timestamptz,
  CHECK ((channel = 'relay') = (relay_to IS NOT NULL AND via IS NOT NULL))
);

-- One row per message, person and channel (a channel is used at most once per person: nobody is
-- messaged twice on one channel); relays once per designee. Escalation inserts with
-- ON CONFLICT DO NOTHING and sends only what it inserted.
CREATE UNIQUE INDEX deliveries_direct_key ON deliveries (message_id, channel, resident_id)
  WHERE relay_to IS NULL;
CREATE UNIQUE INDEX deliveries_relay_key ON deliveries (message_id, resident_id, relay_to)
  WHERE relay_to IS NOT NULL;
-- The per-message funnel: counts by channel and status.
CREATE INDEX deliveries_funnel_idx ON deliveries (message_id, channel, status);
-- Delivery receipts (SMPP deliver_sm, bounces, the service worker's) by the provider's id.
CREATE INDEX deliveries_provider_ref_idx ON deliveries (provider_ref) WHERE provider_ref IS NOT NULL;
-- A resident's deliveries (their open ones, and removing them with the resident).
CREATE INDEX deliveries_resident_idx ON deliveries (resident_id, status);
CREATE INDEX deliveries_relay_to_idx ON deliveries (relay_to) WHERE relay_to IS NOT NULL;
-- Sends left in flight by a node that died: the sweep finds them without scanning the table.
CREATE INDEX deliveries_sending_idx ON deliveries (sending_at) WHERE status = 'sending';

CREATE FUNCTION deliveries_residents_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM deliveries d USING deliveries_residents_removed r WHERE d.resident_id = r.id;
  DELETE FROM deliveries d USING deliveries_residents_removed r WHERE d.relay_to = r.id;
  RETURN NULL;
END $$;
CREATE TRIGGER deliveries_residents_deleted AFTER DELETE ON residents
  REFERENCING OLD TABLE AS deliveries_residents_removed
  FOR EACH STATEMENT EXECUTE FUNCTION deliveries_residents_deleted();

CREATE FUNCTION deliveries_messages_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM deliveries d USING deliveries_messages_removed m
  WHERE d.message_id = m.id AND d.message_kind = TG_ARGV[0];
  RETURN NULL;
END $$;
CREATE TRIGGER deliveries_alerts_deleted AFTER DELETE ON alerts
  REFERENCING OLD TABLE AS deliveries_messages_removed
  FOR EACH STATEMENT EXECUTE FUNCTION deliveries_messages_deleted('alert');
CREATE TRIGGER deliveries_notices_deleted AFTER DELETE ON notices
  REFERENCING OLD TABLE AS deliveries_messages_removed
  FOR EACH STATEMENT EXECUTE FUNCTION deliveries_messages_deleted('notice');

CREATE FUNCTION deliveries_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('DELETE FROM deliveries WHERE %s', TG_ARGV[0]);
  RETURN NULL;
END $$;
CREATE TRIGGER deliveries_residents_truncated AFTER TRUNCATE ON residents
  FOR EACH STATEMENT EXECUTE FUNCTION deliveries_truncated('true');
CREATE TRIGGER deliveries_alerts_truncated AFTER TRUNCATE ON alerts
  FOR EACH STATEMENT EXECUTE FUNCTION deliveries_truncated('message_kind = ''alert''');
CREATE TRIGGER deliveries_notices_truncated AFTER TRUNCATE ON notices
  FOR EACH STATEMENT EXECUTE FUNCTION deliveries_truncated('message_kind = ''notice''');
