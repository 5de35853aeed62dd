//! Exact optima by brute force over every subset, for the tests of small instances.

use super::instance::Instance;

/// A smallest set of candidates covering every coverable element, `None` if there are more
/// than 20 candidates.
pub fn fewest(instance: &Instance) -> Option<Vec<usize>> {
    let m = instance.sets.len();
    if m > 20 {
        return None;
    }
    let all: Vec<usize> = (0..m).collect();
    let target = instance.covered_weight(&all);
    (0u32..1 << m)
        .map(|mask| (0..m).filter(|c| mask & (1 << c) != 0).collect::<Vec<_>>())
        .filter(|chosen| instance.covered_weight(chosen) >= target)
        .min_by_key(Vec::len)
}

/// The most weight any k candidates cover.
pub fn best_weight(instance: &Instance, k: usize) -> f64 {
    let m = instance.sets.len();
    (0u32..1 << m)
        .filter(|mask| mask.count_ones() as usize <= k)
        .map(|mask| {
            let chosen: Vec<usize> = (0..m).filter(|c| mask & (1 << c) != 0).collect();
            instance.covered_weight(&chosen)
        })
        .fold(0.0, f64::max)
}
