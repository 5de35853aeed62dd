//! A closed drive over every road segment inside a grid.
//!
//! Segments are the road graph's edges the profile may use, clipped to the grid polygon
//! (`geo`'s `BooleanOps::clip`): an edge crossing the boundary keeps only its part inside,
//! and that part ends in a dead end at the boundary, where the patrol turns back (so the
//! part is driven twice). The clipped pieces are mapped back onto their edge as metre
//! offsets, so each segment keeps the road's exact vertices and two segments meet only at a
//! real junction.
//!
//! The street graph ([`crate::optimize::streets::RoadGraph`]) is solved by
//! [`patrol_streets`]. When the segments inside a grid form several pieces (a road leaves the
//! grid and comes back), the pieces are joined by the fastest routes between junctions, the
//! cheapest connection first (a minimum spanning tree over the pieces by road length; see
//! `join_pieces`); those connectors count as repeated length, and the lower bound is then
//! the segments' own length. For `car`, a grid where
//! one-way streets trap the drive (a one-way street cut at the boundary leads into a dead
//! end) drives the cut one-way segments both ways, and if that is not enough every one-way
//! segment; the answer counts them (`oneway_relaxed`). FIXME: a rural-postman search that
//! leaves the grid to turn around would keep the one-way rules.

use std::collections::HashMap;

use geo::{BooleanOps, BoundingRect, Intersects, LineString, MultiLineString, Rect};
use serde_json::Value;

use super::{PatrolsError, PatrolsResult};
use crate::export::{Itinerary, NamedStop};
use crate::model::{Dataset, Grid};
use crate::optimize::streets::{
    RoadEdge, RoadGraph as StreetGraph, StreetError, StreetPatrol, Traversal, patrol_streets,
};
use crate::routing::graph::{Edge, metres};
use crate::routing::{OSM_ATTRIBUTION, Profile, RoadNetwork, Route};

/// Metres from an edge's end within which a clipped piece counts as reaching its node.
const AT_NODE_M: f64 = 0.5;

/// Shortest piece of road kept, metres (shorter slivers are clipping round-off).
const MIN_SEGMENT_M: f64 = 0.05;

/// A checked `{"grid": "ID", "profile": "car" | "foot"}`.
#[derive(Debug, Clone, PartialEq)]
pub struct StreetsRequest {
    /// The grid's id.
    pub grid: String,
    /// How the streets are driven or walked.
    pub profile: Profile,
}

impl StreetsRequest {
    /// Checks `body`.
    ///
    /// # Errors
    ///
    /// [`PatrolsError::Field`] naming the member to fix.
    pub fn from_json(body: &Value) -> PatrolsResult<Self> {
        let map = body
            .as_object()
            .ok_or_else(|| PatrolsError::field("body", "expected a JSON object"))?;
        if let Some(k) = map
            .keys()
            .find(|k| !["grid", "profile"].contains(&k.as_str()))
        {
            return Err(PatrolsError::field(
                "body",
                format!("unknown member {k:?}; use grid, profile"),
            ));
        }
        let grid = map
            .get("grid")
            .ok_or_else(|| PatrolsError::field("grid", "missing: give the grid's id"))?
            .as_str()
            .ok_or_else(|| PatrolsError::field("grid", "expected the grid's id as text"))?;
        let profile = match map.get("profile") {
            None => Profile::Car,
            Some(p) => p
                .as_str()
                .ok_or_else(|| PatrolsError::field("profile", "expected car or foot"))?
                .parse()
                .map_err(|e: String| PatrolsError::field("profile", e))?,
        };
        Ok(Self {
            grid: grid.to_owned(),
            profile,
        })
    }

    /// The grid this request names in `dataset`.
    ///
    /// # Errors
    ///
    /// [`PatrolsError::Unknown`] when there is none.
    pub fn resolve<'a>(&self, dataset: &'a Dataset) -> PatrolsResult<&'a Grid> {
        dataset
            .grid(&self.grid)
            .ok_or_else(|| PatrolsError::Unknown {
                field: "grid".into(),
                kind: "grid",
                id: self.grid.clone(),
            })
    }
}

/// A stretch of road inside a grid.
#[derive(Debug, Clone, PartialEq)]
pub struct StreetSegment {
    /// The road graph edge it belongs to.
    pub edge: usize,
    /// Metres along the edge where it begins and ends (`start_m < end_m`).
    pub start_m: f64,
    /// See `start_m`.
    pub end_m: f64,
    /// The whole edge's length, metres: a segment with `start_m > 0` or `end_m < edge_m`
    /// was cut by the grid's boundary.
    pub edge_m: f64,
    /// (lon, lat) along the road from `start_m` to `end_m`.
    pub line: Vec<[f64; 2]>,
    /// Whether the profile may only travel it one way, and which: `Some(true)` along the
    /// edge, `Some(false)` against it, `None` both ways.
    pub oneway_forward: Option<bool>,
    /// Seconds to travel it once.
    pub seconds: f64,
}

impl StreetSegment {
    /// Length in metres.
    pub fn length_m(&self) -> f64 {
        self.end_m - self.start_m
    }
}

/// Every road segment inside `grid` that `profile` may use, clipped to its polygon: the
/// edges of the profile's main network (its largest strongly connected component, the one
/// stops snap to); a stray piece of road joined to nothing else is left out.
pub fn grid_streets(network: &RoadNetwork, profile: Profile, grid: &Grid) -> Vec<StreetSegment> {
    let Some(bounds) = grid.geometry.bounding_rect() else {
        return Vec::new();
    };
    let graph = network.graph();
    let router = network.router(profile);
    let mut segments = Vec::new();
    for (e, edge) in graph.edges.iter().enumerate() {
        let Some(travel) = edge.travel(profile) else {
            continue;
        };
        // Only the main network, as for snapping: every segment can then be reached.
        if !(router.in_main(edge.from) && router.in_main(edge.to)) {
            continue;
        }
        let line = LineString::from(edge.line.clone());
        if !line.bounding_rect().is_some_and(|b| overlaps(b, bounds)) {
            continue;
        }
        if !grid.geometry.intersects(&line) {
            continue;
        }
        let pieces = grid.geometry.clip(&MultiLineString::new(vec![line]), false);
        let oneway_forward = match (travel.forward, travel.backward) {
            (true, false) => Some(true),
            (false, true) => Some(false),
            _ => None,
        };
        for (start_m, end_m) in intervals(edge, &pieces) {
            segments.push(StreetSegment {
                edge: e,
                start_m,
                end_m,
                edge_m: edge.length_m(),
                line: edge.slice(start_m, end_m),
                oneway_forward,
                seconds: edge.seconds(profile, end_m - start_m),
            });
        }
    }
    segments
}

fn overlaps(a: Rect, b: Rect) -> bool {
    a.min().x <= b.max().x
        && b.min().x <= a.max().x
        && a.min().y <= b.max().y
        && b.min().y <= a.max().y
}

/// The clipped pieces of `edge` as merged metre intervals along it.
fn intervals(edge: &Edge, pieces: &MultiLineString) -> Vec<(f64, f64)> {
    let mut spans: Vec<(f64, f64)> = pieces
        .0
        .iter()
        .filter_map(|piece| {
            let first = piece.0.first()?;
            let last = piece.0.last()?;
            let (a, b) = (
                offset(edge, [first.x, first.y]),
                offset(edge, [last.x, last.y]),
            );
            Some((a.min(b), a.max(b)))
        })
        .collect();
    spans.sort_by(|x, y| x.0.total_cmp(&y.0));
    let length = edge.length_m();
    let mut merged: Vec<(f64, f64)> = Vec::new();
    for (mut a, mut b) in spans {
        if a <= AT_NODE_M {
            a = 0.0;
        }
        if b >= length - AT_NODE_M {
            b = length;
        }
        match merged.last_mut() {
            Some(last) if a <= last.1 + MIN_SEGMENT_M => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged.retain(|(a, b)| b - a >= MIN_SEGMENT_M);
    merged
}

/// Metres along `edge` of the point on it nearest to `p` (lon, lat): a projection in a local
/// equirectangular frame, exact enough for the metre-scale pieces clipping returns.
fn offset(edge: &Edge, p: [f64; 2]) -> f64 {
    let x_scale = p[1].to_radians().cos();
    let local = |q: [f64; 2]| [(q[0] - p[0]) * x_scale, q[1] - p[1]];
    let mut best = (f64::INFINITY, 0.0);
    for (i, pair) in edge.line.windows(2).enumerate() {
        let (a, b) = (local(pair[0]), local(pair[1]));
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let len2 = dx * dx + dy * dy;
        let t = match len2 > 0.0 {
            true => (-(a[0] * dx + a[1] * dy) / len2).clamp(0.0, 1.0),
            false => 0.0,
        };
        let (x, y) = (a[0] + dx * t, a[1] + dy * t);
        let d2 = x * x + y * y;
        if d2 < best.0 {
            best = (d2, edge.along[i] + (edge.along[i + 1] - edge.along[i]) * t);
        }
    }
    best.1
}

/// A closed patrol of every street of a grid.
#[derive(Debug, Clone, PartialEq)]
pub struct GridPatrol {
    /// The grid's id.
    pub grid: String,
    /// How it is driven or walked.
    pub profile: Profile,
    /// (lon, lat) of the whole drive; the first vertex is also the last.
    pub line: Vec<[f64; 2]>,
    /// Metres driven.
    pub length_m: f64,
    /// Seconds driving.
    pub duration_s: f64,
    /// Metres of street inside the grid, each counted once.
    pub required_m: f64,
    /// Metres driven more than once, connectors between pieces included.
    pub repeated_m: f64,
    /// `repeated_m / length_m`.
    pub repeated_share: f64,
    /// No closed drive over these streets is shorter.
    pub lower_bound_m: f64,
    /// Whether `length_m` is proven minimal.
    pub optimal: bool,
    /// Number of street segments inside the grid.
    pub segments: usize,
    /// Number of separate pieces they formed before joining.
    pub pieces: usize,
    /// Metres of the routes added to join the pieces (both ways).
    pub connectors_m: f64,
    /// Number of one-way segments driven as two-way because their one-way rule trapped the
    /// drive inside the grid (0 when every rule is kept).
    pub oneway_relaxed: usize,
}

/// One edge of the street graph: a segment, or a connector driven either way.
enum Link {
    Segment(usize),
    Connector { there: Box<Route>, back: Box<Route> },
}

/// Plans the street patrol of `grid` for `profile`.
///
/// # Errors
///
/// [`PatrolsError::NoStreets`] when no road of the profile lies inside the grid.
pub fn patrol_grid(
    network: &RoadNetwork,
    profile: Profile,
    grid: &Grid,
) -> PatrolsResult<GridPatrol> {
    let segments = grid_streets(network, profile, grid);
    if segments.is_empty() {
        return Err(PatrolsError::NoStreets {
            grid: grid.id.clone(),
            profile,
        });
    }
    let (mut graph, points) = street_graph(network, &segments);
    let mut links: Vec<Link> = (0..segments.len()).map(Link::Segment).collect();
    let pieces = graph.components().len();
    if pieces > 1 {
        join_pieces(network, profile, &mut graph, &points, &mut links);
    }

    let (patrol, oneway_relaxed) = solve(&mut graph, &segments)?;
    Ok(assemble(
        grid,
        profile,
        &segments,
        &links,
        &patrol,
        pieces,
        oneway_relaxed,
    ))
}

/// Solves the street graph; when one-way streets trap the drive, first the one-way segments
/// cut by the boundary, then all of them, become two-way. Returns the patrol and the number
/// of segments whose one-way rule was dropped.
fn solve(
    graph: &mut StreetGraph,
    segments: &[StreetSegment],
) -> PatrolsResult<(StreetPatrol, usize)> {
    let first = patrol_streets(graph);
    if !matches!(first, Err(StreetError::OnewayTrap)) {
        return Ok((first?, 0));
    }
    let cut = |e: &RoadEdge| {
        // Ids below the segment count are segments; connectors are never one-way.
        segments
            .get(e.id as usize)
            .is_some_and(|s| s.start_m > 0.0 || s.end_m < s.edge_m)
    };
    let mut relaxed = 0;
    for e in graph.edges.iter_mut().filter(|e| e.oneway && cut(e)) {
        e.oneway = false;
        relaxed += 1;
    }
    match patrol_streets(graph) {
        Err(StreetError::OnewayTrap) => {
            for e in graph.edges.iter_mut().filter(|e| e.oneway) {
                e.oneway = false;
                relaxed += 1;
            }
            Ok((patrol_streets(graph)?, relaxed))
        }
        other => Ok((other?, relaxed)),
    }
}

/// The street graph of `segments`: junction nodes shared by edges, cut ends of their own.
fn street_graph(network: &RoadNetwork, segments: &[StreetSegment]) -> (StreetGraph, Vec<[f64; 2]>) {
    #[derive(Hash, PartialEq, Eq)]
    enum Key {
        Junction(u32),
        Cut(usize, i64),
    }
    let road = network.graph();
    let mut index: HashMap<Key, usize> = HashMap::new();
    let mut points: Vec<[f64; 2]> = Vec::new();
    let mut node = |key: Key, point: [f64; 2]| -> usize {
        *index.entry(key).or_insert_with(|| {
            points.push(point);
            points.len() - 1
        })
    };
    let mut edges = Vec::with_capacity(segments.len());
    for (i, s) in segments.iter().enumerate() {
        let edge = &road.edges[s.edge];
        // Offsets are metres; centimetres tell cuts of one edge apart.
        let cut = |m: f64| Key::Cut(s.edge, (m * 100.0).round() as i64);
        let a = match s.start_m <= 0.0 {
            true => node(Key::Junction(edge.from), road.nodes[edge.from as usize]),
            false => node(cut(s.start_m), s.line[0]),
        };
        let b = match s.end_m >= edge.length_m() {
            true => node(Key::Junction(edge.to), road.nodes[edge.to as usize]),
            false => node(cut(s.end_m), s.line[s.line.len() - 1]),
        };
        let (from, to) = match s.oneway_forward {
            Some(false) => (b, a),
            _ => (a, b),
        };
        edges.push(RoadEdge {
            id: i as u64,
            from,
            to,
            length: s.length_m(),
            oneway: s.oneway_forward.is_some(),
        });
    }
    let graph = StreetGraph {
        nodes: points.len(),
        edges,
    };
    (graph, points)
}

/// Pairs of junctions tried, nearest in a straight line first, when joining two pieces.
const JOIN_CANDIDATES: usize = 8;

/// Above this many pieces only the straight-nearest pair is routed per piece, so joining
/// stays within a few thousand route queries.
const MANY_PIECES: usize = 30;

/// Joins every piece of `graph` to the largest, one piece at a time: the piece whose
/// connection by road is shortest goes next (a minimum spanning tree over the pieces, as in
/// Frederickson's rural-postman heuristic). A connection is the fastest route there and back
/// between two junctions, the best by road length of the [`JOIN_CANDIDATES`] pairs nearest
/// in a straight line. Pieces no route reaches stay apart (and the solver refuses).
fn join_pieces(
    network: &RoadNetwork,
    profile: Profile,
    graph: &mut StreetGraph,
    points: &[[f64; 2]],
    links: &mut Vec<Link>,
) {
    let pieces = graph.components();
    let nodes_of = |g: &StreetGraph| -> Vec<usize> {
        let mut nodes: Vec<usize> = g.edges.iter().flat_map(|e| [e.from, e.to]).collect();
        nodes.sort_unstable();
        nodes.dedup();
        nodes
    };
    let tries = match pieces.len() > MANY_PIECES {
        true => 1,
        false => JOIN_CANDIDATES,
    };
    let mut joined = nodes_of(&pieces[0]);
    let mut waiting: Vec<Vec<usize>> = pieces[1..].iter().map(nodes_of).collect();
    while !waiting.is_empty() {
        let best = waiting
            .iter()
            .enumerate()
            .filter_map(|(i, nodes)| {
                let join = connection(network, profile, points, nodes, &joined, tries)?;
                Some((i, join))
            })
            .min_by(|a, b| a.1.length().total_cmp(&b.1.length()));
        let Some((i, join)) = best else { break };
        let nodes = waiting.swap_remove(i);
        graph.edges.push(RoadEdge {
            id: links.len() as u64,
            from: join.v,
            to: join.u,
            length: join.length(),
            oneway: false,
        });
        links.push(Link::Connector {
            there: Box::new(join.there),
            back: Box::new(join.back),
        });
        joined.extend(nodes);
    }
}

/// A way between a joined junction `v` and a piece's junction `u`, both directions.
struct Join {
    v: usize,
    u: usize,
    there: Route,
    back: Route,
}

impl Join {
    /// Mean road length of the two directions, metres.
    fn length(&self) -> f64 {
        (self.there.distance_m + self.back.distance_m) / 2.0
    }
}

/// The shortest connection by road between a node of `piece` and one of `joined`, among the
/// `tries` pairs nearest in a straight line.
fn connection(
    network: &RoadNetwork,
    profile: Profile,
    points: &[[f64; 2]],
    piece: &[usize],
    joined: &[usize],
    tries: usize,
) -> Option<Join> {
    let mut pairs: Vec<(f64, usize, usize)> = piece
        .iter()
        .flat_map(|&u| {
            joined
                .iter()
                .map(move |&v| (metres(points[u], points[v]), u, v))
        })
        .collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    pairs
        .into_iter()
        .take(tries)
        .filter_map(|(_, u, v)| {
            let mut there = network.route(profile, points[v], points[u]).ok()?;
            let mut back = network.route(profile, points[u], points[v]).ok()?;
            // Snapped ends may lie a hair off the nodes: pin the lines to them.
            anchor(&mut there.line, points[v], points[u]);
            anchor(&mut back.line, points[u], points[v]);
            Some(Join { v, u, there, back })
        })
        .min_by(|a, b| a.length().total_cmp(&b.length()))
}

/// Makes `line` begin at `first` and end at `last`.
fn anchor(line: &mut Vec<[f64; 2]>, first: [f64; 2], last: [f64; 2]) {
    if line.first() != Some(&first) {
        line.insert(0, first);
    }
    if line.last() != Some(&last) {
        line.push(last);
    }
}

/// The line, metres and seconds of one traversal, and whether it is a connector.
fn traversed(
    t: &Traversal,
    segments: &[StreetSegment],
    links: &[Link],
) -> (Vec<[f64; 2]>, f64, f64, bool) {
    // Ids are positions in `links`, given when the graph was built.
    match &links[t.edge as usize] {
        Link::Segment(s) => {
            let s = &segments[*s];
            // `forward` is along the street edge, which runs against the road for a segment
            // one-way backwards.
            let along_road = t.forward != (s.oneway_forward == Some(false));
            let mut part = s.line.clone();
            if !along_road {
                part.reverse();
            }
            (part, s.length_m(), s.seconds, false)
        }
        Link::Connector { there, back } => {
            // A connector runs from the joined side to the new piece: `there`.
            let r = if t.forward { there } else { back };
            (r.line.clone(), r.distance_m, r.duration_s, true)
        }
    }
}

fn assemble(
    grid: &Grid,
    profile: Profile,
    segments: &[StreetSegment],
    links: &[Link],
    patrol: &StreetPatrol,
    pieces: usize,
    oneway_relaxed: usize,
) -> GridPatrol {
    let mut line: Vec<[f64; 2]> = Vec::new();
    let (mut length_m, mut duration_s, mut connectors_m) = (0.0, 0.0, 0.0);
    for t in &patrol.traversals {
        let (part, metres, seconds, connector) = traversed(t, segments, links);
        if connector {
            connectors_m += metres;
        }
        length_m += metres;
        duration_s += seconds;
        for p in part {
            if line.last() != Some(&p) {
                line.push(p);
            }
        }
    }
    let required_m: f64 = segments.iter().map(StreetSegment::length_m).sum();
    let repeated_m = (length_m - required_m).max(0.0);
    let joined = links.len() > segments.len();
    GridPatrol {
        grid: grid.id.clone(),
        profile,
        line,
        length_m,
        duration_s,
        required_m,
        repeated_m,
        repeated_share: if length_m > 0.0 {
            repeated_m / length_m
        } else {
            0.0
        },
        lower_bound_m: if joined {
            required_m
        } else {
            patrol.lower_bound
        },
        optimal: !joined && patrol.optimal,
        segments: segments.len(),
        pieces,
        connectors_m,
        oneway_relaxed,
    }
}

impl GridPatrol {
    /// The patrol as an exportable itinerary, its one stop the start (and end) of the drive.
    pub fn itinerary(&self) -> Itinerary {
        let start = self.line.first().copied().unwrap_or_default();
        Itinerary {
            name: format!("streets of grid {}", self.grid),
            attribution: Some(OSM_ATTRIBUTION.to_owned()),
            line: self.line.clone(),
            stops: vec![NamedStop {
                name: "start".into(),
                point: start,
            }],
            distance_m: Some(self.length_m),
            duration_s: Some(self.duration_s),
        }
    }
}

#[cfg(test)]
mod tests {
    use geo::{MultiPolygon, polygon};

    use super::*;
    use crate::routing::graph::RoadGraph as Roads;
    use crate::routing::graph::tests::line_way;

    #[test]
    fn pieces_are_joined_by_the_shorter_road_not_the_nearer_junctions() {
        // Two streets inside the grid [0, 0.01] × [0, 0.004], 222 m apart at their near ends
        // (nodes 2 and 3). By road those ends meet only over the top, about 4.2 km; the far
        // ends (1 and 4) meet under the grid, about 1.1 km, and 2 reaches 4 that way in 1.9.
        let ways = [
            line_way(1, "residential", &[(1, 0.001, 0.002), (2, 0.004, 0.002)]),
            line_way(2, "residential", &[(3, 0.006, 0.002), (4, 0.009, 0.002)]),
            line_way(3, "residential", &[(2, 0.004, 0.002), (5, 0.004, 0.02)]),
            line_way(4, "residential", &[(5, 0.004, 0.02), (6, 0.006, 0.02)]),
            line_way(5, "residential", &[(6, 0.006, 0.02), (3, 0.006, 0.002)]),
            line_way(6, "residential", &[(1, 0.001, 0.002), (7, 0.001, -0.001)]),
            line_way(7, "residential", &[(7, 0.001, -0.001), (8, 0.009, -0.001)]),
            line_way(8, "residential", &[(8, 0.009, -0.001), (4, 0.009, 0.002)]),
        ];
        let network = RoadNetwork::build(&ways).expect("a network");
        let grid = crate::gaps::fixture::grid(
            "G",
            None,
            "J",
            crate::gaps::fixture::rect(0.0, 0.0, 0.01, 0.004),
        );

        let patrol = patrol_grid(&network, Profile::Car, &grid).expect("a patrol");

        assert_eq!(patrol.pieces, 2);
        // Joining the nearest junctions would drive about 8.4 km of connectors there and back.
        assert!(
            patrol.connectors_m < 4_000.0,
            "{} m of connectors",
            patrol.connectors_m
        );
        assert!(
            patrol.connectors_m > 2_000.0,
            "both ways of a road outside the grid"
        );
    }

    #[test]
    fn a_crossing_edge_keeps_its_inside_part_in_metres() {
        // One 3-vertex street along the equator, about 222 m, half inside the square.
        let way = line_way(
            1,
            "residential",
            &[(1, 0.0, 0.0), (2, 0.001, 0.0), (3, 0.002, 0.0)],
        );
        let roads = Roads::build(&[way]);
        let edge = &roads.edges[0];
        let length = edge.length_m();
        assert!((offset(edge, [0.001, 0.0001]) - length / 2.0).abs() < 0.01);

        let square = polygon![
            (x: 0.001, y: -0.001), (x: 0.003, y: -0.001), (x: 0.003, y: 0.001),
            (x: 0.001, y: 0.001), (x: 0.001, y: -0.001),
        ];
        let line = LineString::from(edge.line.clone());
        let pieces = MultiPolygon::new(vec![square]).clip(&MultiLineString::new(vec![line]), false);
        let spans = intervals(edge, &pieces);
        assert_eq!(spans.len(), 1, "{spans:?}");
        assert!((spans[0].0 - length / 2.0).abs() < 0.01, "{spans:?}");
        assert_eq!(spans[0].1, length, "the piece reaches the node, exactly");
    }
}
