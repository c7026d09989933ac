-- Households and residents (the registry), users and their roles, sessions.

CREATE TABLE households (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  municipality_code char(5) NOT NULL REFERENCES municipalities (code),
  address text NOT NULL,
  home_point geometry(Point, 4326) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX households_home_point_gist ON households USING gist (home_point);
CREATE INDEX households_municipality_idx ON households (municipality_code);

CREATE TABLE residents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  household_id uuid REFERENCES households (id),
  family_name text NOT NULL CHECK (length(family_name) BETWEEN 1 AND 100),
  given_name text NOT NULL CHECK (length(given_name) BETWEEN 1 AND 100),
  family_name_kana text,
  given_name_kana text,
  birth_date date NOT NULL,
  sex text NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unspecified')),
  language text NOT NULL DEFAULT 'ja' CHECK (language ~ '^[a-z]{2}(-[A-Z]{2})?$'),
  -- Relation to the head of the household, as in the resident register.
  relationship text NOT NULL DEFAULT 'head' CHECK (relationship IN ('head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'other')),
  home_address text,
  home_point geometry(Point, 4326),
  home_municipality_code char(5) REFERENCES municipalities (code),
  -- Needs that make the person 要配慮者 (people who need special care).
  care_needs text[] NOT NULL DEFAULT '{}' CHECK (
    care_needs <@ ARRAY['elderly', 'disability', 'infant', 'pregnancy', 'medical', 'language']::text[]
  ),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX residents_household_idx ON residents (household_id);
CREATE INDEX residents_home_point_gist ON residents USING gist (home_point);
CREATE INDEX residents_home_municipality_idx ON residents (home_municipality_code);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
  password_hash text NOT NULL,
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
  role text NOT NULL CHECK (role IN ('resident', 'shelter_staff', 'hq_operator', 'admin')),
  resident_id uuid UNIQUE REFERENCES residents (id),
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (role <> 'resident' OR resident_id IS NOT NULL)
);
CREATE UNIQUE INDEX users_username_key ON users (username);

-- Which shelters a member of shelter staff works at.
CREATE TABLE staff_shelters (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  shelter_id uuid NOT NULL REFERENCES shelters (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, shelter_id)
);
CREATE INDEX staff_shelters_shelter_idx ON staff_shelters (shelter_id);

-- Server-side sessions. Only a SHA-256 of the session id is stored, so a database leak does not
-- hand out live sessions.
CREATE TABLE sessions (
  id_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);
