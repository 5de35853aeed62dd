//! Iterated local search for closed tours with a fixed start: a nearest-neighbour tour improved
//! by [`Search`], then rounds of a local double-bridge kick followed by local search, keeping
//! the better tour (Lourenço, Martin & Stützle, "Iterated local search", 2003).
//!
//! The kick exchanges two short neighbouring stretches of the tour without reversing either,
//! so it keeps the direction of travel that asymmetric matrices care about.

use std::time::Instant;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::matrix::CostMatrix;
use super::search::{Search, neighbour_lists};
use super::tsp::TspOptions;

/// Neighbours per node that moves are tried towards.
const NEIGHBOURS: usize = 10;

/// Longest stretch a kick moves.
const KICK_SPAN: usize = 30;

/// Rounds between two looks at the clock.
const CLOCK_EVERY: usize = 64;

/// The best closed tour of `costs` from `start` found within the budget of `options`.
pub(crate) fn search(costs: &CostMatrix, start: usize, options: &TspOptions) -> Vec<usize> {
    let n = costs.len();
    let first = nearest_neighbour(costs, start);
    if n <= 3 {
        return best_of_two(costs, first);
    }
    let began = Instant::now();
    let neighbours = neighbour_lists(costs, NEIGHBOURS.min(n - 1));
    let mut search = Search::new(costs, &neighbours, first);
    search.push_all();
    search.run();

    let mut best = search.tour.clone();
    let mut best_cost = search.cost();
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let mut kicked = vec![0; n];
    for round in 0..options.rounds_for(n) {
        if round % CLOCK_EVERY == 0 && began.elapsed() >= options.time_limit {
            break;
        }
        let touched = double_bridge(&best, &mut kicked, &mut rng);
        search.reset(&kicked, &touched);
        search.run();
        let cost = search.cost();
        if cost <= best_cost {
            best_cost = cost;
            best.copy_from_slice(&search.tour);
        }
    }
    best
}

/// From the start, always on to the cheapest unvisited index.
fn nearest_neighbour(costs: &CostMatrix, start: usize) -> Vec<usize> {
    let n = costs.len();
    let mut visited = vec![false; n];
    let mut order = Vec::with_capacity(n);
    let mut here = start;
    visited[here] = true;
    order.push(here);
    while order.len() < n {
        let next = (0..n)
            .filter(|&v| !visited[v])
            .min_by(|&a, &b| costs.cost(here, a).total_cmp(&costs.cost(here, b)))
            .expect("an unvisited index remains");
        visited[next] = true;
        order.push(next);
        here = next;
    }
    order
}

/// With at most three indices there are only two tours: this one and its reverse.
fn best_of_two(costs: &CostMatrix, order: Vec<usize>) -> Vec<usize> {
    let mut reversed = order.clone();
    reversed[1..].reverse();
    if costs.route_cost(&reversed, true) < costs.route_cost(&order, true) {
        reversed
    } else {
        order
    }
}

/// Writes into `out` the tour `A C B D` for `tour = A B C D`, where B and C are short
/// stretches after a random cut (A keeps the start). Returns the nodes at the cuts.
fn double_bridge(tour: &[usize], out: &mut [usize], rng: &mut ChaCha8Rng) -> Vec<usize> {
    let n = tour.len();
    let span = KICK_SPAN.min(n - 2).max(1);
    let p1 = rng.random_range(1..n - 1);
    let p2 = (p1 + 1 + rng.random_range(0..span)).min(n - 1);
    let p3 = (p2 + 1 + rng.random_range(0..span)).min(n);
    let (a, rest) = tour.split_at(p1);
    let (b, rest) = rest.split_at(p2 - p1);
    let (c, d) = rest.split_at(p3 - p2);
    let mut k = 0;
    for part in [a, c, b, d] {
        out[k..k + part.len()].copy_from_slice(part);
        k += part.len();
    }
    vec![
        tour[p1 - 1],
        tour[p1],
        tour[p2 - 1],
        tour[p2],
        tour[p3 - 1],
        tour[p3 % n],
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn double_bridge_keeps_every_node_and_the_start() {
        let tour: Vec<usize> = (0..40).collect();
        let mut out = vec![0; 40];
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for _ in 0..200 {
            double_bridge(&tour, &mut out, &mut rng);
            assert_eq!(out[0], 0);
            let mut sorted = out.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, tour);
            assert_ne!(out, tour);
        }
    }
}
