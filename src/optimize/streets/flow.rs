//! Minimum-cost flow by successive shortest paths with Dijkstra on reduced costs (Edmonds &
//! Karp 1972; Tomizawa 1971), for arcs of unbounded capacity and non-negative cost.
//!
//! Written here: no well-kept Rust crate offers min-cost flow with node supplies (petgraph and
//! pathfinding have max flow and assignment only); the street graphs are small, and this is
//! fifty lines.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// An arc that may carry any number of units at `cost` each.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Arc {
    pub from: usize,
    pub to: usize,
    pub cost: f64,
}

/// Units on each arc of a cheapest flow sending `supply[v]` units out of every node with a
/// positive supply into the nodes with a negative one (supplies sum to zero), or `None` when
/// some demand cannot be reached.
pub(crate) fn min_cost_flow(nodes: usize, arcs: &[Arc], supply: &[i64]) -> Option<Vec<i64>> {
    // A source feeding every supply and a sink draining every demand, through arcs whose
    // capacity is that amount; the caller's arcs are unbounded.
    let (source, sink) = (nodes, nodes + 1);
    let mut all: Vec<(Arc, i64)> = arcs.iter().map(|&a| (a, i64::MAX)).collect();
    for (v, &s) in supply.iter().enumerate() {
        if s > 0 {
            all.push((
                Arc {
                    from: source,
                    to: v,
                    cost: 0.0,
                },
                s,
            ));
        } else if s < 0 {
            all.push((
                Arc {
                    from: v,
                    to: sink,
                    cost: 0.0,
                },
                -s,
            ));
        }
    }
    let needed: i64 = supply.iter().filter(|&&s| s > 0).sum();
    let mut touching: Vec<Vec<usize>> = vec![Vec::new(); nodes + 2];
    for (k, (a, _)) in all.iter().enumerate() {
        touching[a.from].push(k);
        touching[a.to].push(k);
    }
    let mut flow = vec![0i64; all.len()];
    let mut potential = vec![0.0f64; nodes + 2];
    let mut sent = 0;
    while sent < needed {
        let (dist, via) = shortest(&all, &flow, &touching, &potential, source);
        if !dist[sink].is_finite() {
            return None;
        }
        for (p, d) in potential.iter_mut().zip(&dist) {
            if d.is_finite() {
                *p += d;
            }
        }
        let mut amount = needed - sent;
        let mut v = sink;
        while let Some((k, forward)) = via[v] {
            let room = if forward { all[k].1 - flow[k] } else { flow[k] };
            amount = amount.min(room);
            v = if forward { all[k].0.from } else { all[k].0.to };
        }
        let mut v = sink;
        while let Some((k, forward)) = via[v] {
            flow[k] += if forward { amount } else { -amount };
            v = if forward { all[k].0.from } else { all[k].0.to };
        }
        sent += amount;
    }
    flow.truncate(arcs.len());
    Some(flow)
}

type Via = Vec<Option<(usize, bool)>>;

/// Dijkstra over the residual graph on reduced costs: distances and the arc into each node.
fn shortest(
    all: &[(Arc, i64)],
    flow: &[i64],
    touching: &[Vec<usize>],
    potential: &[f64],
    source: usize,
) -> (Vec<f64>, Via) {
    let n = touching.len();
    let mut dist = vec![f64::INFINITY; n];
    let mut via: Via = vec![None; n];
    let mut heap = BinaryHeap::new();
    dist[source] = 0.0;
    heap.push((Reverse(Ordered(0.0)), source));
    while let Some((Reverse(Ordered(d)), v)) = heap.pop() {
        if d > dist[v] {
            continue;
        }
        for &k in &touching[v] {
            let (a, cap) = all[k];
            let (w, cost, forward) = if a.from == v && flow[k] < cap {
                (a.to, a.cost, true)
            } else if a.to == v && flow[k] > 0 {
                (a.from, -a.cost, false)
            } else {
                continue;
            };
            // Reduced costs are non-negative; the clamp only absorbs rounding.
            let reduced = (cost + potential[v] - potential[w]).max(0.0);
            if d + reduced < dist[w] {
                dist[w] = d + reduced;
                via[w] = Some((k, forward));
                heap.push((Reverse(Ordered(dist[w])), w));
            }
        }
    }
    (dist, via)
}

/// An f64 with a total order, for the heap.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Ordered(f64);

impl Eq for Ordered {}

impl PartialOrd for Ordered {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ordered {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sends_supply_along_the_cheapest_paths() {
        // 0 → 1 → 3 costs 2, 0 → 2 → 3 costs 5; 0 must send 2 units to 3.
        let arcs = [
            Arc {
                from: 0,
                to: 1,
                cost: 1.0,
            },
            Arc {
                from: 1,
                to: 3,
                cost: 1.0,
            },
            Arc {
                from: 0,
                to: 2,
                cost: 2.0,
            },
            Arc {
                from: 2,
                to: 3,
                cost: 3.0,
            },
        ];
        let flow = min_cost_flow(4, &arcs, &[2, 0, 0, -2]).expect("feasible");
        assert_eq!(flow, vec![2, 2, 0, 0]);
        assert_eq!(min_cost_flow(4, &arcs, &[0, 0, 0, 0]), Some(vec![0; 4]));
        // Nothing reaches node 0.
        assert_eq!(min_cost_flow(4, &arcs, &[-1, 0, 0, 1]), None);
    }
}
