//! Coverage gaps on the shipped data sets, through the domain, the HTTP API and the command
//! line. Expected counts are recomputed here from the records, independently of `gaps`.

mod common;

use std::process::Command;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use gridbeat::atlas::Atlas;
use gridbeat::gaps::partition::PieceKind;
use gridbeat::gaps::report::{Settings, full_report, gap_report};
use gridbeat::gaps::{GapKind, Links, Scope, coverage, partition};
use gridbeat::http::{AppState, ServerConfig, app};
use gridbeat::model::Role;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

/// Grids without a primary officer, counted straight from the officers' lists.
fn unstaffed_grids(atlas: &Atlas) -> Vec<String> {
    let d = &atlas.dataset;
    let primary: std::collections::HashSet<&str> = d
        .officers
        .iter()
        .filter(|o| o.role == Role::Community)
        .flat_map(|o| o.grid_ids.iter().map(String::as_str))
        .collect();
    let mut ids: Vec<String> = d
        .grids
        .iter()
        .filter(|g| !primary.contains(g.id.as_str()))
        .map(|g| g.id.clone())
        .collect();
    ids.sort();
    ids
}

#[test]
fn henan_unassigned_grids_are_the_47_taken_away_and_the_17_empty_counties() {
    let atlas = common::henan();
    let expected = unstaffed_grids(atlas);
    // geodata/README.md: 47 village grids left without an officer, 17 counties with no village.
    assert_eq!(expected.len(), 47 + 17);

    let found = gap_report(
        atlas,
        &Links::new(atlas),
        GapKind::Unassigned,
        &Settings::default(),
    )
    .expect("report");
    let mut grids: Vec<String> = found
        .features
        .iter()
        .filter(|f| f.property("gap") == Some(&json!("grid")))
        .map(|f| {
            f.property("id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    grids.sort();
    assert_eq!(grids, expected);
    assert_eq!(found.summary["grids"], 64);
}

#[test]
fn henan_coverage_matches_a_count_by_hand() {
    let atlas = common::henan();
    let rates = coverage::coverage(atlas, &Links::new(atlas), Scope::ALL);
    let d = &atlas.dataset;
    assert_eq!(rates.overall.grids, d.grids.len());
    assert_eq!(rates.overall.grids_covered, d.grids.len() - 64);
    assert_eq!(rates.overall.villages, d.villages.len());
    // No Henan village has a known population.
    assert_eq!(rates.overall.population_known_villages, 0);
    assert_eq!(rates.overall.population_rate(), None);

    // The per-jurisdiction and per-station rows add up to the whole.
    let sum = |rows: &[(usize, coverage::Tally)]| -> (usize, usize) {
        rows.iter().fold((0, 0), |(g, v), (_, t)| {
            (g + t.grids_covered, v + t.villages_covered)
        })
    };
    let whole = (rates.overall.grids_covered, rates.overall.villages_covered);
    assert_eq!(sum(&rates.jurisdictions), whole);
    let stations = sum(&rates.stations);
    let rest = (
        rates.without_station.grids_covered,
        rates.without_station.villages_covered,
    );
    assert_eq!((stations.0 + rest.0, stations.1 + rest.1), whole);
    assert_eq!(rates.jurisdictions.len(), 157);
}

#[test]
fn shipped_grids_partition_their_jurisdictions() {
    // tests/grids.rs checks the derived grids tile each jurisdiction; the partition check
    // must agree: nothing above the default sliver threshold.
    for atlas in [common::andorra(), common::henan()] {
        let found =
            partition::partition(atlas, &Links::new(atlas), Scope::ALL, 1_000.0).expect("report");
        for kind in [PieceKind::Hole, PieceKind::Overlap, PieceKind::Outside] {
            assert_eq!(
                found.total(kind, false).0,
                0,
                "{kind:?} in {}",
                atlas.dataset.meta.name
            );
        }
        assert_eq!(found.jurisdictions, atlas.dataset.jurisdictions.len());
    }
}

#[test]
fn a_grid_moved_out_of_its_county_leaves_a_hole_and_an_outside_part() {
    let atlas = common::andorra();
    let mut layers = atlas.dataset.layers();
    let grid = &mut layers.grids[0];
    let area = gridbeat::gaps::sphere::area_m2(&grid.geometry);
    grid.geometry =
        geo::MapCoords::map_coords(&grid.geometry, |c| geo::coord! { x: c.x + 1.0, y: c.y });
    let moved = Atlas::new(
        gridbeat::model::Dataset::new(atlas.dataset.meta.clone(), layers).expect("valid"),
    );

    let found = partition::partition(&moved, &Links::new(&moved), Scope::ALL, 1_000.0).expect("ok");
    let (holes, hole_m2) = found.total(PieceKind::Hole, false);
    let (outside, outside_m2) = found.total(PieceKind::Outside, false);
    assert!(
        holes >= 1 && outside >= 1,
        "{holes} holes, {outside} outside"
    );
    approx::assert_relative_eq!(hole_m2, area, max_relative = 1e-3);
    approx::assert_relative_eq!(outside_m2, area, max_relative = 1e-3);
}

#[test]
fn full_report_on_henan_names_every_kind() {
    let atlas = common::henan();
    let report = full_report(atlas, &Settings::default()).expect("report");
    let kinds: Vec<GapKind> = report.gaps.iter().map(|g| g.kind).collect();
    assert_eq!(kinds, GapKind::ALL);
    assert_eq!(
        report.coverage["overall"]["grids"],
        atlas.dataset.grids.len()
    );
}

// --- HTTP -------------------------------------------------------------------------------------

fn state() -> AppState {
    AppState::new(
        common::andorra().clone(),
        ServerConfig::new(common::root().join("web-map")),
    )
}

async fn call(router: &Router, request: Request<Body>) -> (StatusCode, Value) {
    let response = router.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

async fn get(router: &Router, uri: &str) -> (StatusCode, Value) {
    call(
        router,
        Request::get(uri).body(Body::empty()).expect("request"),
    )
    .await
}

#[tokio::test]
async fn every_kind_answers_a_feature_collection_with_a_summary() {
    let router = app(state());
    for kind in ["unassigned", "distance", "partition", "workload"] {
        let (status, body) = get(&router, &format!("/api/v1/gaps/{kind}")).await;
        assert_eq!(status, StatusCode::OK, "{kind}: {body}");
        assert_eq!(body["type"], "FeatureCollection");
        assert_eq!(body["kind"], kind);
        assert!(body["summary"].is_object(), "{kind}");
    }
    let (status, body) = get(&router, "/api/v1/gaps/unassigned").await;
    assert_eq!(status, StatusCode::OK);
    let grids = unstaffed_grids(common::andorra()).len();
    assert_eq!(body["summary"]["grids"], grids);
}

#[tokio::test]
async fn bad_kinds_and_parameters_say_what_to_fix() {
    let router = app(state());
    let cases = [
        (
            "/api/v1/gaps/holes",
            StatusCode::NOT_FOUND,
            "expected unassigned",
        ),
        (
            "/api/v1/gaps/distance?max_km=far",
            StatusCode::BAD_REQUEST,
            "max_km",
        ),
        (
            "/api/v1/gaps/distance?max_km=-2",
            StatusCode::BAD_REQUEST,
            "max_km",
        ),
        (
            "/api/v1/gaps/distance?metric=crow",
            StatusCode::BAD_REQUEST,
            "straight or travel",
        ),
        (
            "/api/v1/gaps/distance?metric=travel&max_km=3",
            StatusCode::BAD_REQUEST,
            "max_minutes",
        ),
        (
            "/api/v1/gaps/distance?max_minutes=3",
            StatusCode::BAD_REQUEST,
            "max_km",
        ),
        (
            "/api/v1/gaps/distance?metric=travel&profile=bike",
            StatusCode::BAD_REQUEST,
            "car or foot",
        ),
        (
            "/api/v1/gaps/distance?metric=travel&max_minutes=-1",
            StatusCode::BAD_REQUEST,
            "max_minutes",
        ),
        (
            "/api/v1/gaps/distance?metric=travel&max_minutes=1e308",
            StatusCode::BAD_REQUEST,
            "max_minutes",
        ),
        (
            "/api/v1/gaps/distance?max_km=1e307",
            StatusCode::BAD_REQUEST,
            "max_km",
        ),
        (
            "/api/v1/gaps/workload?high=0.1",
            StatusCode::BAD_REQUEST,
            "high",
        ),
        (
            "/api/v1/gaps/workload?by=age",
            StatusCode::BAD_REQUEST,
            "villages, population",
        ),
        (
            "/api/v1/gaps/partition?max_km=1",
            StatusCode::BAD_REQUEST,
            "sliver_m2",
        ),
        (
            "/api/v1/gaps/unassigned?jurisdiction=nowhere",
            StatusCode::BAD_REQUEST,
            "nowhere",
        ),
        (
            "/api/v1/coverage?jurisdiction=nowhere",
            StatusCode::BAD_REQUEST,
            "nowhere",
        ),
    ];
    for (uri, expected, needle) in cases {
        let (status, body) = get(&router, uri).await;
        assert_eq!(status, expected, "{uri}: {body}");
        let message = body["error"].as_str().unwrap_or_default();
        assert!(
            message.contains(needle),
            "{uri}: {message:?} should mention {needle:?}"
        );
    }
}

#[tokio::test]
async fn coverage_changes_at_once_after_an_assignment() {
    let state = state();
    let router = app(state.clone());
    let (_, before) = get(&router, "/api/v1/coverage").await;
    let grids = &before["overall"]["grids"];
    let covered = before["overall"]["grids_covered"]
        .as_u64()
        .expect("a count");

    let atlas = common::andorra();
    let d = &atlas.dataset;
    let grid = unstaffed_grids(atlas)
        .into_iter()
        .next()
        .expect("an unassigned grid");
    let officer = d
        .officers
        .iter()
        .find(|o| o.role == Role::Community)
        .expect("an officer");
    let edit = gridbeat::edit::Edit::Assign {
        officer_id: officer.id.clone(),
        grid_id: grid.clone(),
    };
    let applied = gridbeat::edit::apply(d, &edit).expect("assign");
    state.replace(Atlas::new(applied.dataset), applied.affected);

    let (_, after) = get(&router, "/api/v1/coverage").await;
    assert_eq!(&after["overall"]["grids"], grids);
    assert_eq!(after["overall"]["grids_covered"], covered + 1);
    let (_, gaps) = get(&router, "/api/v1/gaps/unassigned").await;
    let ids: Vec<&str> = gaps["features"]
        .as_array()
        .expect("features")
        .iter()
        .filter_map(|f| f["id"].as_str())
        .collect();
    assert!(!ids.contains(&grid.as_str()), "{grid} is assigned now");
}

async fn post_siting(router: &Router, body: Value) -> (StatusCode, Value) {
    let request = Request::post("/api/v1/siting").header("content-type", "application/json");
    call(
        router,
        request.body(Body::from(body.to_string())).expect("request"),
    )
    .await
}

#[tokio::test]
async fn siting_covers_every_reachable_village_and_reports_its_bound() {
    let router = app(state());
    let body = json!({ "goal": "cover_all", "radius_km": 1.0, "candidates": "villages" });
    let (status, answer) = post_siting(&router, body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let s = &answer["summary"];
    // Every village is a candidate, so every village in need is reachable (by itself).
    assert_eq!(s["unreachable"], 0);
    assert_eq!(s["weight_reached"], s["weight_needed"]);
    let sites = answer["features"].as_array().expect("features").len() as u64;
    assert_eq!(s["sites"], sites);
    assert!(s["lower_bound"].as_u64().expect("a bound") <= sites);

    let best = json!({ "goal": "best_k", "k": 2, "radius_km": 1.0, "candidates": "villages" });
    let (status, answer) = post_siting(&router, best).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let reached = answer["summary"]["weight_reached"]
        .as_f64()
        .expect("weight");
    assert!(answer["summary"]["upper_bound"].as_f64().expect("bound") >= reached);

    for (bad, needle) in [
        (
            json!({ "goal": "best_k", "radius_km": 1, "candidates": "villages" }),
            "needs k",
        ),
        (
            json!({ "goal": "cover_all", "radius_km": 1, "candidates": "points" }),
            "points",
        ),
        (
            json!({ "goal": "cover_all", "radius_km": 1, "candidates": "roads" }),
            "body",
        ),
        (
            json!({ "goal": "cover_all", "radius_km": -1, "candidates": "villages" }),
            "radius",
        ),
    ] {
        let (status, answer) = post_siting(&router, bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
        let message = answer["error"].as_str().unwrap_or_default();
        assert!(
            message.contains(needle),
            "{message:?} should mention {needle:?}"
        );
    }
}

// --- Command line -----------------------------------------------------------------------------

#[test]
fn cli_writes_unassigned_grids_as_csv() {
    let data = common::root().join("geodata/andorra");
    let out = Command::new(env!("CARGO_BIN_EXE_gridbeat"))
        .args(["gaps", "--kind", "unassigned", "--format", "csv", "--data"])
        .arg(&data)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run gridbeat");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let mut lines = text.lines();
    assert!(lines.next().is_some_and(|h| h.starts_with("id,gap,")));
    let grid_rows = lines
        .filter(|l| l.split(',').nth(1) == Some("grid"))
        .count();
    assert_eq!(grid_rows, unstaffed_grids(common::andorra()).len());

    let bad = Command::new(env!("CARGO_BIN_EXE_gridbeat"))
        .args(["gaps", "--kind", "holes", "--data"])
        .arg(&data)
        .output()
        .expect("run gridbeat");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown gap kind"));
}

#[test]
fn cli_siting_reaches_every_village_from_village_sites() {
    let data = common::root().join("geodata/andorra");
    let out = Command::new(env!("CARGO_BIN_EXE_gridbeat"))
        .args([
            "siting",
            "--radius-km",
            "1",
            "--candidates",
            "villages",
            "--data",
        ])
        .arg(&data)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run gridbeat");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(answer["unreachable"], 0);
    assert_eq!(answer["weight_reached"], answer["weight_needed"]);
    let sites = answer["sites"].as_array().expect("sites").len() as u64;
    let bound = answer["lower_bound"].as_u64().expect("a lower bound");
    assert!(bound >= 1 && bound <= sites, "{bound} ≤ {sites}");
    assert_eq!(answer["villages"], common::andorra().dataset.villages.len());
}

#[test]
fn henan_distance_agrees_with_a_brute_force_nearest_office() {
    use geo::{Distance, Haversine};
    let atlas = common::henan();
    let d = &atlas.dataset;
    let max_m = 10_000.0;
    let beyond_any = d
        .villages
        .iter()
        .filter(|v| {
            let nearest = d
                .offices
                .iter()
                .map(|o| Haversine.distance(o.point, v.point));
            nearest.fold(f64::INFINITY, f64::min) > max_m
        })
        .count();

    let settings = Settings {
        max_km: 10.0,
        ..Settings::default()
    };
    let found = gap_report(atlas, &Links::new(atlas), GapKind::Distance, &settings).expect("ok");
    assert_eq!(found.summary["beyond_any_office"], beyond_any);
    assert_eq!(found.summary["villages_checked"], d.villages.len());
    assert!(
        beyond_any > 0,
        "Henan's sparse villages leave some beyond 10 km"
    );
}

// --- Travel time -------------------------------------------------------------------------------

/// Per village id: seconds from its officer's office (if any) and from the nearest office,
/// trying every office (no pruning); infinite where there is no way.
fn travel_by_brute_force(
    atlas: &Atlas,
    network: &gridbeat::routing::RoadNetwork,
    profile: gridbeat::routing::Profile,
) -> Vec<(String, Option<f64>, f64)> {
    let d = &atlas.dataset;
    let links = Links::new(atlas);
    let time = |office: &gridbeat::model::Office, to: geo::Point| {
        let from = [office.point.x(), office.point.y()];
        network
            .route(profile, from, [to.x(), to.y()])
            .map_or(f64::INFINITY, |r| r.duration_s)
    };
    d.villages
        .iter()
        .enumerate()
        .map(|(v, village)| {
            let own = links.village_primary(v).map(|o| {
                let office = d.office_position(&d.officers[o].office_id).expect("office");
                time(&d.offices[office], village.point)
            });
            let nearest = d
                .offices
                .iter()
                .map(|o| time(o, village.point))
                .fold(f64::INFINITY, f64::min);
            (village.id.clone(), own, nearest)
        })
        .collect()
}

#[tokio::test]
async fn andorra_travel_time_gaps_agree_with_every_office_tried() {
    use gridbeat::routing::{Profile, RoadNetwork};
    let atlas = common::andorra();
    let network = RoadNetwork::from_roads(&atlas.roads).expect("Andorra has roads");
    let router = app(state());
    let mut split = 0;
    for (profile, minutes) in [
        (Profile::Car, 2.0),
        (Profile::Car, 6.0),
        (Profile::Foot, 30.0),
    ] {
        let limit = minutes * 60.0;
        let brute = travel_by_brute_force(atlas, &network, profile);
        let far: std::collections::BTreeSet<&str> = brute
            .iter()
            .filter(|(_, own, nearest)| own.is_some_and(|t| t > limit) || *nearest > limit)
            .map(|(id, _, _)| id.as_str())
            .collect();
        let beyond_any = brute.iter().filter(|(_, _, n)| *n > limit).count();
        split += usize::from(!far.is_empty() && far.len() < brute.len());

        let uri = format!(
            "/api/v1/gaps/distance?metric=travel&profile={}&max_minutes={minutes}",
            profile.as_str()
        );
        let (status, body) = get(&router, &uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {body}");
        assert_eq!(body["summary"]["metric"], "travel");
        assert_eq!(body["summary"]["unit"], "s");
        assert_eq!(body["summary"]["beyond_any_office"], beyond_any, "{uri}");
        let features = body["features"].as_array().expect("features");
        let got: std::collections::BTreeSet<&str> =
            features.iter().filter_map(|f| f["id"].as_str()).collect();
        assert_eq!(got, far, "{uri}");
        for f in features {
            let id = f["id"].as_str().expect("id");
            let (_, own, nearest) = brute.iter().find(|(v, _, _)| v == id).expect("a village");
            let reported = f["properties"]["nearest_cost"].as_f64();
            match nearest.is_finite() {
                true => {
                    let reported = reported.expect("a time");
                    assert!(
                        (reported - nearest).abs() < 0.1,
                        "{id}: {reported} vs {nearest}"
                    );
                }
                false => assert_eq!(reported, None, "{id} cannot be reached"),
            }
            if let (Some(own), Some(cost)) = (own, f["properties"]["office_cost"].as_f64()) {
                assert!((cost - own).abs() < 0.1, "{id}: {cost} vs {own}");
            }
        }
    }
    assert!(
        split > 0,
        "some limit must split Andorra's villages into near and far"
    );
}

#[tokio::test]
async fn travel_time_on_a_data_set_without_roads_is_a_conflict() {
    let router = app(AppState::new(
        common::henan().clone(),
        ServerConfig::new(common::root().join("web-map")),
    ));
    let (status, body) = get(&router, "/api/v1/gaps/distance?metric=travel").await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let message = body["error"].as_str().unwrap_or_default();
    assert!(message.contains("--roads"), "{message}");
}

#[tokio::test]
async fn cli_travel_time_gaps_match_the_api() {
    let data = common::root().join("geodata/andorra");
    let out = Command::new(env!("CARGO_BIN_EXE_gridbeat"))
        .args(["gaps", "--kind", "distance", "--metric", "travel"])
        .args(["--max-minutes", "4", "--profile", "car", "--data"])
        .arg(&data)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run gridbeat");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let cli: Value = serde_json::from_slice(&out.stdout).expect("GeoJSON");

    let uri = "/api/v1/gaps/distance?metric=travel&max_minutes=4";
    let (status, api) = get(&app(state()), uri).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cli["summary"], api["summary"]);
    assert_eq!(cli["features"], api["features"]);
    assert!(cli["summary"]["beyond_any_office"].as_u64() > Some(0));

    let henan = common::root().join("geodata/henan");
    let bad = Command::new(env!("CARGO_BIN_EXE_gridbeat"))
        .args(["gaps", "--kind", "distance", "--metric", "travel", "--data"])
        .arg(&henan)
        .output()
        .expect("run gridbeat");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("needs a road network"));

    let mixed = Command::new(env!("CARGO_BIN_EXE_gridbeat"))
        .args([
            "gaps", "--kind", "distance", "--metric", "travel", "--max-km", "3",
        ])
        .arg("--data")
        .arg(&data)
        .output()
        .expect("run gridbeat");
    assert!(!mixed.status.success());
    assert!(String::from_utf8_lossy(&mixed.stderr).contains("--max-minutes"));
}
