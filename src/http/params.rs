//! Parsing of query parameters shared by several resources.

use std::collections::HashMap;

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use geo::{Coord, Rect, coord};

use super::ApiError;
use crate::crs::Crs;

/// A request's query parameters, each given at most once.
#[derive(Debug, Clone, Default)]
pub struct Params(HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Query(pairs) = Query::<Vec<(String, String)>>::from_request_parts(parts, state).await?;
        let mut map = HashMap::with_capacity(pairs.len());
        for (key, value) in pairs {
            if map.contains_key(&key) {
                return Err(ApiError::BadRequest(format!(
                    "parameter {key:?} is given twice"
                )));
            }
            map.insert(key, value);
        }
        Ok(Self(map))
    }
}

impl Params {
    /// Refuses any parameter not in `known`, naming the ones that are.
    pub fn only(&self, known: &[&str]) -> Result<&Self, ApiError> {
        match self.0.keys().find(|k| !known.contains(&k.as_str())) {
            None => Ok(self),
            Some(unknown) if known.is_empty() => Err(ApiError::BadRequest(format!(
                "unknown parameter {:?}; this resource takes none",
                shorten(unknown)
            ))),
            Some(unknown) => Err(ApiError::BadRequest(format!(
                "unknown parameter {:?}; this resource takes {}",
                shorten(unknown),
                known.join(", ")
            ))),
        }
    }

    /// The value of `name`, if given.
    pub fn get(&self, name: &str) -> Option<&String> {
        self.0.get(name)
    }

    /// Every parameter, in no particular order.
    pub fn pairs(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter()
    }

    /// The parameters sorted by name, as one string: equal for requests that differ only in
    /// the order of their parameters.
    pub fn canonical(&self) -> String {
        let mut pairs: Vec<_> = self.0.iter().collect();
        pairs.sort_unstable();
        format!("{pairs:?}")
    }
}

/// A value cut to a length fit for an error message.
pub fn shorten(value: &str) -> String {
    const MAX: usize = 40;
    if value.chars().count() <= MAX {
        return value.to_owned();
    }
    let mut short: String = value.chars().take(MAX).collect();
    short.push('…');
    short
}

/// Parses `name` as a finite number.
pub fn number(name: &str, value: &str) -> Result<f64, ApiError> {
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| {
            ApiError::BadRequest(format!(
                "{name}: {:?} is not a finite number",
                shorten(value)
            ))
        })
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

/// Parses an OGC `bbox`: `minlon,minlat,maxlon,maxlat` (or six numbers with heights, which
/// are ignored) in WGS84 degrees. A box whose west edge lies east of its east edge crosses the
/// antimeridian and comes back as two boxes.
pub fn bbox(value: &str) -> Result<Vec<Rect>, ApiError> {
    let parts: Vec<&str> = value.split(',').collect();
    let n: Vec<f64> = match parts.len() {
        4 | 6 => parts
            .iter()
            .map(|p| number("bbox", p))
            .collect::<Result<_, _>>()?,
        _ => {
            return Err(ApiError::BadRequest(format!(
                "bbox: expected 4 comma-separated numbers minlon,minlat,maxlon,maxlat, got {:?}",
                shorten(value)
            )));
        }
    };
    let (w, s, e, n) = if n.len() == 6 {
        (n[0], n[1], n[3], n[4])
    } else {
        (n[0], n[1], n[2], n[3])
    };
    let (min, max) = (lon_lat(w, s)?, lon_lat(e, n)?);
    if min.y > max.y {
        return Err(ApiError::BadRequest(format!(
            "bbox: south edge {} is above north edge {}",
            min.y, max.y
        )));
    }
    if min.x <= max.x {
        return Ok(vec![Rect::new(min, max)]);
    }
    Ok(vec![
        Rect::new(min, coord! { x: 180.0, y: max.y }),
        Rect::new(coord! { x: -180.0, y: min.y }, max),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bbox_is_checked() {
        assert_eq!(bbox("1,2,3,4").map(|b| b.len()).ok(), Some(1));
        assert_eq!(
            bbox("170,-10,-170,10").map(|b| b.len()).ok(),
            Some(2),
            "antimeridian"
        );
        assert_eq!(
            bbox("1,2,0,3,4,9").map(|b| b.len()).ok(),
            Some(1),
            "with heights"
        );
        assert!(bbox("1,4,3,2").is_err(), "south above north");
        assert!(bbox("1,2,3").is_err());
        assert!(bbox("1,2,3,95").is_err());
        assert!(bbox("a,2,3,4").is_err());
        assert!(bbox("NaN,2,3,4").is_err());
    }
}
