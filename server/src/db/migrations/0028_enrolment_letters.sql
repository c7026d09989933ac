-- Enrolment letters: a batch of letters for a selection of the registry, worked through in chunks
-- by the job runner of whichever node claims it. Progress is committed per chunk, so a node that
-- dies mid-batch leaves it to the next one, which continues where it stopped.
CREATE TABLE enrolment_letter_batches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- household: one letter per household listing each adult member's code; person: one per adult.
  per text NOT NULL CHECK (per IN ('household', 'person')),
  targeting jsonb NOT NULL,
  replace_open_codes boolean NOT NULL DEFAULT false,
  include_enrolled boolean NOT NULL DEFAULT false,
  -- SHA-256 of the canonical request: an identical request finds this batch instead of a new one.
  request_key text NOT NULL CHECK (request_key ~ '^[0-9a-f]{64}$'),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'cancelled', 'failed')),
  letters_total integer NOT NULL DEFAULT 0 CHECK (letters_total >= 0),
  letters_done integer NOT NULL DEFAULT 0 CHECK (letters_done >= 0),
  codes_issued integer NOT NULL DEFAULT 0 CHECK (codes_issued >= 0),
  people_skipped integer NOT NULL DEFAULT 0 CHECK (people_skipped >= 0),
  -- Bytes of the batch's journal that belong to committed chunks: a restart cuts the file there.
  journal_bytes bigint NOT NULL DEFAULT 0 CHECK (journal_bytes >= 0),
  -- The node working on it and until when; a lease that runs out lets another node take over.
  node text,
  lease_until timestamptz,
  started_at timestamptz,
  finished_at timestamptz,
  error_id text
);
-- At most one live batch per identical request (a forced one gets a fresh key).
CREATE UNIQUE INDEX enrolment_letter_batches_live_key ON enrolment_letter_batches (request_key)
  WHERE status IN ('pending', 'running', 'done');
CREATE INDEX enrolment_letter_batches_waiting_idx ON enrolment_letter_batches (created_at)
  WHERE status IN ('pending', 'running');

-- The letters of a batch, fixed when it is created so that a restart works on the same list.
-- recipients: the adults each letter is for (their codes are issued chunk by chunk).
CREATE TABLE enrolment_letters (
  batch_id uuid NOT NULL REFERENCES enrolment_letter_batches (id) ON DELETE CASCADE,
  seq integer NOT NULL CHECK (seq >= 1),
  -- The household, or the person for a person letter (or a person without a household).
  reference uuid NOT NULL,
  recipients uuid[] NOT NULL,
  PRIMARY KEY (batch_id, seq)
);

-- Which batch a code was printed by: cancelling a batch revokes its codes.
ALTER TABLE enrolment_codes
  ADD COLUMN letter_batch_id uuid REFERENCES enrolment_letter_batches (id) ON DELETE SET NULL;
CREATE INDEX enrolment_codes_letter_batch_idx ON enrolment_codes (letter_batch_id) WHERE letter_batch_id IS NOT NULL;

-- The PDF and CSV carry the codes in clear: each download is recorded, naming the batch.
CREATE TABLE enrolment_letter_downloads (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  batch_id uuid NOT NULL REFERENCES enrolment_letter_batches (id) ON DELETE CASCADE,
  user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  file text NOT NULL CHECK (file IN ('pdf', 'csv')),
  downloaded_at timestamptz NOT NULL DEFAULT now()
);
