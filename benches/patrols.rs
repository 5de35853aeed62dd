//! Patrols on real roads: the street patrol of the Andorra grid holding the most road, and a
//! 100-stop, 3-officer patrol on the Heidelberg extract, planned directly and through
//! `POST /api/v1/patrols` (one request at a time, in process, no socket).
//!
//! Heidelberg is the OSM extract (`../shared/data/osm`, or `GRIDBEAT_SHARED_DATA`). One
//! line per case is printed before the criterion timings.

#![expect(clippy::print_stdout, reason = "a benchmark prints its table")]

use std::path::PathBuf;
use std::time::Instant;

use axum::body::Body;
use axum::http::{Request, header};
use criterion::{Criterion, criterion_group, criterion_main};
use gridbeat::atlas::Atlas;
use gridbeat::http::{AppState, ServerConfig, app};
use gridbeat::model::Grid;
use gridbeat::optimize::PatrolOptions;
use gridbeat::patrols::streets::grid_streets;
use gridbeat::patrols::{PatrolRequest, patrol_grid, plan};
use gridbeat::routing::{Profile, RoadNetwork};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};
use tower::ServiceExt;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn extract() -> PathBuf {
    std::env::var_os("GRIDBEAT_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/data"))
        .join("osm/heidelberg-20240908-routing.osm.pbf")
}

/// The Andorra grid with the most car road inside it, and that length.
fn largest_grid(atlas: &Atlas, network: &RoadNetwork) -> (Grid, f64) {
    atlas
        .dataset
        .layers()
        .grids
        .iter()
        .map(|g| {
            let metres = grid_streets(network, Profile::Car, g)
                .iter()
                .map(|s| s.length_m())
                .sum::<f64>();
            (g.clone(), metres)
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .expect("grids")
}

/// 100 stops at seeded random graph nodes of Heidelberg, 5 minutes each, 3 officers.
fn heidelberg_body(network: &RoadNetwork, count: usize) -> Value {
    let nodes = &network.graph().nodes;
    let mut rng = ChaCha8Rng::seed_from_u64(6);
    let mut pick = || nodes[rng.random_range(0..nodes.len())];
    let start = pick();
    let stops: Vec<Value> = (0..count)
        .map(|i| json!({ "coordinates": pick(), "name": format!("stop {i}") }))
        .collect();
    json!({
        "start": { "coordinates": start },
        "stops": stops,
        "officers": 3,
        "service_minutes": 5,
        "depart_at": "08:00",
    })
}

fn benches(c: &mut Criterion) {
    let atlas = Atlas::load(&root().join("geodata/andorra")).expect("geodata/andorra");
    let andorra = RoadNetwork::from_roads(&atlas.roads).expect("roads");
    let (grid, metres) = largest_grid(&atlas, &andorra);
    for profile in [Profile::Car, Profile::Foot] {
        let began = Instant::now();
        let p = patrol_grid(&andorra, profile, &grid).expect("patrol");
        println!(
            "streets of {} ({metres:.0} m of car road), {profile}: {:.1} ms, {} segments, \
             {} pieces, length {:.0} m, repeated {:.1} %, bound {:.0} m, one-way relaxed {}",
            grid.id,
            began.elapsed().as_secs_f64() * 1000.0,
            p.segments,
            p.pieces,
            p.length_m,
            p.repeated_share * 100.0,
            p.lower_bound_m,
            p.oneway_relaxed
        );
    }

    let heidelberg = RoadNetwork::from_pbf(&extract()).expect("heidelberg extract");
    let body = heidelberg_body(&heidelberg, 100);
    let request = PatrolRequest::from_json(&body, &atlas.dataset).expect("request");
    let snapped: Vec<_> = request
        .stops
        .iter()
        .filter_map(|s| heidelberg.snap(request.profile, s.place.point).ok())
        .collect();
    let began = Instant::now();
    let _ = gridbeat::patrols::matrix::travel_matrix(&heidelberg, request.profile, &snapped);
    println!(
        "heidelberg travel-time matrix of {} snapped stops: {:.0} ms",
        snapped.len(),
        began.elapsed().as_secs_f64() * 1000.0
    );
    let began = Instant::now();
    let routed = plan(&heidelberg, &request, &PatrolOptions::default()).expect("plan");
    let reasons: Vec<&str> = routed.skipped.iter().map(|s| s.reason.code()).collect();
    println!(
        "heidelberg 100 stops / 3 officers: {:.2} s, longest {:.0} s, unserved {reasons:?}",
        began.elapsed().as_secs_f64(),
        routed.longest_s(),
    );

    // The request cap, once: the matrix grows with the square of the stops.
    let cap = PatrolRequest::from_json(&heidelberg_body(&heidelberg, 500), &atlas.dataset)
        .expect("request");
    let began = Instant::now();
    let routed = plan(&heidelberg, &cap, &PatrolOptions::default()).expect("plan");
    println!(
        "heidelberg 500 stops / 3 officers: {:.2} s, longest {:.0} s, {} unserved",
        began.elapsed().as_secs_f64(),
        routed.longest_s(),
        routed.skipped.len()
    );

    let mut group = c.benchmark_group("patrols");
    group.sample_size(10);
    group.bench_function("andorra_largest_grid_streets_car", |b| {
        b.iter(|| {
            patrol_grid(&andorra, Profile::Car, &grid)
                .expect("patrol")
                .length_m
        })
    });
    group.bench_function("heidelberg_100_stops_3_officers_plan", |b| {
        b.iter(|| {
            plan(&heidelberg, &request, &PatrolOptions::default())
                .expect("plan")
                .longest_s()
        })
    });
    let config = ServerConfig::new(root().join("web-map"));
    let state = AppState::new(atlas.clone(), config).with_road_network(heidelberg);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let text = body.to_string();
    group.bench_function("heidelberg_100_stops_3_officers_http", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let request = Request::post("/api/v1/patrols")
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from(text.clone()))
                    .expect("request");
                let response = app(state.clone()).oneshot(request).await.expect("answer");
                assert!(response.status().is_success(), "{}", response.status());
                response
            })
        })
    });
    group.finish();
}

criterion_group!(patrols, benches);
criterion_main!(patrols);
