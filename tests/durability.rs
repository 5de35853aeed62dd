//! kill -9 in the middle of writes: an acknowledged edit is never lost, and an interrupted
//! import or edit leaves the database as it was before it. Real processes, really killed.

mod common;

use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::api::Api;
use common::db::{self, TestDb};
use gridbeat::store::Store;
use serde_json::json;
use sqlx::Connection;

/// Edits acknowledged before the kill, as `(change id, name written)`.
type Acked = Arc<Mutex<Vec<(i64, String)>>>;

#[test]
fn a_killed_server_loses_no_acknowledged_edit() {
    for db in db::each("kill_edit") {
        let admin = common::token(&db.url, "Planner", "admin", &[]);
        let data = common::root().join("geodata/andorra");
        let data = data.to_string_lossy().into_owned();
        let (mut server, base) = common::start_server_with(&data, &["--database-url", &db.url]);
        let api = Api::new(&base).with_token(&admin);
        let officer = common::andorra().dataset.officers[0].id.clone();

        // Rename one officer again and again, each edit based on the last acknowledged one.
        let acked: Acked = Arc::default();
        let writer = {
            let (api, acked, officer) = (api.clone(), acked.clone(), officer.clone());
            std::thread::spawn(move || {
                let mut tag = api.version("officer", &officer);
                for i in 0.. {
                    let name = format!("Name {i}");
                    let edit = json!({ "op": "update_officer", "id": officer, "name": name });
                    let Some(reply) = api.try_edit(&edit, Some(&tag)) else {
                        return;
                    };
                    assert_eq!(reply.status, 200, "{}", reply.text);
                    let change = reply.json["change"].as_i64().expect("a change id");
                    acked.lock().expect("the list").push((change, name));
                    tag = reply.etag.expect("a version");
                }
            })
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while acked.lock().expect("the list").len() < 25 {
            assert!(Instant::now() < deadline, "edits too slow");
            std::thread::sleep(Duration::from_millis(5));
        }
        server.kill();
        writer.join().expect("the writer");
        let acked = acked.lock().expect("the list").clone();

        // Back up on the same database: every acknowledged edit is there, in order.
        let (_server, base) = common::start_server_with(&data, &["--database-url", &db.url]);
        let api = Api::new(&base);
        let log = api.get("/api/v1/changes?entity=officer&limit=1000");
        let logged: Vec<(i64, String)> = log.json["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .map(|c| {
                let name = c["after"]["name"].as_str().expect("a name").to_owned();
                (c["id"].as_i64().expect("an id"), name)
            })
            .collect();
        assert!(
            logged.len() >= acked.len(),
            "{} < {}",
            logged.len(),
            acked.len()
        );
        assert_eq!(
            logged[..acked.len()],
            acked[..],
            "acknowledged edits are kept in order"
        );
        // At most the one edit in flight at the kill made it without an answer.
        assert!(logged.len() <= acked.len() + 1, "{logged:?}");
        let name = &logged.last().expect("edits").1;
        let record = api.get(&format!("/api/v1/records/officer/{officer}"));
        assert_eq!(record.json["name"], name.as_str());
    }
}

#[test]
fn a_killed_import_leaves_the_database_as_it_was() {
    for db in db::each("kill_import") {
        let henan = common::root().join("geodata/henan");
        let henan = henan.to_string_lossy().into_owned();

        // Into an empty database: afterwards it is still empty.
        kill_import_midway(&db, &henan);
        assert_eq!(read(&db, |s| async move { s.dataset_name().await }), None);

        // Over a full one: afterwards it holds what it held, change log included.
        common::gridbeat(&["import", "--data", &henan, "--database-url", &db.url]);
        let before = read(&db, |s| async move { s.load_current().await });
        kill_import_midway(&db, &henan);
        let after = read(&db, |s| async move { s.load_current().await });
        assert_eq!(after.1, before.1, "no change-log entry was added");
        let same = format!("{:?}", after.0.layers()) == format!("{:?}", before.0.layers());
        assert!(same, "the data set is unchanged");
    }
}

/// Starts `gridbeat import` of `data` into `db` and kills it once it is writing.
fn kill_import_midway(db: &TestDb, data: &str) {
    let mut import = Command::new(env!("CARGO_BIN_EXE_gridbeat"))
        .args([
            "import",
            "--data",
            data,
            "--database-url",
            &db.url,
            "--replace",
        ])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start gridbeat import");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let exited = import.try_wait().expect("the import's state");
        assert!(
            exited.is_none(),
            "the import ended before it could be killed"
        );
        if writing(db) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the import never started writing"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    import.kill().expect("kill -9");
    import.wait().expect("reap the import");
}

/// Whether an import transaction is under way: SQLite's write-ahead log has grown past 1 MiB,
/// or a PostgreSQL session holds the writer lock.
fn writing(db: &TestDb) -> bool {
    if let Some(dir) = db.dir() {
        let wal = dir.join("gridbeat.db-wal");
        return std::fs::metadata(wal).is_ok_and(|m| m.len() > 1 << 20);
    }
    const HELD: &str = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted";
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let Ok(mut conn) = sqlx::PgConnection::connect(&db.url).await else {
            return false;
        };
        let held: i64 = sqlx::query_scalar(HELD)
            .fetch_one(&mut conn)
            .await
            .expect("read the locks");
        held > 0
    })
}

/// Runs one read on a store opened on `db`.
fn read<T, F, Fut>(db: &TestDb, f: F) -> T
where
    F: FnOnce(Store) -> Fut,
    Fut: std::future::Future<Output = Result<T, gridbeat::store::StoreError>>,
{
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let store = Store::connect(&db.url).await.expect("open the database");
        let value = f(store.clone()).await.expect("read the database");
        store.close().await;
        value
    })
}
