-- gridbeat schema for SQLite (the embedded default).
--
-- The same tables, keys and constraints as the PostgreSQL schema. Geometry is GeoJSON text
-- (RFC 7946, WGS84 lon/lat degrees), checked only for being JSON of the right geometry type:
-- SQLite has no spatial functions, so validity is not checked here and there is no spatial
-- index (the in-memory R-tree is the read path). Timestamps are ISO 8601 text in UTC.
-- Foreign keys are enforced by the connection (PRAGMA foreign_keys = ON).

CREATE TABLE dataset_meta (
    singleton   INTEGER PRIMARY KEY DEFAULT 1 CHECK (singleton = 1),
    name        TEXT NOT NULL CHECK (name <> ''),
    title       TEXT NOT NULL,
    attribution TEXT NOT NULL,
    sources     TEXT NOT NULL CHECK (json_valid(sources) AND json_type(sources) = 'array'),
    language    TEXT NOT NULL,
    seed        INTEGER NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE jurisdictions (
    id      TEXT PRIMARY KEY NOT NULL,
    seq     INTEGER NOT NULL UNIQUE,
    code    TEXT NOT NULL,
    name    TEXT NOT NULL,
    geom    TEXT NOT NULL
            CHECK (json_valid(geom) AND json_extract(geom, '$.type') = 'MultiPolygon'),
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE stations (
    id              TEXT PRIMARY KEY NOT NULL,
    seq             INTEGER NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    jurisdiction_id TEXT REFERENCES jurisdictions (id),
    geom            TEXT NOT NULL
                    CHECK (json_valid(geom) AND json_extract(geom, '$.type') = 'Point'),
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX stations_jurisdiction ON stations (jurisdiction_id);

CREATE TABLE offices (
    id         TEXT PRIMARY KEY NOT NULL,
    seq        INTEGER NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    station_id TEXT NOT NULL REFERENCES stations (id),
    geom       TEXT NOT NULL CHECK (json_valid(geom) AND json_extract(geom, '$.type') = 'Point'),
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX offices_station ON offices (station_id);

CREATE TABLE workstations (
    id        TEXT PRIMARY KEY NOT NULL,
    seq       INTEGER NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    office_id TEXT NOT NULL REFERENCES offices (id),
    geom      TEXT NOT NULL CHECK (json_valid(geom) AND json_extract(geom, '$.type') = 'Point'),
    version   INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX workstations_office ON workstations (office_id);

CREATE TABLE villages (
    id              TEXT PRIMARY KEY NOT NULL,
    seq             INTEGER NOT NULL UNIQUE,
    code            TEXT,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('town', 'village', 'hamlet', 'suburb',
                        'neighbourhood', 'isolated_dwelling', 'urban_community')),
    population      INTEGER CHECK (population >= 0),
    jurisdiction_id TEXT NOT NULL REFERENCES jurisdictions (id),
    geom            TEXT NOT NULL
                    CHECK (json_valid(geom) AND json_extract(geom, '$.type') = 'Point'),
    outline         TEXT
                    CHECK (json_valid(outline)
                           AND json_extract(outline, '$.type') = 'MultiPolygon'),
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX villages_jurisdiction ON villages (jurisdiction_id);
CREATE INDEX villages_code ON villages (code);

CREATE TABLE grids (
    id              TEXT PRIMARY KEY NOT NULL,
    seq             INTEGER NOT NULL UNIQUE,
    code            TEXT NOT NULL,
    village_id      TEXT REFERENCES villages (id),
    jurisdiction_id TEXT NOT NULL REFERENCES jurisdictions (id),
    geom            TEXT NOT NULL
                    CHECK (json_valid(geom) AND json_extract(geom, '$.type') = 'MultiPolygon'),
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX grids_jurisdiction ON grids (jurisdiction_id);
CREATE INDEX grids_village ON grids (village_id);

CREATE TABLE officers (
    id        TEXT PRIMARY KEY NOT NULL,
    seq       INTEGER NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    role      TEXT NOT NULL CHECK (role IN ('community', 'auxiliary')),
    office_id TEXT NOT NULL REFERENCES offices (id),
    version   INTEGER NOT NULL DEFAULT 1,
    UNIQUE (id, role)
);
CREATE INDEX officers_office ON officers (office_id);

CREATE TABLE officer_grids (
    officer_id TEXT NOT NULL,
    grid_id    TEXT NOT NULL REFERENCES grids (id) ON DELETE CASCADE,
    role       TEXT NOT NULL,
    position   INTEGER NOT NULL CHECK (position >= 0),
    PRIMARY KEY (officer_id, grid_id),
    UNIQUE (officer_id, position),
    FOREIGN KEY (officer_id, role) REFERENCES officers (id, role)
        ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX officer_grids_grid ON officer_grids (grid_id);
CREATE UNIQUE INDEX officer_grids_one_community ON officer_grids (grid_id)
    WHERE role = 'community';

CREATE TABLE change_log (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT,
    before    TEXT CHECK (before IS NULL OR json_valid(before)),
    after     TEXT CHECK (after IS NULL OR json_valid(after))
);
CREATE INDEX change_log_entity ON change_log (entity, entity_id);
