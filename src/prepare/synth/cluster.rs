//! Seeded k-means: groups a jurisdiction's villages into office areas.
//!
//! Written here rather than taken from a crate: it is twenty lines over a few hundred points,
//! and the result must be reproducible from the data set's seed.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

const ITERATIONS: usize = 20;

/// Assigns each point (x, y in any metric plane) to one of `k` clusters; returns the cluster
/// index of every point. Every cluster index below `k.min(points.len())` is used by at least
/// the point it started from.
pub fn kmeans(points: &[[f64; 2]], k: usize, rng: &mut ChaCha8Rng) -> Vec<usize> {
    let k = k.clamp(1, points.len().max(1));
    let mut centres = seed_centres(points, k, rng);
    let mut labels = vec![0; points.len()];
    for _ in 0..ITERATIONS {
        for (label, p) in labels.iter_mut().zip(points) {
            *label = nearest(&centres, *p);
        }
        centres = means(points, &labels, &centres);
    }
    labels
}

/// k distinct starting points, drawn without replacement.
fn seed_centres(points: &[[f64; 2]], k: usize, rng: &mut ChaCha8Rng) -> Vec<[f64; 2]> {
    let mut order: Vec<usize> = (0..points.len()).collect();
    for i in 0..k.min(order.len()) {
        let j = rng.random_range(i..order.len());
        order.swap(i, j);
    }
    order.iter().take(k).map(|&i| points[i]).collect()
}

fn nearest(centres: &[[f64; 2]], p: [f64; 2]) -> usize {
    let distance_2 = |c: &[f64; 2]| (c[0] - p[0]).powi(2) + (c[1] - p[1]).powi(2);
    (0..centres.len())
        .min_by(|&a, &b| distance_2(&centres[a]).total_cmp(&distance_2(&centres[b])))
        .unwrap_or(0)
}

/// New centres; an emptied cluster keeps its old centre.
fn means(points: &[[f64; 2]], labels: &[usize], old: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let mut sums = vec![[0.0, 0.0, 0.0]; old.len()];
    for (p, &l) in points.iter().zip(labels) {
        sums[l] = [sums[l][0] + p[0], sums[l][1] + p[1], sums[l][2] + 1.0];
    }
    sums.iter()
        .zip(old)
        .map(|(s, o)| {
            if s[2] > 0.0 {
                [s[0] / s[2], s[1] / s[2]]
            } else {
                *o
            }
        })
        .collect()
}
