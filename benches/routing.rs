//! Routing on the Heidelberg OSM extract; the Andorra graph's preparation is timed too.
//!
//! Heidelberg is the OSM extract (`../shared/data/osm`, or `GRIDBEAT_SHARED_DATA`).
//!
//! Preparation (reading the PBF, building the graph, both contraction hierarchies) is timed
//! once, with the process's peak memory after it, and printed. Queries are point-to-point
//! routes between seeded-random points near roads, snapping included: criterion measures
//! batches of them, and one pass of 2,000 single queries gives the median and p99.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gridbeat::routing::{Profile, RoadNetwork};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

const PAIRS: usize = 2_000;

fn extract() -> PathBuf {
    std::env::var_os("GRIDBEAT_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"))
        .join("osm/heidelberg-20240908-routing.osm.pbf")
}

/// Peak resident memory of this process so far, MiB (Linux).
fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Pairs of points up to ~30 m off random roads of the profile's main component.
fn pairs(net: &RoadNetwork, profile: Profile) -> Vec<([f64; 2], [f64; 2])> {
    let graph = net.graph();
    let router = net.router(profile);
    let usable: Vec<usize> = (0..graph.edges.len())
        .filter(|&e| {
            let edge = &graph.edges[e];
            edge.travel(profile).is_some() && router.in_main(edge.from) && router.in_main(edge.to)
        })
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(2024);
    let point = |rng: &mut ChaCha8Rng| {
        let edge = &graph.edges[usable[rng.random_range(0..usable.len())]];
        let p = edge.point_at(rng.random_range(0.0..=edge.length_m()));
        [
            p[0] + rng.random_range(-0.0004..0.0004),
            p[1] + rng.random_range(-0.0003..0.0003),
        ]
    };
    (0..PAIRS)
        .map(|_| (point(&mut rng), point(&mut rng)))
        .collect()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn routing(c: &mut Criterion) {
    let andorra = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("geodata/andorra");
    let roads = gridbeat::geodata::read_roads(&andorra).expect("geodata/andorra roads");
    let started = Instant::now();
    let net = RoadNetwork::from_roads(&roads).expect("Andorra roads");
    eprintln!(
        "andorra prepare (from the shipped roads.geojson, parsed): {:.3} s, {} nodes, {} edges",
        started.elapsed().as_secs_f64(),
        net.graph().nodes.len(),
        net.graph().edges.len()
    );
    drop(net);

    let started = Instant::now();
    let net = RoadNetwork::from_pbf(&extract()).expect("Heidelberg extract");
    eprintln!(
        "heidelberg prepare: {:.2} s, peak memory {:.0} MiB, {} nodes, {} edges",
        started.elapsed().as_secs_f64(),
        peak_mib(),
        net.graph().nodes.len(),
        net.graph().edges.len()
    );

    let mut group = c.benchmark_group("heidelberg");
    for profile in Profile::ALL {
        let pairs = pairs(&net, profile);
        let mut times: Vec<f64> = pairs
            .iter()
            .map(|&(a, b)| {
                let t = Instant::now();
                black_box(net.route(profile, a, b).ok());
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        times.sort_by(f64::total_cmp);
        eprintln!(
            "heidelberg {profile} route incl. snapping: median {:.3} ms, p99 {:.3} ms, \
             max {:.3} ms over {} queries",
            percentile(&times, 0.5),
            percentile(&times, 0.99),
            times[times.len() - 1],
            times.len()
        );
        group.throughput(Throughput::Elements(100));
        group.bench_function(format!("route_{profile}_x100"), |bench| {
            bench.iter(|| {
                for &(a, b) in &pairs[..100] {
                    black_box(net.route(profile, a, b).ok());
                }
            });
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = routing
}
criterion_main!(benches);
