//! BD-09, Baidu Maps' coordinates: GCJ-02 with a second, smaller offset on top.
//!
//! The forward map GCJ-02 → BD-09 is the widely published Baidu formula: in polar form about
//! the origin the radius grows by `2e-5 · sin(lat · x_pi)` and the angle by
//! `3e-6 · cos(lon · x_pi)`, with `x_pi = π · 3000 / 180`, then (0.0065°, 0.006°) is added.
//! The inverse iterates that formula to 1e-12°, rather than using the common one-step
//! approximation.
//!
//! # Where the offset applies
//!
//! The BD-09 step has no region rule and applies everywhere; the GCJ-02 step inside
//! [`wgs84_to_bd09`] and [`bd09_to_wgs84`] applies only in China's box (see
//! [`super::gcj02::in_china_bbox`]). Non-finite input is returned unchanged.

use std::f64::consts::PI;

use super::{gcj02, iterate};

/// Baidu's angular constant, `π · 3000 / 180`.
const X_PI: f64 = PI * 3000.0 / 180.0;

/// The constant shift Baidu adds after the polar perturbation, (lon, lat) degrees.
const SHIFT_DEG: (f64, f64) = (0.0065, 0.006);

/// Radius perturbation amplitude, degrees.
const RADIUS_WOBBLE_DEG: f64 = 0.000_02;

/// Angle perturbation amplitude, radians.
const ANGLE_WOBBLE_RAD: f64 = 0.000_003;

/// Converts a GCJ-02 point to BD-09.
///
/// Axis order (lon, lat), degrees in and out. Applies everywhere; non-finite input is
/// returned unchanged.
///
/// # Examples
///
/// ```
/// use gridbeat::crs::bd09::gcj02_to_bd09;
///
/// let (lon, lat) = gcj02_to_bd09(114.82, 34.82);
/// assert!((lon - 114.82 - 0.0065).abs() < 0.001);
/// assert!((lat - 34.82 - 0.006).abs() < 0.001);
/// ```
pub fn gcj02_to_bd09(lon: f64, lat: f64) -> (f64, f64) {
    if !(lon.is_finite() && lat.is_finite()) {
        return (lon, lat);
    }
    let radius = lon.hypot(lat) + RADIUS_WOBBLE_DEG * (lat * X_PI).sin();
    let angle = lat.atan2(lon) + ANGLE_WOBBLE_RAD * (lon * X_PI).cos();
    (
        radius * angle.cos() + SHIFT_DEG.0,
        radius * angle.sin() + SHIFT_DEG.1,
    )
}

/// Converts a BD-09 point to GCJ-02, exactly inverting [`gcj02_to_bd09`].
///
/// Axis order (lon, lat), degrees in and out. Starts from the published one-step
/// approximation and iterates until [`gcj02_to_bd09`] reproduces the input within 1e-12° on
/// both axes. Non-finite input is returned unchanged.
///
/// # Examples
///
/// ```
/// use gridbeat::crs::bd09::{bd09_to_gcj02, gcj02_to_bd09};
///
/// let (lon, lat) = bd09_to_gcj02(114.8278, 34.8282);
/// let (back_lon, back_lat) = gcj02_to_bd09(lon, lat);
/// assert!((back_lon - 114.8278).abs() < 1e-12);
/// assert!((back_lat - 34.8282).abs() < 1e-12);
/// ```
pub fn bd09_to_gcj02(lon: f64, lat: f64) -> (f64, f64) {
    if !(lon.is_finite() && lat.is_finite()) {
        return (lon, lat);
    }
    iterate::invert((lon, lat), approximate_gcj02(lon, lat), gcj02_to_bd09)
}

/// Converts a WGS84 point to BD-09 through GCJ-02.
///
/// Axis order (lon, lat), degrees in and out. Outside China's box only the BD-09 step
/// applies; non-finite input is returned unchanged.
pub fn wgs84_to_bd09(lon: f64, lat: f64) -> (f64, f64) {
    let (gcj_lon, gcj_lat) = gcj02::wgs84_to_gcj02(lon, lat);
    gcj02_to_bd09(gcj_lon, gcj_lat)
}

/// Converts a BD-09 point to WGS84 through GCJ-02, inverting [`wgs84_to_bd09`].
///
/// Axis order (lon, lat), degrees in and out. Both steps are exact iterative inverses; outside
/// China's box only the BD-09 step applies. Non-finite input is returned unchanged.
///
/// # Examples
///
/// ```
/// use gridbeat::crs::bd09::{bd09_to_wgs84, wgs84_to_bd09};
///
/// let (bd_lon, bd_lat) = wgs84_to_bd09(114.98, 34.85);
/// let (lon, lat) = bd09_to_wgs84(bd_lon, bd_lat);
/// assert!((lon - 114.98).abs() < 1e-9 && (lat - 34.85).abs() < 1e-9);
/// ```
pub fn bd09_to_wgs84(lon: f64, lat: f64) -> (f64, f64) {
    let (gcj_lon, gcj_lat) = bd09_to_gcj02(lon, lat);
    gcj02::gcj02_to_wgs84(gcj_lon, gcj_lat)
}

/// The published one-step BD-09 → GCJ-02 approximation, used as the starting guess.
fn approximate_gcj02(lon: f64, lat: f64) -> (f64, f64) {
    let (x, y) = (lon - SHIFT_DEG.0, lat - SHIFT_DEG.1);
    let radius = x.hypot(y) - RADIUS_WOBBLE_DEG * (y * X_PI).sin();
    let angle = y.atan2(x) - ANGLE_WOBBLE_RAD * (x * X_PI).cos();
    (radius * angle.cos(), radius * angle.sin())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn shift_is_about_baidus_constant() {
        let (lon, lat) = gcj02_to_bd09(114.821_348, 34.822_211);
        approx::assert_abs_diff_eq!(lon - 114.821_348, 0.0065, epsilon = 2e-4);
        approx::assert_abs_diff_eq!(lat - 34.822_211, 0.006, epsilon = 2e-4);
    }

    #[test]
    fn round_trips_random_points_across_china() {
        let mut rng = ChaCha8Rng::seed_from_u64(3000);
        for _ in 0..10_000 {
            let lon = rng.random_range(73.0..135.0);
            let lat = rng.random_range(18.0..53.5);

            let (blon, blat) = gcj02_to_bd09(lon, lat);
            let (glon, glat) = bd09_to_gcj02(blon, blat);
            assert!(
                (glon - lon).abs() < 1e-9 && (glat - lat).abs() < 1e-9,
                "{lon},{lat}"
            );

            let (blon, blat) = wgs84_to_bd09(lon, lat);
            let (wlon, wlat) = bd09_to_wgs84(blon, blat);
            assert!(
                (wlon - lon).abs() < 1e-9 && (wlat - lat).abs() < 1e-9,
                "{lon},{lat}"
            );
        }
    }

    #[test]
    fn iterated_inverse_beats_the_one_step_approximation() {
        let (blon, blat) = gcj02_to_bd09(114.821_348, 34.822_211);
        let (alon, alat) = approximate_gcj02(blon, blat);
        let (lon, lat) = bd09_to_gcj02(blon, blat);
        let one_step = (alon - 114.821_348).abs().max((alat - 34.822_211).abs());
        let iterated = (lon - 114.821_348).abs().max((lat - 34.822_211).abs());
        assert!(
            iterated < 1e-12 && iterated < one_step,
            "{iterated} vs {one_step}"
        );
    }

    #[test]
    fn leaves_non_finite_input_unchanged() {
        let (lon, lat) = bd09_to_wgs84(f64::NAN, 34.0);
        assert!(lon.is_nan());
        assert_eq!(lat, 34.0);
    }
}
