-- Notices targeted by attributes, and the resident attributes they target.

-- House damage as certified (罹災証明書 categories of the Cabinet Office's 2021 guideline):
-- none 被害なし · partial 一部損壊 (準半壊に至らない) · semi_half 準半壊 · half 半壊 ·
-- medium_half 中規模半壊 · large_half 大規模半壊 · total 全壊. NULL: not assessed.
-- A property of the dwelling, so it lives on the household.
ALTER TABLE households ADD COLUMN house_damage text CHECK (
  house_damage IN ('none', 'partial', 'semi_half', 'half', 'medium_half', 'large_half', 'total')
);

-- Consent to receive notices (the portal guidance: only people who opted in get them).
-- Disability is already on the resident as care_needs 'disability'.
ALTER TABLE residents ADD COLUMN notice_consent boolean NOT NULL DEFAULT false;

-- Where the resident lives now, as they report it (a remote evacuee in Kanazawa or Tokyo).
-- Codes outside the region's municipality list are allowed (JIS X 0402, five digits) with a name.
ALTER TABLE residents ADD COLUMN lives_now_municipality_code char(5) CHECK (lives_now_municipality_code ~ '^[0-9]{5}$');
ALTER TABLE residents ADD COLUMN lives_now_municipality_name text CHECK (length(lives_now_municipality_name) BETWEEN 1 AND 100);
ALTER TABLE residents ADD COLUMN lives_now_address text CHECK (length(lives_now_address) BETWEEN 1 AND 300);
ALTER TABLE residents ADD COLUMN lives_now_updated_at timestamptz;
ALTER TABLE residents ADD CONSTRAINT residents_lives_now_complete CHECK (
  (lives_now_municipality_code IS NULL) = (lives_now_municipality_name IS NULL)
);

CREATE TABLE notices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Link to a programme or form (https, or a path of this site).
  link text CHECK (length(link) <= 500),
  starts_at timestamptz NOT NULL,
  -- After this the notice disappears from inboxes; purgeExpiredNotices deletes it later.
  ends_at timestamptz NOT NULL,
  -- The filter as composed (JSON), to show what was targeted.
  targeting jsonb NOT NULL,
  targeted integer NOT NULL DEFAULT 0,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at)
);
CREATE INDEX notices_created_idx ON notices (created_at DESC);
CREATE INDEX notices_ends_idx ON notices (ends_at);

-- One text per language; Japanese is required by the service.
CREATE TABLE notice_texts (
  notice_id uuid NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
  language text NOT NULL CHECK (language IN ('ja', 'en')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
  PRIMARY KEY (notice_id, language)
);

-- Purging a notice removes its inbox entries with it.
ALTER TABLE inbox_items ADD CONSTRAINT inbox_items_notice_fk
  FOREIGN KEY (notice_id) REFERENCES notices (id) ON DELETE CASCADE;
CREATE INDEX inbox_items_notice_idx ON inbox_items (notice_id) WHERE notice_id IS NOT NULL;
