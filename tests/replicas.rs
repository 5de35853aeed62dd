//! Several servers on one database: each sees the others' edits without a restart, and an edit
//! based on a version another server has replaced is refused.

mod common;

use std::time::{Duration, Instant};

use common::api::Api;
use common::db::{self, TestDb};
use serde_json::json;

/// Two servers on the shipped Andorra set sharing `db`.
fn two_servers(db: &TestDb) -> [(common::Server, Api); 2] {
    let data = common::root().join("geodata/andorra");
    let data = data.to_string_lossy().into_owned();
    let start = || {
        let (server, base) = common::start_server_with(&data, &["--database-url", &db.url]);
        (server, Api::new(&base))
    };
    // The first fills the empty database; the second starts on the filled one.
    let first = start();
    [first, start()]
}

/// Waits until `check` holds, for at most ten seconds (the servers aim at under one second;
/// `benches/` measures how long it takes).
fn eventually(what: &str, check: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !check() {
        assert!(Instant::now() < deadline, "never happened: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn servers_on_one_database_follow_each_other() {
    for db in db::each("replicas") {
        let admin = common::token(&db.url, "Planner", "admin", &[]);
        let [(_s1, one), (_s2, two)] = two_servers(&db);
        let (one, two) = (one.with_token(&admin), two.with_token(&admin));
        let d = &common::andorra().dataset;
        let officer = &d.officers[0].id;
        let office = &d.offices[0];

        // An edit on one server shows on the other, in records, OGC items and lookups.
        let edit = json!({ "op": "update_officer", "id": officer, "name": "Seen Everywhere" });
        let reply = one.edit_ok("officer", officer, &edit);
        let version = reply.etag.expect("a version");
        eventually("the rename reaches the second server", || {
            two.get(&format!("/api/v1/records/officer/{officer}"))
                .etag
                .as_ref()
                == Some(&version)
        });
        let item = two.get(&format!("/ogc/collections/officers/items/{officer}"));
        assert_eq!(item.json["properties"]["name"], "Seen Everywhere");

        // And the other way round: a moved office, seen by the first server's lookups.
        let (lon, lat) = (office.point.x() + 0.001, office.point.y());
        let moved = json!({ "op": "update_office", "id": office.id, "lon": lon, "lat": lat });
        two.edit_ok("office", &office.id, &moved);
        eventually("the move reaches the first server", || {
            let record = one
                .get(&format!("/api/v1/records/office/{}", office.id))
                .json;
            record["lon"].as_f64() == Some(lon)
        });

        // Both read the same version; the first edit wins, the second is refused with 409
        // although its server had not heard of the first yet.
        let tag = one.version("officer", officer);
        assert_eq!(two.version("officer", officer), tag);
        let a = json!({ "op": "update_officer", "id": officer, "name": "From one" });
        let b = json!({ "op": "update_officer", "id": officer, "name": "From two" });
        assert_eq!(one.edit(&a, Some(&tag)).status, 200);
        let late = two.edit(&b, Some(&tag));
        assert_eq!(late.status, 409, "{}", late.text);
        let record = two.get(&format!("/api/v1/records/officer/{officer}"));
        assert_eq!(record.json["name"], "From one");

        // Both servers list the same change log.
        let log = |api: &Api| api.get("/api/v1/changes").json["changes"].clone();
        assert_eq!(log(&one), log(&two));
        assert_eq!(log(&one).as_array().map(Vec::len), Some(4));
    }
}
