//! The road graph: junctions as nodes, the stretches of road between them as edges.
//!
//! A node is an OSM node where ways meet, where a way ends, or where a way passes twice;
//! every other node is a vertex of an edge's line. An edge keeps its line, the distance
//! along it at each vertex, and how each profile may travel it.

use std::collections::HashMap;

use geo::{Distance, Haversine, Point};

use super::profile::{Profile, Travel, travel};
use super::source::RoadWay;

/// Index of a graph node.
pub type NodeId = u32;

/// A stretch of road between two junctions.
#[derive(Debug, Clone)]
pub struct Edge {
    /// Start node (the way's node order).
    pub from: NodeId,
    /// End node.
    pub to: NodeId,
    /// OSM way it belongs to.
    pub osm_id: i64,
    /// (lon, lat) vertices from `from` to `to`.
    pub line: Vec<[f64; 2]>,
    /// Metres along the line at each vertex; the last is the edge's length.
    pub along: Vec<f64>,
    /// Travel by car, if cars may use it.
    pub car: Option<Travel>,
    /// Travel on foot, if walkers may use it.
    pub foot: Option<Travel>,
}

impl Edge {
    /// Length in metres.
    pub fn length_m(&self) -> f64 {
        self.along.last().copied().unwrap_or(0.0)
    }

    /// How `profile` may travel it.
    pub fn travel(&self, profile: Profile) -> Option<Travel> {
        match profile {
            Profile::Car => self.car,
            Profile::Foot => self.foot,
        }
    }

    /// Seconds to travel `metres` of it in `profile` (0 where the profile may not use it).
    pub fn seconds(&self, profile: Profile, metres: f64) -> f64 {
        self.travel(profile)
            .map_or(0.0, |t| metres / (t.speed_kmh / 3.6))
    }

    /// The whole edge's travel time as a positive whole number of milliseconds: the weight
    /// contraction hierarchies and the tests' Dijkstra both use.
    pub fn weight_ms(&self, profile: Profile) -> usize {
        let ms = (self.seconds(profile, self.length_m()) * 1000.0).round();
        // Travel times are far below usize::MAX; zero-weight edges are not allowed.
        (ms as usize).max(1)
    }

    /// The (lon, lat) at `offset` metres along the edge.
    pub fn point_at(&self, offset: f64) -> [f64; 2] {
        let i = self
            .along
            .partition_point(|&a| a <= offset)
            .clamp(1, self.line.len() - 1);
        let (a, b) = (self.line[i - 1], self.line[i]);
        let span = self.along[i] - self.along[i - 1];
        let t = if span > 0.0 {
            ((offset - self.along[i - 1]) / span).clamp(0.0, 1.0)
        } else {
            0.0
        };
        [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]
    }

    /// The line from `start` to `end` metres along the edge; backwards when `end < start`.
    pub fn slice(&self, start: f64, end: f64) -> Vec<[f64; 2]> {
        if end < start {
            let mut line = self.slice(end, start);
            line.reverse();
            return line;
        }
        let mut line = vec![self.point_at(start)];
        for (vertex, &at) in self.line.iter().zip(&self.along) {
            if at > start && at < end {
                line.push(*vertex);
            }
        }
        line.push(self.point_at(end));
        line
    }
}

/// Junctions and the edges between them.
#[derive(Debug, Clone, Default)]
pub struct RoadGraph {
    /// (lon, lat) of each node.
    pub nodes: Vec<[f64; 2]>,
    /// Every edge, in any direction a profile allows or not at all.
    pub edges: Vec<Edge>,
}

/// Great-circle distance in metres between two (lon, lat) points.
pub fn metres(a: [f64; 2], b: [f64; 2]) -> f64 {
    Haversine.distance(Point::new(a[0], a[1]), Point::new(b[0], b[1]))
}

impl RoadGraph {
    /// Builds the graph from ways; ways no profile may use are left out.
    pub fn build(ways: &[RoadWay]) -> Self {
        let usable: Vec<&RoadWay> = ways
            .iter()
            .filter(|w| w.node_ids.len() >= 2 && w.node_ids.len() == w.coords.len())
            .filter(|w| Profile::ALL.iter().any(|&p| travel(p, w).is_some()))
            .collect();

        let mut uses: HashMap<i64, u32> = HashMap::new();
        for way in &usable {
            for id in &way.node_ids {
                *uses.entry(*id).or_default() += 1;
            }
            for end in [way.node_ids[0], way.node_ids[way.node_ids.len() - 1]] {
                *uses.entry(end).or_default() += 2;
            }
        }

        let mut graph = Self::default();
        let mut node_index: HashMap<i64, NodeId> = HashMap::new();
        for way in usable {
            graph.add_way(way, &uses, &mut node_index);
        }
        graph
    }

    fn add_way(
        &mut self,
        way: &RoadWay,
        uses: &HashMap<i64, u32>,
        node_index: &mut HashMap<i64, NodeId>,
    ) {
        let is_junction = |id: &i64| uses.get(id).copied().unwrap_or(0) > 1;
        let mut cuts: Vec<usize> = (0..way.node_ids.len())
            .filter(|&i| is_junction(&way.node_ids[i]))
            .collect();
        // A piece that starts and ends at the same node (a closed loop) is cut in the middle.
        let mut i = 1;
        while i < cuts.len() {
            let (a, b) = (cuts[i - 1], cuts[i]);
            if way.node_ids[a] == way.node_ids[b] && b - a >= 2 {
                cuts.insert(i, a + (b - a) / 2);
            }
            i += 1;
        }
        let (car, foot) = (travel(Profile::Car, way), travel(Profile::Foot, way));
        for pair in cuts.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if way.node_ids[a] == way.node_ids[b] {
                continue;
            }
            let line = way.coords[a..=b].to_vec();
            let mut along = Vec::with_capacity(line.len());
            let mut total = 0.0;
            along.push(0.0);
            for w in line.windows(2) {
                total += metres(w[0], w[1]);
                along.push(total);
            }
            let from = self.node(way.node_ids[a], way.coords[a], node_index);
            let to = self.node(way.node_ids[b], way.coords[b], node_index);
            self.edges.push(Edge {
                from,
                to,
                osm_id: way.osm_id,
                line,
                along,
                car,
                foot,
            });
        }
    }

    fn node(&mut self, osm_id: i64, at: [f64; 2], node_index: &mut HashMap<i64, NodeId>) -> NodeId {
        *node_index.entry(osm_id).or_insert_with(|| {
            self.nodes.push(at);
            // Graphs stay far below 4 billion nodes.
            (self.nodes.len() - 1) as NodeId
        })
    }

    /// Every directed arc `profile` may travel: (from, to, edge index).
    pub fn arcs(&self, profile: Profile) -> impl Iterator<Item = (NodeId, NodeId, usize)> + '_ {
        self.edges.iter().enumerate().flat_map(move |(i, e)| {
            let t = e.travel(profile);
            let forward = t.filter(|t| t.forward).map(|_| (e.from, e.to, i));
            let backward = t.filter(|t| t.backward).map(|_| (e.to, e.from, i));
            forward.into_iter().chain(backward)
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A way along the equator-ish test area, one node every 0.001° of longitude.
    pub(crate) fn line_way(id: i64, highway: &str, nodes: &[(i64, f64, f64)]) -> RoadWay {
        let mut way = RoadWay::new(id, highway);
        way.node_ids = nodes.iter().map(|n| n.0).collect();
        way.coords = nodes.iter().map(|n| [n.1, n.2]).collect();
        way
    }

    #[test]
    fn ways_split_at_junctions_and_loops() {
        let a = line_way(
            1,
            "residential",
            &[(1, 0.0, 0.0), (2, 0.001, 0.0), (3, 0.002, 0.0)],
        );
        let b = line_way(2, "residential", &[(2, 0.001, 0.0), (4, 0.001, 0.001)]);
        let lp = line_way(
            3,
            "service",
            &[
                (4, 0.001, 0.001),
                (5, 0.002, 0.002),
                (6, 0.0, 0.002),
                (4, 0.001, 0.001),
            ],
        );
        let graph = RoadGraph::build(&[a, b, lp]);
        // Nodes 1, 2, 3, 4 plus the loop's middle cut.
        assert_eq!(graph.nodes.len(), 5);
        assert_eq!(graph.edges.len(), 5);
        let first = &graph.edges[0];
        assert!(
            (first.length_m() - 111.19).abs() < 0.1,
            "{}",
            first.length_m()
        );
        assert_eq!(first.slice(30.0, 10.0).len(), 2);
        let mid = first.point_at(first.length_m() / 2.0);
        assert!((mid[0] - 0.0005).abs() < 1e-9);
    }

    #[test]
    fn ways_no_profile_uses_are_left_out() {
        let mut private = line_way(1, "service", &[(1, 0.0, 0.0), (2, 0.001, 0.0)]);
        private.access = Some("private".into());
        let graph = RoadGraph::build(&[private]);
        assert!(graph.edges.is_empty());
    }
}
