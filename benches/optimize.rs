//! Patrol optimisation: TSP time and gap to the best known tour (TSPLIB where a package ships
//! the instance, seeded random points otherwise), a 100-stop patrol shared by 3 officers, and
//! a street patrol over a few hundred streets.
//!
//! Before the criterion timings, a table of one run per case is printed: time, cost, the
//! reference cost and the gap. For random instances the reference is the best of four longer
//! searches (ten times the rounds, other seeds), not a proven optimum.

#![expect(clippy::print_stdout, reason = "a benchmark prints its table")]

#[path = "../tests/tsplib/mod.rs"]
mod tsplib;

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use gridbeat::optimize::streets::{RoadEdge, RoadGraph, patrol_streets};
use gridbeat::optimize::{
    CostMatrix, PatrolOptions, PatrolSpec, PatrolStop, TourSpec, TspOptions, heuristic,
    plan_patrols,
};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

const CLOSED: TourSpec = TourSpec {
    start: 0,
    return_to_start: true,
};

/// `n` seeded random points in a 10 km square, rounded Euclidean metres.
fn random_points(n: usize, seed: u64) -> CostMatrix {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let xy: Vec<(f64, f64)> = (0..n)
        .map(|_| {
            (
                rng.random_range(0.0..10_000.0),
                rng.random_range(0.0..10_000.0),
            )
        })
        .collect();
    CostMatrix::from_fn(n, |i, j| {
        (xy[i].0 - xy[j].0).hypot(xy[i].1 - xy[j].1).round()
    })
    .expect("valid")
}

/// The best of four long searches with other seeds.
fn reference(m: &CostMatrix) -> f64 {
    (1..=4)
        .map(|seed| {
            let options = TspOptions {
                seed,
                rounds: Some(10 * TspOptions::default().rounds_for(m.len())),
                time_limit: Duration::from_secs(120),
                ..TspOptions::default()
            };
            heuristic(m, CLOSED, &options).expect("tour").cost
        })
        .fold(f64::INFINITY, f64::min)
}

fn cases() -> Vec<(String, CostMatrix, f64, &'static str)> {
    let mut cases = Vec::new();
    for name in ["berlin52", "pcb442"] {
        let instance = tsplib::load(name);
        cases.push((
            name.to_owned(),
            instance.matrix,
            instance.best_known,
            "optimum",
        ));
    }
    for n in [50, 100, 200] {
        let m = random_points(n, n as u64);
        let best = reference(&m);
        cases.push((format!("random{n}"), m, best, "best of 4 long runs"));
    }
    cases
}

fn report(cases: &[(String, CostMatrix, f64, &'static str)]) {
    println!("| instance | n | time ms | cost | reference | gap % |");
    println!("|---|---|---|---|---|---|");
    for (name, m, best, kind) in cases {
        let began = Instant::now();
        let tour = heuristic(m, CLOSED, &TspOptions::default()).expect("tour");
        let ms = began.elapsed().as_secs_f64() * 1000.0;
        let gap = (tour.cost / best - 1.0) * 100.0;
        println!(
            "| {name} | {} | {ms:.0} | {} | {best} ({kind}) | {gap:.2} |",
            m.len(),
            tour.cost
        );
    }
}

fn patrol_problem() -> (CostMatrix, Vec<PatrolStop>, PatrolSpec) {
    // Travel seconds at 10 m/s; five minutes at each stop.
    let m = random_points(101, 7);
    let m = CostMatrix::from_fn(101, |i, j| m.cost(i, j) / 10.0).expect("valid");
    let stops = (1..101)
        .map(|node| PatrolStop {
            node,
            service: 300.0,
            window: None,
        })
        .collect();
    let spec = PatrolSpec {
        start: 0,
        return_to_start: true,
        officers: 3,
        depart_at: 0.0,
        shift_end: None,
    };
    (m, stops, spec)
}

/// A 15 × 15 block street grid (420 streets of 100 m), every seventh street one-way.
fn street_grid(oneways: bool) -> RoadGraph {
    let side = 15;
    let node = |r: usize, c: usize| r * side + c;
    let mut edges = Vec::new();
    for r in 0..side {
        for c in 0..side {
            let mut add = |to: usize| {
                let id = edges.len() as u64;
                let oneway = oneways && id % 7 == 3;
                edges.push(RoadEdge {
                    id,
                    from: node(r, c),
                    to,
                    length: 100.0,
                    oneway,
                });
            };
            if c + 1 < side {
                add(node(r, c + 1));
            }
            if r + 1 < side {
                add(node(r + 1, c));
            }
        }
    }
    RoadGraph {
        nodes: side * side,
        edges,
    }
}

fn benches(c: &mut Criterion) {
    let cases = cases();
    report(&cases);
    let (m, stops, spec) = patrol_problem();
    let plan = plan_patrols(&m, &stops, &spec, &PatrolOptions::default()).expect("plan");
    let durations: Vec<String> = plan
        .routes
        .iter()
        .map(|r| format!("{:.0}", r.duration))
        .collect();
    println!(
        "patrol 100 stops / 3 officers: durations {} s, longest {:.0} s, travel {:.0} s",
        durations.join(", "),
        plan.longest,
        plan.total_travel
    );
    for oneways in [false, true] {
        let g = street_grid(oneways);
        let p = patrol_streets(&g).expect("patrol");
        println!(
            "streets {} edges (one-way: {oneways}): length {} m, repeated {:.1} %, bound {} m",
            g.edges.len(),
            p.length,
            p.repeated_share * 100.0,
            p.lower_bound
        );
    }

    let mut group = c.benchmark_group("tsp");
    group.sample_size(10);
    for (name, m, ..) in &cases {
        group.bench_function(name.as_str(), |b| {
            b.iter(|| {
                heuristic(m, CLOSED, &TspOptions::default())
                    .expect("tour")
                    .cost
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("patrol");
    group.sample_size(10);
    group.bench_function("100_stops_3_officers", |b| {
        b.iter(|| {
            plan_patrols(&m, &stops, &spec, &PatrolOptions::default())
                .expect("plan")
                .longest
        })
    });
    group.finish();

    let mut group = c.benchmark_group("streets");
    for oneways in [false, true] {
        let g = street_grid(oneways);
        let name = if oneways {
            "grid_420_mixed"
        } else {
            "grid_420_two_way"
        };
        group.bench_function(name, |b| {
            b.iter(|| patrol_streets(&g).expect("patrol").length)
        });
    }
    group.finish();
}

criterion_group!(optimize, benches);
criterion_main!(optimize);
