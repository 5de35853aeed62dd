//! Shortest paths over the streets in either direction (Dijkstra), to price and trace the
//! repeated stretches of an undirected postman tour.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::graph::RoadGraph;

/// Distances from one node and, for every reached node, the edge it was reached by.
pub(crate) struct Tree {
    pub dist: Vec<f64>,
    via: Vec<Option<usize>>,
}

/// Edges touching each node, ignoring direction.
pub(crate) fn incidence(graph: &RoadGraph) -> Vec<Vec<usize>> {
    let mut touching = vec![Vec::new(); graph.nodes];
    for (k, e) in graph.edges.iter().enumerate() {
        touching[e.from].push(k);
        if e.to != e.from {
            touching[e.to].push(k);
        }
    }
    touching
}

/// The shortest-path tree from `source`, directions ignored.
pub(crate) fn tree(graph: &RoadGraph, touching: &[Vec<usize>], source: usize) -> Tree {
    let mut dist = vec![f64::INFINITY; graph.nodes];
    let mut via = vec![None; graph.nodes];
    let mut heap = BinaryHeap::new();
    dist[source] = 0.0;
    heap.push(Reverse((Key(0.0), source)));
    while let Some(Reverse((Key(d), v))) = heap.pop() {
        if d > dist[v] {
            continue;
        }
        for &k in &touching[v] {
            let e = &graph.edges[k];
            let w = if e.from == v { e.to } else { e.from };
            if d + e.length < dist[w] {
                dist[w] = d + e.length;
                via[w] = Some(k);
                heap.push(Reverse((Key(dist[w]), w)));
            }
        }
    }
    Tree { dist, via }
}

impl Tree {
    /// Edge indices of the path from the source to `target`.
    pub fn path_to(&self, graph: &RoadGraph, target: usize) -> Vec<usize> {
        let mut edges = Vec::new();
        let mut v = target;
        while let Some(k) = self.via[v] {
            edges.push(k);
            let e = &graph.edges[k];
            v = if e.to == v { e.from } else { e.to };
        }
        edges.reverse();
        edges
    }
}

/// An f64 with a total order, for the heap.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Key(f64);

impl Eq for Key {}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}
