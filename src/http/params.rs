//! Parsing of query parameters shared by several resources.

use geo::{Coord, Rect, coord};

use super::ApiError;
use crate::crs::Crs;

/// Parses `name` as a finite number.
pub fn number(name: &str, value: &str) -> Result<f64, ApiError> {
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| ApiError::BadRequest(format!("{name}: {value:?} is not a finite number")))
}

/// Checks that (lon, lat) are WGS84 degrees in range.
pub fn lon_lat(lon: f64, lat: f64) -> Result<Coord, ApiError> {
    if !(-180.0..=180.0).contains(&lon) {
        return Err(ApiError::BadRequest(format!(
            "lon {lon} is outside -180..180"
        )));
    }
    if !(-90.0..=90.0).contains(&lat) {
        return Err(ApiError::BadRequest(format!(
            "lat {lat} is outside -90..90"
        )));
    }
    Ok(coord! { x: lon, y: lat })
}

/// Parses an optional `crs` parameter; WGS84 when absent.
pub fn crs(value: Option<&String>) -> Result<Crs, ApiError> {
    value.map_or(Ok(Crs::Wgs84), |v| {
        v.parse()
            .map_err(|e: crate::crs::CrsError| ApiError::BadRequest(format!("crs: {e}")))
    })
}

/// Parses an OGC `bbox`: `minlon,minlat,maxlon,maxlat` in WGS84 degrees.
pub fn bbox(value: &str) -> Result<Rect, ApiError> {
    let parts: Vec<&str> = value.split(',').collect();
    if parts.len() != 4 {
        return Err(ApiError::BadRequest(format!(
            "bbox: expected 4 comma-separated numbers minlon,minlat,maxlon,maxlat, got {value:?}"
        )));
    }
    let n: Vec<f64> = parts
        .iter()
        .map(|p| number("bbox", p))
        .collect::<Result<_, _>>()?;
    let (min, max) = (lon_lat(n[0], n[1])?, lon_lat(n[2], n[3])?);
    if min.x > max.x || min.y > max.y {
        return Err(ApiError::BadRequest(format!(
            "bbox: minimum ({}, {}) is above maximum ({}, {})",
            min.x, min.y, max.x, max.y
        )));
    }
    Ok(Rect::new(min, max))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bbox_is_checked() {
        assert!(bbox("1,2,3,4").is_ok());
        assert!(bbox("3,2,1,4").is_err(), "min lon above max lon");
        assert!(bbox("1,2,3").is_err());
        assert!(bbox("1,2,3,95").is_err());
        assert!(bbox("a,2,3,4").is_err());
        assert!(bbox("NaN,2,3,4").is_err());
    }
}
