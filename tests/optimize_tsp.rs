//! The TSP solver against exact optima: Held–Karp on seeded random matrices, and TSPLIB
//! instances with published optima.

mod tsplib;

use std::time::Duration;

use gridbeat::optimize::{CostMatrix, TourSpec, TspError, TspOptions, exact, heuristic, solve_tsp};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Integer costs, so optima compare exactly. Symmetric ones are Euclidean (rounded up).
fn random_matrix(n: usize, symmetric: bool, rng: &mut ChaCha8Rng) -> CostMatrix {
    let xy: Vec<(f64, f64)> = (0..n)
        .map(|_| (rng.random_range(0.0..100.0), rng.random_range(0.0..100.0)))
        .collect();
    let noise: Vec<f64> = (0..n * n).map(|_| rng.random_range(0..40) as f64).collect();
    CostMatrix::from_fn(n, |i, j| {
        let d = ((xy[i].0 - xy[j].0).hypot(xy[i].1 - xy[j].1)).ceil();
        if symmetric { d } else { d + noise[i * n + j] }
    })
    .expect("valid")
}

fn assert_is_route(order: &[usize], n: usize, start: usize) {
    assert_eq!(order[0], start);
    let mut sorted = order.to_vec();
    sorted.sort_unstable();
    assert_eq!(sorted, (0..n).collect::<Vec<_>>());
}

fn compare_with_exact(sizes: std::ops::RangeInclusive<usize>, seeds: u64) -> usize {
    let mut checked = 0;
    for n in sizes {
        for seed in 0..seeds {
            let mut rng = ChaCha8Rng::seed_from_u64(seed * 1000 + n as u64);
            for symmetric in [true, false] {
                let m = random_matrix(n, symmetric, &mut rng);
                for return_to_start in [true, false] {
                    let start = rng.random_range(0..n);
                    let spec = TourSpec {
                        start,
                        return_to_start,
                    };
                    let optimum = exact::solve(&m, spec).expect("exact");
                    let found = heuristic(&m, spec, &TspOptions::default()).expect("heuristic");
                    assert_is_route(&found.order, n, start);
                    assert_eq!(m.route_cost(&found.order, return_to_start), found.cost);
                    assert_eq!(
                        found.cost, optimum.cost,
                        "n {n} seed {seed} symmetric {symmetric} {spec:?}: {:?} vs {:?}",
                        found.order, optimum.order
                    );
                    checked += 1;
                }
            }
        }
    }
    checked
}

#[test]
fn heuristic_finds_the_optimum_of_every_small_instance() {
    // 8 sizes × 40 seeds × symmetric/asymmetric × open/closed.
    assert_eq!(compare_with_exact(2..=9, 40), 8 * 40 * 4);
}

#[test]
fn heuristic_finds_the_optimum_up_to_thirteen_stops() {
    assert_eq!(compare_with_exact(10..=13, 6), 4 * 6 * 4);
}

#[test]
fn gr17_optimum_is_found_by_both_solvers() {
    let gr17 = tsplib::load("gr17");
    let spec = TourSpec {
        start: 0,
        return_to_start: true,
    };
    assert_eq!(
        exact::solve(&gr17.matrix, spec).expect("exact").cost,
        gr17.best_known
    );
    let found = heuristic(&gr17.matrix, spec, &TspOptions::default()).expect("heuristic");
    assert_eq!(found.cost, gr17.best_known);
}

#[test]
fn berlin52_optimum_is_found_within_the_default_rounds() {
    let berlin52 = tsplib::load("berlin52");
    // The round budget, not the clock, ends the search: the same tour on any machine.
    let options = TspOptions {
        time_limit: Duration::from_secs(300),
        ..TspOptions::default()
    };
    let spec = TourSpec {
        start: 0,
        return_to_start: true,
    };
    let found = heuristic(&berlin52.matrix, spec, &options).expect("heuristic");
    assert_eq!(found.cost, berlin52.best_known);
}

#[test]
fn tsplib_reader_prices_the_optimal_pcb442_tour_at_its_published_length() {
    let pcb442 = tsplib::load("pcb442");
    let order = tsplib::tour("pcb442");
    assert_eq!(order.len(), 442);
    assert_eq!(pcb442.matrix.route_cost(&order, true), pcb442.best_known);
}

#[test]
fn large_tsplib_instances_land_near_their_optimum() {
    for name in ["pcb442", "att532"] {
        let instance = tsplib::load(name);
        let options = TspOptions {
            time_limit: Duration::from_secs(20),
            ..TspOptions::default()
        };
        let spec = TourSpec {
            start: 0,
            return_to_start: true,
        };
        let found = heuristic(&instance.matrix, spec, &options).expect("heuristic");
        assert_is_route(&found.order, instance.matrix.len(), 0);
        let gap = found.cost / instance.best_known - 1.0;
        assert!(
            (0.0..0.03).contains(&gap),
            "{}: gap {:.2} %",
            instance.name,
            gap * 100.0
        );
    }
}

#[test]
fn same_seed_same_tour_and_start_is_checked() {
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    let m = random_matrix(60, false, &mut rng);
    let spec = TourSpec {
        start: 5,
        return_to_start: false,
    };
    let a = solve_tsp(&m, spec, &TspOptions::default()).expect("tour");
    let b = solve_tsp(&m, spec, &TspOptions::default()).expect("tour");
    assert_eq!(a, b);
    assert_is_route(&a.order, 60, 5);

    let bad = TourSpec {
        start: 60,
        return_to_start: true,
    };
    let error = solve_tsp(&m, bad, &TspOptions::default()).expect_err("out of range");
    assert_eq!(error, TspError::StartOutOfRange { start: 60, len: 60 });
}

#[test]
fn one_and_two_stops_are_trivial() {
    let one = CostMatrix::new(&[vec![0.0]]).expect("valid");
    let spec = TourSpec {
        start: 0,
        return_to_start: true,
    };
    let tour = solve_tsp(&one, spec, &TspOptions::default()).expect("tour");
    assert_eq!((tour.order, tour.cost), (vec![0], 0.0));

    let two = CostMatrix::new(&[vec![0.0, 3.0], vec![5.0, 0.0]]).expect("valid");
    let spec = TourSpec {
        start: 1,
        return_to_start: true,
    };
    for options in [
        TspOptions::default(),
        TspOptions {
            exact_up_to: 0,
            ..TspOptions::default()
        },
    ] {
        let tour = solve_tsp(&two, spec, &options).expect("tour");
        assert_eq!((tour.order, tour.cost), (vec![1, 0], 8.0));
    }
}
