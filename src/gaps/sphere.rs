//! Ground measures: haversine distances, geodesic areas, and points as unit vectors so that an
//! R-tree finds nearest neighbours and radius matches by true ground distance.
//!
//! On the unit sphere the straight (chord) distance between two points grows with the
//! great-circle distance between them, so an R-tree over unit vectors answers "nearest" and
//! "within r metres" exactly for the haversine metric, without the distortion of a tree over
//! raw degrees (where one degree of longitude is 0.8 of one of latitude in Henan).

use geo::{Area, Distance, GeodesicArea, Haversine, MultiPolygon, Point, Polygon};
use rstar::RTree;
use rstar::primitives::GeomWithData;

/// Mean Earth radius in metres, the radius of geo's [`Haversine`].
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// A point as a unit vector, carrying its position in some list.
pub type SpherePoint = GeomWithData<[f64; 3], usize>;

/// Haversine distance in metres between two (lon, lat) WGS84 points.
pub fn ground_m(a: Point, b: Point) -> f64 {
    Haversine.distance(a, b)
}

/// Geodesic area in square metres on the WGS84 ellipsoid; 0 for an empty shape.
///
/// Pieces under [`PLANE_BELOW_M2`] are measured in the plane (square degrees scaled at their
/// latitude): over 100 m that is exact to a millionth, while the geodesic sum carries an
/// absolute round-off of a few square metres that would swamp a thin sliver. Larger ones are
/// measured on the ellipsoid. Rings may be wound either way as long as a polygon's rings are
/// wound consistently (holes against the exterior); no polygon may exceed half the globe. An
/// invalid (self-crossing) shape gives a meaningless number.
pub fn area_m2(shape: &MultiPolygon) -> f64 {
    shape.0.iter().map(polygon_m2).sum()
}

/// Below this plane-estimated area, m², a polygon is measured in the plane.
pub const PLANE_BELOW_M2: f64 = 10_000.0;

/// Square metres per square degree at latitude `lat_deg` (plane estimate).
pub fn m2_per_deg2(lat_deg: f64) -> f64 {
    let metres_per_deg = EARTH_RADIUS_M.to_radians();
    metres_per_deg * metres_per_deg * lat_deg.to_radians().cos()
}

fn polygon_m2(polygon: &Polygon) -> f64 {
    let lat = polygon.exterior().0.first().map_or(0.0, |c| c.y);
    let plane = polygon.unsigned_area() * m2_per_deg2(lat);
    if plane < PLANE_BELOW_M2 {
        return plane;
    }
    polygon.geodesic_area_signed().abs()
}

/// The unit vector of a (lon, lat) WGS84 point.
pub fn unit_vector(p: Point) -> [f64; 3] {
    let (lon, lat) = (p.x().to_radians(), p.y().to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

/// The chord between two unit vectors whose great-circle distance is `m` metres.
///
/// Distances beyond half the circumference give the diameter, 2.
pub fn chord_of_m(m: f64) -> f64 {
    let half_angle = (m / EARTH_RADIUS_M / 2.0).clamp(0.0, std::f64::consts::FRAC_PI_2);
    2.0 * half_angle.sin()
}

/// The great-circle distance in metres of a chord between unit vectors.
pub fn m_of_chord(chord: f64) -> f64 {
    2.0 * EARTH_RADIUS_M * (chord / 2.0).clamp(0.0, 1.0).asin()
}

/// Points on the unit sphere behind an R-tree, each carrying its position in the input.
#[derive(Debug, Clone)]
pub struct SphereIndex {
    tree: RTree<SpherePoint>,
}

impl SphereIndex {
    /// Indexes `points` (WGS84); their positions are their order.
    pub fn new(points: impl Iterator<Item = Point>) -> Self {
        let entries = points
            .enumerate()
            .map(|(i, p)| SpherePoint::new(unit_vector(p), i))
            .collect();
        Self {
            tree: RTree::bulk_load(entries),
        }
    }

    /// The position of the point nearest to `p` on the ground and its distance in metres.
    pub fn nearest(&self, p: Point) -> Option<(usize, f64)> {
        let (entry, chord_2) = self
            .tree
            .nearest_neighbor_iter_with_distance_2(&unit_vector(p))
            .next()?;
        Some((entry.data, m_of_chord(chord_2.sqrt())))
    }

    /// Every point with its ground distance from `p` in metres, nearest first.
    pub fn by_distance(&self, p: Point) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.tree
            .nearest_neighbor_iter_with_distance_2(&unit_vector(p))
            .map(|(entry, chord_2)| (entry.data, m_of_chord(chord_2.sqrt())))
    }

    /// Positions of the points within `radius_m` metres of `p` on the ground (boundary
    /// included), in ascending order.
    pub fn within(&self, p: Point, radius_m: f64) -> Vec<usize> {
        let chord = chord_of_m(radius_m);
        let mut found: Vec<usize> = self
            .tree
            .locate_within_distance(unit_vector(p), chord * chord)
            .map(|e| e.data)
            .collect();
        found.sort_unstable();
        found
    }

    /// Number of indexed points.
    pub fn len(&self) -> usize {
        self.tree.size()
    }

    /// Whether no point is indexed.
    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;
    use geo::orient::{Direction, Orient};
    use geo::{polygon, wkt};

    #[test]
    fn chord_and_metres_are_inverse_and_match_haversine() {
        let (a, b) = (Point::new(114.3, 34.8), Point::new(114.9, 35.1));
        let [x, y, z] = unit_vector(a);
        let [u, v, w] = unit_vector(b);
        let chord = ((x - u).powi(2) + (y - v).powi(2) + (z - w).powi(2)).sqrt();
        assert_relative_eq!(m_of_chord(chord), ground_m(a, b), max_relative = 1e-9);
        assert_relative_eq!(m_of_chord(chord_of_m(12_345.0)), 12_345.0, epsilon = 1e-6);
    }

    #[test]
    fn nearest_is_by_ground_not_degrees() {
        // At 60° N one degree of longitude is half a degree of latitude on the ground: the
        // point 0.9° east is nearer than the one 0.6° north, although farther in degrees.
        let points = [Point::new(10.0, 60.6), Point::new(10.9, 60.0)];
        let index = SphereIndex::new(points.into_iter());
        let (nearest, m) = index.nearest(Point::new(10.0, 60.0)).expect("a point");
        assert_eq!(nearest, 1);
        assert_relative_eq!(
            m,
            ground_m(points[1], Point::new(10.0, 60.0)),
            epsilon = 1e-6
        );
    }

    #[test]
    fn within_keeps_exactly_the_points_in_the_radius() {
        let centre = Point::new(114.0, 34.0);
        // 0.01° of latitude is 1,111.95 m on this sphere.
        let points = [Point::new(114.0, 34.01), Point::new(114.0, 34.02)];
        let index = SphereIndex::new(points.into_iter());
        assert_eq!(index.within(centre, 1_112.0), vec![0]);
        assert_eq!(index.within(centre, 1_111.0), Vec::<usize>::new());
        assert_eq!(index.within(centre, 2_300.0), vec![0, 1]);
    }

    #[test]
    fn area_of_a_small_square_at_the_equator() {
        // A 0.01° square at the equator is about 1,113.2 m × 1,105.7 m on the ellipsoid.
        let square = MultiPolygon(vec![polygon![
            (x: 0.0, y: 0.0), (x: 0.01, y: 0.0), (x: 0.01, y: 0.01), (x: 0.0, y: 0.01),
        ]]);
        assert_relative_eq!(area_m2(&square), 1_113.19 * 1_105.74, max_relative = 1e-3);
        let clockwise = square.orient(Direction::Reversed);
        assert_relative_eq!(area_m2(&clockwise), area_m2(&square), max_relative = 1e-12);
        let empty: MultiPolygon = wkt!(MULTIPOLYGON EMPTY);
        assert_eq!(area_m2(&empty), 0.0);
    }
}
