//! Every HTTP endpoint through the router, error cases included, on the shipped Andorra set.

mod common;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use gridbeat::http::{AppState, MAX_BODY_BYTES, ServerConfig, app};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

fn router() -> Router {
    let config = ServerConfig::new(common::root().join("web-map"));
    app(AppState::new(common::andorra().clone(), config))
}

async fn send(request: Request<Body>) -> (StatusCode, Option<String>, Value) {
    let response = router().oneshot(request).await.expect("infallible");
    let status = response.status();
    let kind = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap_or_default().to_owned());
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, kind, body)
}

async fn get(uri: &str) -> (StatusCode, Value) {
    let request = Request::get(uri).header(header::HOST, "127.0.0.1:8080");
    let (status, _, body) = send(request.body(Body::empty()).expect("request")).await;
    (status, body)
}

async fn post(uri: &str, body: impl Into<Body>) -> (StatusCode, Value) {
    let request = Request::post(uri).header(header::CONTENT_TYPE, "application/json");
    let (status, _, body) = send(request.body(body.into()).expect("request")).await;
    (status, body)
}

fn assert_error(status: StatusCode, body: &Value, expected: StatusCode, needle: &str) {
    assert_eq!(status, expected, "body: {body}");
    let message = body["error"].as_str().expect("a JSON error message");
    assert!(
        message.contains(needle),
        "{message:?} should mention {needle:?}"
    );
}

#[tokio::test]
async fn health_is_ok() {
    let (status, body) = get("/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn lookup_at_a_village_names_its_grid_village_jurisdiction_and_officers() {
    let d = &common::andorra().dataset;
    let (g, grid) = d
        .grids
        .iter()
        .enumerate()
        .find(|(g, grid)| grid.village_id.is_some() && d.primary_officer(*g).is_some())
        .expect("an assigned grid");
    let village = d
        .village(grid.village_id.as_deref().expect("village"))
        .expect("village");
    let officer = d.primary_officer(g).expect("officer");

    let uri = format!(
        "/api/v1/lookup?lon={}&lat={}",
        village.point.x(),
        village.point.y()
    );
    let (status, body) = get(&uri).await;

    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["covered"], true);
    assert_eq!(body["grid"]["id"], grid.id);
    assert_eq!(body["grid"]["officer_id"], officer.id);
    assert_eq!(body["village"]["name"], village.name);
    assert_eq!(body["jurisdiction"]["id"], village.jurisdiction_id);
    assert_eq!(body["officers"][0]["id"], officer.id);
    assert_eq!(body["officers"][0]["role"], "community");
    assert_eq!(body["officers"][0]["primary"], true);
    assert_eq!(body["office"]["id"], officer.office_id);
    let office = d.office(&officer.office_id).expect("office");
    assert_eq!(body["station"]["id"], office.station_id);
}

#[tokio::test]
async fn lookup_outside_every_grid_is_not_covered() {
    let (status, body) = get("/api/v1/lookup?lon=0&lat=0").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        json!({"covered": false, "jurisdiction": null, "grid": null, "village": null,
               "office": null, "station": null, "officers": []})
    );
}

#[tokio::test]
async fn lookup_rejects_bad_coordinates() {
    let cases = [
        ("/api/v1/lookup?lat=42.5", "missing parameter lon"),
        ("/api/v1/lookup?lon=abc&lat=42.5", "not a finite number"),
        ("/api/v1/lookup?lon=1.5&lat=95", "outside -90..90"),
        ("/api/v1/lookup?lon=181&lat=42", "outside -180..180"),
        ("/api/v1/lookup?lon=inf&lat=42", "not a finite number"),
    ];
    for (uri, needle) in cases {
        let (status, body) = get(uri).await;
        assert_error(status, &body, StatusCode::BAD_REQUEST, needle);
    }
}

fn feature(geometry: Value) -> Value {
    json!({"type": "Feature", "properties": {}, "geometry": geometry})
}

fn point(lon: f64, lat: f64) -> Value {
    feature(json!({"type": "Point", "coordinates": [lon, lat]}))
}

fn collection(features: Vec<Value>) -> Value {
    json!({"type": "FeatureCollection", "features": features})
}

#[tokio::test]
async fn bulk_lookup_answers_in_input_order() {
    let d = &common::andorra().dataset;
    let v = &d.villages[0];
    let body = collection(vec![point(0.0, 0.0), point(v.point.x(), v.point.y())]);
    let (status, body) = post("/api/v1/lookup", body.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let results = body["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["covered"], false);
    assert_eq!(results[1]["village"]["id"], v.id);
}

#[tokio::test]
async fn bulk_lookup_rejects_bad_bodies() {
    let (status, body) = post("/api/v1/lookup", "{not json").await;
    assert_error(
        status,
        &body,
        StatusCode::BAD_REQUEST,
        "not a GeoJSON FeatureCollection",
    );

    let line = json!({"type": "LineString", "coordinates": [[1, 2], [3, 4]]});
    let line = collection(vec![point(1.5, 42.5), feature(line)]);
    let (status, body) = post("/api/v1/lookup", line.to_string()).await;
    assert_error(
        status,
        &body,
        StatusCode::BAD_REQUEST,
        "feature 1: expected a Point",
    );

    let far = collection(vec![point(1.5, 142.5)]);
    let (status, body) = post("/api/v1/lookup", far.to_string()).await;
    assert_error(
        status,
        &body,
        StatusCode::BAD_REQUEST,
        "feature 0: lat 142.5",
    );

    let huge = vec![b' '; MAX_BODY_BYTES + 1];
    let (status, body) = post("/api/v1/lookup", huge).await;
    assert_error(status, &body, StatusCode::PAYLOAD_TOO_LARGE, "larger than");
}

#[tokio::test]
async fn ogc_landing_conformance_and_collections() {
    let (status, body) = get("/ogc").await;
    assert_eq!(status, StatusCode::OK);
    let rels: Vec<&str> = body["links"]
        .as_array()
        .expect("links")
        .iter()
        .map(|l| l["rel"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(rels, ["self", "conformance", "data"]);

    let (_, body) = get("/ogc/conformance").await;
    assert!(
        body["conformsTo"]
            .as_array()
            .expect("list")
            .iter()
            .any(|c| c.as_str().is_some_and(|c| c.ends_with("/conf/geojson")))
    );

    let (_, body) = get("/ogc/collections").await;
    let ids: Vec<&str> = body["collections"]
        .as_array()
        .expect("collections")
        .iter()
        .map(|c| c["id"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        ids,
        [
            "jurisdictions",
            "grids",
            "villages",
            "stations",
            "offices",
            "officers"
        ]
    );

    let (status, body) = get("/ogc/collections/grids").await;
    assert_eq!(status, StatusCode::OK);
    let bbox = &body["extent"]["spatial"]["bbox"][0];
    assert!(bbox[0].as_f64().expect("minx") > 1.0 && bbox[2].as_f64().expect("maxx") < 2.0);
}

#[tokio::test]
async fn ogc_items_page_through_a_collection() {
    let d = &common::andorra().dataset;
    let (status, body) = get("/ogc/collections/villages/items?limit=5").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["numberMatched"], d.villages.len());
    assert_eq!(body["numberReturned"], 5);
    assert_eq!(body["features"][0]["id"], d.villages[0].id);
    let next = body["links"]
        .as_array()
        .expect("links")
        .iter()
        .find(|l| l["rel"] == "next")
        .expect("a next link");
    assert_eq!(
        next["href"],
        "http://127.0.0.1:8080/ogc/collections/villages/items?limit=5&offset=5"
    );

    let last = format!(
        "/ogc/collections/villages/items?limit=5&offset={}",
        d.villages.len() - 1
    );
    let (_, body) = get(&last).await;
    assert_eq!(body["numberReturned"], 1);
    assert!(
        !body["links"]
            .as_array()
            .expect("links")
            .iter()
            .any(|l| l["rel"] == "next")
    );
}

#[tokio::test]
async fn ogc_items_filter_by_bbox_and_text() {
    let d = &common::andorra().dataset;
    let v = &d.villages[3];
    let (x, y) = (v.point.x(), v.point.y());
    let uri = format!(
        "/ogc/collections/villages/items?bbox={},{},{},{}",
        x - 1e-6,
        y - 1e-6,
        x + 1e-6,
        y + 1e-6
    );
    let (_, body) = get(&uri).await;
    assert_eq!(body["features"][0]["id"], v.id, "{body}");

    let q: String = v.name.chars().take(4).collect();
    let uri = format!("/ogc/collections/villages/items?q={}", urlencode(&q));
    let (_, body) = get(&uri).await;
    let names: Vec<&str> = body["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| f["properties"]["name"].as_str().unwrap_or_default())
        .collect();
    assert!(names.contains(&v.name.as_str()), "{names:?}");
    assert!(
        names
            .iter()
            .all(|n| n.to_lowercase().contains(&q.to_lowercase()))
    );
}

#[tokio::test]
async fn ogc_items_filter_by_property_equality() {
    let atlas = common::andorra();
    let d = &atlas.dataset;
    // The officer answering for the most villages, counted from the records.
    let mut by_officer = std::collections::BTreeMap::<&str, Vec<&str>>::new();
    for (v, village) in d.villages.iter().enumerate() {
        let officer = atlas.village_grid(v).and_then(|g| d.primary_officer(g));
        if let Some(o) = officer {
            by_officer.entry(&o.id).or_default().push(&village.id);
        }
    }
    let (officer, mut wanted) = by_officer
        .into_iter()
        .max_by_key(|(_, v)| v.len())
        .expect("an officer with villages");
    wanted.sort_unstable();

    let uri = format!("/ogc/collections/villages/items?officer_id={officer}&limit=1");
    let (status, body) = get(&uri).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["numberMatched"], wanted.len());
    let next = body["links"]
        .as_array()
        .expect("links")
        .iter()
        .find(|l| l["rel"] == "next")
        .and_then(|l| l["href"].as_str())
        .expect("a next page");
    assert!(next.contains(&format!("officer_id={officer}")), "{next}");

    let uri = format!("/ogc/collections/villages/items?officer_id={officer}&limit=1000");
    let (_, body) = get(&uri).await;
    let mut got: Vec<&str> = body["features"]
        .as_array()
        .expect("features")
        .iter()
        .filter_map(|f| f["id"].as_str())
        .collect();
    got.sort_unstable();
    assert_eq!(got, wanted);

    let community = d.officers.iter().filter(|o| o.role.as_str() == "community");
    let (_, body) = get("/ogc/collections/officers/items?role=community&limit=1000").await;
    assert_eq!(body["numberMatched"], community.count());
    let (_, body) = get("/ogc/collections/villages/items?officer_id=nobody").await;
    assert_eq!(body["numberMatched"], 0);
    let (status, body) = get("/ogc/collections/villages/items?colour=red").await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "officer_id");
}

fn urlencode(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

#[tokio::test]
async fn ogc_items_reject_bad_parameters() {
    let cases = [
        (
            "/ogc/collections/villages/items?bbox=1,43,2,42",
            StatusCode::BAD_REQUEST,
            "is above north edge",
        ),
        (
            "/ogc/collections/villages/items?bbox=1,2,3",
            StatusCode::BAD_REQUEST,
            "4 comma-separated",
        ),
        (
            "/ogc/collections/villages/items?limit=0",
            StatusCode::BAD_REQUEST,
            "outside 1..=10000",
        ),
        (
            "/ogc/collections/villages/items?limit=x",
            StatusCode::BAD_REQUEST,
            "whole number",
        ),
        (
            "/ogc/collections/villages/items?colour=red",
            StatusCode::BAD_REQUEST,
            "unknown parameter",
        ),
        (
            "/ogc/collections/roads2/items",
            StatusCode::NOT_FOUND,
            "unknown collection",
        ),
        (
            "/ogc/collections/villages/items/nope",
            StatusCode::NOT_FOUND,
            "no feature",
        ),
        ("/nowhere", StatusCode::NOT_FOUND, "no resource"),
    ];
    for (uri, expected, needle) in cases {
        let (status, body) = get(uri).await;
        assert_error(status, &body, expected, needle);
    }
}

#[tokio::test]
async fn ogc_item_by_id_has_geometry_and_properties() {
    let d = &common::andorra().dataset;
    let grid = &d.grids[0];
    let (status, body) = get(&format!("/ogc/collections/grids/items/{}", grid.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["id"], grid.id);
    assert_eq!(body["geometry"]["type"], "MultiPolygon");
    assert_eq!(body["properties"]["jurisdiction_id"], grid.jurisdiction_id);

    let officer = &d.officers[0];
    let (_, body) = get(&format!("/ogc/collections/officers/items/{}", officer.id)).await;
    assert_eq!(body["properties"]["role"], officer.role.as_str());
    assert_eq!(body["properties"]["grid_count"], officer.grid_ids.len());
}

#[tokio::test]
async fn the_web_map_is_served_without_the_rest_of_its_folder() {
    let request = Request::get("/").body(Body::empty()).expect("request");
    let response = router().oneshot(request).await.expect("infallible");
    assert_eq!(response.status(), StatusCode::OK);
    let html = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    assert!(String::from_utf8_lossy(&html).contains("/vendor/maplibre-gl/maplibre-gl.js"));

    let (status, _) = get("/package.json").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn lookup_accepts_gcj02_and_bd09_coordinates() {
    use gridbeat::crs::Crs;
    // A Henan village given as an Amap (GCJ-02) or Baidu (BD-09) coordinate.
    let henan = common::henan();
    let config = ServerConfig::new(common::root().join("web-map"));
    let router = app(AppState::new(henan.clone(), config));
    let village = &henan.dataset.villages[100];
    for (name, crs) in [
        ("gcj02", Crs::Gcj02),
        ("bd09", Crs::Bd09),
        ("EPSG:4490", Crs::Cgcs2000),
    ] {
        let (lon, lat) = crs.from_wgs84(village.point.x(), village.point.y());
        let uri = format!("/api/v1/lookup?lon={lon}&lat={lat}&crs={name}");
        let request = Request::get(uri).body(Body::empty()).expect("request");
        let response = router.clone().oneshot(request).await.expect("infallible");
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        let body: Value = serde_json::from_slice(&bytes).expect("json");
        assert_eq!(body["village"]["id"], village.id, "crs {name}");
    }

    let (status, body) = get("/api/v1/lookup?lon=1.5&lat=42.5&crs=mars").await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "crs");
}

#[tokio::test]
async fn unknown_and_repeated_parameters_are_refused_everywhere() {
    let cases = [
        (
            "/api/v1/lookup?lon=1.5&lat=42.5&foo=1",
            "unknown parameter \"foo\"",
        ),
        ("/api/v1/lookup?lon=1.5&lat=42.5&lat=42.6", "given twice"),
        ("/ogc?foo=1", "unknown parameter"),
        ("/ogc/collections/villages?foo=1", "unknown parameter"),
        (
            "/ogc/collections/villages/items?limit=1&limit=2",
            "given twice",
        ),
        ("/ogc/conformance?f=html", "use f=json"),
    ];
    for (uri, needle) in cases {
        let (status, body) = get(uri).await;
        assert_error(status, &body, StatusCode::BAD_REQUEST, needle);
    }
    let (status, _) = get("/ogc/collections?f=json").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn every_error_has_a_json_body() {
    let request = Request::delete("/health")
        .body(Body::empty())
        .expect("request");
    let (status, kind, body) = send(request).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(kind.as_deref(), Some("application/json"));
    assert!(
        body["error"].as_str().is_some_and(|m| m.contains("DELETE")),
        "{body}"
    );

    let (status, body) = get("/js/nope.js").await;
    assert_error(status, &body, StatusCode::NOT_FOUND, "not found");

    // A declared length over the limit is refused before the body is read.
    let request = Request::post("/api/v1/lookup")
        .header(header::CONTENT_LENGTH, "999999999")
        .body(Body::empty())
        .expect("request");
    let (status, _, body) = send(request).await;
    assert_error(status, &body, StatusCode::PAYLOAD_TOO_LARGE, "larger than");
}

#[tokio::test]
async fn a_bbox_across_the_antimeridian_is_two_boxes() {
    let d = &common::andorra().dataset;
    let (status, body) = get("/ogc/collections/villages/items?bbox=170,-10,-170,10").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["numberMatched"], 0);
    let (_, body) = get("/ogc/collections/villages/items?bbox=1,42,-179,43&limit=1").await;
    assert_eq!(body["numberMatched"], d.villages.len());
    let next = body["links"]
        .as_array()
        .expect("links")
        .iter()
        .find(|l| l["rel"] == "next")
        .expect("next");
    assert!(
        next["href"]
            .as_str()
            .is_some_and(|h| h.contains("bbox=1%2C42%2C-179%2C43")),
        "{next}"
    );
}

#[tokio::test]
async fn links_ignore_a_host_header_that_is_not_a_host() {
    let request = Request::get("/ogc").header(header::HOST, "evil.example/<script>");
    let (_, _, body) = send(request.body(Body::empty()).expect("request")).await;
    assert_eq!(body["links"][0]["href"], "http://127.0.0.1:8080/ogc");
}

#[tokio::test]
async fn search_ignores_accents_and_apostrophe_style() {
    let (_, body) = get("/ogc/collections/jurisdictions/items?q=sant%20julia").await;
    let names: Vec<&str> = body["features"]
        .as_array()
        .expect("features")
        .iter()
        .filter_map(|f| f["properties"]["name"].as_str())
        .collect();
    assert_eq!(names, ["Sant Julià de Lòria"]);
    let (_, body) = get("/ogc/collections/villages/items?q=l%27aldosa").await;
    assert!(
        body["numberMatched"].as_u64().is_some_and(|n| n >= 1),
        "{body}"
    );
}

#[test]
fn a_village_without_a_grid_of_its_own_is_served_by_the_grid_it_lies_in() {
    use gridbeat::features::{Collection, ItemsQuery, items};
    let atlas = common::henan();
    let query = ItemsQuery {
        bbox: Vec::new(),
        q: None,
        properties: Vec::new(),
        offset: 0,
        limit: usize::MAX,
    };
    let page = items(atlas, Collection::Villages, &query);
    let mut borrowed = 0;
    for (v, feature) in page.features.iter().enumerate() {
        let village = &atlas.dataset.villages[v];
        let own = atlas.village_grid(v);
        let inside = atlas.index.grids.locate(village.point.0);
        let expected = own.or(inside).map(|g| atlas.dataset.grids[g].id.as_str());
        let grid = feature
            .properties
            .as_ref()
            .and_then(|p| p["grid_id"].as_str());
        assert_eq!(grid, expected, "{}", village.id);
        borrowed += usize::from(own.is_none() && inside.is_some());
    }
    assert!(
        borrowed > 0,
        "Henan has villages served by a grid not made for them"
    );
}
