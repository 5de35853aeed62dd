//! The store against real databases: a SQLite file and PostgreSQL + PostGIS.
//!
//! The PostgreSQL tests need `GRIDBEAT_TEST_PG_URL`, a server URL on which they may create
//! databases (one per test; `scripts/pg-throwaway.sh` starts such a server and
//! `scripts/test-all.sh` sets the variable). Without it they are skipped with a message, unless
//! `GRIDBEAT_REQUIRE_PG=1`, in which case they fail.

mod common;

use std::path::Path;
use std::process::Command;

use geo::{CoordsIter, MultiPolygon, Point, polygon};
use gridbeat::geodata;
use gridbeat::model::Dataset;
use gridbeat::store::{Store, StoreError, StoreKind};
use sqlx::{Connection, Executor, PgConnection, SqliteConnection};

/// Largest coordinate difference a round trip may introduce, in degrees.
const GEOMETRY_TOLERANCE_DEG: f64 = 1e-9;

// ---------------------------------------------------------------------------------------------
// Databases for one test

/// A fresh, empty database that lives as long as the test.
struct TestDb {
    url: String,
    kind: StoreKind,
    /// The SQLite file's folder, removed on drop.
    _dir: Option<tempfile::TempDir>,
}

fn sqlite_db() -> TestDb {
    let dir = tempfile::tempdir().expect("temporary folder");
    // A folder that does not exist yet: the store must create it.
    let file = dir.path().join("nested/store.db");
    TestDb {
        url: format!("sqlite://{}", file.display()),
        kind: StoreKind::Sqlite,
        _dir: Some(dir),
    }
}

/// The PostgreSQL server to test against, or `None` to skip.
fn pg_server() -> Option<String> {
    match std::env::var("GRIDBEAT_TEST_PG_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("GRIDBEAT_REQUIRE_PG").is_ok_and(|v| v == "1") => {
            panic!("GRIDBEAT_REQUIRE_PG=1 but GRIDBEAT_TEST_PG_URL is not set")
        }
        _ => {
            eprintln!("skipped: set GRIDBEAT_TEST_PG_URL to run PostgreSQL tests");
            None
        }
    }
}

/// A new database named after the test on the test server, or `None` to skip.
async fn postgres_db(test: &str) -> Option<TestDb> {
    let server = pg_server()?;
    let name = format!("gridbeat_test_{test}_{}", std::process::id());
    let mut admin = PgConnection::connect(&server)
        .await
        .expect("connect to the test server");
    let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    admin
        .execute(drop.as_str())
        .await
        .expect("drop an old test database");
    let create = format!("CREATE DATABASE {name}");
    admin
        .execute(create.as_str())
        .await
        .expect("create a test database");
    Some(TestDb {
        url: with_database(&server, &name),
        kind: StoreKind::Postgres,
        _dir: None,
    })
}

/// `url` pointing at database `name` on the same server, with the same parameters.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, ""), |(b, _)| (b, &url[b.len()..]));
    let authority = base.find("://").expect("a URL with a scheme") + 3;
    let path = base[authority..]
        .find('/')
        .map_or(base.len(), |i| authority + i);
    format!("{}/{name}{query}", &base[..path])
}

// ---------------------------------------------------------------------------------------------
// What a database holds

/// Every row of every table, as exact text, in a stable order.
async fn dump(db: &TestDb) -> Vec<String> {
    const TABLES: [&str; 10] = [
        "dataset_meta",
        "jurisdictions",
        "stations",
        "offices",
        "workstations",
        "villages",
        "grids",
        "officers",
        "officer_grids",
        "change_log",
    ];
    let mut rows = Vec::new();
    match db.kind {
        StoreKind::Postgres => {
            let mut conn = PgConnection::connect(&db.url).await.expect("connect");
            for table in TABLES {
                // A row's text form holds geometry as hex EWKB: every bit of it.
                let sql = format!("SELECT '{table} ' || t::text FROM {table} t ORDER BY 1");
                let text: Vec<String> = sqlx::query_scalar(&sql)
                    .fetch_all(&mut conn)
                    .await
                    .expect("dump");
                rows.extend(text);
            }
        }
        _ => {
            let mut conn = SqliteConnection::connect(&db.url).await.expect("connect");
            for table in TABLES {
                let columns: Vec<String> =
                    sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{table}')"))
                        .fetch_all(&mut conn)
                        .await
                        .expect("columns");
                let quoted: Vec<String> = columns.iter().map(|c| format!("quote({c})")).collect();
                let sql = format!(
                    "SELECT '{table} ' || {} FROM {table} ORDER BY rowid",
                    quoted.join(" || '|' || ")
                );
                let text: Vec<String> = sqlx::query_scalar(&sql)
                    .fetch_all(&mut conn)
                    .await
                    .expect("dump");
                rows.extend(text);
            }
        }
    }
    rows
}

fn read(set: &str) -> Dataset {
    geodata::read_dataset(&common::root().join("geodata").join(set)).expect("shipped data set")
}

// ---------------------------------------------------------------------------------------------
// Comparing data sets

/// Asserts that `loaded` holds the same records as `expected`, in the same order: ids, names,
/// codes and references exactly, geometry within [`GEOMETRY_TOLERANCE_DEG`].
fn assert_same(expected: &Dataset, loaded: &Dataset) {
    assert_eq!(expected.meta, loaded.meta);

    let (e, l) = (&expected.jurisdictions, &loaded.jurisdictions);
    assert_eq!(e.len(), l.len(), "jurisdictions");
    for (a, b) in e.iter().zip(l) {
        assert_eq!((&a.id, &a.code, &a.name), (&b.id, &b.code, &b.name));
        assert_polygons_close(&a.geometry, &b.geometry, &a.id);
    }

    let (e, l) = (&expected.stations, &loaded.stations);
    assert_eq!(e.len(), l.len(), "stations");
    for (a, b) in e.iter().zip(l) {
        assert_eq!(
            (&a.id, &a.name, &a.jurisdiction_id),
            (&b.id, &b.name, &b.jurisdiction_id)
        );
        assert_points_close(a.point, b.point, &a.id);
    }

    let (e, l) = (&expected.offices, &loaded.offices);
    assert_eq!(e.len(), l.len(), "offices");
    for (a, b) in e.iter().zip(l) {
        assert_eq!(
            (&a.id, &a.name, &a.station_id),
            (&b.id, &b.name, &b.station_id)
        );
        assert_points_close(a.point, b.point, &a.id);
    }

    let (e, l) = (&expected.workstations, &loaded.workstations);
    assert_eq!(e.len(), l.len(), "workstations");
    for (a, b) in e.iter().zip(l) {
        assert_eq!(
            (&a.id, &a.name, &a.office_id),
            (&b.id, &b.name, &b.office_id)
        );
        assert_points_close(a.point, b.point, &a.id);
    }

    let (e, l) = (&expected.villages, &loaded.villages);
    assert_eq!(e.len(), l.len(), "villages");
    for (a, b) in e.iter().zip(l) {
        assert_eq!(
            (&a.id, &a.code, &a.name, a.kind),
            (&b.id, &b.code, &b.name, b.kind)
        );
        assert_eq!(
            (a.population, &a.jurisdiction_id),
            (b.population, &b.jurisdiction_id)
        );
        assert_points_close(a.point, b.point, &a.id);
        assert_eq!(a.polygon.is_some(), b.polygon.is_some(), "{} outline", a.id);
    }

    let (e, l) = (&expected.grids, &loaded.grids);
    assert_eq!(e.len(), l.len(), "grids");
    for (a, b) in e.iter().zip(l) {
        assert_eq!(
            (&a.id, &a.code, &a.village_id),
            (&b.id, &b.code, &b.village_id)
        );
        assert_eq!(a.jurisdiction_id, b.jurisdiction_id, "{}", a.id);
        assert_polygons_close(&a.geometry, &b.geometry, &a.id);
    }

    assert_eq!(
        expected.officers, loaded.officers,
        "officers, their roles and grids"
    );
    for g in 0..expected.grids.len() {
        let ids = |d: &Dataset| d.grid_officers(g).map(|o| o.id.clone()).collect::<Vec<_>>();
        assert_eq!(
            ids(expected),
            ids(loaded),
            "officers of grid {}",
            expected.grids[g].id
        );
    }
}

fn assert_points_close(a: Point, b: Point, id: &str) {
    let d = (a.x() - b.x()).abs().max((a.y() - b.y()).abs());
    assert!(d <= GEOMETRY_TOLERANCE_DEG, "{id}: point moved by {d}°");
}

fn assert_polygons_close(a: &MultiPolygon, b: &MultiPolygon, id: &str) {
    assert_eq!(a.0.len(), b.0.len(), "{id}: polygon count");
    for (pa, pb) in a.0.iter().zip(&b.0) {
        assert_eq!(
            pa.interiors().len(),
            pb.interiors().len(),
            "{id}: hole count"
        );
    }
    assert_eq!(a.coords_count(), b.coords_count(), "{id}: vertex count");
    for (ca, cb) in a.coords_iter().zip(b.coords_iter()) {
        let d = (ca.x - cb.x).abs().max((ca.y - cb.y).abs());
        assert!(d <= GEOMETRY_TOLERANCE_DEG, "{id}: vertex moved by {d}°");
    }
}

// ---------------------------------------------------------------------------------------------
// The checks, each run on both backends

async fn round_trip(db: &TestDb, set: &str) {
    let expected = read(set);
    let store = Store::connect(&db.url).await.expect("connect");
    assert_eq!(store.kind(), db.kind);
    assert_eq!(store.dataset_name().await.expect("name"), None);
    assert!(matches!(store.load().await, Err(StoreError::Empty)));

    store.import(&expected).await.expect("import");
    assert_eq!(
        store.dataset_name().await.expect("name"),
        Some(set.to_owned())
    );
    let loaded = store.load().await.expect("load");
    assert_same(&expected, &loaded);

    // A second connection (a restart) reads the same data set.
    store.close().await;
    let reopened = Store::connect(&db.url).await.expect("reconnect");
    assert_same(&expected, &reopened.load().await.expect("load again"));
    reopened.close().await;
}

/// A data set whose last grid names a jurisdiction that does not exist: the model check
/// would refuse it, so it is broken by hand after reading, to make the database refuse it.
fn with_broken_last_grid(mut dataset: Dataset) -> Dataset {
    let grid = dataset.grids.last_mut().expect("grids");
    grid.jurisdiction_id = "no-such-jurisdiction".into();
    dataset
}

/// An import that fails halfway leaves the database as it was, empty or filled.
async fn failed_import_changes_nothing(db: &TestDb, broken: Dataset) {
    let store = Store::connect(&db.url).await.expect("connect");
    let last_grid = broken.grids.last().expect("grids").id.clone();

    let empty = dump(db).await;
    let err = store.import(&broken).await.expect_err("broken import");
    assert!(
        matches!(&err, StoreError::Write { layer: "grid", id, .. } if *id == last_grid),
        "{err:?}"
    );
    assert_eq!(
        dump(db).await,
        empty,
        "a failed import into an empty database"
    );
    assert_eq!(store.dataset_name().await.expect("name"), None);

    store.import(&read("andorra")).await.expect("import");
    let filled = dump(db).await;
    store.import(&broken).await.expect_err("broken import");
    assert_eq!(
        dump(db).await,
        filled,
        "a failed import over a stored data set"
    );
    assert_same(&read("andorra"), &store.load().await.expect("load"));
    store.close().await;
}

async fn other_dataset_is_refused(db: &TestDb) {
    let store = Store::connect(&db.url).await.expect("connect");
    store.import(&read("andorra")).await.expect("import");
    let before = dump(db).await;

    let err = store
        .import(&read("henan"))
        .await
        .expect_err("another data set");
    assert!(
        matches!(&err, StoreError::OtherDataset { stored, importing }
            if stored == "andorra" && importing == "henan"),
        "{err:?}"
    );
    assert!(err.to_string().contains("\"andorra\""), "{err}");
    assert_eq!(dump(db).await, before);
    store.close().await;
}

async fn same_dataset_is_replaced(db: &TestDb) {
    let store = Store::connect(&db.url).await.expect("connect");
    let first = read("andorra");
    store.import(&first).await.expect("import");

    // An edited copy: an officer renamed, the last officer gone, a grid's outline moved.
    let mut second = first.clone();
    second.officers[0].name = "Renamed Officer".into();
    second.officers.pop();
    second.grids[0].geometry.0[0].exterior_mut(|ring| {
        for c in &mut ring.0 {
            c.x += 1e-7;
        }
    });
    store.import(&second).await.expect("re-import");
    assert_same(&second, &store.load().await.expect("load"));

    let log = dump(db)
        .await
        .into_iter()
        .filter(|r| r.starts_with("change_log "));
    assert_eq!(log.count(), 2, "one change-log entry per import");
    store.close().await;
}

// ---------------------------------------------------------------------------------------------
// SQLite

#[tokio::test]
async fn sqlite_round_trips_andorra() {
    round_trip(&sqlite_db(), "andorra").await;
}

#[tokio::test]
async fn sqlite_round_trips_henan() {
    round_trip(&sqlite_db(), "henan").await;
}

#[tokio::test]
async fn sqlite_failed_import_changes_nothing() {
    failed_import_changes_nothing(&sqlite_db(), with_broken_last_grid(read("andorra"))).await;
}

#[tokio::test]
async fn sqlite_refuses_another_dataset() {
    other_dataset_is_refused(&sqlite_db()).await;
}

#[tokio::test]
async fn sqlite_reimport_replaces_the_dataset() {
    same_dataset_is_replaced(&sqlite_db()).await;
}

/// Several servers starting at once on a new file all get a migrated database.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_new_file_opened_by_several_at_once() {
    let db = sqlite_db();
    let opens = (0..4).map(|_| {
        let url = db.url.clone();
        tokio::spawn(async move { Store::connect(&url).await })
    });
    for open in opens.collect::<Vec<_>>() {
        let store = open.await.expect("join").expect("connect");
        assert_eq!(store.dataset_name().await.expect("name"), None);
        store.close().await;
    }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL + PostGIS

#[tokio::test]
async fn postgres_round_trips_andorra() {
    let Some(db) = postgres_db("round_trip_andorra").await else {
        return;
    };
    round_trip(&db, "andorra").await;
}

#[tokio::test]
async fn postgres_round_trips_henan() {
    let Some(db) = postgres_db("round_trip_henan").await else {
        return;
    };
    round_trip(&db, "henan").await;
}

#[tokio::test]
async fn postgres_failed_import_changes_nothing() {
    let Some(db) = postgres_db("failed_import").await else {
        return;
    };
    failed_import_changes_nothing(&db, with_broken_last_grid(read("andorra"))).await;
}

#[tokio::test]
async fn postgres_refuses_an_invalid_polygon_and_changes_nothing() {
    let Some(db) = postgres_db("invalid_polygon").await else {
        return;
    };
    // A bow tie: its two edges cross, so ST_IsValid is false.
    let mut broken = read("andorra");
    let bow_tie =
        polygon![(x: 1.5, y: 42.5), (x: 1.6, y: 42.6), (x: 1.6, y: 42.5), (x: 1.5, y: 42.6)];
    broken.grids.last_mut().expect("grids").geometry = MultiPolygon(vec![bow_tie]);
    failed_import_changes_nothing(&db, broken.clone()).await;

    let store = Store::connect(&db.url).await.expect("connect");
    let err = store.import(&broken).await.expect_err("invalid polygon");
    let chain = format!("{:#}", anyhow::Error::from(err));
    assert!(chain.contains("grids_geom_valid"), "{chain}");
    store.close().await;
}

#[tokio::test]
async fn postgres_refuses_another_dataset() {
    let Some(db) = postgres_db("other_dataset").await else {
        return;
    };
    other_dataset_is_refused(&db).await;
}

#[tokio::test]
async fn postgres_reimport_replaces_the_dataset() {
    let Some(db) = postgres_db("reimport").await else {
        return;
    };
    same_dataset_is_replaced(&db).await;
}

/// What an analyst sees with psql: valid polygons, GiST indexes, registered geometry columns.
#[tokio::test]
async fn postgres_tables_read_well_in_psql() {
    let Some(db) = postgres_db("psql").await else {
        return;
    };
    let store = Store::connect(&db.url).await.expect("connect");
    store.import(&read("henan")).await.expect("import");
    store.close().await;

    let psql = |sql: &str| -> String {
        let out = Command::new("psql")
            .args([
                "-X",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-d",
                &db.url,
                "-c",
                sql,
            ])
            .output()
            .expect("run psql");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "psql failed: {stderr}");
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    };

    let invalid = "SELECT (SELECT count(*) FROM grids WHERE NOT ST_IsValid(geom)) \
        + (SELECT count(*) FROM jurisdictions WHERE NOT ST_IsValid(geom))";
    assert_eq!(psql(invalid), "0");
    assert_eq!(psql("SELECT count(*) FROM grids"), "1564");

    let gist = psql(
        "SELECT string_agg(DISTINCT tablename, ',' ORDER BY tablename) FROM pg_indexes \
         WHERE schemaname = 'public' AND indexdef LIKE '%USING gist%'",
    );
    assert_eq!(
        gist,
        "grids,jurisdictions,offices,stations,villages,workstations"
    );

    let columns = psql(
        "SELECT string_agg(f_table_name || '.' || f_geometry_column || ':' || type || ':' || srid, \
         ',' ORDER BY f_table_name, f_geometry_column) FROM geometry_columns",
    );
    assert_eq!(
        columns,
        "grids.geom:MULTIPOLYGON:4326,jurisdictions.geom:MULTIPOLYGON:4326,\
         offices.geom:POINT:4326,stations.geom:POINT:4326,villages.geom:POINT:4326,\
         villages.outline:MULTIPOLYGON:4326,workstations.geom:POINT:4326"
    );

    // A spatial join an analyst would write: every village point lies in its jurisdiction.
    let outside = "SELECT count(*) FROM villages v JOIN jurisdictions j \
        ON j.id = v.jurisdiction_id WHERE NOT ST_Intersects(j.geom, v.geom)";
    assert_eq!(psql(outside), "0");
}

// ---------------------------------------------------------------------------------------------
// The command

fn gridbeat_import(data: &Path, url: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gridbeat"))
        .args(["import", "--data"])
        .arg(data)
        .args(["--database-url", url])
        .env("RUST_LOG", "warn")
        .output()
        .expect("run gridbeat import")
}

#[tokio::test]
async fn import_command_writes_nothing_when_a_feature_is_bad() {
    let db = sqlite_db();
    let andorra = common::root().join("geodata/andorra");
    let out = gridbeat_import(&andorra, &db.url);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let before = dump(&db).await;

    // The same set with grid feature 3 turned into a point.
    let bad = tempfile::tempdir().expect("temporary folder");
    for entry in std::fs::read_dir(&andorra).expect("andorra") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, bad.path().join(path.file_name().expect("name"))).expect("copy");
    }
    let grids = bad.path().join("grids.geojson");
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&grids).expect("read")).expect("json");
    json["features"][3]["geometry"] =
        serde_json::json!({"type": "Point", "coordinates": [1.5, 42.5]});
    std::fs::write(&grids, json.to_string()).expect("write");

    let out = gridbeat_import(&bad.path().join("dataset.json"), &db.url);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("grids.geojson: feature 3"), "{stderr}");
    assert_eq!(dump(&db).await, before);
}
