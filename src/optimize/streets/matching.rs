//! Minimum-weight perfect matching of the odd-degree nodes of a street graph: exact by dynamic
//! programming over subsets for up to [`EXACT_MAX`] nodes, otherwise greedy pairing improved by
//! exchanging partners, with a lower bound so the caller can report the gap.
//!
//! Written here: the one Rust crate for weighted general matching (`mwmatching` 0.1) is an
//! unmaintained port with 32-bit integer weights that panics on internal asserts.

/// Most nodes matched exactly (2²⁰ subsets: 8 MiB of table).
pub(crate) const EXACT_MAX: usize = 20;

/// A perfect matching and what is known of its quality.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Matching {
    /// Pairs of indices into the matched set.
    pub pairs: Vec<(usize, usize)>,
    /// Sum of the pair distances.
    pub cost: f64,
    /// No perfect matching is cheaper than this.
    pub lower_bound: f64,
}

/// Pairs up `k` (even) items whose distances are `dist(i, j)` (symmetric, finite).
pub(crate) fn min_matching(k: usize, dist: &dyn Fn(usize, usize) -> f64) -> Matching {
    let pairs = if k <= EXACT_MAX {
        exact(k, dist)
    } else {
        improve(greedy(k, dist), dist)
    };
    let cost = pairs.iter().map(|&(a, b)| dist(a, b)).sum();
    let lower_bound = if k <= EXACT_MAX { cost } else { bound(k, dist) };
    Matching {
        pairs,
        cost,
        lower_bound,
    }
}

/// best[mask]: cheapest matching of the items in `mask`; the lowest item of a mask is always
/// the one paired next, so each matching is built once.
fn exact(k: usize, dist: &dyn Fn(usize, usize) -> f64) -> Vec<(usize, usize)> {
    let full = (1usize << k) - 1;
    let mut best = vec![f64::INFINITY; full + 1];
    let mut choice = vec![(0usize, 0usize); full + 1];
    best[0] = 0.0;
    for mask in 1..=full {
        if mask.count_ones() % 2 == 1 {
            continue;
        }
        let i = mask.trailing_zeros() as usize;
        for j in (i + 1..k).filter(|&j| mask & (1 << j) != 0) {
            let cost = best[mask & !(1 << i) & !(1 << j)] + dist(i, j);
            if cost < best[mask] {
                best[mask] = cost;
                choice[mask] = (i, j);
            }
        }
    }
    let mut pairs = Vec::with_capacity(k / 2);
    let mut mask = full;
    while mask != 0 {
        let (i, j) = choice[mask];
        pairs.push((i, j));
        mask &= !(1 << i) & !(1 << j);
    }
    pairs
}

/// Cheapest pairs first.
fn greedy(k: usize, dist: &dyn Fn(usize, usize) -> f64) -> Vec<(usize, usize)> {
    let mut all: Vec<(usize, usize)> = (0..k)
        .flat_map(|i| (i + 1..k).map(move |j| (i, j)))
        .collect();
    all.sort_by(|&(a, b), &(c, d)| dist(a, b).total_cmp(&dist(c, d)));
    let mut used = vec![false; k];
    let mut pairs = Vec::with_capacity(k / 2);
    for (i, j) in all {
        if !used[i] && !used[j] {
            used[i] = true;
            used[j] = true;
            pairs.push((i, j));
        }
    }
    pairs
}

/// Swaps partners between two pairs while that lowers the cost.
fn improve(
    mut pairs: Vec<(usize, usize)>,
    dist: &dyn Fn(usize, usize) -> f64,
) -> Vec<(usize, usize)> {
    let mut changed = true;
    while changed {
        changed = false;
        for p in 0..pairs.len() {
            for q in p + 1..pairs.len() {
                let ((a, b), (c, d)) = (pairs[p], pairs[q]);
                let now = dist(a, b) + dist(c, d);
                let cross = dist(a, c) + dist(b, d);
                let other = dist(a, d) + dist(b, c);
                if cross < now - 1e-9 && cross <= other {
                    (pairs[p], pairs[q]) = ((a, c), (b, d));
                    changed = true;
                } else if other < now - 1e-9 {
                    (pairs[p], pairs[q]) = ((a, d), (b, c));
                    changed = true;
                }
            }
        }
    }
    pairs
}

/// Each item pays at least half the distance to its nearest other item.
fn bound(k: usize, dist: &dyn Fn(usize, usize) -> f64) -> f64 {
    (0..k)
        .map(|i| {
            (0..k)
                .filter(|&j| j != i)
                .map(|j| dist(i, j))
                .fold(f64::INFINITY, f64::min)
        })
        .sum::<f64>()
        / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_pairs_neighbours_on_a_line_and_heuristic_stays_above_its_bound() {
        // Points on a line at 0, 1, 10, 11: pairs (0,1) and (10,11) cost 2.
        let x: [f64; 4] = [0.0, 10.0, 1.0, 11.0];
        let m = min_matching(4, &|i, j| (x[i] - x[j]).abs());
        assert_eq!(m.cost, 2.0);
        assert_eq!(m.lower_bound, 2.0);

        let xs: Vec<f64> = (0..30).map(|i| ((i * 37) % 101) as f64).collect();
        let d = |i: usize, j: usize| (xs[i] - xs[j]).abs();
        let heuristic = improve(greedy(30, &d), &d);
        let cost: f64 = heuristic.iter().map(|&(a, b)| d(a, b)).sum();
        assert!(bound(30, &d) <= cost);
        let first_20 = min_matching(20, &d);
        let greedy_20: f64 = improve(greedy(20, &d), &d)
            .iter()
            .map(|&(a, b)| d(a, b))
            .sum();
        assert!(first_20.cost <= greedy_20);
    }
}
