//! The editing API on a running server, against SQLite and PostgreSQL + PostGIS: tokens and
//! roles, versions, the rules of the data, the change log, and edits showing at once.

mod common;

use common::api::Api;
use common::db::{self, TestDb};
use gridbeat::atlas::Atlas;
use gridbeat::edit::{self, Edit};
use gridbeat::tiles::TileCoord;
use serde_json::{Value, json};

/// A server on the shipped Andorra set, backed by `db`.
fn andorra_on(db: &TestDb) -> (common::Server, Api) {
    let data = common::root().join("geodata/andorra");
    let data = data.to_string_lossy();
    let (server, base) = common::start_server_with(&data, &["--database-url", &db.url]);
    (server, Api::new(&base))
}

/// The jurisdictions an edit touches, as the server will work them out.
fn touched(atlas: &Atlas, edit: &Value) -> Vec<String> {
    let edit: Edit = serde_json::from_value(edit.clone()).expect("an edit");
    edit::jurisdictions(atlas, &edit)
}

fn rename(id: &str, name: &str) -> Value {
    json!({ "op": "update_officer", "id": id, "name": name })
}

#[test]
fn tokens_roles_and_jurisdiction_limits() {
    for db in db::each("edit_access") {
        let atlas = common::andorra();
        // An officer, and another whose records lie wholly in other jurisdictions.
        let first = &atlas.dataset.officers[0];
        let home = touched(atlas, &rename(&first.id, "x"));
        let stranger = atlas
            .dataset
            .officers
            .iter()
            .find(|o| {
                touched(atlas, &rename(&o.id, "x"))
                    .iter()
                    .all(|j| !home.contains(j))
            })
            .expect("an officer outside the first one's jurisdictions");
        let home_refs: Vec<&str> = home.iter().map(String::as_str).collect();

        // Tokens work from the first start; a jurisdiction limit needs the data set stored.
        let admin = common::token(&db.url, "Admin Wang", "admin", &[]);
        let viewer = common::token(&db.url, "Viewer Zhao", "viewer", &[]);
        let (_server, api) = andorra_on(&db);
        let limited = common::token(&db.url, "Editor Li", "editor", &home_refs);

        // No token, a made-up token: 401 with a challenge and a JSON reason.
        let edit = rename(&first.id, "Renamed");
        let tag = api.version("officer", &first.id);
        let reply = api.edit(&edit, Some(&tag));
        assert_eq!(reply.status, 401, "{}", reply.text);
        assert!(
            reply.json["error"]
                .as_str()
                .expect("a reason")
                .contains("Bearer")
        );
        let reply = api.with_token(&"0".repeat(64)).edit(&edit, Some(&tag));
        assert_eq!(reply.status, 401, "{}", reply.text);

        // A viewer may read, not edit.
        let reply = api.with_token(&viewer).edit(&edit, Some(&tag));
        assert_eq!(reply.status, 403, "{}", reply.text);

        // A limited editor: inside their jurisdictions yes, elsewhere 403 naming them.
        let editor = api.with_token(&limited);
        editor.edit_ok("officer", &first.id, &edit);
        let far = rename(&stranger.id, "Renamed too");
        let far_tag = api.version("officer", &stranger.id);
        let reply = editor.edit(&far, Some(&far_tag));
        assert_eq!(reply.status, 403, "{}", reply.text);
        let reason = reply.json["error"].as_str().expect("a reason");
        assert!(reason.contains(&home[0]), "{reason}");
        assert_eq!(
            api.version("officer", &stranger.id),
            far_tag,
            "nothing changed"
        );

        // An admin edits anywhere; the change log names who.
        api.with_token(&admin)
            .edit_ok("officer", &stranger.id, &far);
        let log = api.get(&format!(
            "/api/v1/changes?entity=officer&id={}",
            stranger.id
        ));
        let actors: Vec<&str> = log.json["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .filter_map(|c| c["actor"].as_str())
            .collect();
        assert_eq!(actors, ["Admin Wang"]);

        // A token for a jurisdiction the data set does not have is refused.
        let bogus = std::process::Command::new(env!("CARGO_BIN_EXE_gridbeat"))
            .args(["token", "--database-url", &db.url, "create", "--name", "X"])
            .args(["--role", "editor", "--jurisdiction", "NOWHERE"])
            .output()
            .expect("run gridbeat");
        assert!(!bogus.status.success());
        assert!(String::from_utf8_lossy(&bogus.stderr).contains("NOWHERE"));

        // Tokens are listed without secrets, and a revoked token stops at once.
        let list = common::gridbeat(&["token", "--database-url", &db.url, "list"]);
        assert!(!list.contains(&limited) && !list.contains(&admin), "{list}");
        let editor_row: Value = list
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).expect("a JSON line"))
            .find(|t| t["name"] == "Editor Li")
            .expect("the editor's token");
        assert_eq!(editor_row["role"], "editor");
        assert_eq!(editor_row["jurisdictions"], json!(home));
        let number = editor_row["id"].to_string();
        common::gridbeat(&["token", "--database-url", &db.url, "revoke", &number]);
        let tag = api.version("officer", &first.id);
        let reply = editor.edit(&rename(&first.id, "Again"), Some(&tag));
        assert_eq!(reply.status, 401, "{}", reply.text);
    }
}

#[test]
fn versions_and_rules_of_the_data() {
    let db = db::sqlite();
    let atlas = common::andorra();
    let d = &atlas.dataset;
    let admin = common::token(&db.url, "Planner", "admin", &[]);
    let (_server, api) = andorra_on(&db);
    let api = api.with_token(&admin);
    let officer = &d.officers[0];

    // 428 without a version, 409 with a stale one; neither changes anything.
    let edit = rename(&officer.id, "New name");
    let before = api.version("officer", &officer.id);
    assert_eq!(api.edit(&edit, None).status, 428);
    let stale = api.edit(&edit, Some("\"0000000000000000\""));
    assert_eq!(stale.status, 409, "{}", stale.text);
    assert!(
        stale.text.contains(&before.replace('"', "\\\"")),
        "{}",
        stale.text
    );
    assert_eq!(api.version("officer", &officer.id), before);

    // The current version works once; the answer carries the new one.
    let reply = api.edit(&edit, Some(&before));
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json["after"]["name"], "New name");
    let after = reply.etag.expect("the new version");
    assert_eq!(api.version("officer", &officer.id), after);
    assert_ne!(after, before);
    assert_eq!(
        api.edit(&rename(&officer.id, "Lost"), Some(&before)).status,
        409
    );

    // Creating needs no version; creating twice is a conflict.
    let office = json!({ "op": "create_office", "id": "of-new", "name": "Oficina nova",
        "lon": d.offices[0].point.x(), "lat": d.offices[0].point.y(),
        "station_id": d.stations[0].id });
    let reply = api.edit(&office, None);
    assert_eq!(reply.status, 201, "{}", reply.text);
    assert_eq!(api.edit(&office, None).status, 409);

    // A second primary officer for a grid: 409 naming the one it has.
    let position = (0..d.grids.len())
        .find(|&g| d.primary_officer(g).is_some_and(|p| p.id != officer.id))
        .expect("a grid with another primary officer");
    let (grid, primary) = (&d.grids[position], d.primary_officer(position));
    let primary = primary.expect("its primary officer");
    let assign = json!({ "op": "assign", "officer_id": officer.id, "grid_id": grid.id });
    let tag = api.version("officer", &officer.id);
    let reply = api.edit(&assign, Some(&tag));
    assert_eq!(reply.status, 409, "{}", reply.text);
    assert!(reply.text.contains(&primary.id), "{}", reply.text);

    // Records that do not exist: 404.
    let ghost = json!({ "op": "assign", "officer_id": "p-none", "grid_id": grid.id });
    let reply = api.edit(&ghost, None);
    assert_eq!(reply.status, 404, "{}", reply.text);
    let reply = api.get("/api/v1/records/officer/p-none");
    assert_eq!(reply.status, 404, "{}", reply.text);

    // A grid laid over its neighbour, or outside its jurisdiction: 422 saying where.
    let neighbour = d
        .grids
        .iter()
        .find(|g| g.id != grid.id && g.jurisdiction_id == grid.jurisdiction_id)
        .expect("a neighbour in the same jurisdiction");
    let overlapping = geojson::Geometry::new(geojson::GeometryValue::from(&neighbour.geometry));
    let replace = json!({ "op": "replace_grid_geometry", "grid_id": grid.id,
        "geometry": overlapping });
    let tag = api.version("grid", &grid.id);
    let reply = api.edit(&replace, Some(&tag));
    assert_eq!(reply.status, 422, "{}", reply.text);
    assert!(reply.text.contains("overlaps grid"), "{}", reply.text);
    let far_away = json!({ "type": "Polygon",
        "coordinates": [[[10.0, 50.0], [10.1, 50.0], [10.1, 50.1], [10.0, 50.0]]] });
    let replace = json!({ "op": "replace_grid_geometry", "grid_id": grid.id,
        "geometry": far_away });
    let reply = api.edit(&replace, Some(&tag));
    assert_eq!(reply.status, 422, "{}", reply.text);
    assert!(
        reply.text.contains("outside jurisdiction"),
        "{}",
        reply.text
    );
    assert_eq!(
        api.version("grid", &grid.id),
        tag,
        "refused edits change nothing"
    );

    // Coordinates that are not lon/lat pairs, empty shapes, bad names and ids, sites
    // outside the data set: 422 saying what to fix, never a 500.
    let bad_shapes = [
        json!({ "type": "Polygon", "coordinates": [[[1.51], [42.51]]] }),
        json!({ "type": "Polygon",
            "coordinates": [[[-1e308, -1e308], [1e308, -1e308], [1e308, 1e308],
                [-1e308, -1e308]]] }),
        json!({ "type": "Polygon", "coordinates": [] }),
        json!({ "type": "Polygon", "coordinates": [[]] }),
        json!({ "type": "MultiPolygon", "coordinates": [] }),
    ];
    for shape in bad_shapes {
        let replace = json!({ "op": "replace_grid_geometry", "grid_id": grid.id,
            "geometry": shape });
        let reply = api.edit(&replace, Some(&tag));
        assert_eq!(reply.status, 422, "{shape}: {}", reply.text);
    }
    let (lon, lat) = (d.offices[0].point.x(), d.offices[0].point.y());
    let bad_edits = [
        json!({ "op": "create_officer", "id": "", "name": "A", "role": "community",
            "office_id": d.offices[0].id }),
        json!({ "op": "create_officer", "id": "a/b ?#", "name": "A", "role": "community",
            "office_id": d.offices[0].id }),
        json!({ "op": "create_office", "id": "of-far", "name": "Far", "lon": 113.6,
            "lat": 34.7, "station_id": d.stations[0].id }),
        json!({ "op": "create_workstation", "id": "ws-blank", "name": "  \n", "lon": lon,
            "lat": lat, "office_id": d.offices[0].id }),
    ];
    for bad in bad_edits {
        let reply = api.edit(&bad, None);
        assert_eq!(reply.status, 422, "{bad}: {}", reply.text);
    }
    let tag = api.version("officer", &officer.id);
    for bad in [
        json!({ "op": "update_officer", "id": officer.id, "name": "a\u{0}b" }),
        json!({ "op": "update_officer", "id": officer.id }),
    ] {
        let reply = api.edit(&bad, Some(&tag));
        assert_eq!(reply.status, 422, "{bad}: {}", reply.text);
    }
    assert_eq!(
        api.version("officer", &officer.id),
        tag,
        "refused edits change nothing"
    );

    // Not an edit at all: 400 saying why.
    let reply = api.edit(&json!({ "op": "promote", "id": officer.id }), None);
    assert_eq!(reply.status, 400, "{}", reply.text);
    assert!(reply.text.contains("promote"), "{}", reply.text);
}

#[test]
fn edits_show_at_once_are_logged_and_survive_a_restart() {
    let db = db::sqlite();
    let d = &common::andorra().dataset;
    let admin = common::token(&db.url, "Planner Chen", "admin", &[]);
    let (mut server, api) = andorra_on(&db);
    let api = api.with_token(&admin);

    // A grid with a primary officer, and another community officer to hand it to.
    let position = (0..d.grids.len())
        .find(|&g| d.primary_officer(g).is_some())
        .expect("a covered grid");
    let grid = &d.grids[position];
    let old = d.primary_officer(position).expect("its officer");
    let new = d
        .officers
        .iter()
        .find(|o| o.role == gridbeat::model::Role::Community && o.id != old.id)
        .expect("another community officer");
    let village = grid.village_id.as_deref().and_then(|v| d.village(v));
    let at = village.expect("the grid's village").point;
    let lookup = format!("/api/v1/lookup?lon={}&lat={}", at.x(), at.y());
    let primary = |api: &Api| -> Value {
        let reply = api.get(&lookup);
        assert_eq!(reply.status, 200, "{}", reply.text);
        let officers = reply.json["officers"].as_array().expect("officers").clone();
        assert_eq!(reply.json["grid"]["id"], grid.id.as_str());
        officers
            .into_iter()
            .find(|o| o["primary"] == true)
            .map_or(Value::Null, |o| o["id"].clone())
    };
    assert_eq!(primary(&api), old.id.as_str());

    let unassign = json!({ "op": "unassign", "officer_id": old.id, "grid_id": grid.id });
    let change = api.edit_ok("officer", &old.id, &unassign).json["change"].clone();
    assert_eq!(
        primary(&api),
        Value::Null,
        "the lookup sees the unassignment at once"
    );
    let item = api.get(&format!("/ogc/collections/officers/items/{}", old.id));
    assert_eq!(
        item.etag,
        Some(api.version("officer", &old.id)),
        "OGC items carry versions"
    );
    let grids = item.json["properties"]["grid_ids"].to_string();
    assert!(!grids.contains(&format!("\"{}\"", grid.id)), "{grids}");
    let assign = json!({ "op": "assign", "officer_id": new.id, "grid_id": grid.id });
    api.edit_ok("officer", &new.id, &assign);
    assert_eq!(primary(&api), new.id.as_str());

    // The grid's tile, cached before, names the officer as renamed right after the edit.
    let t = TileCoord::covering(13, geo::Rect::new(at.0, at.0))
        .next()
        .expect("a tile");
    let tile = format!("/tiles/grids/{}/{}/{}", t.z, t.x, t.y);
    let renamed = "Officer Tile-Check";
    assert!(!api.get(&tile).text.contains(renamed));
    api.edit_ok("officer", &new.id, &rename(&new.id, renamed));
    let bytes = api.get(&tile).text;
    assert!(
        bytes.contains(renamed),
        "the tile names the officer as renamed"
    );

    // The change log: who, what, before and after, in order, in pages.
    let log = api.get("/api/v1/changes?limit=2");
    let entries = log.json["changes"].as_array().expect("changes");
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["action"], "import");
    assert_eq!(entries[1]["id"], change);
    assert_eq!(entries[1]["actor"], "Planner Chen");
    assert_eq!(entries[1]["action"], "unassign");
    assert!(
        entries[1]["before"]["grid_ids"]
            .to_string()
            .contains(&grid.id)
    );
    assert!(
        !entries[1]["after"]["grid_ids"]
            .to_string()
            .contains(&grid.id)
    );
    let next = log.json["next"].as_i64().expect("a next page");
    let rest = api.get(&format!("/api/v1/changes?after={next}"));
    let rest = rest.json["changes"].as_array().expect("changes").clone();
    let actions: Vec<&str> = rest.iter().filter_map(|c| c["action"].as_str()).collect();
    assert_eq!(actions, ["assign", "update_officer"]);
    assert_eq!(api.get("/api/v1/changes?limit=x").status, 400);
    assert_eq!(api.get("/api/v1/changes?entity=planet").status, 400);

    // Importing the same set again would drop the edits: refused without --replace.
    let data = common::root().join("geodata/andorra");
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_gridbeat"))
        .args(["import", "--database-url", &db.url, "--data"])
        .arg(&data)
        .output()
        .expect("run gridbeat");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--replace"));

    // Restarted on the same database, the server serves the edited data.
    server.kill();
    let (_server, again) = andorra_on(&db);
    assert_eq!(primary(&again), new.id.as_str());
}

#[test]
fn private_reads_need_a_token() {
    let db = db::sqlite();
    let viewer = common::token(&db.url, "Analyst", "viewer", &[]);
    let data = common::root().join("geodata/andorra");
    let (_server, base) = common::start_server_with(
        &data.to_string_lossy(),
        &["--database-url", &db.url, "--private-reads"],
    );
    let api = Api::new(&base);
    for path in [
        "/api/v1/dataset",
        "/ogc/collections",
        "/tiles",
        "/api/v1/changes",
    ] {
        let reply = api.get(path);
        assert_eq!(reply.status, 401, "{path}: {}", reply.text);
        assert_eq!(api.with_token(&viewer).get(path).status, 200, "{path}");
    }
    assert_eq!(api.get("/health").status, 200);
}
