-- HQ's live totals: "unaccounted" is the registry minus the registered people heard of since the
-- incident started. Counting a million-row registry on every refresh costs a second, so the count
-- is kept here by statement triggers (one UPDATE per INSERT/UPDATE/DELETE statement, skipped when
-- the statement touches no registry row: walk-ins are visitors, tourists or people without papers).

CREATE TABLE registry_count (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  residents bigint NOT NULL CHECK (residents >= 0)
);
INSERT INTO registry_count (residents) SELECT count(*) FROM residents WHERE registration = 'registry';

CREATE FUNCTION registry_count_apply(delta bigint) RETURNS void LANGUAGE sql AS $$
  UPDATE registry_count SET residents = residents + delta WHERE delta <> 0;
$$;

CREATE FUNCTION registry_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM registry_count_apply((SELECT count(*) FROM inserted_rows WHERE registration = 'registry'));
  RETURN NULL;
END $$;

CREATE FUNCTION registry_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM registry_count_apply(-(SELECT count(*) FROM deleted_rows WHERE registration = 'registry'));
  RETURN NULL;
END $$;

CREATE FUNCTION registry_count_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM registry_count_apply(
    (SELECT count(*) FROM inserted_rows WHERE registration = 'registry')
    - (SELECT count(*) FROM deleted_rows WHERE registration = 'registry'));
  RETURN NULL;
END $$;

CREATE FUNCTION registry_count_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE registry_count SET residents = 0;
  RETURN NULL;
END $$;

CREATE TRIGGER residents_registry_count_insert AFTER INSERT ON residents
  REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_count_inserted();
CREATE TRIGGER residents_registry_count_delete AFTER DELETE ON residents
  REFERENCING OLD TABLE AS deleted_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_count_deleted();
CREATE TRIGGER residents_registry_count_update AFTER UPDATE ON residents
  REFERENCING NEW TABLE AS inserted_rows OLD TABLE AS deleted_rows
  FOR EACH STATEMENT EXECUTE FUNCTION registry_count_updated();
CREATE TRIGGER residents_registry_count_truncate AFTER TRUNCATE ON residents
  FOR EACH STATEMENT EXECUTE FUNCTION registry_count_truncated();

-- The few people outside the registry, so the registered share of those heard of is found without
-- joining every whereabouts row to the registry.
CREATE INDEX residents_unregistered_idx ON residents (id) WHERE registration <> 'registry';
