//! Snapping a point to the nearest road segment a profile may use, through an R-tree.
//!
//! Segments are indexed in a local equirectangular projection around the graph's centre
//! (metres, exact enough for a city or a county); the reported distance is great-circle.

use rstar::RTree;
use rstar::primitives::{GeomWithData, Line};

use super::graph::{RoadGraph, metres};
use super::profile::Profile;

/// Metres per degree of latitude (mean Earth radius).
const METRES_PER_DEGREE: f64 = 6_371_008.8 * std::f64::consts::PI / 180.0;

/// Where a point meets the road network.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Snap {
    /// The point asked for, (lon, lat).
    pub query: [f64; 2],
    /// The nearest point on a road, (lon, lat).
    pub point: [f64; 2],
    /// Metres from the query to the snapped point.
    pub distance_m: f64,
    /// The edge it lies on.
    pub edge: usize,
    /// Metres along that edge from its start node.
    pub offset_m: f64,
}

/// Segment of edge `.0`, from vertex `.1` to `.1 + 1`.
type Segment = GeomWithData<Line<[f64; 2]>, (u32, u32)>;

/// R-tree over the segments of the edges one profile may use in its main component.
#[derive(Debug)]
pub struct SnapIndex {
    tree: RTree<Segment>,
    origin: [f64; 2],
    x_scale: f64,
}

impl SnapIndex {
    /// Indexes the edges of `graph` that `profile` may travel and whose both ends lie in
    /// the main component (`in_main`).
    pub fn new(graph: &RoadGraph, profile: Profile, in_main: &[bool]) -> Self {
        let n = graph.nodes.len().max(1) as f64;
        let lat0 = graph.nodes.iter().map(|p| p[1]).sum::<f64>() / n;
        let lon0 = graph.nodes.iter().map(|p| p[0]).sum::<f64>() / n;
        let mut index = Self {
            tree: RTree::new(),
            origin: [lon0, lat0],
            x_scale: lat0.to_radians().cos() * METRES_PER_DEGREE,
        };
        let mut segments = Vec::new();
        for (e, edge) in graph.edges.iter().enumerate() {
            let usable = edge.travel(profile).is_some()
                && in_main[edge.from as usize]
                && in_main[edge.to as usize];
            if !usable {
                continue;
            }
            for (i, pair) in edge.line.windows(2).enumerate() {
                let line = Line::new(index.project(pair[0]), index.project(pair[1]));
                // Edge and vertex counts stay far below u32::MAX.
                segments.push(GeomWithData::new(line, (e as u32, i as u32)));
            }
        }
        index.tree = RTree::bulk_load(segments);
        index
    }

    fn project(&self, p: [f64; 2]) -> [f64; 2] {
        [
            (p[0] - self.origin[0]) * self.x_scale,
            (p[1] - self.origin[1]) * METRES_PER_DEGREE,
        ]
    }

    /// Whether no segment is indexed.
    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }

    /// The nearest point on an indexed segment to `query` (lon, lat).
    pub fn snap(&self, graph: &RoadGraph, query: [f64; 2]) -> Option<Snap> {
        let q = self.project(query);
        let nearest = self.tree.nearest_neighbor(&q)?;
        let (e, i) = (nearest.data.0 as usize, nearest.data.1 as usize);
        let (a, b) = (nearest.geom().from, nearest.geom().to);
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let len2 = dx * dx + dy * dy;
        let t = if len2 > 0.0 {
            (((q[0] - a[0]) * dx + (q[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let edge = &graph.edges[e];
        let (pa, pb) = (edge.line[i], edge.line[i + 1]);
        let point = [pa[0] + (pb[0] - pa[0]) * t, pa[1] + (pb[1] - pa[1]) * t];
        let offset_m = edge.along[i] + (edge.along[i + 1] - edge.along[i]) * t;
        Some(Snap {
            query,
            point,
            distance_m: metres(query, point),
            edge: e,
            offset_m,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routing::graph::tests::line_way;

    #[test]
    fn snaps_inside_a_segment_not_to_a_node() {
        let way = line_way(1, "residential", &[(1, 8.0, 49.0), (2, 8.01, 49.0)]);
        let graph = RoadGraph::build(&[way]);
        let index = SnapIndex::new(&graph, Profile::Car, &[true, true]);
        let snap = index.snap(&graph, [8.004, 49.0005]).expect("a segment");
        assert!((snap.point[0] - 8.004).abs() < 1e-9, "{:?}", snap.point);
        assert!((snap.point[1] - 49.0).abs() < 1e-12);
        assert!((snap.distance_m - 55.6).abs() < 0.2, "{}", snap.distance_m);
        let expected = graph.edges[0].length_m() * 0.4;
        assert!((snap.offset_m - expected).abs() < 0.5, "{}", snap.offset_m);
        let outside = SnapIndex::new(&graph, Profile::Car, &[false, true]);
        assert!(outside.snap(&graph, [8.004, 49.0]).is_none());
    }
}
