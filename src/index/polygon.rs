//! Point-in-polygon that stays fast on polygons with thousands of vertices.
//!
//! The edges of all rings are sorted into horizontal bands over the polygon's bounding box, so
//! a test only looks at the few edges of the point's band instead of every edge. Within the
//! band it counts crossings of a ray towards +x with the half-open rule (an edge counts for
//! `y0 <= y < y1`), deciding which side of an edge the point lies on with the exact `orient2d`
//! predicate. Written here because no maintained crate offers a banded, exact, boundary-closed
//! test; geo's `Contains` walks every edge.

use geo::{BoundingRect, Coord, CoordsIter, MultiPolygon, Rect};
use robust::orient2d;

/// Aim for about this many edges per band.
const EDGES_PER_BAND: usize = 4;
/// Upper bound on bands per polygon.
const MAX_BANDS: usize = 4096;

/// An edge stored with its lower endpoint first.
#[derive(Debug, Clone, Copy)]
struct Edge {
    lo: Coord,
    hi: Coord,
}

/// A (multi)polygon prepared for repeated point-in-polygon tests.
#[derive(Debug, Clone)]
pub struct PreparedPolygon {
    bounds: Rect,
    band_height_inv: f64,
    bands: usize,
    /// Band `b` holds `edges[starts[b]..starts[b + 1]]`.
    starts: Vec<u32>,
    edges: Vec<Edge>,
}

impl PreparedPolygon {
    /// Prepares `shape` (WGS84 lon/lat, or any plane). Returns `None` for an empty shape.
    pub fn new(shape: &MultiPolygon) -> Option<Self> {
        let bounds = shape.bounding_rect()?;
        let edges = ring_edges(shape);
        let bands = (edges.len() / EDGES_PER_BAND).clamp(1, MAX_BANDS);
        let height = bounds.height();
        let band_height_inv = if height > 0.0 {
            bands as f64 / height
        } else {
            0.0
        };
        let mut prepared = Self {
            bounds,
            band_height_inv,
            bands,
            starts: Vec::new(),
            edges: Vec::new(),
        };
        prepared.fill_bands(&edges);
        Some(prepared)
    }

    /// The bounding box.
    pub fn bounds(&self) -> Rect {
        self.bounds
    }

    /// Whether `p` lies inside the polygon or on its boundary (closed semantics).
    ///
    /// Exact: a point on an edge or a vertex is always inside, and two polygons sharing an
    /// edge both contain the points of that edge.
    pub fn contains(&self, p: Coord) -> bool {
        let (min, max) = (self.bounds.min(), self.bounds.max());
        if p.x < min.x || p.x > max.x || p.y < min.y || p.y > max.y {
            return false;
        }
        let band = self.band_of(p.y);
        let edges = &self.edges[self.starts[band] as usize..self.starts[band + 1] as usize];
        let mut inside = false;
        for e in edges {
            match side(e, p) {
                Side::Boundary => return true,
                Side::Crossing => inside = !inside,
                Side::Away => {}
            }
        }
        inside
    }

    fn band_of(&self, y: f64) -> usize {
        let band = ((y - self.bounds.min().y) * self.band_height_inv) as usize;
        band.min(self.bands - 1)
    }

    fn fill_bands(&mut self, edges: &[Edge]) {
        let mut per_band: Vec<Vec<Edge>> = vec![Vec::new(); self.bands];
        for e in edges {
            let bands = self.band_of(e.lo.y)..=self.band_of(e.hi.y);
            for band in &mut per_band[bands] {
                band.push(*e);
            }
        }
        self.starts = Vec::with_capacity(self.bands + 1);
        self.starts.push(0);
        for band in per_band {
            self.edges.extend(band);
            self.starts.push(self.edges.len() as u32);
        }
    }
}

enum Side {
    Boundary,
    Crossing,
    Away,
}

/// Where `p` lies relative to edge `e` for a ray cast towards +x.
fn side(e: &Edge, p: Coord) -> Side {
    if p.y < e.lo.y || p.y > e.hi.y {
        return Side::Away;
    }
    let (x_min, x_max) = (e.lo.x.min(e.hi.x), e.lo.x.max(e.hi.x));
    if p.x > x_max {
        return Side::Away;
    }
    if e.lo.y == e.hi.y {
        return if p.x >= x_min {
            Side::Boundary
        } else {
            Side::Away
        };
    }
    let left = if p.x < x_min {
        true
    } else {
        let o = orient2d(robust_coord(e.lo), robust_coord(e.hi), robust_coord(p));
        if o == 0.0 {
            return Side::Boundary;
        }
        o > 0.0
    };
    if left && p.y < e.hi.y {
        Side::Crossing
    } else {
        Side::Away
    }
}

fn robust_coord(c: Coord) -> robust::Coord<f64> {
    robust::Coord { x: c.x, y: c.y }
}

/// Every edge of every ring, lower endpoint first; zero-length edges dropped.
fn ring_edges(shape: &MultiPolygon) -> Vec<Edge> {
    let mut edges = Vec::with_capacity(shape.coords_count());
    for polygon in shape {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            for line in ring.lines() {
                let (a, b) = (line.start, line.end);
                if a == b {
                    continue;
                }
                let lower_first = (a.y, a.x) <= (b.y, b.x);
                let (lo, hi) = if lower_first { (a, b) } else { (b, a) };
                edges.push(Edge { lo, hi });
            }
        }
    }
    edges
}

#[cfg(test)]
mod tests {
    use geo::{Intersects, Point, wkt};
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;

    #[test]
    fn boundary_points_are_inside_and_holes_are_outside() {
        let shape =
            wkt!(MULTIPOLYGON(((0. 0.,4. 0.,4. 4.,0. 4.,0. 0.),(1. 1.,1. 3.,3. 3.,3. 1.,1. 1.))));
        let p = PreparedPolygon::new(&shape).expect("not empty");
        let at = |x, y| p.contains(Coord { x, y });
        assert!(at(0.5, 0.5));
        assert!(!at(2.0, 2.0), "in the hole");
        assert!(at(1.0, 2.0), "on the hole's edge");
        assert!(at(4.0, 4.0), "on a vertex");
        assert!(at(2.0, 0.0), "on a horizontal edge");
        assert!(!at(4.000001, 2.0));
    }

    #[test]
    fn agrees_with_geo_intersects_on_a_jagged_polygon() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let ring: Vec<Coord> = (0..2000)
            .map(|i| {
                let a = i as f64 / 2000.0 * std::f64::consts::TAU;
                let r = 1.0 + rng.random_range(0.0..0.5);
                Coord {
                    x: r * a.cos(),
                    y: r * a.sin(),
                }
            })
            .collect();
        let shape = MultiPolygon::new(vec![geo::Polygon::new(ring.clone().into(), vec![])]);
        let prepared = PreparedPolygon::new(&shape).expect("not empty");

        // Random points, plus every vertex and every edge midpoint.
        let mut points: Vec<Coord> = (0..20_000)
            .map(|_| Coord {
                x: rng.random_range(-1.6..1.6),
                y: rng.random_range(-1.6..1.6),
            })
            .collect();
        points.extend(&ring);
        points.extend(ring.windows(2).map(|w| (w[0] + w[1]) / 2.0));
        for c in points {
            assert_eq!(
                prepared.contains(c),
                shape.intersects(&Point(c)),
                "at {c:?}"
            );
        }
    }
}
