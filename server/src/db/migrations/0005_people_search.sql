-- Fuzzy person search (kanji, kana, romaji turned into kana) and the access log of personal data.

-- Folds the ways a long vowel is written in katakana (タロウ, タロー, タロ; オオノ, オーノ, オノ) to
-- one form, so romaji typed without long vowels ("Taro", "Ono") meets the registered reading.
-- Plain SQL so the planner inlines it and the expression index below matches the query.
CREATE FUNCTION kana_fold(kana text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT replace(
      regexp_replace(
        regexp_replace(kana, '([オコソトノホモヨロゴゾドボポョォ])[ウオー]', '\1', 'g'),
        '([ウクスツヌフムユルグズヅブプュゥ])[ウー]', '\1', 'g'),
      'ー', '')
  $$;

-- Trigram indexes on the full name without a separator, as the search compares it.
CREATE INDEX residents_name_trgm ON residents USING gin ((family_name || given_name) gin_trgm_ops);
CREATE INDEX residents_kana_trgm ON residents
  USING gin (kana_fold(coalesce(family_name_kana, '') || coalesce(given_name_kana, '')) gin_trgm_ops);
CREATE INDEX residents_birth_date_idx ON residents (birth_date);

-- Every read of a person's data by someone else: who, in what role, why, through which route.
-- Residents see these rows for themselves (the portal's "やりとり履歴"). Never updated.
CREATE TABLE access_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  viewer_user_id uuid REFERENCES users (id),
  viewer_role text NOT NULL CHECK (viewer_role IN ('resident', 'shelter_staff', 'hq_operator', 'admin')),
  subject_resident_id uuid NOT NULL REFERENCES residents (id),
  -- e.g. search_result, view; open-ended so later features need no migration.
  action text NOT NULL CHECK (action ~ '^[a-z][a-z_]{1,39}$'),
  purpose text CHECK (length(purpose) BETWEEN 1 AND 200),
  -- The route, e.g. 'GET /api/people/search'.
  via text NOT NULL CHECK (length(via) BETWEEN 1 AND 200),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX access_log_subject_idx ON access_log (subject_resident_id, at DESC);
CREATE INDEX access_log_viewer_idx ON access_log (viewer_user_id, at DESC);
