//! The k candidates covering the most weight: greedy, improved by swaps, with an upper bound
//! on the optimum.
//!
//! Covered weight is monotone and submodular, so greedy reaches at least (1 − 1/e) of the
//! optimum (Nemhauser, Wolsey and Fisher 1978). Local search then swaps one chosen candidate
//! for one outside while that raises the covered weight. The reported upper bound is the
//! smaller of greedy / (1 − 1/e) and, by submodularity, the final value plus the k largest
//! marginal gains of the candidates left out (Minoux 1978; the "online bound").

use super::instance::Instance;

/// Swap rounds at most; each round tries every (chosen, outside) pair once.
pub const MAX_SWAP_ROUNDS: usize = 20;

/// A choice of k candidates and how far it can be from the optimum.
#[derive(Debug, Clone, PartialEq)]
pub struct BestK {
    /// Chosen candidates (at most k; fewer when no more adds weight).
    pub chosen: Vec<usize>,
    /// Weight the greedy choice covered, before swaps.
    pub greedy_weight: f64,
    /// Weight covered by `chosen`.
    pub weight: f64,
    /// The optimum covers at most this much.
    pub upper_bound: f64,
    /// Swaps made.
    pub swaps: usize,
}

/// Chooses up to `k` candidates of `instance` covering the most weight.
pub fn best_k(instance: &Instance, k: usize) -> BestK {
    let mut state = State::new(instance);
    for _ in 0..k {
        let best = (0..instance.sets.len())
            .filter(|c| !state.chosen.contains(c))
            .map(|c| (c, state.gain(c)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        match best {
            Some((c, gain)) if gain > 0.0 => state.add(c),
            _ => break,
        }
    }
    let greedy_weight = state.weight();

    let mut swaps = 0;
    for _ in 0..MAX_SWAP_ROUNDS {
        if !state.improve_once() {
            break;
        }
        swaps += 1;
    }

    let weight = state.weight();
    let mut gains: Vec<f64> = (0..instance.sets.len())
        .filter(|c| !state.chosen.contains(c))
        .map(|c| state.gain(c))
        .collect();
    gains.sort_by(|a, b| b.total_cmp(a));
    let online = weight + gains.iter().take(k).sum::<f64>();
    let guarantee = greedy_weight / (1.0 - (-1.0f64).exp());
    let everything: Vec<usize> = (0..instance.sets.len()).collect();
    let coverable = instance.covered_weight(&everything);
    BestK {
        chosen: state.chosen,
        greedy_weight,
        weight,
        upper_bound: online.min(guarantee).min(coverable),
        swaps,
    }
}

/// Chosen candidates and how many of them cover each element.
struct State<'a> {
    instance: &'a Instance,
    chosen: Vec<usize>,
    times: Vec<u32>,
}

impl<'a> State<'a> {
    fn new(instance: &'a Instance) -> Self {
        Self {
            instance,
            chosen: Vec::new(),
            times: vec![0; instance.elements()],
        }
    }

    fn weight(&self) -> f64 {
        let w = &self.instance.weights;
        (0..w.len())
            .filter(|&e| self.times[e] > 0)
            .map(|e| w[e])
            .sum()
    }

    /// Weight that adding `c` would newly cover.
    fn gain(&self, c: usize) -> f64 {
        let w = &self.instance.weights;
        self.instance.sets[c]
            .iter()
            .filter(|&&e| self.times[e] == 0)
            .map(|&e| w[e])
            .sum()
    }

    fn add(&mut self, c: usize) {
        for &e in &self.instance.sets[c] {
            self.times[e] += 1;
        }
        self.chosen.push(c);
    }

    fn remove(&mut self, slot: usize) {
        let c = self.chosen.swap_remove(slot);
        for &e in &self.instance.sets[c] {
            self.times[e] -= 1;
        }
    }

    /// Makes the best improving swap of one chosen candidate; false when none improves.
    fn improve_once(&mut self) -> bool {
        let w = &self.instance.weights;
        let mut best: Option<(usize, usize, f64)> = None;
        for slot in 0..self.chosen.len() {
            let out = self.chosen[slot];
            let only_here = |e: &usize| self.times[*e] == 1;
            let loss: f64 = self.instance.sets[out]
                .iter()
                .filter(|e| only_here(e))
                .map(|&e| w[e])
                .sum();
            for c in 0..self.instance.sets.len() {
                if self.chosen.contains(&c) {
                    continue;
                }
                // Elements only `out` covers come back if `c` covers them too.
                let set = &self.instance.sets[c];
                let back: f64 = set
                    .iter()
                    .filter(|e| only_here(e) && self.instance.sets[out].binary_search(e).is_ok())
                    .map(|&e| w[e])
                    .sum();
                let delta = self.gain(c) + back - loss;
                if delta > 1e-9 && best.is_none_or(|(_, _, d)| delta > d) {
                    best = Some((slot, c, delta));
                }
            }
        }
        let Some((slot, c, _)) = best else {
            return false;
        };
        self.remove(slot);
        self.add(c);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::siting::oracle;
    use approx::assert_relative_eq;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn swaps_repair_a_greedy_mistake() {
        // k = 2. Greedy takes the middle {1,2,3,4} (4), then one of {0,1,2} or {3,4,5} adds 1:
        // weight 5. The two outer sets cover all 6.
        let instance = Instance {
            weights: vec![1.0; 6],
            sets: vec![vec![0, 1, 2], vec![3, 4, 5], vec![1, 2, 3, 4]],
        };
        let found = best_k(&instance, 2);
        assert_relative_eq!(found.greedy_weight, 5.0);
        assert_relative_eq!(found.weight, 6.0);
        assert_eq!(found.swaps, 1);
        assert_relative_eq!(found.upper_bound, 6.0);
    }

    #[test]
    fn population_weights_steer_the_choice() {
        let instance = Instance {
            weights: vec![1.0, 1.0, 1.0, 50.0],
            sets: vec![vec![0, 1, 2], vec![3]],
        };
        let found = best_k(&instance, 1);
        assert_eq!(found.chosen, [1]);
        assert_relative_eq!(found.weight, 50.0);
    }

    #[test]
    fn seeded_random_instances_against_brute_force() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        for round in 0..200 {
            let n = rng.random_range(1..15);
            let m = rng.random_range(1..10);
            let weights = (0..n)
                .map(|_| f64::from(rng.random_range(1..20u8)))
                .collect();
            let sets = (0..m)
                .map(|_| (0..n).filter(|_| rng.random_bool(0.3)).collect())
                .collect();
            let instance = Instance { weights, sets };
            let k = rng.random_range(1..4);
            let found = best_k(&instance, k);
            let optimum = oracle::best_weight(&instance, k);

            assert!(found.chosen.len() <= k);
            assert_relative_eq!(found.weight, instance.covered_weight(&found.chosen));
            assert!(found.weight <= optimum + 1e-9, "round {round}");
            assert!(
                found.upper_bound >= optimum - 1e-9,
                "round {round}: bound holds"
            );
            let guarantee = 1.0 - (-1.0f64).exp();
            assert!(
                found.greedy_weight >= guarantee * optimum - 1e-9,
                "round {round}"
            );
        }
    }
}
