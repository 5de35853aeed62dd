//! Local search over a closed tour of any (also asymmetric) cost matrix: 2-opt and Or-opt moves
//! tried only towards each node's nearest neighbours, driven by a queue of nodes whose
//! surroundings changed ("don't-look bits").
//!
//! A reversed segment is costed exactly in O(1) from prefix sums of the tour's legs taken
//! forwards and backwards, so asymmetric matrices need no special moves. Position 0 holds the
//! start and never moves.
//!
//! Written here: the crates that offer TSP heuristics solve symmetric Euclidean instances only,
//! and none takes a fixed start, an open end and an asymmetric matrix together.

use super::matrix::CostMatrix;

/// Smallest improvement taken as one (guards against cycling on rounding noise).
const EPS: f64 = 1e-9;

/// Longest segment an Or-opt move carries.
const OR_OPT_MAX: usize = 3;

/// A closed tour under local search.
pub(crate) struct Search<'a> {
    costs: &'a CostMatrix,
    neighbours: &'a [Vec<usize>],
    /// The tour; `tour[0]` is the start.
    pub tour: Vec<usize>,
    pos: Vec<usize>,
    /// `fwd[k]`: cost of tour[0] → … → tour[k]; `bwd[k]`: of the same legs walked backwards.
    fwd: Vec<f64>,
    bwd: Vec<f64>,
    queue: Vec<usize>,
    queued: Vec<bool>,
}

/// For every node, the `k` others closest to it in either direction, closest first.
pub(crate) fn neighbour_lists(costs: &CostMatrix, k: usize) -> Vec<Vec<usize>> {
    let n = costs.len();
    (0..n)
        .map(|u| {
            let near = |v: usize| costs.cost(u, v).min(costs.cost(v, u));
            let mut others: Vec<usize> = (0..n).filter(|&v| v != u).collect();
            others.sort_by(|&a, &b| near(a).total_cmp(&near(b)));
            others.truncate(k);
            others
        })
        .collect()
}

impl<'a> Search<'a> {
    /// A search starting from `tour` (which begins with the start).
    pub fn new(costs: &'a CostMatrix, neighbours: &'a [Vec<usize>], tour: Vec<usize>) -> Self {
        let n = tour.len();
        let mut search = Self {
            costs,
            neighbours,
            tour,
            pos: vec![0; n],
            fwd: vec![0.0; n],
            bwd: vec![0.0; n],
            queue: Vec::with_capacity(n),
            queued: vec![false; n],
        };
        search.reindex();
        search
    }

    /// The cost of the closed tour.
    pub fn cost(&self) -> f64 {
        let n = self.tour.len();
        self.fwd[n - 1] + self.costs.cost(self.tour[n - 1], self.tour[0])
    }

    /// Replaces the tour (after a perturbation) and queues `touched` nodes.
    pub fn reset(&mut self, tour: &[usize], touched: &[usize]) {
        self.tour.copy_from_slice(tour);
        self.reindex();
        for &u in touched {
            self.push(u);
        }
    }

    /// Queues every node.
    pub fn push_all(&mut self) {
        for u in (0..self.tour.len()).rev() {
            self.push(u);
        }
    }

    fn push(&mut self, u: usize) {
        if !self.queued[u] {
            self.queued[u] = true;
            self.queue.push(u);
        }
    }

    fn reindex(&mut self) {
        for (k, &u) in self.tour.iter().enumerate() {
            self.pos[u] = k;
        }
        for k in 1..self.tour.len() {
            let (a, b) = (self.tour[k - 1], self.tour[k]);
            self.fwd[k] = self.fwd[k - 1] + self.costs.cost(a, b);
            self.bwd[k] = self.bwd[k - 1] + self.costs.cost(b, a);
        }
    }

    fn at(&self, k: usize) -> usize {
        self.tour[k % self.tour.len()]
    }

    /// Improves until no queued node has an improving move.
    pub fn run(&mut self) {
        while let Some(u) = self.queue.pop() {
            self.queued[u] = false;
            if let Some(touched) = self.improve(u) {
                for t in touched {
                    self.push(t);
                }
            }
        }
    }

    /// Applies the best improving move around `u`; returns the nodes whose legs changed.
    fn improve(&mut self, u: usize) -> Option<Vec<usize>> {
        let mut best: Option<(f64, Move)> = None;
        let mut consider = |gain: f64, mv: Move| {
            if gain > EPS && best.as_ref().is_none_or(|(g, _)| gain > *g) {
                best = Some((gain, mv));
            }
        };
        let pu = self.pos[u];
        for &v in &self.neighbours[u] {
            let pv = self.pos[v];
            for (i, j) in [
                (pu + 1, pv),
                (pv + 1, pu),
                (pu, pv.wrapping_sub(1)),
                (pv, pu.wrapping_sub(1)),
            ] {
                if i >= 1 && i < j && j < self.tour.len() {
                    consider(self.two_opt_gain(i, j), Move::Reverse { i, j });
                }
            }
        }
        for len in 1..=OR_OPT_MAX {
            for first in [pu, (pu + 1).wrapping_sub(len)] {
                if first == 0 || first > self.tour.len() - len || first == usize::MAX {
                    continue;
                }
                let (s0, s1) = (self.tour[first], self.tour[first + len - 1]);
                for &v in self.neighbours[s0].iter().chain(&self.neighbours[s1]) {
                    let pv = self.pos[v];
                    for after in [pv, pv.wrapping_sub(1)] {
                        if after == usize::MAX || (after + 1 >= first && after < first + len) {
                            continue;
                        }
                        for reversed in [false, true] {
                            let gain = self.or_opt_gain(first, len, after, reversed);
                            consider(
                                gain,
                                Move::Shift {
                                    first,
                                    len,
                                    after,
                                    reversed,
                                },
                            );
                        }
                    }
                }
            }
        }
        let (_, mv) = best?;
        Some(self.apply(mv))
    }

    /// Cost of tour[i..=j] walked forwards and backwards.
    fn segment(&self, i: usize, j: usize) -> (f64, f64) {
        (self.fwd[j] - self.fwd[i], self.bwd[j] - self.bwd[i])
    }

    /// Gain of reversing tour[i..=j], 1 ≤ i < j < n.
    fn two_opt_gain(&self, i: usize, j: usize) -> f64 {
        let c = self.costs;
        let (a, b, e, f) = (self.tour[i - 1], self.tour[i], self.tour[j], self.at(j + 1));
        let (forward, backward) = self.segment(i, j);
        c.cost(a, b) + c.cost(e, f) + forward - c.cost(a, e) - c.cost(b, f) - backward
    }

    /// Gain of moving tour[first..first + len] between tour[after] and the node after it,
    /// reversed or not.
    fn or_opt_gain(&self, first: usize, len: usize, after: usize, reversed: bool) -> f64 {
        let c = self.costs;
        let last = first + len - 1;
        let (s0, s1) = (self.tour[first], self.tour[last]);
        let (prev, next) = (self.tour[first - 1], self.at(last + 1));
        let (x, y) = (self.tour[after], self.at(after + 1));
        let (forward, backward) = self.segment(first, last);
        let removed = c.cost(prev, s0) + c.cost(s1, next) + c.cost(x, y) + forward;
        let added = if reversed {
            c.cost(x, s1) + backward + c.cost(s0, y)
        } else {
            c.cost(x, s0) + forward + c.cost(s1, y)
        };
        removed - added - c.cost(prev, next)
    }

    fn apply(&mut self, mv: Move) -> Vec<usize> {
        let touched = match mv {
            Move::Reverse { i, j } => {
                let t = vec![self.tour[i - 1], self.tour[i], self.tour[j], self.at(j + 1)];
                self.tour[i..=j].reverse();
                t
            }
            Move::Shift {
                first,
                len,
                after,
                reversed,
            } => {
                let last = first + len - 1;
                let t = vec![
                    self.tour[first - 1],
                    self.tour[first],
                    self.tour[last],
                    self.at(last + 1),
                    self.tour[after],
                    self.at(after + 1),
                ];
                let mut segment: Vec<usize> = self.tour.drain(first..=last).collect();
                if reversed {
                    segment.reverse();
                }
                let at = if after < first {
                    after + 1
                } else {
                    after + 1 - len
                };
                self.tour.splice(at..at, segment);
                t
            }
        };
        self.reindex();
        touched
    }
}

/// A local move, by positions in the tour.
#[derive(Debug, Clone, Copy)]
enum Move {
    /// Reverse tour[i..=j].
    Reverse { i: usize, j: usize },
    /// Move tour[first..first + len] to just after tour[after].
    Shift {
        first: usize,
        len: usize,
        after: usize,
        reversed: bool,
    },
}
