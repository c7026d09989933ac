-- Visits to the people a warning did not reach, and community supporters (民生委員) who make them.

ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
  CHECK (role IN ('resident', 'shelter_staff', 'hq_operator', 'admin', 'community_supporter'));
-- Supporters' reads of the people they visit go to those people's access logs like everyone's.
ALTER TABLE access_log DROP CONSTRAINT access_log_viewer_role_check;
ALTER TABLE access_log ADD CONSTRAINT access_log_viewer_role_check
  CHECK (viewer_role IN ('resident', 'shelter_staff', 'hq_operator', 'admin', 'community_supporter'));

-- A community supporter's area: the municipalities they cover, a district drawn as a polygon, or
-- both (a task is theirs when either covers it). Only supporters have one; they see nothing else.
CREATE TABLE supporter_areas (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  municipality_codes text[] NOT NULL DEFAULT '{}',
  district geometry(MultiPolygon, 4326),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (cardinality(municipality_codes) > 0 OR district IS NOT NULL),
  CHECK (district IS NULL OR ST_IsValid(district))
);
CREATE INDEX supporter_areas_district_gist ON supporter_areas USING gist (district);

CREATE TABLE visit_tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  alert_id uuid NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  resident_id uuid NOT NULL REFERENCES residents (id) ON DELETE CASCADE,
  household_id uuid REFERENCES households (id) ON DELETE SET NULL,
  -- The person's home municipality when the task opened: what supporters' areas and HQ's counts use.
  municipality_code char(5) REFERENCES municipalities (code),
  status text NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'assigned', 'done', 'closed_automatically', 'cancelled')),
  -- escalation: the last step of a warning's escalation; hq: opened by hand from the unreached list.
  opened_via text NOT NULL CHECK (opened_via IN ('escalation', 'hq')),
  opened_by uuid REFERENCES users (id),
  opened_at timestamptz NOT NULL DEFAULT now(),
  assigned_to uuid REFERENCES users (id),
  assigned_by uuid REFERENCES users (id),
  assigned_at timestamptz,
  -- What the visitor found, and a short note: may be personal, read only by HQ and the assignee.
  outcome text CHECK (outcome IN ('safe', 'needs_help', 'not_at_home')),
  outcome_note text CHECK (length(outcome_note) <= 300),
  closed_at timestamptz,
  closed_by uuid REFERENCES users (id),
  -- card_tap, response, report: closed by itself; staff: closed by a person (outcome or cancel).
  closed_by_event text CHECK (closed_by_event IN ('card_tap', 'response', 'report', 'staff')),
  CHECK ((status IN ('open', 'assigned')) = (closed_at IS NULL)),
  CHECK ((closed_at IS NULL) = (closed_by_event IS NULL)),
  CHECK (status <> 'assigned' OR assigned_to IS NOT NULL),
  CHECK (status <> 'closed_automatically' OR closed_by_event IN ('card_tap', 'response', 'report')),
  CHECK (status <> 'done' OR outcome IS NOT NULL)
);
-- At most one open task per person and warning: opening is idempotent (ON CONFLICT on this).
CREATE UNIQUE INDEX visit_tasks_open_key ON visit_tasks (alert_id, resident_id)
  WHERE status IN ('open', 'assigned');
-- Card taps, reports and responses probe this for the people they concern; it holds only open
-- tasks, so on a day without visits every probe finds an empty index.
CREATE INDEX visit_tasks_open_resident_idx ON visit_tasks (resident_id)
  WHERE status IN ('open', 'assigned');
CREATE INDEX visit_tasks_alert_idx ON visit_tasks (alert_id, opened_at);
CREATE INDEX visit_tasks_assignee_idx ON visit_tasks (assigned_to, opened_at) WHERE assigned_to IS NOT NULL;
