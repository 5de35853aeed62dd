//! A route between two snapped points: the contraction hierarchy between the edges' ends,
//! plus the partial edges from and to the points.
//!
//! A snapped point inside an edge acts as a virtual node splitting it: the search starts at
//! the edge's end node(s) the profile may drive towards, each weighted with the time of the
//! part still to travel; the target side is symmetric. Two points on one edge may also be
//! joined directly along it. Written here because `fast_paths` knows nodes and weights only,
//! not the lines and snapped points around them.

use super::graph::{NodeId, RoadGraph};
use super::profile::Profile;
use super::router::ProfileRouter;
use super::snap::Snap;
use crate::export::{Itinerary, NamedStop};

/// The fastest route between two points.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// How it is travelled.
    pub profile: Profile,
    /// Where the start met the road.
    pub from: Snap,
    /// Where the end met the road.
    pub to: Snap,
    /// (lon, lat) from the snapped start to the snapped end.
    pub line: Vec<[f64; 2]>,
    /// Length in metres (snapping distances excluded).
    pub distance_m: f64,
    /// Travel time in seconds.
    pub duration_s: f64,
}

/// Metres from an edge's end within which a snapped point counts as being on its node.
pub(crate) const AT_NODE_M: f64 = 0.01;

/// A part of an edge travelled: edge, from and to offset in metres.
type Piece = (usize, f64, f64);

fn scaled(weight: usize, share: f64) -> usize {
    // Shares lie in 0..=1 and weights far below usize::MAX.
    (weight as f64 * share.clamp(0.0, 1.0)).round() as usize
}

fn share(graph: &RoadGraph, snap: &Snap) -> f64 {
    let length = graph.edges[snap.edge].length_m();
    if length > 0.0 {
        snap.offset_m / length
    } else {
        0.0
    }
}

/// The fastest route from `from` to `to` (both snapped for `router`'s profile).
pub fn route(graph: &RoadGraph, router: &ProfileRouter, from: Snap, to: Snap) -> Option<Route> {
    let pieces = pieces(graph, router, from, to)?;
    Some(assemble(graph, router.profile(), from, to, &pieces))
}

/// The travel time in seconds of [`route`]'s route, without drawing it: the same pieces
/// summed the same way, so it equals that route's `duration_s` exactly.
pub fn duration(graph: &RoadGraph, router: &ProfileRouter, from: Snap, to: Snap) -> Option<f64> {
    let profile = router.profile();
    let pieces = pieces(graph, router, from, to)?;
    Some(pieces.iter().fold(0.0, |total, &(e, start, end)| {
        total + graph.edges[e].seconds(profile, (end - start).abs())
    }))
}

/// The parts of edges the fastest route from `from` to `to` travels, in order.
fn pieces(graph: &RoadGraph, router: &ProfileRouter, from: Snap, to: Snap) -> Option<Vec<Piece>> {
    let profile = router.profile();
    let (es, et) = (&graph.edges[from.edge], &graph.edges[to.edge]);
    let (ts, tt) = (es.travel(profile)?, et.travel(profile)?);
    let (fs, ft) = (share(graph, &from), share(graph, &to));
    let (ws, wt) = (es.weight_ms(profile), et.weight_ms(profile));

    let direct = (from.edge == to.edge)
        .then(|| {
            let ahead = to.offset_m >= from.offset_m;
            let allowed = if ahead { ts.forward } else { ts.backward };
            allowed.then(|| {
                (
                    scaled(ws, (ft - fs).abs()),
                    vec![(from.edge, from.offset_m, to.offset_m)],
                )
            })
        })
        .flatten();

    let mut sources: Vec<(NodeId, usize)> = Vec::new();
    if ts.forward {
        sources.push((es.to, scaled(ws, 1.0 - fs)));
    }
    if ts.backward {
        sources.push((es.from, scaled(ws, fs)));
    }
    let mut targets: Vec<(NodeId, usize)> = Vec::new();
    if tt.forward {
        targets.push((et.from, scaled(wt, ft)));
    }
    if tt.backward {
        targets.push((et.to, scaled(wt, 1.0 - ft)));
    }
    // A point on a node is at that node, whichever way its edge runs.
    let (len_s, len_t) = (es.length_m(), et.length_m());
    if from.offset_m <= AT_NODE_M {
        sources.push((es.from, 0));
    } else if from.offset_m >= len_s - AT_NODE_M {
        sources.push((es.to, 0));
    }
    if to.offset_m <= AT_NODE_M {
        targets.push((et.from, 0));
    } else if to.offset_m >= len_t - AT_NODE_M {
        targets.push((et.to, 0));
    }
    let via_nodes = router.query(sources, targets).and_then(|path| {
        let nodes: Vec<NodeId> = path.get_nodes().iter().map(|&n| n as NodeId).collect();
        let first = *nodes.first()?;
        let last = *nodes.last()?;
        let mut pieces = Vec::with_capacity(nodes.len() + 1);
        let leave = if first == es.to { len_s } else { 0.0 };
        pieces.push((from.edge, from.offset_m, leave));
        for pair in nodes.windows(2) {
            let (e, forward) = router.best_arc(graph, pair[0], pair[1])?;
            let length = graph.edges[e].length_m();
            pieces.push(if forward {
                (e, 0.0, length)
            } else {
                (e, length, 0.0)
            });
        }
        let enter = if last == et.from { 0.0 } else { len_t };
        pieces.push((to.edge, enter, to.offset_m));
        Some((path.get_weight(), pieces))
    });

    match (direct, via_nodes) {
        (Some(d), Some(v)) => Some(if d.0 <= v.0 { d.1 } else { v.1 }),
        (Some(d), None) => Some(d.1),
        (None, Some(v)) => Some(v.1),
        (None, None) => None,
    }
}

fn assemble(graph: &RoadGraph, profile: Profile, from: Snap, to: Snap, pieces: &[Piece]) -> Route {
    let mut line: Vec<[f64; 2]> = Vec::new();
    let (mut distance_m, mut duration_s) = (0.0, 0.0);
    for &(e, start, end) in pieces {
        let edge = &graph.edges[e];
        let metres = (end - start).abs();
        distance_m += metres;
        duration_s += edge.seconds(profile, metres);
        for point in edge.slice(start, end) {
            if line.last() != Some(&point) {
                line.push(point);
            }
        }
    }
    if line.len() == 1 {
        line.push(line[0]);
    }
    Route {
        profile,
        from,
        to,
        line,
        distance_m,
        duration_s,
    }
}

impl Route {
    /// The route as an exportable itinerary whose two stops are the points asked for,
    /// named `from_name` and `to_name`; the line runs from the first stop's snapped point to
    /// the second's.
    pub fn itinerary(&self, name: &str, from_name: &str, to_name: &str) -> Itinerary {
        Itinerary {
            name: name.to_owned(),
            attribution: Some(super::OSM_ATTRIBUTION.to_owned()),
            line: self.line.clone(),
            stops: vec![
                NamedStop {
                    name: from_name.to_owned(),
                    point: self.from.query,
                },
                NamedStop {
                    name: to_name.to_owned(),
                    point: self.to.query,
                },
            ],
            distance_m: Some(self.distance_m),
            duration_s: Some(self.duration_s),
        }
    }
}
