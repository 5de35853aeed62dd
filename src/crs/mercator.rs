//! WGS84 ↔ Web Mercator (EPSG:3857), the projection of web map tiles.
//!
//! Spherical Mercator on a sphere of radius 6 378 137 m (the WGS84 semi-major axis), as
//! specified for EPSG:3857. Latitude is clamped to ±[`MAX_LAT_DEG`], which makes the world
//! a square of side 2 × [`HALF_WORLD_M`].

use std::f64::consts::FRAC_PI_4;

/// Sphere radius of Web Mercator, metres.
pub const EARTH_RADIUS_M: f64 = 6_378_137.0;

/// The largest latitude Web Mercator shows, degrees: where the world becomes a square.
pub const MAX_LAT_DEG: f64 = 85.051_128_78;

/// Half the side of the Web Mercator square, metres (π · [`EARTH_RADIUS_M`]).
pub const HALF_WORLD_M: f64 = std::f64::consts::PI * EARTH_RADIUS_M;

/// Projects a WGS84 point to Web Mercator.
///
/// Input (lon, lat) in degrees; output (x, y) in metres, EPSG:3857. Latitude is clamped to
/// ±[`MAX_LAT_DEG`], so the poles land on the square's edge instead of at infinity.
/// Longitude is not wrapped: 190° gives x beyond [`HALF_WORLD_M`]. NaN gives NaN.
///
/// # Examples
///
/// ```
/// use gridbeat::crs::mercator::{wgs84_to_web_mercator, HALF_WORLD_M};
///
/// let (x, y) = wgs84_to_web_mercator(180.0, 90.0);
/// assert!((x - HALF_WORLD_M).abs() < 1e-6);
/// assert!((y - HALF_WORLD_M).abs() < 0.01);
/// ```
pub fn wgs84_to_web_mercator(lon: f64, lat: f64) -> (f64, f64) {
    let lat = lat.clamp(-MAX_LAT_DEG, MAX_LAT_DEG);
    let x_m = EARTH_RADIUS_M * lon.to_radians();
    let y_m = EARTH_RADIUS_M * (FRAC_PI_4 + lat.to_radians() / 2.0).tan().ln();
    (x_m, y_m)
}

/// Unprojects a Web Mercator point to WGS84.
///
/// Input (x, y) in metres, EPSG:3857; output (lon, lat) in degrees. The result's latitude is
/// clamped to ±[`MAX_LAT_DEG`], so y beyond the square maps to its edge. x is not wrapped.
/// NaN gives NaN.
///
/// # Examples
///
/// ```
/// use gridbeat::crs::mercator::{web_mercator_to_wgs84, wgs84_to_web_mercator};
///
/// let (x, y) = wgs84_to_web_mercator(114.98, 34.85);
/// let (lon, lat) = web_mercator_to_wgs84(x, y);
/// assert!((lon - 114.98).abs() < 1e-12 && (lat - 34.85).abs() < 1e-12);
/// ```
pub fn web_mercator_to_wgs84(x_m: f64, y_m: f64) -> (f64, f64) {
    let lon = (x_m / EARTH_RADIUS_M).to_degrees();
    let lat = (2.0 * (y_m / EARTH_RADIUS_M).exp().atan() - 2.0 * FRAC_PI_4).to_degrees();
    (lon, lat.clamp(-MAX_LAT_DEG, MAX_LAT_DEG))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn origin_maps_to_origin() {
        let (x, y) = wgs84_to_web_mercator(0.0, 0.0);
        approx::assert_abs_diff_eq!(x, 0.0);
        approx::assert_abs_diff_eq!(y, 0.0, epsilon = 1e-9);
    }

    #[test]
    fn matches_a_known_value() {
        // The well-known half width of the EPSG:3857 square.
        let (x, _) = wgs84_to_web_mercator(180.0, 0.0);
        approx::assert_abs_diff_eq!(x, 20_037_508.342_789_244, epsilon = 1e-6);

        // Lankao, checked against the EPSG:3857 formulas evaluated in Python.
        let (x, y) = wgs84_to_web_mercator(114.82, 34.82);
        approx::assert_abs_diff_eq!(x, 12_781_703.933, epsilon = 1e-3);
        approx::assert_abs_diff_eq!(y, 4_139_446.688, epsilon = 1e-3);
    }

    #[test]
    fn max_latitude_is_the_square_edge() {
        let (_, y) = wgs84_to_web_mercator(0.0, MAX_LAT_DEG);
        approx::assert_abs_diff_eq!(y, HALF_WORLD_M, epsilon = 0.01);
        let (_, y) = wgs84_to_web_mercator(0.0, -90.0);
        approx::assert_abs_diff_eq!(y, -HALF_WORLD_M, epsilon = 0.01);
    }

    #[test]
    fn round_trips_random_points() {
        let mut rng = ChaCha8Rng::seed_from_u64(3857);
        for _ in 0..10_000 {
            let lon = rng.random_range(-180.0..180.0);
            let lat = rng.random_range(-MAX_LAT_DEG..MAX_LAT_DEG);
            let (x, y) = wgs84_to_web_mercator(lon, lat);
            let (back_lon, back_lat) = web_mercator_to_wgs84(x, y);
            assert!((back_lon - lon).abs() < 1e-9 && (back_lat - lat).abs() < 1e-9);
        }
    }
}
