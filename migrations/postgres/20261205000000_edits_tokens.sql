-- Edits and access tokens.
--
-- change_log.edit holds the edit as the API received it, so that every server on this database
-- can apply the same change to its in-memory index; imports leave it NULL. An insert into the
-- change log notifies channel gridbeat_changes (delivered at commit) with the entry's id.
-- Tokens are stored as the SHA-256 of the secret, never the secret itself.

ALTER TABLE change_log ADD COLUMN edit jsonb;

CREATE TABLE tokens (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          text NOT NULL CHECK (name <> ''),
    role          text NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    jurisdictions text[],
    hash          text NOT NULL UNIQUE CHECK (length(hash) = 64),
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz
);

CREATE FUNCTION gridbeat_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('gridbeat_changes', NEW.id::text);
    RETURN NEW;
END;
$$;

CREATE TRIGGER change_log_notify AFTER INSERT ON change_log
    FOR EACH ROW EXECUTE FUNCTION gridbeat_notify_change();
