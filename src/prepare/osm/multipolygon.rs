//! Turning closed outer and inner rings into one valid `MultiPolygon`.
//!
//! The hole assignment is written by hand: OSM tags rings only as `outer` or `inner`, and
//! nothing in geo says which outer ring an inner ring belongs to. Each inner ring goes to the
//! smallest outer ring that contains it, which is right for islands inside holes as well. The
//! result is then repaired with geo's `MakeValid` if geo's `Validation` rejects it, and
//! oriented the usual way: exterior rings counter-clockwise, interior rings clockwise.

use geo::orient::Direction;
use geo::repair_polygon::RepairPolygonError;
use geo::{Area, Contains, LineString, MakeValid, MultiPolygon, Orient, Polygon, Validation};

/// Why rings do not make an area.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub(crate) enum ShapeError {
    /// There is no outer ring.
    #[error("no outer ring")]
    NoOuterRing,
    /// An inner ring lies in no outer ring.
    #[error("inner ring at ({lon}, {lat}) lies in no outer ring")]
    StrayInnerRing {
        /// Longitude of the ring's first vertex, degrees.
        lon: f64,
        /// Latitude of the ring's first vertex, degrees.
        lat: f64,
    },
    /// geo could not repair the polygon.
    #[error("polygon cannot be repaired")]
    Repair(#[source] RepairPolygonError),
    /// Nothing is left after repair (the rings enclose no area).
    #[error("polygon is empty after repair")]
    Empty,
}

/// Builds a valid, oriented `MultiPolygon` from closed rings, (lon, lat) degrees, WGS84.
///
/// Containment is tested in the plane of (lon, lat), which is exact for deciding which ring
/// holds which. Invalid input (self-intersections, overlapping outer rings, touching rings)
/// is repaired with the odd-even rule of geo's `MakeValid`.
///
/// # Errors
///
/// When there is no outer ring, an inner ring lies outside every outer ring, or the repair
/// fails or leaves nothing.
pub(crate) fn build(
    outers: Vec<LineString<f64>>,
    inners: Vec<LineString<f64>>,
) -> Result<MultiPolygon<f64>, ShapeError> {
    if outers.is_empty() {
        return Err(ShapeError::NoOuterRing);
    }

    let mut shells: Vec<Polygon<f64>> = outers
        .into_iter()
        .map(|ring| Polygon::new(ring, Vec::new()))
        .collect();
    let owners = inners
        .iter()
        .map(|ring| owner(&shells, ring))
        .collect::<Result<Vec<_>, _>>()?;
    for (ring, owner) in inners.into_iter().zip(owners) {
        shells[owner].interiors_push(ring);
    }

    let area = repair(MultiPolygon::new(shells))?;
    Ok(area.orient(Direction::Default))
}

/// The index of the smallest shell containing `ring`.
fn owner(shells: &[Polygon<f64>], ring: &LineString<f64>) -> Result<usize, ShapeError> {
    let hole = Polygon::new(ring.clone(), Vec::new());
    let containing = shells
        .iter()
        .enumerate()
        .filter(|(_, shell)| shell.contains(&hole));
    let smallest =
        containing.min_by(|(_, a), (_, b)| a.unsigned_area().total_cmp(&b.unsigned_area()));

    smallest.map(|(index, _)| index).ok_or_else(|| stray(ring))
}

fn stray(ring: &LineString<f64>) -> ShapeError {
    let first = ring.0.first().copied().unwrap_or_default();
    ShapeError::StrayInnerRing {
        lon: first.x,
        lat: first.y,
    }
}

/// Returns the area unchanged when valid, else geo's repair of it.
fn repair(area: MultiPolygon<f64>) -> Result<MultiPolygon<f64>, ShapeError> {
    if area.is_valid() {
        return Ok(area);
    }

    let repaired = area.make_valid().map_err(ShapeError::Repair)?;
    if repaired.0.is_empty() {
        return Err(ShapeError::Empty);
    }
    Ok(repaired)
}

#[cfg(test)]
mod tests {
    use approx::assert_relative_eq;
    use geo::winding_order::{Winding, WindingOrder};
    use geo::wkt;

    use super::*;

    #[test]
    fn hole_goes_to_its_shell_and_rings_are_oriented() {
        // The big square is drawn clockwise, its hole counter-clockwise: both must flip.
        let big = wkt!(LINESTRING(0. 0., 0. 10., 10. 10., 10. 0., 0. 0.));
        let small = wkt!(LINESTRING(20. 0., 21. 0., 21. 1., 20. 1., 20. 0.));
        let hole = wkt!(LINESTRING(2. 2., 4. 2., 4. 4., 2. 4., 2. 2.));

        let area = build(vec![small, big], vec![hole]).expect("valid");

        assert!(area.is_valid());
        assert_eq!(area.0[0].interiors().len(), 0);
        assert_eq!(area.0[1].interiors().len(), 1);
        assert_eq!(
            area.0[1].exterior().winding_order(),
            Some(WindingOrder::CounterClockwise)
        );
        assert_eq!(
            area.0[1].interiors()[0].winding_order(),
            Some(WindingOrder::Clockwise)
        );
        assert_relative_eq!(area.unsigned_area(), 100.0 - 4.0 + 1.0);
    }

    #[test]
    fn island_in_a_hole_keeps_the_hole_in_the_big_shell() {
        let big = wkt!(LINESTRING(0. 0., 10. 0., 10. 10., 0. 10., 0. 0.));
        let hole = wkt!(LINESTRING(2. 2., 8. 2., 8. 8., 2. 8., 2. 2.));
        let island = wkt!(LINESTRING(4. 4., 6. 4., 6. 6., 4. 6., 4. 4.));

        let area = build(vec![big, island], vec![hole]).expect("valid");

        assert!(area.is_valid());
        assert_relative_eq!(area.unsigned_area(), 100.0 - 36.0 + 4.0);
    }

    #[test]
    fn bowtie_is_repaired() {
        let bowtie = wkt!(LINESTRING(0. 0., 0. 10., 10. 0., 10. 10., 0. 0.));
        let area = build(vec![bowtie], Vec::new()).expect("repairable");
        assert!(area.is_valid());
        assert_eq!(area.0.len(), 2);
    }

    #[test]
    fn stray_inner_ring_is_an_error() {
        let shell = wkt!(LINESTRING(0. 0., 1. 0., 1. 1., 0. 1., 0. 0.));
        let hole = wkt!(LINESTRING(5. 5., 6. 5., 6. 6., 5. 5.));
        let error = build(vec![shell], vec![hole]).expect_err("stray");
        assert_eq!(error, ShapeError::StrayInnerRing { lon: 5.0, lat: 5.0 });
    }

    #[test]
    fn no_outer_ring_is_an_error() {
        assert_eq!(build(Vec::new(), Vec::new()), Err(ShapeError::NoOuterRing));
    }
}
