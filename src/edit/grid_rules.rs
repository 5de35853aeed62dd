//! The rules a replaced grid polygon must keep: valid, inside its jurisdiction, off its
//! neighbours. Slivers below [`TOLERANCE_M2`] are forgiven, as boolean overlays of
//! independently drawn boundaries leave them.

use geo::{
    Area, BooleanOps, BoundingRect, Centroid, Intersects, MultiPolygon, Polygon, Validation,
};

use super::EditError;
use crate::model::Dataset;

/// Overlap or overshoot below this area (m²) is ignored.
pub const TOLERANCE_M2: f64 = 1.0;

/// The new shape of grid `g`, checked.
pub(super) fn checked_shape(
    d: &Dataset,
    g: usize,
    geometry: &geojson::Geometry,
) -> Result<MultiPolygon, EditError> {
    let grid = &d.grids[g];
    let shape = multi_polygon(geometry)?;
    if let Some(problem) = shape.validation_errors().into_iter().next() {
        return Err(EditError::Invalid(format!(
            "grid {:?}: invalid polygon: {problem}",
            grid.id
        )));
    }
    if shape.unsigned_area() == 0.0 {
        return Err(EditError::Invalid(format!(
            "grid {:?}: the polygon encloses no area",
            grid.id
        )));
    }

    let jurisdiction =
        d.jurisdiction(&grid.jurisdiction_id)
            .ok_or_else(|| EditError::NotFound {
                entity: "jurisdiction",
                id: grid.jurisdiction_id.clone(),
            })?;
    let outside = shape.difference(&jurisdiction.geometry);
    if let Some((area_m2, lon, lat)) = significant(&outside) {
        return Err(EditError::OutsideJurisdiction {
            grid: grid.id.clone(),
            jurisdiction: jurisdiction.id.clone(),
            area_m2,
            lon,
            lat,
        });
    }

    let bounds = shape.bounding_rect();
    for (i, other) in d.grids.iter().enumerate() {
        let near = bounds
            .zip(other.geometry.bounding_rect())
            .is_some_and(|(a, b)| a.intersects(&b));
        if i == g || !near {
            continue;
        }
        if let Some((area_m2, lon, lat)) = significant(&shape.intersection(&other.geometry)) {
            return Err(EditError::Overlap {
                grid: grid.id.clone(),
                other: other.id.clone(),
                area_m2,
                lon,
                lat,
            });
        }
    }
    Ok(shape)
}

/// Area on the ground and a point of `part`, if it is more than a sliver.
fn significant(part: &MultiPolygon) -> Option<(f64, f64, f64)> {
    let largest = part
        .iter()
        .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))?;
    let at = largest.centroid()?;
    // Degrees² to m² at this latitude: a grid spans kilometres, where this is close enough.
    // (Geodesic area is not used: on the near-degenerate slivers overlays leave, it can
    // return the area of the whole globe.)
    let m_per_deg = 6_371_008.8_f64.to_radians();
    let area_m2 = part.unsigned_area() * m_per_deg * m_per_deg * at.y().to_radians().cos();
    (area_m2 >= TOLERANCE_M2).then_some((area_m2, at.x(), at.y()))
}

fn multi_polygon(geometry: &geojson::Geometry) -> Result<MultiPolygon, EditError> {
    let value = &geometry.value;
    let rings: Vec<&Vec<geojson::Position>> = match value {
        geojson::GeometryValue::Polygon { coordinates } => coordinates.iter().collect(),
        geojson::GeometryValue::MultiPolygon { coordinates } => {
            coordinates.iter().flatten().collect()
        }
        _ => Vec::new(),
    };
    if rings.iter().all(|ring| ring.is_empty()) {
        return Err(EditError::Invalid(format!(
            "expected a non-empty Polygon or MultiPolygon, found an empty {}",
            value.type_name()
        )));
    }
    for position in rings.into_iter().flatten() {
        check_position(position.as_slice())?;
    }
    match value {
        geojson::GeometryValue::Polygon { .. } => {
            Polygon::try_from(value).map(|p| MultiPolygon::new(vec![p]))
        }
        _ => MultiPolygon::try_from(value),
    }
    .map_err(|_| {
        EditError::Invalid(format!(
            "expected a Polygon or MultiPolygon, found a {}",
            value.type_name()
        ))
    })
}

/// A position must be a WGS84 longitude and latitude (an optional height is ignored).
fn check_position(position: &[f64]) -> Result<(), EditError> {
    match position {
        [lon, lat, ..]
            if lon.is_finite() && lat.is_finite() && lon.abs() <= 180.0 && lat.abs() <= 90.0 =>
        {
            Ok(())
        }
        _ => Err(EditError::Invalid(format!(
            "position {position:?} is not a WGS84 [longitude, latitude]"
        ))),
    }
}
