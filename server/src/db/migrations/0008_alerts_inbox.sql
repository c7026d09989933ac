-- Geofenced warnings (CAP 1.2) and each person's inbox of warnings and notices, with receipts.

CREATE TABLE alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  identifier text NOT NULL,
  sender text NOT NULL,
  sent timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('Actual', 'Exercise', 'System', 'Test', 'Draft')),
  msg_type text NOT NULL CHECK (msg_type IN ('Alert', 'Update', 'Cancel')),
  scope text NOT NULL CHECK (scope IN ('Public', 'Restricted', 'Private')),
  -- CAP `references` as received: "sender,identifier,sent" triples separated by spaces.
  references_text text,
  -- The first message of the Alert → Update → Cancel chain; the chain shares one audience.
  lineage_id uuid NOT NULL,
  incident_id uuid REFERENCES incidents (id),
  origin text NOT NULL CHECK (origin IN ('composed', 'imported')),
  created_by uuid REFERENCES users (id),
  -- The latest `expires` of its infos; NULL: does not expire by itself.
  expires timestamptz,
  -- Set when a later Update or Cancel in the chain replaces this message.
  superseded_by uuid REFERENCES alerts (id),
  cancelled boolean NOT NULL DEFAULT false,
  -- Inbox entries written for this message (people targeted, plus cancels on Update).
  targeted integer NOT NULL DEFAULT 0,
  -- The validated CAP document (JSON, CAP element names), the source of the CAP export.
  document jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (sender, identifier)
);
CREATE INDEX alerts_lineage_idx ON alerts (lineage_id, created_at);
CREATE INDEX alerts_active_idx ON alerts (created_at DESC) WHERE superseded_by IS NULL AND NOT cancelled;

CREATE TABLE alert_infos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  alert_id uuid NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  position integer NOT NULL,
  language text NOT NULL,
  categories text[] NOT NULL,
  event text NOT NULL,
  urgency text NOT NULL,
  severity text NOT NULL,
  certainty text NOT NULL,
  headline text,
  description text,
  instruction text,
  effective timestamptz,
  onset timestamptz,
  expires timestamptz,
  UNIQUE (alert_id, position)
);

CREATE TABLE alert_areas (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  alert_id uuid NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  info_id uuid NOT NULL REFERENCES alert_infos (id) ON DELETE CASCADE,
  area_desc text NOT NULL,
  -- CAP shapes as written, for export.
  polygons text[] NOT NULL DEFAULT '{}',
  circles text[] NOT NULL DEFAULT '{}',
  geocodes jsonb NOT NULL DEFAULT '[]',
  -- Municipalities the geocodes resolved to (JIS X 0402, five digits).
  municipality_codes text[] NOT NULL DEFAULT '{}',
  -- Union of polygons, circles (geodesic, drawn as polygons) and municipality boundaries: for the
  -- map and "which warnings cover this point". Targeting measures circles exactly instead.
  footprint geometry(MultiPolygon, 4326)
);
CREATE INDEX alert_areas_alert_idx ON alert_areas (alert_id);
CREATE INDEX alert_areas_footprint_gist ON alert_areas USING gist (footprint);

-- A person's inbox. `id` is the inbox position: clients remember the last one they saw and ask
-- for everything after it when they reconnect. Writers take the inbox lock so positions commit
-- in order (see inbox.queries.ts).
CREATE TABLE inbox_items (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  resident_id uuid NOT NULL REFERENCES residents (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('alert', 'notice')),
  alert_id uuid REFERENCES alerts (id) ON DELETE CASCADE,
  lineage_id uuid,
  -- alert: first warning of the chain for this person; update: a new version of one they hold;
  -- cancel: the warning no longer applies to them (cancelled, or they are outside the new area).
  action text CHECK (action IN ('alert', 'update', 'cancel')),
  -- Notices (attribute-targeted, no personal data in the body) reuse the inbox.
  notice_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  read_at timestamptz,
  response text CHECK (response IN ('safe', 'need_help', 'evacuating')),
  responded_at timestamptz,
  response_note text CHECK (length(response_note) <= 500),
  response_location geometry(Point, 4326),
  help_assigned_to uuid REFERENCES users (id),
  help_resolved_at timestamptz,
  help_resolved_by uuid REFERENCES users (id),
  CHECK ((kind = 'alert') = (alert_id IS NOT NULL AND lineage_id IS NOT NULL AND action IS NOT NULL)),
  CHECK ((kind = 'notice') = (notice_id IS NOT NULL)),
  CHECK ((response IS NULL) = (responded_at IS NULL)),
  -- NULLs are distinct: these only bind entries of their own kind.
  UNIQUE (resident_id, alert_id),
  UNIQUE (resident_id, notice_id)
);
CREATE INDEX inbox_items_resident_idx ON inbox_items (resident_id, id);
CREATE INDEX inbox_items_alert_idx ON inbox_items (alert_id) WHERE alert_id IS NOT NULL;
CREATE INDEX inbox_items_lineage_idx ON inbox_items (lineage_id, resident_id, id) WHERE lineage_id IS NOT NULL;
CREATE INDEX inbox_items_need_help_idx ON inbox_items (alert_id, responded_at) WHERE response = 'need_help';
