-- Edits and access tokens.
--
-- change_log.edit holds the edit as the API received it (JSON), so that another server on the
-- same database can apply the same change to its in-memory index. Imports leave it NULL.
-- Tokens are stored as the SHA-256 of the secret, never the secret itself.

ALTER TABLE change_log ADD COLUMN edit TEXT CHECK (edit IS NULL OR json_valid(edit));

CREATE TABLE tokens (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT NOT NULL CHECK (name <> ''),
    role          TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    jurisdictions TEXT CHECK (jurisdictions IS NULL
                              OR (json_valid(jurisdictions)
                                  AND json_type(jurisdictions) = 'array')),
    hash          TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    revoked_at    TEXT
);
