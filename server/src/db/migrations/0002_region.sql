-- The region: municipalities with their boundaries, and every designated shelter / emergency site.

CREATE TABLE incidents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('earthquake', 'tsunami', 'flood', 'landslide', 'storm', 'volcano', 'fire', 'other')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  -- Personal data collected for this incident is purged this many days after it ends.
  retention_days integer NOT NULL DEFAULT 365 CHECK (retention_days > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ended_at IS NULL OR ended_at >= started_at)
);

CREATE TABLE municipalities (
  code char(5) PRIMARY KEY CHECK (code ~ '^[0-9]{5}$'),
  name text NOT NULL,
  prefecture text NOT NULL,
  population integer CHECK (population >= 0),
  boundary geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(boundary))
);
CREATE INDEX municipalities_boundary_gist ON municipalities USING gist (boundary);

CREATE TABLE shelters (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- GSI common id (共通ID) of the site, when it comes from the national list.
  source_id text UNIQUE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_kana text,
  address text,
  -- designated_shelter: people may stay (指定避難所); emergency_site: immediate refuge only
  -- (指定緊急避難場所); welfare_shelter: for people who need special care (福祉避難所).
  kind text NOT NULL CHECK (kind IN ('designated_shelter', 'emergency_site', 'welfare_shelter')),
  -- A designated shelter that is also an emergency evacuation site is one site with this flag.
  is_emergency_site boolean NOT NULL DEFAULT false,
  municipality_code char(5) NOT NULL REFERENCES municipalities (code),
  location geometry(Point, 4326) NOT NULL,
  hazards text[] NOT NULL DEFAULT '{}' CHECK (
    hazards <@ ARRAY['flood', 'landslide', 'storm_surge', 'earthquake', 'tsunami', 'fire', 'inland_flood', 'volcano']::text[]
  ),
  capacity_indoor integer CHECK (capacity_indoor >= 0),
  capacity_outdoor integer CHECK (capacity_outdoor >= 0),
  status text NOT NULL DEFAULT 'closed' CHECK (status IN ('open', 'closed', 'full')),
  occupancy integer NOT NULL DEFAULT 0 CHECK (occupancy >= 0),
  occupancy_updated_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX shelters_location_gist ON shelters USING gist (location);
CREATE INDEX shelters_municipality_idx ON shelters (municipality_code);
