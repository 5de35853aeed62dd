//! Vector tiles through the router: content, validity, errors, compression, caching.

mod common;

use std::io::Read;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use geo::{Area, Geometry, Intersects, Validation};
use geozero::ToGeo;
use geozero::mvt::{Message, Tile, tile};
use gridbeat::atlas::Atlas;
use gridbeat::http::{AppState, ServerConfig, app};
use gridbeat::tiles::TileCoord;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

fn router(atlas: &Atlas, basemap: Option<&str>) -> Router {
    let mut config = ServerConfig::new(common::root().join("web-map"));
    config.basemap_url = basemap.map(str::to_owned);
    app(AppState::new(atlas.clone(), config))
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

async fn get(router: &Router, uri: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = Request::get(uri).header(header::HOST, "127.0.0.1:8080");
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let response = router
        .clone()
        .oneshot(request.body(Body::empty()).expect("request"))
        .await
        .expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

fn json(reply: &Reply) -> Value {
    serde_json::from_slice(&reply.body).expect("JSON body")
}

fn decode(bytes: &[u8]) -> Tile {
    Tile::decode(bytes).expect("a valid MVT")
}

fn string_attr(layer: &tile::Layer, feature: &tile::Feature, key: &str) -> Option<String> {
    feature.tags.chunks(2).find_map(|kv| {
        (layer.keys[kv[0] as usize] == key)
            .then(|| layer.values[kv[1] as usize].string_value.clone())
            .flatten()
    })
}

/// The tile at `zoom` holding a village of the set.
fn tile_of(atlas: &Atlas, village: usize, zoom: u8) -> TileCoord {
    let p = atlas.dataset.villages[village].point;
    let at = geo::Rect::new(p.0, p.0);
    TileCoord::covering(zoom, at).next().expect("a tile")
}

#[tokio::test]
async fn a_grid_tile_names_the_officer_of_each_grid() {
    let atlas = common::henan();
    let router = router(atlas, None);
    let t = tile_of(atlas, 0, 12);

    let reply = get(
        &router,
        &format!("/tiles/grids,villages/{}/{}/{}", t.z, t.x, t.y),
        &[],
    )
    .await;

    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.headers[header::CONTENT_TYPE],
        "application/vnd.mapbox-vector-tile"
    );
    let tile = decode(&reply.body);
    let names: Vec<&str> = tile.layers.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["grids", "villages"]);
    let grids = &tile.layers[0];
    assert_eq!(grids.extent, Some(4096));
    for feature in &grids.features {
        let position = feature.id.expect("feature id") as usize;
        let d = &atlas.dataset;
        assert_eq!(
            string_attr(grids, feature, "id"),
            Some(d.grids[position].id.clone())
        );
        let officer = d.primary_officer(position).map(|o| o.name.clone());
        assert_eq!(string_attr(grids, feature, "officer_name"), officer);
        let status = if officer.is_some() {
            "assigned"
        } else {
            "unassigned"
        };
        assert_eq!(
            string_attr(grids, feature, "status").as_deref(),
            Some(status)
        );
    }
    let village_ids: Vec<_> = tile.layers[1]
        .features
        .iter()
        .filter_map(|f| string_attr(&tile.layers[1], f, "id"))
        .collect();
    assert!(village_ids.contains(&atlas.dataset.villages[0].id));
}

#[tokio::test]
async fn polygons_are_valid_wound_and_free_of_slivers_at_every_zoom() {
    let atlas = common::henan();
    let router = router(atlas, None);
    for zoom in [5, 7, 9, 11, 13, 15] {
        let t = tile_of(atlas, 7, zoom);
        let uri = format!("/tiles/jurisdictions,grids/{}/{}/{}", t.z, t.x, t.y);
        let tile = decode(&get(&router, &uri, &[]).await.body);
        let mut polygons = 0;
        for layer in &tile.layers {
            for feature in &layer.features {
                let shape = match feature.to_geo().expect("decodes") {
                    Geometry::MultiPolygon(shape) => shape,
                    Geometry::Polygon(p) => geo::MultiPolygon::new(vec![p]),
                    other => panic!("{} holds a {other:?}", layer.name),
                };
                assert!(
                    shape.is_valid(),
                    "z{zoom} {} {:?} invalid: {:?}",
                    layer.name,
                    feature.id,
                    shape.validation_errors()
                );
                for p in &shape {
                    assert!(
                        p.unsigned_area() >= 0.5,
                        "z{zoom}: sliver in {}",
                        layer.name
                    );
                    // Exteriors have positive area in y-down tile units.
                    let ext = geo::Polygon::new(p.exterior().clone(), vec![]);
                    assert!(
                        ext.signed_area() > 0.0,
                        "z{zoom}: exterior winding {:?}",
                        &p.exterior().0[..4.min(p.exterior().0.len())]
                    );
                    polygons += 1;
                }
            }
        }
        assert!(polygons > 0, "z{zoom} tile {t:?} is empty");
    }
}

#[tokio::test]
async fn points_are_thinned_at_low_zoom_only() {
    let atlas = common::henan();
    let router = router(atlas, None);
    let count = |tile: &Tile| tile.layers.first().map_or(0, |l| l.features.len());

    let t = tile_of(atlas, 0, 6);
    let low = decode(
        &get(&router, &format!("/tiles/stations/6/{}/{}", t.x, t.y), &[])
            .await
            .body,
    );
    let bounds = t.bounds_wgs84(0.0);
    let inside = atlas
        .dataset
        .stations
        .iter()
        .filter(|s| bounds.intersects(&s.point))
        .count();
    assert!(
        count(&low) < inside,
        "{} of {inside} stations at z6",
        count(&low)
    );

    let t = tile_of(atlas, 0, 14);
    let high = decode(
        &get(&router, &format!("/tiles/stations/14/{}/{}", t.x, t.y), &[])
            .await
            .body,
    );
    let bounds = t.bounds_wgs84(64.0);
    let inside = atlas
        .dataset
        .stations
        .iter()
        .filter(|s| bounds.intersects(&s.point))
        .count();
    assert_eq!(count(&high), inside);
}

#[tokio::test]
async fn empty_tiles_answer_204_and_bad_addresses_4xx() {
    let atlas = common::andorra();
    let router = router(atlas, None);
    assert_eq!(
        get(&router, "/tiles/grids/10/0/0", &[]).await.status,
        StatusCode::NO_CONTENT
    );

    let cases = [
        (
            "/tiles/grids/23/0/0",
            StatusCode::BAD_REQUEST,
            "does not exist",
        ),
        (
            "/tiles/grids/2/4/0",
            StatusCode::BAD_REQUEST,
            "does not exist",
        ),
        (
            "/tiles/grids/2/x/0",
            StatusCode::BAD_REQUEST,
            "whole number",
        ),
        (
            "/tiles/grids/-1/0/0",
            StatusCode::BAD_REQUEST,
            "whole number",
        ),
        (
            "/tiles/parcels/2/0/0",
            StatusCode::NOT_FOUND,
            "unknown tile layer",
        ),
        ("/tiles/grids,grids/2/0/0", StatusCode::BAD_REQUEST, "once"),
        (
            "/tiles/parcels",
            StatusCode::NOT_FOUND,
            "unknown tile layer",
        ),
    ];
    for (uri, status, needle) in cases {
        let reply = get(&router, uri, &[]).await;
        assert_eq!(reply.status, status, "{uri}");
        let message = json(&reply)["error"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(message.contains(needle), "{uri}: {message}");
    }

    // Henan has no roads, so its tiles have no roads layer.
    let henan = router_for_henan();
    assert_eq!(
        get(&henan, "/tiles/roads/8/0/0", &[]).await.status,
        StatusCode::NOT_FOUND
    );
}

fn router_for_henan() -> Router {
    router(common::henan(), None)
}

#[tokio::test]
async fn tiles_are_gzipped_on_request_and_revalidated_by_etag() {
    let atlas = common::andorra();
    let router = router(atlas, None);
    let t = tile_of(atlas, 0, 11);
    let uri = format!("/tiles/grids,roads/{}/{}/{}", t.z, t.x, t.y);

    let plain = get(&router, &uri, &[]).await;
    let zipped = get(&router, &uri, &[("accept-encoding", "gzip, br")]).await;
    assert_eq!(zipped.headers[header::CONTENT_ENCODING], "gzip");
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(&zipped.body[..])
        .read_to_end(&mut unzipped)
        .expect("gzip");
    assert_eq!(unzipped, plain.body);
    assert!(decode(&plain.body).layers.iter().any(|l| l.name == "roads"));

    let etag = plain.headers[header::ETAG]
        .to_str()
        .expect("ascii")
        .to_owned();
    let again = get(&router, &uri, &[("if-none-match", &etag)]).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
}

#[tokio::test]
async fn tilejson_and_catalog_describe_the_layers() {
    let atlas = common::andorra();
    let router = router(atlas, None);

    let tj = json(&get(&router, "/tiles/grids,villages", &[]).await);
    assert_eq!(tj["tilejson"], "3.0.0");
    assert_eq!(
        tj["tiles"][0],
        "http://127.0.0.1:8080/tiles/grids,villages/{z}/{x}/{y}"
    );
    let bounds: Vec<f64> = serde_json::from_value(tj["bounds"].clone()).expect("bounds");
    assert!(
        bounds[0] > 1.4 && bounds[2] < 1.8 && bounds[1] > 42.4 && bounds[3] < 42.7,
        "{bounds:?}"
    );
    assert_eq!(tj["vector_layers"][0]["id"], "grids");
    assert_eq!(tj["vector_layers"][0]["fields"]["officer_name"], "String");

    let catalog = json(&get(&router, "/tiles", &[]).await);
    let ids: Vec<&str> = catalog["layers"]
        .as_array()
        .expect("layers")
        .iter()
        .filter_map(|l| l["id"].as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "jurisdictions",
            "grids",
            "roads",
            "villages",
            "stations",
            "offices",
            "officers"
        ]
    );
}

#[tokio::test]
async fn the_style_points_at_this_server_and_can_carry_an_intranet_basemap() {
    let atlas = common::andorra();
    let plain = json(&get(&router(atlas, None), "/style.json", &[]).await);
    let text = plain.to_string();
    assert!(!text.contains("{{"), "placeholders left: {text}");
    assert!(text.contains("http://127.0.0.1:8080/tiles/"));
    assert!(
        plain["layers"]
            .as_array()
            .expect("layers")
            .iter()
            .all(|l| l["id"] != "basemap")
    );

    let url = "http://tiles.intranet.example/{z}/{x}/{y}.png";
    let with = json(&get(&router(atlas, Some(url)), "/style.json", &[]).await);
    assert_eq!(with["sources"]["basemap"]["tiles"][0], url);
    let ids: Vec<&str> = with["layers"]
        .as_array()
        .expect("layers")
        .iter()
        .filter_map(|l| l["id"].as_str())
        .collect();
    let background = ids
        .iter()
        .position(|i| *i == "background")
        .expect("background layer");
    assert_eq!(ids[background + 1], "basemap");
}

#[tokio::test]
async fn an_edit_shows_in_the_next_tile_without_a_restart() {
    let atlas = common::henan();
    let config = ServerConfig::new(common::root().join("web-map"));
    let state = AppState::new(atlas.clone(), config);
    let router = app(state.clone());
    let d = &atlas.dataset;
    let g = (0..d.grids.len())
        .find(|&g| d.primary_officer(g).is_some())
        .expect("assigned grid");
    let grid = &d.grids[g];
    let officer = d.primary_officer(g).expect("primary").id.clone();
    let village = d
        .village_position(grid.village_id.as_deref().expect("village"))
        .expect("v");
    let t = tile_of(atlas, village, 12);
    let uri = format!("/tiles/grids/{}/{}/{}", t.z, t.x, t.y);
    let status_of = |tile: &Tile| {
        let layer = &tile.layers[0];
        let feature = layer
            .features
            .iter()
            .find(|f| f.id == Some(g as u64))
            .expect("the grid");
        string_attr(layer, feature, "status")
    };

    // Cached before the edit.
    let before = decode(&get(&router, &uri, &[]).await.body);
    assert_eq!(status_of(&before).as_deref(), Some("assigned"));

    let edit = gridbeat::edit::Edit::Unassign {
        officer_id: officer,
        grid_id: grid.id.clone(),
    };
    let applied = gridbeat::edit::apply(d, &edit).expect("unassign");
    state.replace(Atlas::new(applied.dataset), applied.affected);

    let after = decode(&get(&router, &uri, &[]).await.body);
    assert_eq!(status_of(&after).as_deref(), Some("unassigned"));
}
