-- Acting for a resident (代理): staff at a counter or shelter act for a person who asks them, with
-- the person's consent recorded; a designee the person allows to "act for me" reads their notices
-- and applies for them. Every act is written to the person's access log (see docs/enrolment.md).

-- One acting session: who acts, for whom, why, how the person consented, and for how long.
CREATE TABLE acting_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  staff_user_id uuid NOT NULL REFERENCES users (id),
  resident_id uuid NOT NULL REFERENCES residents (id) ON DELETE CASCADE,
  -- Where the person was helped: the shelter staff named (NULL at an HQ or municipal counter).
  shelter_id uuid REFERENCES shelters (id) ON DELETE SET NULL,
  consent text NOT NULL CHECK (consent IN ('in_person', 'verbal', 'written')),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
  started_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ended_at timestamptz,
  CHECK (expires_at > started_at),
  CHECK (ended_at IS NULL OR ended_at >= started_at)
);
-- A member of staff acts for one person at a time: starting another session ends the open one.
CREATE UNIQUE INDEX acting_sessions_one_open_key ON acting_sessions (staff_user_id) WHERE ended_at IS NULL;
CREATE INDEX acting_sessions_resident_idx ON acting_sessions (resident_id, started_at DESC);

-- A designee the person allows to act for them: read their notices, create and submit
-- applications. Off until the person turns it on; it ends with the designation.
ALTER TABLE designations
  ADD COLUMN act_for_me boolean NOT NULL DEFAULT false,
  ADD COLUMN act_for_me_changed_at timestamptz;

-- An application's history says when a step was taken for the applicant by someone else.
ALTER TABLE relief_application_events
  ADD COLUMN on_behalf text CHECK (on_behalf IN ('staff', 'designee')),
  ADD COLUMN acting_session_id uuid REFERENCES acting_sessions (id) ON DELETE SET NULL;

-- A paper original handed in at a counter stands for an upload in its attachment slot.
CREATE TABLE relief_paper_originals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  application_id uuid NOT NULL REFERENCES relief_applications (id) ON DELETE CASCADE,
  slot text NOT NULL CHECK (slot ~ '^[a-z][a-zA-Z0-9]{0,39}$'),
  note text CHECK (length(note) BETWEEN 1 AND 200),
  received_by uuid NOT NULL REFERENCES users (id),
  acting_session_id uuid REFERENCES acting_sessions (id) ON DELETE SET NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (application_id, slot)
);
