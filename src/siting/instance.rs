//! A covering instance: elements with weights, and for each candidate the elements it covers.
//!
//! Elements are villages not yet within reach of an existing office; a candidate covers the
//! villages within the coverage radius on the ground, found with an R-tree over unit vectors
//! ([`crate::gaps::sphere::SphereIndex`]).

use geo::Point;

use crate::gaps::sphere::SphereIndex;

/// Elements 0..n with weights, and the sets of elements each candidate covers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Instance {
    /// Weight of each element (1 per village, or its population).
    pub weights: Vec<f64>,
    /// Per candidate: the elements it covers, ascending, without repeats.
    pub sets: Vec<Vec<usize>>,
}

impl Instance {
    /// Builds the instance of `demand` points and `candidates` points (WGS84): a candidate
    /// covers the demand points within `radius_m` metres of it on the ground.
    pub fn within_radius(demand: &[(Point, f64)], candidates: &[Point], radius_m: f64) -> Self {
        let index = SphereIndex::new(demand.iter().map(|(p, _)| *p));
        let sets = candidates
            .iter()
            .map(|&c| index.within(c, radius_m))
            .collect();
        Self {
            weights: demand.iter().map(|(_, w)| *w).collect(),
            sets,
        }
    }

    /// Number of elements.
    pub fn elements(&self) -> usize {
        self.weights.len()
    }

    /// Per element: the candidates covering it.
    pub fn covering(&self) -> Vec<Vec<usize>> {
        let mut covering = vec![Vec::new(); self.elements()];
        for (c, set) in self.sets.iter().enumerate() {
            for &e in set {
                covering[e].push(c);
            }
        }
        covering
    }

    /// Total weight of the elements covered by `chosen`.
    pub fn covered_weight(&self, chosen: &[usize]) -> f64 {
        let mut covered = vec![false; self.elements()];
        for &c in chosen {
            for &e in &self.sets[c] {
                covered[e] = true;
            }
        }
        covered
            .iter()
            .zip(&self.weights)
            .filter(|(c, _)| **c)
            .map(|(_, w)| w)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_cover_the_points_within_the_radius() {
        // 0.01° of latitude is 1,112 m.
        let demand = [
            (Point::new(0.0, 0.0), 1.0),
            (Point::new(0.0, 0.01), 1.0),
            (Point::new(0.0, 0.03), 1.0),
        ];
        let candidates = [Point::new(0.0, 0.005), Point::new(0.0, 0.025)];
        let instance = Instance::within_radius(&demand, &candidates, 600.0);
        assert_eq!(instance.sets, vec![vec![0, 1], vec![2]]);
        assert_eq!(instance.covering(), vec![vec![0], vec![0], vec![1]]);
        assert_eq!(instance.covered_weight(&[1]), 1.0);
    }
}
