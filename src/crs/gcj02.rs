//! WGS84 ↔ GCJ-02, the datum of Amap, Tencent and other Chinese commercial maps.
//!
//! GCJ-02 is WGS84 plus a deliberate, position-dependent offset of a few hundred metres. The
//! forward map is the widely published formula: two trigonometric series in
//! `(lon - 105°, lat - 35°)` give an offset in metres-like units, which is turned into degrees
//! on the Krasovsky 1940 ellipsoid (`a` = 6 378 245 m, `e²` = 0.006 693 421 622 965 943 23).
//! In Henan the offset is about +0.0060° longitude and −0.0012° latitude.
//!
//! # Where the offset applies
//!
//! Only inside a rough bounding box of China: longitude 72.004°–137.8347° E and latitude
//! 0.8293°–55.8271° N, edges included (see [`in_china_bbox`]). Outside it, and for
//! non-finite input, both directions return the point unchanged. The box is the customary one
//! used with the public formula; it also covers parts of neighbouring countries, where the
//! offset is applied too.

use std::f64::consts::PI;

use super::iterate;

/// Semi-major axis of the Krasovsky 1940 ellipsoid, metres.
const KRASOVSKY_A_M: f64 = 6_378_245.0;

/// First eccentricity squared of the Krasovsky 1940 ellipsoid.
#[expect(
    clippy::excessive_precision,
    reason = "the published constant, digit for digit"
)]
const KRASOVSKY_EE: f64 = 0.006_693_421_622_965_943_23;

/// Longitude range of the box where the offset applies, degrees.
const CHINA_LON_DEG: (f64, f64) = (72.004, 137.8347);

/// Latitude range of the box where the offset applies, degrees.
const CHINA_LAT_DEG: (f64, f64) = (0.8293, 55.8271);

/// Whether a point (lon, lat in degrees) lies in the box where GCJ-02 differs from WGS84.
///
/// The box is longitude 72.004°–137.8347° E, latitude 0.8293°–55.8271° N, edges included.
/// NaN is outside. The same box serves for WGS84 and GCJ-02 input, as the offset is far
/// smaller than the box.
///
/// # Examples
///
/// ```
/// use gridbeat::crs::gcj02::in_china_bbox;
///
/// assert!(in_china_bbox(114.98, 34.85)); // Lankao
/// assert!(!in_china_bbox(1.52, 42.51)); // Andorra
/// ```
pub fn in_china_bbox(lon: f64, lat: f64) -> bool {
    let (west, east) = CHINA_LON_DEG;
    let (south, north) = CHINA_LAT_DEG;
    (west..=east).contains(&lon) && (south..=north).contains(&lat)
}

/// Converts a WGS84 point to GCJ-02.
///
/// Axis order (lon, lat), degrees in and out. Points outside [`in_china_bbox`] and
/// non-finite input are returned unchanged.
///
/// # Examples
///
/// ```
/// use gridbeat::crs::gcj02::wgs84_to_gcj02;
///
/// let (lon, lat) = wgs84_to_gcj02(114.8, 34.9);
/// assert!((lon - 114.8 - 0.006).abs() < 0.001);
/// assert!((lat - 34.9 + 0.0012).abs() < 0.001);
/// ```
pub fn wgs84_to_gcj02(lon: f64, lat: f64) -> (f64, f64) {
    if !in_china_bbox(lon, lat) {
        return (lon, lat);
    }
    let (dlon, dlat) = offset_deg(lon, lat);
    (lon + dlon, lat + dlat)
}

/// Converts a GCJ-02 point to WGS84, exactly inverting [`wgs84_to_gcj02`].
///
/// Axis order (lon, lat), degrees in and out. Iterates until the forward formula reproduces
/// the input within 1e-12° on both axes (a few iterations), unlike the common one-step
/// approximation, which is off by 1–2 m. Points outside [`in_china_bbox`] and non-finite
/// input are returned unchanged. Within about 0.01° of the box edge the forward map jumps,
/// so an exact inverse may not exist there; the closest estimate found is returned.
///
/// # Examples
///
/// ```
/// use gridbeat::crs::gcj02::{gcj02_to_wgs84, wgs84_to_gcj02};
///
/// let (lon, lat) = gcj02_to_wgs84(114.806, 34.8988);
/// let (back_lon, back_lat) = wgs84_to_gcj02(lon, lat);
/// assert!((back_lon - 114.806).abs() < 1e-12);
/// assert!((back_lat - 34.8988).abs() < 1e-12);
/// ```
pub fn gcj02_to_wgs84(lon: f64, lat: f64) -> (f64, f64) {
    if !in_china_bbox(lon, lat) {
        return (lon, lat);
    }

    // The offset evaluated at the GCJ-02 point is a good first guess (error ~1e-5°).
    let (dlon, dlat) = offset_deg(lon, lat);
    let start = (lon - dlon, lat - dlat);
    iterate::invert((lon, lat), start, wgs84_to_gcj02)
}

/// The GCJ-02 offset at a WGS84 point, (dlon, dlat) in degrees.
fn offset_deg(lon: f64, lat: f64) -> (f64, f64) {
    let (x, y) = (lon - 105.0, lat - 35.0);
    let (north, east) = (series_lat(x, y), series_lon(x, y));

    // Scale the series by the Krasovsky radii of curvature at this latitude.
    let lat_rad = lat.to_radians();
    let w = 1.0 - KRASOVSKY_EE * lat_rad.sin().powi(2);
    let meridian_m = KRASOVSKY_A_M * (1.0 - KRASOVSKY_EE) / (w * w.sqrt());
    let parallel_m = KRASOVSKY_A_M / w.sqrt() * lat_rad.cos();
    (
        (east / parallel_m).to_degrees(),
        (north / meridian_m).to_degrees(),
    )
}

/// The latitude series of the public formula.
fn series_lat(x: f64, y: f64) -> f64 {
    let polynomial = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    let waves = wave(20.0, 6.0 * x, 20.0, 2.0 * x)
        + wave(20.0, y, 40.0, y / 3.0)
        + wave(160.0, y / 12.0, 320.0, y / 30.0);
    polynomial + waves
}

/// The longitude series of the public formula.
fn series_lon(x: f64, y: f64) -> f64 {
    let polynomial = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    let waves = wave(20.0, 6.0 * x, 20.0, 2.0 * x)
        + wave(20.0, x, 40.0, x / 3.0)
        + wave(150.0, x / 12.0, 300.0, x / 30.0);
    polynomial + waves
}

/// `2/3 · (a·sin(πu) + b·sin(πv))`, the building block of both series.
fn wave(a: f64, u: f64, b: f64, v: f64) -> f64 {
    (a * (u * PI).sin() + b * (v * PI).sin()) * 2.0 / 3.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn matches_known_values_from_the_shared_data() {
        // GCJ-02 → WGS84 pairs from shared/data (Henan's centre and a Zhongyuan district
        // vertex), converted there by an independent tool and rounded to 1e-7°.
        let cases = [
            ((113.753_394, 34.765_869), (113.747_207_5, 34.766_859_6)),
            ((113.508_982, 34.853_992), (113.502_682_7, 34.854_903_0)),
        ];
        for ((glon, glat), (wlon, wlat)) in cases {
            let (lon, lat) = gcj02_to_wgs84(glon, glat);
            approx::assert_abs_diff_eq!(lon, wlon, epsilon = 6e-8);
            approx::assert_abs_diff_eq!(lat, wlat, epsilon = 6e-8);
        }
    }

    #[test]
    fn offset_in_henan_matches_the_data_readme() {
        let (lon, lat) = wgs84_to_gcj02(114.3, 34.8);
        approx::assert_abs_diff_eq!(lon - 114.3, 0.0060, epsilon = 0.0005);
        approx::assert_abs_diff_eq!(lat - 34.8, -0.0012, epsilon = 0.0005);
    }

    #[test]
    fn round_trips_random_points_across_china() {
        let mut rng = ChaCha8Rng::seed_from_u64(20_160_731);
        for _ in 0..10_000 {
            let lon = rng.random_range(73.0..135.0);
            let lat = rng.random_range(18.0..53.5);
            let (glon, glat) = wgs84_to_gcj02(lon, lat);
            let (wlon, wlat) = gcj02_to_wgs84(glon, glat);
            assert!(
                (wlon - lon).abs() < 1e-9 && (wlat - lat).abs() < 1e-9,
                "{lon},{lat}"
            );

            // The inverse meets its own stopping rule.
            let (flon, flat) = wgs84_to_gcj02(wlon, wlat);
            assert!((flon - glon).abs() <= 1e-12 && (flat - glat).abs() <= 1e-12);
        }
    }

    #[test]
    fn round_trips_at_the_105th_meridian() {
        // The series has a sqrt(|lon − 105|) cusp here; the iteration must still converge.
        for lon in [105.0, 105.0 + 1e-12, 105.0 - 1e-9, 105.006] {
            let (glon, glat) = wgs84_to_gcj02(lon, 30.0);
            let (wlon, wlat) = gcj02_to_wgs84(glon, glat);
            assert!(
                (wlon - lon).abs() < 1e-9 && (wlat - 30.0).abs() < 1e-9,
                "{lon}"
            );
            let (flon, flat) = wgs84_to_gcj02(wlon, wlat);
            assert!(
                (flon - glon).abs() <= 1e-12 && (flat - glat).abs() <= 1e-12,
                "{lon}"
            );
        }
    }

    #[test]
    fn leaves_points_outside_china_unchanged() {
        for (lon, lat) in [(1.52, 42.51), (7.42, 43.74), (-74.0, 40.7), (139.7, 35.7)] {
            assert_eq!(wgs84_to_gcj02(lon, lat), (lon, lat));
            assert_eq!(gcj02_to_wgs84(lon, lat), (lon, lat));
        }
    }

    #[test]
    fn leaves_non_finite_input_unchanged() {
        let (lon, lat) = gcj02_to_wgs84(f64::NAN, 34.0);
        assert!(lon.is_nan());
        assert_eq!(lat, 34.0);
        assert_eq!(wgs84_to_gcj02(f64::INFINITY, 34.0), (f64::INFINITY, 34.0));
    }
}
