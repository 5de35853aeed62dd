//! `POST /api/v1/patrols`, `/patrols/export`, `/patrols/streets` and `/patrols/streets/export`
//! through the router on the shipped Andorra roads (and Henan, which has none): real plans
//! checked stop by stop, and every 4xx naming what to fix.

mod common;

use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use gridbeat::http::{AppState, ServerConfig, app};
use gridbeat::patrols::streets::grid_streets;
use gridbeat::routing::{Profile, RoadNetwork};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

/// Officer p-00001 works from office of-00001 (Santa Coloma).
const OFFICER: &str = "p-00001";

/// One server state for every test: the road network is built once.
fn state(henan: bool) -> AppState {
    static ANDORRA: OnceLock<AppState> = OnceLock::new();
    static HENAN: OnceLock<AppState> = OnceLock::new();
    let config = || ServerConfig::new(common::root().join("web-map"));
    match henan {
        false => ANDORRA.get_or_init(|| AppState::new(common::andorra().clone(), config())),
        true => HENAN.get_or_init(|| AppState::new(common::henan().clone(), config())),
    }
    .clone()
}

async fn post_raw(
    state: AppState,
    uri: &str,
    body: &Value,
) -> (StatusCode, Vec<(String, String)>, Vec<u8>) {
    let request = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .expect("request");
    let response = app(state).oneshot(request).await.expect("infallible");
    let status = response.status();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or_default().to_owned()))
        .collect();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (status, headers, bytes.to_vec())
}

async fn post(uri: &str, body: &Value) -> (StatusCode, Value) {
    let (status, _, bytes) = post_raw(state(false), uri, body).await;
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// Eight villages around Andorra la Vella, La Massana, Ordino and Sant Julià.
fn villages() -> Vec<Value> {
    [
        "n58963219",
        "n64954415",
        "n64954486",
        "n64954563",
        "n64954584",
        "n64954589",
        "n64954512",
        "n64954525",
    ]
    .iter()
    .map(|id| json!({ "village": id }))
    .collect()
}

fn body(officers: usize) -> Value {
    json!({
        "start": { "officer": OFFICER },
        "stops": villages(),
        "officers": officers,
        "service_minutes": 10,
        "depart_at": "08:30",
    })
}

fn features<'a>(answer: &'a Value, kind: &str) -> Vec<&'a Value> {
    answer["features"]
        .as_array()
        .expect("features")
        .iter()
        .filter(|f| f["properties"]["kind"] == kind)
        .collect()
}

fn coords(value: &Value) -> [f64; 2] {
    [
        value[0].as_f64().expect("lon"),
        value[1].as_f64().expect("lat"),
    ]
}

fn line(feature: &Value) -> Vec<[f64; 2]> {
    feature["geometry"]["coordinates"]
        .as_array()
        .expect("a line")
        .iter()
        .map(coords)
        .collect()
}

fn num(value: &Value) -> f64 {
    value
        .as_f64()
        .unwrap_or_else(|| panic!("a number: {value}"))
}

/// Checks one officer's route feature against its stop features: starts at the start's
/// snapped point, passes each stop's snapped point in order, and its duration is the sum of
/// the legs, waits and services (plus the way back).
fn check_route(route: &Value, stops: &[&Value], start: [f64; 2], closed: bool) {
    let officer = &route["properties"]["officer"];
    let mine: Vec<&&Value> = stops
        .iter()
        .filter(|s| &s["properties"]["officer"] == officer)
        .collect();
    let line = line(route);
    assert_eq!(line[0], start, "the route leaves from the snapped start");
    let mut at = 0;
    let mut total = 0.0;
    for (seq, stop) in mine.iter().enumerate() {
        let p = &stop["properties"];
        assert_eq!(p["seq"], seq);
        let snapped = coords(&p["snapped"]);
        let found = line[at..].iter().position(|&v| v == snapped);
        at += found.unwrap_or_else(|| panic!("the line passes stop {seq} at {snapped:?}"));
        total += num(&p["leg_duration_s"]) + num(&p["wait_s"]) + num(&p["service_s"]);
        assert_eq!(stop["geometry"]["coordinates"], p["snapped"]);
    }
    let props = &route["properties"];
    if closed {
        assert_eq!(
            line[line.len() - 1],
            start,
            "a closed route ends at the start"
        );
        total += num(&props["back_duration_s"]);
    }
    let duration = num(&props["duration_s"]);
    assert!(
        (duration - total).abs() < 0.5,
        "{duration} s vs legs {total} s"
    );
}

#[tokio::test]
async fn every_stop_is_planned_once_along_the_roads() {
    let (status, one) = post("/api/v1/patrols", &body(1)).await;
    assert_eq!(status, StatusCode::OK, "{one}");
    assert_eq!(one["type"], "FeatureCollection");
    let start = features(&one, "start");
    assert_eq!(start.len(), 1);
    let start_point = coords(&start[0]["properties"]["snapped"]);
    let stops = features(&one, "stop");
    let mut seen: Vec<u64> = stops
        .iter()
        .map(|s| s["properties"]["index"].as_u64().expect("index"))
        .collect();
    seen.sort_unstable();
    assert_eq!(seen, (0..8).collect::<Vec<u64>>(), "each stop exactly once");
    assert_eq!(one["plan"]["unserved"], json!([]));
    let routes = features(&one, "route");
    assert_eq!(routes.len(), 1);
    check_route(routes[0], &stops, start_point, true);
    assert_eq!(
        stops[0]["properties"]["name"].as_str().map(str::is_empty),
        Some(false)
    );
    let one_longest = num(&one["plan"]["longest_s"]);

    let (status, two) = post("/api/v1/patrols", &body(2)).await;
    assert_eq!(status, StatusCode::OK, "{two}");
    let stops = features(&two, "stop");
    let mut seen: Vec<u64> = stops
        .iter()
        .map(|s| s["properties"]["index"].as_u64().expect("index"))
        .collect();
    seen.sort_unstable();
    assert_eq!(
        seen,
        (0..8).collect::<Vec<u64>>(),
        "each stop once across officers"
    );
    let routes = features(&two, "route");
    for route in &routes {
        check_route(route, &stops, start_point, true);
    }
    let two_longest = num(&two["plan"]["longest_s"]);
    assert!(
        two_longest <= one_longest,
        "two officers {two_longest} s, one {one_longest} s"
    );
    assert_eq!(routes.len(), 2, "both officers have stops");
}

#[tokio::test]
async fn windows_make_waits_and_impossible_ones_are_unserved() {
    let mut request = body(1);
    request["stops"] = json!([
        { "village": "n58963219", "window": ["11:00", "11:30"], "name": "奥尔迪诺 Ordino" },
        { "village": "n64954415" },
        { "coordinates": [1.5806, 42.5348], "name": "Encamp", "window": ["08:00", "08:35"] },
        { "coordinates": [1.70, 42.60], "name": "off the roads" },
    ]);
    request["return_to_start"] = json!(false);
    let (status, answer) = post("/api/v1/patrols", &request).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let stops = features(&answer, "stop");
    let ordino = stops
        .iter()
        .find(|s| s["properties"]["index"] == 0)
        .expect("Ordino is planned");
    let p = &ordino["properties"];
    assert_eq!(p["name"], "奥尔迪诺 Ordino");
    assert_eq!(p["begin"], "11:00:00", "service waits for the window");
    assert!(num(&p["wait_s"]) > 600.0, "{p}");
    assert!(num(&p["arrival_s"]) < 11.0 * 3600.0);

    let unserved = answer["plan"]["unserved"].as_array().expect("unserved");
    let reasons: Vec<(u64, &str)> = unserved
        .iter()
        .map(|u| {
            (
                u["index"].as_u64().expect("index"),
                u["reason"].as_str().expect("reason"),
            )
        })
        .collect();
    assert_eq!(reasons, [(2, "window_closed"), (3, "not_near_road")]);
    assert!(
        unserved[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("08:35:00"))
    );
    assert!(num(&unserved[1]["distance_m"]) > 1_000.0);
    let route = features(&answer, "route");
    let start = coords(&features(&answer, "start")[0]["properties"]["snapped"]);
    check_route(route[0], &stops, start, false);
}

#[tokio::test]
async fn a_short_shift_leaves_stops_out_with_the_reason() {
    let mut request = body(1);
    request["shift_end"] = json!("08:45");
    request["service_minutes"] = json!(20);
    let (status, answer) = post("/api/v1/patrols", &request).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let unserved = answer["plan"]["unserved"].as_array().expect("unserved");
    assert_eq!(
        unserved.len(),
        8,
        "no 20-minute stop fits a 15-minute shift: {answer}"
    );
    assert!(unserved.iter().all(|u| u["reason"] == "beyond_shift"));
    assert!(features(&answer, "route").is_empty());
}

#[tokio::test]
async fn exports_one_officer_with_names() {
    let mut request = body(2);
    let name = "兰考县 村委会";
    request["stops"][0] = json!({ "coordinates": [1.5334, 42.5561], "name": name });
    let (status, headers, bytes) = post_raw(
        state(false),
        "/api/v1/patrols/export?format=gpx&officer=0",
        &request,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(
        header("content-type").as_deref(),
        Some("application/gpx+xml")
    );
    assert_eq!(
        header("content-disposition").as_deref(),
        Some("attachment; filename=\"patrol-officer-0.gpx\"")
    );
    let text = String::from_utf8(bytes).expect("UTF-8");
    let (_, _, other) = post_raw(
        state(false),
        "/api/v1/patrols/export?format=gpx&officer=1",
        &request,
    )
    .await;
    let other = String::from_utf8(other).expect("UTF-8");
    assert!(
        text.contains(name) || other.contains(name),
        "the Chinese stop name is in one officer's file"
    );
    assert!(
        text.contains("Santa Coloma police office"),
        "the start is a waypoint"
    );

    let (status, answer) = post("/api/v1/patrols/export?format=kml", &request).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        answer["error"]
            .as_str()
            .is_some_and(|e| e.contains("officer=0 to 1")),
        "{answer}"
    );
    let (status, _, csv) =
        post_raw(state(false), "/api/v1/patrols/export?format=csv", &body(1)).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "one officer needs no officer parameter"
    );
    let csv = String::from_utf8(csv).expect("UTF-8");
    assert_eq!(
        csv.lines().filter(|l| l.starts_with("stop,")).count(),
        10,
        "start, 8, start"
    );
}

/// Equirectangular metres around `origin`.
fn local(p: [f64; 2], origin: [f64; 2]) -> [f64; 2] {
    let m = 6_371_008.8_f64.to_radians();
    [
        (p[0] - origin[0]) * m * origin[1].to_radians().cos(),
        (p[1] - origin[1]) * m,
    ]
}

/// Metres from `p` to the nearest point of `line`.
fn distance_to_line(p: [f64; 2], line: &[[f64; 2]]) -> f64 {
    let q = local(p, p);
    line.windows(2)
        .map(|w| {
            let (a, b) = (local(w[0], p), local(w[1], p));
            let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
            let len2 = dx * dx + dy * dy;
            let t = if len2 > 0.0 {
                (((q[0] - a[0]) * dx + (q[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
            } else {
                0.0
            };
            (a[0] + dx * t - q[0]).hypot(a[1] + dy * t - q[1])
        })
        .fold(f64::INFINITY, f64::min)
}

#[tokio::test]
async fn street_patrol_covers_every_segment_of_the_grid() {
    let network = RoadNetwork::from_roads(&common::andorra().roads).expect("roads");
    for (grid, profile) in [("g-n64954512", "car"), ("g-n58957648", "foot")] {
        let request = json!({ "grid": grid, "profile": profile });
        let (status, answer) = post("/api/v1/patrols/streets", &request).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert_eq!(answer["type"], "Feature");
        let p = &answer["properties"];
        let line = line(&answer);
        assert_eq!(line[0], line[line.len() - 1], "{grid}: a closed drive");
        let share = num(&p["repeated_share"]);
        assert!((0.0..1.0).contains(&share), "{share}");

        let profile: Profile = profile.parse().expect("profile");
        let dataset = &common::andorra().dataset;
        let segments = grid_streets(&network, profile, dataset.grid(grid).expect("grid"));
        assert_eq!(p["segments"], segments.len());
        let required: f64 = segments.iter().map(|s| s.length_m()).sum();
        assert!(num(&p["length_m"]) >= required - 0.5, "{p}");
        assert!((num(&p["required_m"]) - required).abs() < 0.5);
        for s in &segments {
            let middle = s.line[s.line.len() / 2];
            let mid = if s.line.len() == 2 {
                [
                    (s.line[0][0] + s.line[1][0]) / 2.0,
                    (s.line[0][1] + s.line[1][1]) / 2.0,
                ]
            } else {
                middle
            };
            let d = distance_to_line(mid, &line);
            assert!(
                d < 1.0,
                "{grid}: segment of edge {} is {d} m off the drive",
                s.edge
            );
        }
    }
}

#[tokio::test]
async fn street_patrol_exports_and_refuses_unknown_or_empty_grids() {
    let request = json!({ "grid": "g-n64954512", "profile": "foot" });
    let (status, headers, bytes) = post_raw(
        state(false),
        "/api/v1/patrols/streets/export?format=kml",
        &request,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers.iter().any(|(k, v)| k == "content-disposition"
        && v == "attachment; filename=\"streets-g-n64954512.kml\""));
    assert!(String::from_utf8_lossy(&bytes).contains("<LineString>"));

    let (status, answer) = post("/api/v1/patrols/streets", &json!({ "grid": "nope" })).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        answer["error"]
            .as_str()
            .is_some_and(|e| e.contains("\"nope\"")),
        "{answer}"
    );
}

#[tokio::test]
async fn a_grid_without_roads_is_422() {
    // Every Andorra grid holds a car road, so serve Henan on Andorra's roads: no Henan grid
    // holds any of them.
    let network = RoadNetwork::from_roads(&common::andorra().roads).expect("roads");
    let config = ServerConfig::new(common::root().join("web-map"));
    let henan = AppState::new(common::henan().clone(), config).with_road_network(network);
    let grid = common::henan().dataset.layers().grids[0].id.clone();
    let request = json!({ "grid": grid, "profile": "car" });
    let (status, _, bytes) = post_raw(henan, "/api/v1/patrols/streets", &request).await;
    let answer: Value = serde_json::from_slice(&bytes).expect("JSON");
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let error = answer["error"].as_str().unwrap_or_default();
    assert!(
        error.contains(&grid) && error.contains("no car road"),
        "{error}"
    );
}

#[tokio::test]
async fn henan_has_no_roads_409() {
    let request = json!({ "start": { "coordinates": [113.6, 34.7] },
                          "stops": [{ "coordinates": [113.7, 34.8] }] });
    let (status, _, bytes) = post_raw(state(true), "/api/v1/patrols", &request).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let answer: Value = serde_json::from_slice(&bytes).expect("JSON");
    assert!(
        answer["error"]
            .as_str()
            .is_some_and(|e| e.contains("no road network"))
    );
}

#[tokio::test]
async fn bad_requests_name_the_field_to_fix() {
    let stop = json!({ "village": "n58963219" });
    let many: Vec<Value> = (0..501).map(|_| stop.clone()).collect();
    let with = |key: &str, value: Value| {
        let mut b = json!({ "start": { "office": "of-00001" }, "stops": [stop] });
        b[key] = value;
        b
    };
    let cases = [
        (
            with("stops", json!([])),
            400,
            "stops: give at least one stop",
        ),
        (with("stops", json!(many)), 400, "at most 500"),
        (with("officers", json!(0)), 400, "officers: 0 officers"),
        (
            with("start", json!({ "office": "of-x" })),
            422,
            "start.office: no office \"of-x\"",
        ),
        (
            with("start", json!({ "officer": "p-x" })),
            422,
            "start.officer: no officer \"p-x\"",
        ),
        (
            with("stops", json!([{ "village": "v-x" }])),
            422,
            "stops[0].village: no village",
        ),
        (
            with(
                "stops",
                json!([{ "village": "n58963219", "window": ["11:00", "10:00"] }]),
            ),
            400,
            "stops[0].window: closes at 10:00:00 before it opens at 11:00:00",
        ),
        (
            with(
                "stops",
                json!([{ "coordinates": [1.5, 42.5], "window": ["9h", "10:00"] }]),
            ),
            400,
            "stops[0].window",
        ),
        (with("depart_at", json!("25:61")), 400, "depart_at"),
        (
            with("shift_end", json!("07:00")),
            400,
            "shift_end: 07:00:00 is not after depart_at",
        ),
        (with("profile", json!("bike")), 400, "profile"),
        (
            with("colour", json!("red")),
            400,
            "unknown member \"colour\"",
        ),
        (
            with("stops", json!([{ "coordinates": [200, 42.5] }])),
            400,
            "stops[0].coordinates",
        ),
        (
            with("start", json!({ "coordinates": [1.70, 42.60] })),
            422,
            "start: (1.7, 42.6)",
        ),
        (json!("stops"), 400, "body: expected a JSON object"),
    ];
    for (request, code, needle) in cases {
        let (status, answer) = post("/api/v1/patrols", &request).await;
        assert_eq!(status.as_u16(), code, "{request}: {answer}");
        let error = answer["error"].as_str().unwrap_or_default();
        assert!(error.contains(needle), "{needle:?} not in {error:?}");
        assert_eq!(answer["status"], code);
    }
    let (status, answer) = post("/api/v1/patrols/export?format=shp", &body(1)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        answer["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("format:"))
    );
    let (status, answer) = post("/api/v1/patrols/export?format=gpx&officer=3", &body(2)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        answer["error"]
            .as_str()
            .is_some_and(|e| e.contains("officer: 3")),
        "{answer}"
    );
}
