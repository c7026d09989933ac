-- Letters for people a warning or notice cannot reach on any channel: a printable batch (PDF for
-- the window envelope, CSV for the mail vendor) per warning or notice, made by HQ and worked
-- through in chunks on the job engine. Progress is committed per chunk; a node that stops
-- mid-batch leaves it to the next one, which continues where it stopped.
CREATE TABLE post_batches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The warning or the notice the letters carry: exactly one.
  alert_id uuid REFERENCES alerts (id) ON DELETE CASCADE,
  notice_id uuid REFERENCES notices (id) ON DELETE CASCADE,
  CHECK ((alert_id IS NULL) <> (notice_id IS NULL)),
  -- Also people with a channel who had not read it this many minutes after it was sent (NULL: no).
  unread_after_minutes integer CHECK (unread_after_minutes BETWEEN 0 AND 10080),
  -- A further batch made on purpose (confirmed): the first live batch of a source is unique.
  additional boolean NOT NULL DEFAULT false,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'cancelled', 'failed')),
  letters_total integer NOT NULL DEFAULT 0 CHECK (letters_total >= 0),
  letters_done integer NOT NULL DEFAULT 0 CHECK (letters_done >= 0),
  -- Who the letters are for, counted when the batch was made (counts only, no one named).
  people_total integer NOT NULL DEFAULT 0 CHECK (people_total >= 0),
  people_no_account integer NOT NULL DEFAULT 0 CHECK (people_no_account >= 0),
  people_account_without_push integer NOT NULL DEFAULT 0 CHECK (people_account_without_push >= 0),
  people_unread_with_channel integer NOT NULL DEFAULT 0 CHECK (people_unread_with_channel >= 0),
  -- Selected but with no address in the registry: no letter can be printed for them.
  people_without_address integer NOT NULL DEFAULT 0 CHECK (people_without_address >= 0),
  -- The node working on it and until when; a lease that runs out lets another node take over.
  node text,
  lease_until timestamptz,
  -- Claims so far: a batch that keeps failing stops after a few instead of looping.
  attempts integer NOT NULL DEFAULT 0,
  started_at timestamptz,
  finished_at timestamptz,
  pdf_bytes bigint,
  csv_bytes bigint,
  error_id text
);
CREATE UNIQUE INDEX post_batches_live_source ON post_batches ((COALESCE(alert_id, notice_id)))
  WHERE status IN ('pending', 'running', 'done') AND NOT additional;
CREATE INDEX post_batches_alert_idx ON post_batches (alert_id, created_at DESC) WHERE alert_id IS NOT NULL;
CREATE INDEX post_batches_notice_idx ON post_batches (notice_id, created_at DESC) WHERE notice_id IS NOT NULL;

-- The letters of a batch, fixed when it is made so that a restart works on the same list: one per
-- household (or per person without a household), with the people it is for in print order.
CREATE TABLE post_letters (
  batch_id uuid NOT NULL REFERENCES post_batches (id) ON DELETE CASCADE,
  seq integer NOT NULL CHECK (seq >= 1),
  -- The household, or the person for someone without a household.
  reference uuid NOT NULL,
  recipients uuid[] NOT NULL CHECK (cardinality(recipients) >= 1),
  PRIMARY KEY (batch_id, seq)
);
