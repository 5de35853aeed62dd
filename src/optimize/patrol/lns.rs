//! The planner: cheapest balanced insertion, then large neighbourhood search (remove a few
//! stops, put them back where they cost least; Shaw, "Using constraint programming and local
//! search methods to solve vehicle routing problems", 1998) under the objective
//! (stops left out, longest route, total travel), compared in that order.
//!
//! Written here: no maintained Rust crate plans routes with time windows for a min–max
//! objective; the vehicle routing crates found minimise total cost only.

use std::time::Instant;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::schedule::{Cost, Problem};
use super::{OfficerRoute, PatrolOptions, PatrolPlan, Unserved, UnservedReason};
use crate::optimize::matrix::CostMatrix;
use crate::optimize::tsp::{TourSpec, TspOptions, solve_tsp};

/// Differences below this are ties.
const EPS: f64 = 1e-9;

/// Rounds between two looks at the clock.
const CLOCK_EVERY: usize = 32;

/// Share of the time limit for remove-and-reinsert; the rest reorders routes without windows.
const SEARCH_SHARE: f64 = 0.7;

/// Routes of one candidate plan, with their costs and the stops that found no room.
#[derive(Debug, Clone)]
struct Solution {
    routes: Vec<Vec<usize>>,
    costs: Vec<Cost>,
    unrouted: Vec<usize>,
}

/// (stops left out, longest duration, total travel): smaller is better.
type Key = (usize, f64, f64);

fn better(a: Key, b: Key) -> bool {
    if a.0 != b.0 {
        return a.0 < b.0;
    }
    if (a.1 - b.1).abs() > EPS {
        return a.1 < b.1;
    }
    a.2 < b.2 - EPS
}

impl Solution {
    fn key(&self) -> Key {
        let longest = self.costs.iter().map(|c| c.duration).fold(0.0, f64::max);
        let total = self.costs.iter().map(|c| c.travel).sum();
        (self.unrouted.len(), longest, total)
    }
}

/// Plans a checked problem.
pub(crate) fn plan(problem: &Problem, options: &PatrolOptions) -> PatrolPlan {
    let began = Instant::now();
    let mut impossible = Vec::new();
    let mut feasible = Vec::new();
    for stop in 0..problem.stops.len() {
        match problem.alone(stop) {
            Some(reason) => impossible.push(Unserved { stop, reason }),
            None => feasible.push(stop),
        }
    }
    let empty = problem.cost(&[]).unwrap_or(Cost {
        duration: 0.0,
        travel: 0.0,
    });
    let officers = problem.spec.officers;
    let mut best = Solution {
        routes: vec![Vec::new(); officers],
        costs: vec![empty; officers],
        unrouted: Vec::new(),
    };
    let mut first = feasible.clone();
    first.sort_by(|&a, &b| {
        let far = |s: usize| {
            problem
                .matrix
                .cost(problem.spec.start, problem.stops[s].node)
        };
        far(b).total_cmp(&far(a))
    });
    insert_all(problem, &mut best, &first);

    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let search_time = options.time_limit.mul_f64(SEARCH_SHARE);
    for round in 0..options.rounds {
        if feasible.len() < 2 || (round % CLOCK_EVERY == 0 && began.elapsed() >= search_time) {
            break;
        }
        let mut trial = best.clone();
        let mut removed = remove_some(problem, &mut trial, &mut rng);
        removed.append(&mut trial.unrouted);
        shuffle(&mut removed, &mut rng);
        insert_all(problem, &mut trial, &removed);
        if !better(best.key(), trial.key()) {
            polish_all(problem, &mut trial);
            best = trial;
        }
    }
    if problem.stops.iter().all(|s| s.window.is_none()) {
        let left = options.time_limit.saturating_sub(began.elapsed());
        reorder_by_tsp(problem, &mut best, left / officers as u32);
    }
    finish(problem, best, impossible)
}

/// Inserts each stop where the plan's key grows least; stops that fit nowhere are unrouted.
fn insert_all(problem: &Problem, solution: &mut Solution, stops: &[usize]) {
    for &stop in stops {
        let (mut top, mut second) = (0.0f64, 0.0f64);
        for c in &solution.costs {
            if c.duration > top {
                (top, second) = (c.duration, top);
            } else if c.duration > second {
                second = c.duration;
            }
        }
        let mut best: Option<((f64, f64), usize, usize, Cost)> = None;
        let mut trial = Vec::new();
        for (r, route) in solution.routes.iter().enumerate() {
            let old = solution.costs[r];
            let others = if old.duration >= top { second } else { top };
            for at in 0..=route.len() {
                trial.clear();
                trial.extend_from_slice(&route[..at]);
                trial.push(stop);
                trial.extend_from_slice(&route[at..]);
                let Some(new) = problem.cost(&trial) else {
                    continue;
                };
                let key = (others.max(new.duration), new.travel - old.travel);
                if best.is_none_or(|(k, ..)| better((0, key.0, key.1), (0, k.0, k.1))) {
                    best = Some((key, r, at, new));
                }
            }
        }
        match best {
            Some((_, r, at, cost)) => {
                solution.routes[r].insert(at, stop);
                solution.costs[r] = cost;
            }
            None => solution.unrouted.push(stop),
        }
    }
}

/// Takes a few stops out: at random, a cluster around one stop, or a whole route.
fn remove_some(problem: &Problem, solution: &mut Solution, rng: &mut ChaCha8Rng) -> Vec<usize> {
    let routed: Vec<usize> = solution.routes.iter().flatten().copied().collect();
    if routed.is_empty() {
        return Vec::new();
    }
    let k = rng.random_range(1..=routed.len().min(3 + routed.len() / 8));
    let taken: Vec<usize> = match rng.random_range(0..4) {
        0 => {
            let r = rng.random_range(0..solution.routes.len());
            solution.routes[r].clone()
        }
        1 => {
            let mut pool = routed;
            shuffle(&mut pool, rng);
            pool.truncate(k);
            pool
        }
        _ => {
            let seed = problem.stops[routed[rng.random_range(0..routed.len())]].node;
            let mut pool = routed;
            let near = |s: usize| problem.matrix.cost(seed, problem.stops[s].node);
            pool.sort_by(|&a, &b| near(a).total_cmp(&near(b)));
            pool.truncate(k);
            pool
        }
    };
    for (r, route) in solution.routes.iter_mut().enumerate() {
        route.retain(|s| !taken.contains(s));
        solution.costs[r] = problem
            .cost(route)
            .expect("dropping stops keeps a route feasible");
    }
    taken
}

fn shuffle(items: &mut [usize], rng: &mut ChaCha8Rng) {
    for i in (1..items.len()).rev() {
        items.swap(i, rng.random_range(0..=i));
    }
}

/// Moves single stops and reverses stretches inside each route while that improves the plan's
/// key: a route that is not the longest may take longer if it travels less.
fn polish_all(problem: &Problem, solution: &mut Solution) {
    for r in 0..solution.routes.len() {
        loop {
            let key = solution.key();
            let others: Vec<Cost> = (0..solution.costs.len())
                .filter(|&o| o != r)
                .map(|o| solution.costs[o])
                .collect();
            let improves = |c: Cost| {
                let longest = others.iter().map(|o| o.duration).fold(c.duration, f64::max);
                let total = others.iter().map(|o| o.travel).sum::<f64>() + c.travel;
                better((key.0, longest, total), key)
            };
            let Some((next, cost)) = improve_route(problem, &solution.routes[r], &improves) else {
                break;
            };
            solution.routes[r] = next;
            solution.costs[r] = cost;
        }
    }
}

fn improve_route(
    problem: &Problem,
    route: &[usize],
    improves: &dyn Fn(Cost) -> bool,
) -> Option<(Vec<usize>, Cost)> {
    let n = route.len();
    for i in 0..n {
        for j in 0..n {
            if i == j {
                continue;
            }
            let mut moved = route.to_vec();
            let stop = moved.remove(i);
            moved.insert(j, stop);
            if let Some(c) = problem.cost(&moved).filter(|c| improves(*c)) {
                return Some((moved, c));
            }
            if i < j {
                let mut reversed = route.to_vec();
                reversed[i..=j].reverse();
                if let Some(c) = problem.cost(&reversed).filter(|c| improves(*c)) {
                    return Some((reversed, c));
                }
            }
        }
    }
    None
}

/// Without windows a route's duration is its travel plus fixed service, so each route is
/// reordered by the TSP solver.
fn reorder_by_tsp(problem: &Problem, solution: &mut Solution, each: std::time::Duration) {
    let start = problem.spec.start;
    for (route, cost) in solution.routes.iter_mut().zip(&mut solution.costs) {
        if route.len() < 3 {
            continue;
        }
        let node = |k: usize| {
            if k == 0 {
                start
            } else {
                problem.stops[route[k - 1]].node
            }
        };
        let Ok(sub) = CostMatrix::from_fn(route.len() + 1, |i, j| {
            problem.matrix.cost(node(i), node(j))
        }) else {
            continue;
        };
        let spec = TourSpec {
            start: 0,
            return_to_start: problem.spec.return_to_start,
        };
        let options = TspOptions {
            time_limit: each,
            ..TspOptions::default()
        };
        let Ok(tour) = solve_tsp(&sub, spec, &options) else {
            continue;
        };
        let reordered: Vec<usize> = tour.order[1..].iter().map(|&k| route[k - 1]).collect();
        if let Some(c) = problem
            .cost(&reordered)
            .filter(|c| c.travel < cost.travel - EPS)
        {
            *route = reordered;
            *cost = c;
        }
    }
}

fn finish(problem: &Problem, solution: Solution, mut unserved: Vec<Unserved>) -> PatrolPlan {
    let (_, longest, total_travel) = solution.key();
    unserved.extend(solution.unrouted.iter().map(|&stop| Unserved {
        stop,
        reason: UnservedReason::NoRoom,
    }));
    unserved.sort_by_key(|u| u.stop);
    let mut routes: Vec<OfficerRoute> = solution
        .routes
        .iter()
        .zip(&solution.costs)
        .map(|(route, cost)| OfficerRoute {
            visits: problem.visits(route),
            travel: cost.travel,
            duration: cost.duration,
        })
        .collect();
    routes.sort_by(|a, b| b.duration.total_cmp(&a.duration));
    PatrolPlan {
        routes,
        unserved,
        longest,
        total_travel,
    }
}
