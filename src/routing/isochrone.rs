//! Service areas (isochrones): the part of the road network reachable from a point within a
//! travel time, as the places reached and a polygon around them.
//!
//! A Dijkstra search bounded by the time limit runs over the profile's arcs (written here:
//! `fast_paths` answers point-to-point queries only, with no bounded one-to-all search),
//! starting from the snapped point's edge like a route does. Every node reached counts, and so
//! does the point on each arc leaving the area where the time runs out, so the polygon ends
//! where travel ends rather than at the last junction. The polygon is the concave hull (`geo`) of
//! those places: a fair picture of an area, not a guarantee that every point inside is
//! reachable.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use geo::{ConcaveHull, Coord, MultiPoint, Point, Polygon};

use super::graph::{NodeId, RoadGraph};
use super::route::AT_NODE_M;
use super::router::ProfileRouter;
use super::snap::Snap;

/// What can be reached within a travel time.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceArea {
    /// Travel time (ms) to every node reached, by node; `None` beyond the limit.
    pub reached: Vec<Option<usize>>,
    /// (lon, lat) places that bound travel: nodes reached and points where time ran out.
    pub places: Vec<[f64; 2]>,
    /// The concave hull of `places`.
    pub polygon: Polygon<f64>,
}

impl ServiceArea {
    /// Whether the polygon is a valid area: a closed ring of at least four positions
    /// enclosing some area. Too short a time reaches too few places to make one.
    pub fn is_area(&self) -> bool {
        use geo::Area;
        self.polygon.exterior().0.len() >= 4 && self.polygon.unsigned_area() > 0.0
    }

    /// Number of graph nodes reached.
    pub fn reached_nodes(&self) -> usize {
        self.reached.iter().filter(|t| t.is_some()).count()
    }
}

/// The area reachable from `start` within `limit_ms` milliseconds on `router`'s profile.
pub fn service_area(
    graph: &RoadGraph,
    router: &ProfileRouter,
    start: &Snap,
    limit_ms: usize,
) -> ServiceArea {
    let profile = router.profile();
    let edge = &graph.edges[start.edge];
    let length = edge.length_m();
    let share = if length > 0.0 {
        start.offset_m / length
    } else {
        0.0
    };
    let weight = edge.weight_ms(profile) as f64;

    let mut best: Vec<Option<usize>> = vec![None; graph.nodes.len()];
    let mut heap: BinaryHeap<Reverse<(usize, NodeId)>> = BinaryHeap::new();
    let mut places = vec![start.point];
    if let Some(travel) = edge.travel(profile) {
        // Times in ms are far below usize::MAX; shares lie in 0..=1.
        let ends = [
            (
                travel.forward,
                edge.to,
                (weight * (1.0 - share)).round() as usize,
            ),
            (
                travel.backward,
                edge.from,
                (weight * share).round() as usize,
            ),
        ];
        for (allowed, node, time) in ends {
            if allowed && time <= limit_ms {
                heap.push(Reverse((time, node)));
            } else if allowed {
                let left = (limit_ms as f64 / weight) * length;
                let towards_end = node == edge.to;
                let offset = if towards_end {
                    start.offset_m + left
                } else {
                    start.offset_m - left
                };
                places.push(edge.point_at(offset.clamp(0.0, length)));
            }
        }
    }

    // A start on a node is at that node, whichever way its edge runs.
    if start.offset_m <= AT_NODE_M {
        heap.push(Reverse((0, edge.from)));
    } else if start.offset_m >= length - AT_NODE_M {
        heap.push(Reverse((0, edge.to)));
    }

    while let Some(Reverse((time, node))) = heap.pop() {
        if best[node as usize].is_some_and(|t| t <= time) {
            continue;
        }
        best[node as usize] = Some(time);
        places.push(graph.nodes[node as usize]);
        for &(next, e) in router.out_arcs(node) {
            let arc = &graph.edges[e];
            let arrive = time + arc.weight_ms(profile);
            if arrive <= limit_ms {
                if best[next as usize].is_none() {
                    heap.push(Reverse((arrive, next)));
                }
                continue;
            }
            // Time runs out on this arc: keep the point where it does.
            let part = (limit_ms - time) as f64 / arc.weight_ms(profile) as f64;
            let metres = part * arc.length_m();
            let offset = if arc.from == node {
                metres
            } else {
                arc.length_m() - metres
            };
            places.push(arc.point_at(offset));
        }
    }

    let points: MultiPoint<f64> = places
        .iter()
        .map(|p| Point::from(Coord { x: p[0], y: p[1] }))
        .collect();
    ServiceArea {
        reached: best,
        polygon: points.concave_hull(),
        places,
    }
}
