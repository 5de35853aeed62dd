-- gridbeat schema for PostgreSQL 15+ with PostGIS 3.
--
-- Every geometry is EPSG:4326 (WGS84, lon/lat degrees) with a GiST index; polygons must be
-- valid (ST_IsValid). Every editable row carries `version` for optimistic concurrency and `seq`,
-- its position in the data set, which keeps the order of records (and so the tie-breaks of
-- lookups) the same after a round trip. Tables and columns are plain, so psql and QGIS read
-- them directly.

CREATE EXTENSION IF NOT EXISTS postgis;

-- The one data set this database holds.
CREATE TABLE dataset_meta (
    singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    name        text NOT NULL CHECK (name <> ''),
    title       text NOT NULL,
    attribution text NOT NULL,
    sources     jsonb NOT NULL CHECK (jsonb_typeof(sources) = 'array'),
    language    text NOT NULL,
    seed        bigint NOT NULL,
    version     integer NOT NULL DEFAULT 1
);

CREATE TABLE jurisdictions (
    id      text PRIMARY KEY,
    seq     bigint NOT NULL UNIQUE,
    code    text NOT NULL,
    name    text NOT NULL,
    geom    geometry(MultiPolygon, 4326) NOT NULL
            CONSTRAINT jurisdictions_geom_valid CHECK (ST_IsValid(geom)),
    version integer NOT NULL DEFAULT 1
);
CREATE INDEX jurisdictions_geom_gist ON jurisdictions USING gist (geom);

CREATE TABLE stations (
    id              text PRIMARY KEY,
    seq             bigint NOT NULL UNIQUE,
    name            text NOT NULL,
    jurisdiction_id text REFERENCES jurisdictions (id),
    geom            geometry(Point, 4326) NOT NULL,
    version         integer NOT NULL DEFAULT 1
);
CREATE INDEX stations_geom_gist ON stations USING gist (geom);
CREATE INDEX stations_jurisdiction ON stations (jurisdiction_id);

CREATE TABLE offices (
    id         text PRIMARY KEY,
    seq        bigint NOT NULL UNIQUE,
    name       text NOT NULL,
    station_id text NOT NULL REFERENCES stations (id),
    geom       geometry(Point, 4326) NOT NULL,
    version    integer NOT NULL DEFAULT 1
);
CREATE INDEX offices_geom_gist ON offices USING gist (geom);
CREATE INDEX offices_station ON offices (station_id);

CREATE TABLE workstations (
    id        text PRIMARY KEY,
    seq       bigint NOT NULL UNIQUE,
    name      text NOT NULL,
    office_id text NOT NULL REFERENCES offices (id),
    geom      geometry(Point, 4326) NOT NULL,
    version   integer NOT NULL DEFAULT 1
);
CREATE INDEX workstations_geom_gist ON workstations USING gist (geom);
CREATE INDEX workstations_office ON workstations (office_id);

CREATE TABLE villages (
    id              text PRIMARY KEY,
    seq             bigint NOT NULL UNIQUE,
    code            text,
    name            text NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('town', 'village', 'hamlet', 'suburb',
                        'neighbourhood', 'isolated_dwelling', 'urban_community')),
    population      bigint CHECK (population >= 0),
    jurisdiction_id text NOT NULL REFERENCES jurisdictions (id),
    geom            geometry(Point, 4326) NOT NULL,
    outline         geometry(MultiPolygon, 4326)
                    CONSTRAINT villages_outline_valid CHECK (ST_IsValid(outline)),
    version         integer NOT NULL DEFAULT 1
);
CREATE INDEX villages_geom_gist ON villages USING gist (geom);
CREATE INDEX villages_outline_gist ON villages USING gist (outline);
CREATE INDEX villages_jurisdiction ON villages (jurisdiction_id);
CREATE INDEX villages_code ON villages (code);

CREATE TABLE grids (
    id              text PRIMARY KEY,
    seq             bigint NOT NULL UNIQUE,
    code            text NOT NULL,
    village_id      text REFERENCES villages (id),
    jurisdiction_id text NOT NULL REFERENCES jurisdictions (id),
    geom            geometry(MultiPolygon, 4326) NOT NULL
                    CONSTRAINT grids_geom_valid CHECK (ST_IsValid(geom)),
    version         integer NOT NULL DEFAULT 1
);
CREATE INDEX grids_geom_gist ON grids USING gist (geom);
CREATE INDEX grids_jurisdiction ON grids (jurisdiction_id);
CREATE INDEX grids_village ON grids (village_id);

CREATE TABLE officers (
    id        text PRIMARY KEY,
    seq       bigint NOT NULL UNIQUE,
    name      text NOT NULL,
    role      text NOT NULL CHECK (role IN ('community', 'auxiliary')),
    office_id text NOT NULL REFERENCES offices (id),
    version   integer NOT NULL DEFAULT 1,
    -- Target of officer_grids' (officer_id, role) key.
    UNIQUE (id, role)
);
CREATE INDEX officers_office ON officers (office_id);

-- Which grids an officer covers, in the officer's order. `role` repeats the officer's role
-- (kept equal by the foreign key) so that an index can allow one community officer per grid.
CREATE TABLE officer_grids (
    officer_id text NOT NULL,
    grid_id    text NOT NULL REFERENCES grids (id) ON DELETE CASCADE,
    role       text NOT NULL,
    position   integer NOT NULL CHECK (position >= 0),
    PRIMARY KEY (officer_id, grid_id),
    UNIQUE (officer_id, position),
    FOREIGN KEY (officer_id, role) REFERENCES officers (id, role)
        ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX officer_grids_grid ON officer_grids (grid_id);
CREATE UNIQUE INDEX officer_grids_one_community ON officer_grids (grid_id)
    WHERE role = 'community';

-- Who changed what, when: one row per import or edit, never rewritten.
CREATE TABLE change_log (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    actor     text NOT NULL,
    action    text NOT NULL,
    entity    text NOT NULL,
    entity_id text,
    before    jsonb,
    after     jsonb
);
CREATE INDEX change_log_entity ON change_log (entity, entity_id);
