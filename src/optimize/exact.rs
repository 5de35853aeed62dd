//! Exact travelling salesman tours by dynamic programming over subsets (Held & Karp, "A dynamic
//! programming approach to sequencing problems", 1962): O(2ⁿ·n²) time, O(2ⁿ·n) memory.
//!
//! Written here: the recurrence is a dozen lines, and it is the oracle the heuristic is
//! tested against, so it must not share code with it.

use super::matrix::CostMatrix;
use super::tsp::{Tour, TourSpec, TspError, check_start, closed_costs, finish};

/// Largest problem solved exactly (2¹⁶ subsets of the other indices: 8 MiB of table).
pub const MAX_NODES: usize = 17;

/// The optimal route with the shape `spec`, for at most [`MAX_NODES`] indices; larger
/// matrices are answered by the heuristic instead.
///
/// # Errors
///
/// [`TspError::StartOutOfRange`] when the start is not an index of `matrix`.
pub fn solve(matrix: &CostMatrix, spec: TourSpec) -> Result<Tour, TspError> {
    check_start(matrix, spec)?;
    if matrix.len() > MAX_NODES {
        return super::tsp::heuristic(matrix, spec, &super::tsp::TspOptions::default());
    }
    let costs = closed_costs(matrix, spec);
    Ok(finish(matrix, spec, held_karp(&costs, spec.start)))
}

/// The cheapest closed tour of `costs` from `start`, as an order beginning with `start`.
fn held_karp(costs: &CostMatrix, start: usize) -> Vec<usize> {
    let others: Vec<usize> = (0..costs.len()).filter(|&i| i != start).collect();
    let m = others.len();
    if m == 0 {
        return vec![start];
    }
    let full = (1usize << m) - 1;
    // best[mask * m + last]: cheapest path from start through the set `mask`, ending at
    // others[last] (which is in mask).
    let mut best = vec![f64::INFINITY; (full + 1) * m];
    let mut from = vec![usize::MAX; (full + 1) * m];
    for (k, &node) in others.iter().enumerate() {
        best[(1 << k) * m + k] = costs.cost(start, node);
    }
    for mask in 1..=full {
        for last in (0..m).filter(|&l| mask & (1 << l) != 0) {
            let here = best[mask * m + last];
            if !here.is_finite() {
                continue;
            }
            for next in (0..m).filter(|&x| mask & (1 << x) == 0) {
                let to = (mask | (1 << next)) * m + next;
                let cost = here + costs.cost(others[last], others[next]);
                if cost < best[to] {
                    best[to] = cost;
                    from[to] = last;
                }
            }
        }
    }
    let close = |l: usize| best[full * m + l] + costs.cost(others[l], start);
    let mut last = (0..m)
        .min_by(|&a, &b| close(a).total_cmp(&close(b)))
        .expect("at least one other index");
    let mut mask = full;
    let mut reversed = Vec::with_capacity(m);
    while last != usize::MAX {
        reversed.push(others[last]);
        let previous = from[mask * m + last];
        mask &= !(1 << last);
        last = previous;
    }
    std::iter::once(start)
        .chain(reversed.into_iter().rev())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every order by brute force: the oracle of the oracle.
    fn brute_force(m: &CostMatrix, spec: TourSpec) -> f64 {
        fn permute(rest: &mut Vec<usize>, k: usize, visit: &mut dyn FnMut(&[usize])) {
            if k == rest.len() {
                visit(rest);
                return;
            }
            for i in k..rest.len() {
                rest.swap(k, i);
                permute(rest, k + 1, visit);
                rest.swap(k, i);
            }
        }
        let mut rest: Vec<usize> = (0..m.len()).filter(|&i| i != spec.start).collect();
        let mut best = f64::INFINITY;
        permute(&mut rest, 0, &mut |p| {
            let order: Vec<usize> = std::iter::once(spec.start)
                .chain(p.iter().copied())
                .collect();
            best = best.min(m.route_cost(&order, spec.return_to_start));
        });
        best
    }

    #[test]
    fn agrees_with_brute_force_on_asymmetric_open_and_closed_routes() {
        let mut state = 7u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) % 100) as f64
        };
        for n in 1..=7 {
            let values: Vec<f64> = (0..n * n).map(|_| next()).collect();
            let m = CostMatrix::from_fn(n, |i, j| values[i * n + j]).expect("valid");
            for start in [0, n - 1] {
                for return_to_start in [true, false] {
                    let spec = TourSpec {
                        start,
                        return_to_start,
                    };
                    let tour = solve(&m, spec).expect("solved");
                    assert_eq!(tour.order[0], start);
                    let mut sorted = tour.order.clone();
                    sorted.sort_unstable();
                    assert_eq!(sorted, (0..n).collect::<Vec<_>>());
                    assert_eq!(tour.cost, brute_force(&m, spec), "n {n} {spec:?}");
                }
            }
        }
    }

    #[test]
    fn open_route_skips_the_expensive_way_home() {
        // 0 → 1 → 2 costs 2; coming back from 2 costs 100.
        let m = CostMatrix::new(&[
            vec![0.0, 1.0, 50.0],
            vec![50.0, 0.0, 1.0],
            vec![100.0, 50.0, 0.0],
        ])
        .expect("valid");
        let open = solve(
            &m,
            TourSpec {
                start: 0,
                return_to_start: false,
            },
        )
        .expect("solved");
        assert_eq!((open.order, open.cost), (vec![0, 1, 2], 2.0));
        let closed = solve(
            &m,
            TourSpec {
                start: 0,
                return_to_start: true,
            },
        )
        .expect("solved");
        assert_eq!(closed.cost, 102.0);
    }
}
