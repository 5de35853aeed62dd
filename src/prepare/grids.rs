//! Grid derivation: village catchments clipped to their jurisdiction.
//!
//! Every point of a jurisdiction belongs to the grid of its nearest village in that same
//! jurisdiction. The cells are Voronoi cells of the villages, computed by `spade`'s Delaunay
//! triangulation in a local equirectangular plane centred on the jurisdiction (x scaled by the
//! cosine of the centre latitude), so "nearest" is measured on the ground rather than in
//! degrees. That plane is an affine image of lon/lat, so straight cell edges stay straight in
//! WGS84 and areas keep their ratios.
//!
//! Each cell is first clipped to the jurisdiction's bounding box, then intersected with the
//! jurisdiction polygon (`geo::BooleanOps`). Because every clip of one jurisdiction then spans
//! the same bounds, the overlay snaps all cells to the same fixed-point grid, and neighbouring
//! cells share their edges exactly: the grids cover the jurisdiction with no holes and no
//! overlaps.
//!
//! FIXME: the equirectangular plane distorts distance by up to ~1 % across a county that spans
//! one degree of latitude, so a point near a cell edge may go to the second-nearest village.

use geo::{BooleanOps, BoundingRect, Coord, LineString, MultiPolygon, Polygon, Rect};
use spade::{DelaunayTriangulation, Point2, Triangulation};

use crate::model::{Grid, Jurisdiction, Village};

use super::PrepareError;

/// Mean Earth radius (m) for the local plane.
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Derives the grids of every jurisdiction, in jurisdiction order and then village order.
///
/// A jurisdiction with no village gets one grid covering all of it, serving no village. Of
/// several villages at exactly the same point only the first gets a grid.
///
/// # Errors
///
/// When a jurisdiction has no area or its triangulation fails.
pub fn derive(
    jurisdictions: &[Jurisdiction],
    villages: &[Village],
) -> Result<Vec<Grid>, PrepareError> {
    let mut grids = Vec::with_capacity(villages.len() + jurisdictions.len());
    for jurisdiction in jurisdictions {
        let sites: Vec<&Village> = villages
            .iter()
            .filter(|v| v.jurisdiction_id == jurisdiction.id)
            .collect();
        grids.extend(jurisdiction_grids(jurisdiction, &sites)?);
    }
    Ok(grids)
}

fn jurisdiction_grids(
    jurisdiction: &Jurisdiction,
    sites: &[&Village],
) -> Result<Vec<Grid>, PrepareError> {
    let fail = |message: String| PrepareError::Grid {
        jurisdiction: jurisdiction.id.clone(),
        message,
    };
    let bounds = jurisdiction
        .geometry
        .bounding_rect()
        .ok_or_else(|| fail("jurisdiction has no geometry".into()))?;

    // One site or none: the whole jurisdiction is a single grid.
    if sites.len() <= 1 {
        let village = sites.first().copied();
        return Ok(vec![grid(
            jurisdiction,
            village,
            jurisdiction.geometry.clone(),
        )]);
    }

    let plane = LocalPlane::centred_on(bounds);
    let cells = voronoi_cells(&plane, bounds, sites).map_err(fail)?;
    let grids = sites
        .iter()
        .zip(cells)
        .filter_map(|(village, cell)| {
            let cell = clip_to_rect(&cell?, bounds)?;
            let area = jurisdiction.geometry.intersection(&cell);
            Some(grid(jurisdiction, Some(village), area))
        })
        .collect();
    Ok(grids)
}

fn grid(jurisdiction: &Jurisdiction, village: Option<&Village>, area: MultiPolygon) -> Grid {
    let (id, code) = match village {
        Some(v) => (
            format!("g-{}", v.id),
            v.code.clone().unwrap_or_else(|| v.id.clone()),
        ),
        None => (format!("g-{}", jurisdiction.id), jurisdiction.code.clone()),
    };
    Grid {
        id,
        code,
        village_id: village.map(|v| v.id.clone()),
        jurisdiction_id: jurisdiction.id.clone(),
        geometry: area,
    }
}

/// An equirectangular plane around a centre: metres east and north, affine in lon/lat.
#[derive(Debug, Clone, Copy)]
struct LocalPlane {
    origin: Coord,
    metres_per_deg_x: f64,
    metres_per_deg_y: f64,
}

impl LocalPlane {
    fn centred_on(bounds: Rect) -> Self {
        let origin = bounds.center();
        let metres_per_deg_y = EARTH_RADIUS_M.to_radians();
        Self {
            origin,
            metres_per_deg_x: metres_per_deg_y * origin.y.to_radians().cos(),
            metres_per_deg_y,
        }
    }

    fn project(&self, c: Coord) -> Point2<f64> {
        Point2::new(
            (c.x - self.origin.x) * self.metres_per_deg_x,
            (c.y - self.origin.y) * self.metres_per_deg_y,
        )
    }

    fn unproject(&self, p: Point2<f64>) -> Coord {
        Coord {
            x: self.origin.x + p.x / self.metres_per_deg_x,
            y: self.origin.y + p.y / self.metres_per_deg_y,
        }
    }
}

/// The Voronoi cell of each site as a convex ring in lon/lat; `None` for a site that repeats
/// an earlier site's position.
fn voronoi_cells(
    plane: &LocalPlane,
    bounds: Rect,
    sites: &[&Village],
) -> Result<Vec<Option<LineString>>, String> {
    let mut triangulation: DelaunayTriangulation<Point2<f64>> = DelaunayTriangulation::new();

    // Four far corners close every real site's cell.
    let span = plane.project(bounds.max()).x.abs() + plane.project(bounds.max()).y.abs();
    let far = 100.0 * span.max(1_000.0);
    for (x, y) in [(-far, -far), (far, -far), (far, far), (-far, far)] {
        triangulation
            .insert(Point2::new(x, y))
            .map_err(|e| format!("triangulation: {e:?}"))?;
    }

    // Insert sites; a repeated position returns an existing handle and gets no cell.
    let mut handles = Vec::with_capacity(sites.len());
    let mut seen = std::collections::HashSet::new();
    for site in sites {
        let handle = triangulation
            .insert(plane.project(site.point.0))
            .map_err(|e| format!("village {}: {e:?}", site.id))?;
        handles.push(seen.insert(handle).then_some(handle));
    }

    let cells = handles
        .into_iter()
        .map(|h| h.map(|h| cell_ring(plane, &triangulation, h)))
        .collect();
    Ok(cells)
}

fn cell_ring(
    plane: &LocalPlane,
    triangulation: &DelaunayTriangulation<Point2<f64>>,
    handle: spade::handles::FixedVertexHandle,
) -> LineString {
    let face = triangulation.vertex(handle).as_voronoi_face();
    let mut coords: Vec<Coord> = face
        .adjacent_edges()
        .filter_map(|edge| edge.from().position())
        .map(|p| plane.unproject(p))
        .collect();
    coords.dedup();
    LineString::new(coords)
}

/// Clips a convex ring to a rectangle (Sutherland–Hodgman; exact for a convex subject).
/// Returns `None` when nothing is left.
fn clip_to_rect(ring: &LineString, rect: Rect) -> Option<Polygon> {
    let (min, max) = (rect.min(), rect.max());
    let mut coords: Vec<Coord> = ring.0.clone();
    if coords.first() == coords.last() {
        coords.pop();
    }
    type Inside = fn(Coord, f64) -> f64;
    let edges: [(Inside, f64); 4] = [
        (|c, v| c.x - v, min.x),
        (|c, v| v - c.x, max.x),
        (|c, v| c.y - v, min.y),
        (|c, v| v - c.y, max.y),
    ];
    for (inside, value) in edges {
        coords = clip_half_plane(&coords, |c| inside(c, value));
        if coords.len() < 3 {
            return None;
        }
    }
    Some(Polygon::new(LineString::new(coords), vec![]))
}

/// One Sutherland–Hodgman step: keeps the part where `signed(c) >= 0`.
fn clip_half_plane(coords: &[Coord], signed: impl Fn(Coord) -> f64) -> Vec<Coord> {
    let mut out = Vec::with_capacity(coords.len() + 2);
    for (i, &b) in coords.iter().enumerate() {
        let a = coords[(i + coords.len() - 1) % coords.len()];
        let (da, db) = (signed(a), signed(b));
        if (da >= 0.0) != (db >= 0.0) {
            let t = da / (da - db);
            out.push(Coord {
                x: a.x + t * (b.x - a.x),
                y: a.y + t * (b.y - a.y),
            });
        }
        if db >= 0.0 {
            out.push(b);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use approx::assert_relative_eq;
    use geo::{Area, Contains, Point, wkt};

    use super::*;
    use crate::model::VillageKind;

    fn square() -> Jurisdiction {
        Jurisdiction {
            id: "j".into(),
            code: "J".into(),
            name: "square".into(),
            geometry: wkt!(MULTIPOLYGON(((0. 0.,1. 0.,1. 1.,0. 1.,0. 0.)))),
        }
    }

    fn village(id: &str, lon: f64, lat: f64) -> Village {
        Village {
            id: id.into(),
            code: None,
            name: id.into(),
            kind: VillageKind::Village,
            point: Point::new(lon, lat),
            polygon: None,
            population: None,
            jurisdiction_id: "j".into(),
        }
    }

    #[test]
    fn two_villages_split_a_square_at_the_ground_bisector() {
        let villages = [village("a", 0.25, 0.5), village("b", 0.75, 0.5)];
        let grids = derive(&[square()], &villages).expect("derive");

        assert_eq!(grids.len(), 2);
        assert_relative_eq!(grids[0].geometry.unsigned_area(), 0.5, epsilon = 1e-12);
        assert!(grids[0].geometry.contains(&Point::new(0.49, 0.1)));
        assert!(grids[1].geometry.contains(&Point::new(0.51, 0.9)));
    }

    #[test]
    fn repeated_positions_get_one_grid_and_no_village_gets_the_whole() {
        let villages = [
            village("a", 0.2, 0.2),
            village("b", 0.2, 0.2),
            village("c", 0.8, 0.8),
        ];
        let grids = derive(&[square()], &villages).expect("derive");
        let ids: Vec<_> = grids.iter().map(|g| g.id.as_str()).collect();
        assert_eq!(ids, ["g-a", "g-c"]);

        let empty = derive(&[square()], &[]).expect("derive");
        assert_eq!(empty.len(), 1);
        assert_eq!(empty[0].village_id, None);
        assert_relative_eq!(empty[0].geometry.unsigned_area(), 1.0);
    }

    #[test]
    fn ground_distance_not_degrees_decides_the_edge() {
        // At 60° N a degree of longitude is half a degree of latitude on the ground.
        let j = Jurisdiction {
            geometry: wkt!(MULTIPOLYGON(((0. 59.,2. 59.,2. 61.,0. 61.,0. 59.)))),
            ..square()
        };
        let villages = [village("a", 0.0, 59.5), village("b", 1.0, 60.0)];
        let grids = derive(&[j], &villages).expect("derive");
        // (0.6, 59.6) is nearer to b in degrees (0.32 vs 0.37 deg²) but nearer to a on the
        // ground (0.10 vs 0.20 in half-degree-of-latitude units squared).
        assert!(grids[0].geometry.contains(&Point::new(0.6, 59.6)));
        assert!(!grids[1].geometry.contains(&Point::new(0.6, 59.6)));
    }
}
