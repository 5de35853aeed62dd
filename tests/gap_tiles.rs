//! Coverage gaps as vector tiles: the tiles of a kind hold exactly the features of
//! `GET /api/v1/gaps/{kind}` with their properties, GDAL reads them, an edit shows in the
//! next tile, and bad requests say what to fix.

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use geo::{Rect, coord};
use geozero::mvt::{Message, Tile};
use gridbeat::atlas::Atlas;
use gridbeat::http::{AppState, ServerConfig, app};
use gridbeat::model::Role;
use gridbeat::tiles::TileCoord;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

fn state(atlas: &Atlas) -> AppState {
    AppState::new(
        atlas.clone(),
        ServerConfig::new(common::root().join("web-map")),
    )
}

async fn fetch(router: &Router, uri: &str) -> (StatusCode, Vec<u8>) {
    let request = Request::get(uri).body(Body::empty()).expect("request");
    let response = router.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let bytes = response.into_body().collect().await.expect("body");
    (status, bytes.to_bytes().to_vec())
}

async fn json(router: &Router, uri: &str) -> (StatusCode, Value) {
    let (status, bytes) = fetch(router, uri).await;
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// Every feature in the tiles of `zoom` covering `bounds`, by `id` attribute, with its `gap`
/// attribute; checks each tile has the one layer `layer`.
async fn features_in_tiles(
    router: &Router,
    template: &str,
    bounds: Rect,
    zoom: u8,
    layer: &str,
) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    for t in TileCoord::covering(zoom, bounds) {
        let uri = template
            .replace("{z}", &t.z.to_string())
            .replace("{x}", &t.x.to_string())
            .replace("{y}", &t.y.to_string());
        let (status, bytes) = fetch(router, &uri).await;
        if status == StatusCode::NO_CONTENT {
            continue;
        }
        assert_eq!(status, StatusCode::OK, "{uri}");
        let tile = Tile::decode(bytes.as_slice()).expect("an MVT tile");
        assert_eq!(tile.layers.len(), 1, "{uri}");
        let l = &tile.layers[0];
        assert_eq!(l.name, layer);
        for f in &l.features {
            let mut attributes = BTreeMap::new();
            for pair in f.tags.chunks(2) {
                let key = &l.keys[pair[0] as usize];
                let value = &l.values[pair[1] as usize];
                let text = value
                    .string_value
                    .clone()
                    .or(value.bool_value.map(|b| b.to_string()));
                attributes.insert(key.as_str(), text);
            }
            let id = attributes["id"].clone().expect("a string id");
            let gap = attributes["gap"].clone().expect("a string gap");
            found.insert(id, gap);
        }
    }
    found
}

fn expected(collection: &Value) -> BTreeMap<String, String> {
    collection["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| {
            let id = f["id"].as_str().expect("a feature id").to_owned();
            let gap = f["properties"]["gap"].as_str().expect("gap").to_owned();
            (id, gap)
        })
        .collect()
}

fn bounds(tilejson: &Value) -> Rect {
    let b: Vec<f64> = tilejson["bounds"]
        .as_array()
        .expect("bounds")
        .iter()
        .filter_map(Value::as_f64)
        .collect();
    Rect::new(coord! { x: b[0], y: b[1] }, coord! { x: b[2], y: b[3] })
}

/// The tile URL template of a TileJSON, made relative to the server.
fn template(tilejson: &Value) -> String {
    let url = tilejson["tiles"][0].as_str().expect("a tile URL");
    let path = url.find("/tiles/").expect("a tiles path");
    url[path..].to_owned()
}

#[tokio::test]
async fn henan_gap_tiles_hold_exactly_the_api_features() {
    let router = app(state(common::henan()));
    let kinds = [
        ("unassigned", ""),
        ("distance", "?max_km=3"),
        ("workload", "?high=1.5&low=0.5"),
    ];
    for (kind, query) in kinds {
        let (status, collection) = json(&router, &format!("/api/v1/gaps/{kind}{query}")).await;
        assert_eq!(status, StatusCode::OK, "{kind}");
        let want = expected(&collection);
        assert!(!want.is_empty(), "{kind}: Henan has gaps of this kind");

        let (status, tilejson) = json(&router, &format!("/tiles/gaps/{kind}{query}")).await;
        assert_eq!(status, StatusCode::OK, "{kind}: {tilejson}");
        assert_eq!(tilejson["features"], want.len());
        assert_eq!(tilejson["vector_layers"][0]["id"], kind);
        let template = template(&tilejson);
        assert!(
            template.ends_with(query),
            "{template} keeps the query {query}"
        );

        let got = features_in_tiles(&router, &template, bounds(&tilejson), 8, kind).await;
        assert_eq!(got, want, "{kind}: tiles and GeoJSON differ");
    }
}

#[tokio::test]
async fn an_assignment_removes_the_grid_from_the_next_tile() {
    let atlas = common::andorra();
    let state = state(atlas);
    let router = app(state.clone());
    let (_, tilejson) = json(&router, "/tiles/gaps/unassigned").await;
    let (template, area) = (template(&tilejson), bounds(&tilejson));
    let before = features_in_tiles(&router, &template, area, 12, "unassigned").await;
    let grid = before
        .iter()
        .find(|(_, gap)| *gap == "grid")
        .map(|(id, _)| id.clone())
        .expect("Andorra has an unassigned grid");

    let officer = atlas
        .dataset
        .officers
        .iter()
        .find(|o| o.role == Role::Community && !o.grid_ids.is_empty())
        .expect("a community officer with grids");
    let edit = gridbeat::edit::Edit::Assign {
        officer_id: officer.id.clone(),
        grid_id: grid.clone(),
    };
    let applied = gridbeat::edit::apply(&atlas.dataset, &edit).expect("assign");
    state.replace(Atlas::new(applied.dataset), applied.affected);

    let after = features_in_tiles(&router, &template, area, 12, "unassigned").await;
    assert!(!after.contains_key(&grid), "{grid} is assigned now");
    assert!(
        after.keys().all(|id| before.contains_key(id)),
        "nothing new"
    );
    let (_, now) = json(&router, "/api/v1/gaps/unassigned").await;
    assert_eq!(after, expected(&now), "the tiles follow the edited data");
}

#[tokio::test]
async fn gdal_reads_a_gap_tile() {
    if !common::have_gdal() {
        return;
    }
    let router = app(state(common::henan()));
    let (_, tilejson) = json(&router, "/tiles/gaps/unassigned").await;
    let template = template(&tilejson);
    let at = coord! { x: 113.65, y: 34.76 };
    let tile = TileCoord::covering(6, Rect::new(at, at))
        .next()
        .expect("a tile");
    let uri = template
        .replace("{z}", &tile.z.to_string())
        .replace("{x}", &tile.x.to_string())
        .replace("{y}", &tile.y.to_string());
    let (status, bytes) = fetch(&router, &uri).await;
    assert_eq!(status, StatusCode::OK);
    let features = Tile::decode(bytes.as_slice()).expect("tile").layers[0]
        .features
        .len();

    // GDAL's MVT driver takes the tile address from the z/x/y of the path.
    let dir = tempfile::tempdir().expect("dir");
    let folder = dir.path().join(format!("{}/{}", tile.z, tile.x));
    std::fs::create_dir_all(&folder).expect("folder");
    let file = folder.join(format!("{}.pbf", tile.y));
    std::fs::write(&file, &bytes).expect("tile file");
    let out = Command::new("ogrinfo")
        .args(["-ro", "-so", "-al"])
        .arg(&file)
        .output()
        .expect("ogrinfo runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("Layer name: unassigned"), "{text}");
    assert!(
        text.contains(&format!("Feature Count: {features}")),
        "{features} features expected in {text}"
    );
}

#[tokio::test]
async fn bad_gap_tile_requests_say_what_to_fix() {
    let router = app(state(common::andorra()));
    let cases = [
        (
            "/tiles/gaps/holes/0/0/0",
            StatusCode::NOT_FOUND,
            "unassigned",
        ),
        ("/tiles/gaps/holes", StatusCode::NOT_FOUND, "unassigned"),
        (
            "/tiles/gaps/distance/0/0/0?max_km=far",
            StatusCode::BAD_REQUEST,
            "max_km",
        ),
        (
            "/tiles/gaps/partition/0/0/0?high=2",
            StatusCode::BAD_REQUEST,
            "sliver_m2",
        ),
        (
            "/tiles/gaps/unassigned/3/9/0",
            StatusCode::BAD_REQUEST,
            "x and y",
        ),
        (
            "/tiles/gaps/unassigned/x/0/0",
            StatusCode::BAD_REQUEST,
            "tile z",
        ),
        (
            "/tiles/gaps/unassigned?jurisdiction=nowhere",
            StatusCode::BAD_REQUEST,
            "nowhere",
        ),
    ];
    let (status, catalog) = json(&router, "/tiles/gaps").await;
    assert_eq!(status, StatusCode::OK);
    let kinds: Vec<&str> = catalog["gaps"]
        .as_array()
        .expect("gap tilesets")
        .iter()
        .filter_map(|g| g["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["unassigned", "distance", "partition", "workload"]);
    for (uri, expected, needle) in cases {
        let (status, body) = json(&router, uri).await;
        assert_eq!(status, expected, "{uri}: {body}");
        let message = body["error"].as_str().unwrap_or_default();
        assert!(
            message.contains(needle),
            "{uri}: {message:?} lacks {needle:?}"
        );
    }
}
