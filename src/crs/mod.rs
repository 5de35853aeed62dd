//! Coordinate systems: WGS84, CGCS2000, GCJ-02, BD-09 and Web Mercator.
//!
//! Chinese commercial map data (Amap, Tencent) is in GCJ-02 and Baidu's in BD-09; both are
//! WGS84 plus an offset of a few hundred metres. Everything else in gridbeat is WGS84, so
//! every source is converted once, on the way in, with [`Crs::to_wgs84`] or
//! [`Crs::geometry_to_wgs84`]. Axis order is always (lon, lat) in degrees, except for Web
//! Mercator's (x, y) in metres.
//!
//! - [`gcj02`]: WGS84 ↔ GCJ-02, with an exact iterative inverse.
//! - [`bd09`]: GCJ-02 ↔ BD-09 and WGS84 ↔ BD-09.
//! - [`mercator`]: WGS84 ↔ Web Mercator (EPSG:3857).

pub mod bd09;
mod error;
pub mod gcj02;
mod iterate;
pub mod mercator;

pub use error::CrsError;

use std::fmt;
use std::str::FromStr;

use geo::{Coord, MapCoords};

/// A geographic coordinate system of (lon, lat) degrees that a source may use.
///
/// Parse one from its name with [`str::parse`]: `wgs84` or `EPSG:4326`, `cgcs2000` or
/// `EPSG:4490`, `gcj02`, `bd09` (case-insensitive, `-` and `_` ignored).
///
/// # Examples
///
/// ```
/// use gridbeat::crs::Crs;
///
/// let crs: Crs = "GCJ-02".parse()?;
/// let (lon, lat) = crs.to_wgs84(114.826, 34.8188);
/// assert!((lon - 114.82).abs() < 0.001 && (lat - 34.82).abs() < 0.001);
/// # Ok::<(), gridbeat::crs::CrsError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Crs {
    /// WGS84 (EPSG:4326): GPS, OpenStreetMap. The identity.
    #[default]
    Wgs84,
    /// China Geodetic Coordinate System 2000 (EPSG:4490): Tianditu and official Chinese data.
    /// It differs from WGS84 by centimetres, below the accuracy of any source here, so it
    /// is treated as WGS84 and converts as the identity.
    Cgcs2000,
    /// GCJ-02: Amap, Tencent, AutoNavi. Offset from WGS84 inside China only (see
    /// [`gcj02::in_china_bbox`]).
    Gcj02,
    /// BD-09: Baidu. GCJ-02 plus a further offset of about (0.0065°, 0.006°).
    Bd09,
}

impl Crs {
    /// Every variant, in declaration order.
    pub const ALL: [Crs; 4] = [Crs::Wgs84, Crs::Cgcs2000, Crs::Gcj02, Crs::Bd09];

    /// Converts a point in this system to WGS84.
    ///
    /// Axis order (lon, lat), degrees in and out. The identity for WGS84 and CGCS2000; see
    /// [`gcj02::gcj02_to_wgs84`] and [`bd09::bd09_to_wgs84`] for the others, which leave
    /// non-finite input unchanged.
    pub fn to_wgs84(self, lon: f64, lat: f64) -> (f64, f64) {
        match self {
            Crs::Wgs84 | Crs::Cgcs2000 => (lon, lat),
            Crs::Gcj02 => gcj02::gcj02_to_wgs84(lon, lat),
            Crs::Bd09 => bd09::bd09_to_wgs84(lon, lat),
        }
    }

    /// Converts a WGS84 point to this system, inverting [`Crs::to_wgs84`].
    ///
    /// Axis order (lon, lat), degrees in and out. The identity for WGS84 and CGCS2000;
    /// non-finite input is returned unchanged.
    pub fn from_wgs84(self, lon: f64, lat: f64) -> (f64, f64) {
        match self {
            Crs::Wgs84 | Crs::Cgcs2000 => (lon, lat),
            Crs::Gcj02 => gcj02::wgs84_to_gcj02(lon, lat),
            Crs::Bd09 => bd09::wgs84_to_bd09(lon, lat),
        }
    }

    /// Converts every coordinate of a geometry in this system to WGS84.
    ///
    /// Works on any `geo` type (point, polygon, multipolygon, ...); `x` is longitude and `y`
    /// latitude, in degrees. The structure is kept as is: empty geometries stay empty, and
    /// rings stay closed because equal vertices convert to equal vertices.
    ///
    /// # Examples
    ///
    /// ```
    /// use geo::{point, Point};
    /// use gridbeat::crs::Crs;
    ///
    /// let gcj: Point = point!(x: 114.826, y: 34.8188);
    /// let wgs = Crs::Gcj02.geometry_to_wgs84(&gcj);
    /// assert!((wgs.x() - 114.82).abs() < 0.001);
    /// ```
    pub fn geometry_to_wgs84<G: MapCoords<f64, f64>>(self, geometry: &G) -> G::Output {
        geometry.map_coords(|c| coord(self.to_wgs84(c.x, c.y)))
    }

    /// Converts every coordinate of a WGS84 geometry to this system.
    ///
    /// The inverse of [`Crs::geometry_to_wgs84`], with the same conventions.
    pub fn geometry_from_wgs84<G: MapCoords<f64, f64>>(self, geometry: &G) -> G::Output {
        geometry.map_coords(|c| coord(self.from_wgs84(c.x, c.y)))
    }

    /// The short lowercase name (`wgs84`, `cgcs2000`, `gcj02`, `bd09`), as [`fmt::Display`]
    /// prints and [`FromStr`] accepts.
    pub fn name(self) -> &'static str {
        match self {
            Crs::Wgs84 => "wgs84",
            Crs::Cgcs2000 => "cgcs2000",
            Crs::Gcj02 => "gcj02",
            Crs::Bd09 => "bd09",
        }
    }

    /// The EPSG code, for the systems that have one (4326 and 4490).
    pub fn epsg(self) -> Option<u32> {
        match self {
            Crs::Wgs84 => Some(4326),
            Crs::Cgcs2000 => Some(4490),
            Crs::Gcj02 | Crs::Bd09 => None,
        }
    }
}

impl fmt::Display for Crs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Crs {
    type Err = CrsError;

    /// Parses `wgs84`, `cgcs2000`, `gcj02`, `bd09`, `EPSG:4326` or `EPSG:4490`.
    ///
    /// Case is ignored, as are surrounding spaces and any `-` or `_` (`GCJ-02`, `bd_09`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key: String = s
            .trim()
            .chars()
            .filter(|c| !matches!(c, '-' | '_'))
            .map(|c| c.to_ascii_lowercase())
            .collect();
        match key.as_str() {
            "wgs84" | "epsg:4326" => Ok(Crs::Wgs84),
            "cgcs2000" | "epsg:4490" => Ok(Crs::Cgcs2000),
            "gcj02" => Ok(Crs::Gcj02),
            "bd09" => Ok(Crs::Bd09),
            _ => Err(CrsError::Unknown { name: s.to_owned() }),
        }
    }
}

/// A `geo` coordinate from a (lon, lat) pair.
fn coord((x, y): (f64, f64)) -> Coord<f64> {
    Coord { x, y }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Polygon, polygon};
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn parses_names_and_epsg_codes() {
        let cases = [
            ("wgs84", Crs::Wgs84),
            ("WGS-84", Crs::Wgs84),
            ("EPSG:4326", Crs::Wgs84),
            ("epsg:4490", Crs::Cgcs2000),
            ("CGCS2000", Crs::Cgcs2000),
            (" gcj02 ", Crs::Gcj02),
            ("GCJ-02", Crs::Gcj02),
            ("bd09", Crs::Bd09),
            ("BD-09", Crs::Bd09),
        ];
        for (name, crs) in cases {
            assert_eq!(name.parse::<Crs>(), Ok(crs), "{name}");
        }
    }

    #[test]
    fn rejects_unknown_names_clearly() {
        for name in ["", "EPSG:3857", "mercator", "gcj"] {
            let err = name.parse::<Crs>().expect_err("not a known name");
            assert_eq!(
                err,
                CrsError::Unknown {
                    name: name.to_owned()
                }
            );
            assert!(err.to_string().contains("expected one of wgs84"));
        }
    }

    #[test]
    fn display_round_trips_through_parse() {
        for crs in Crs::ALL {
            assert_eq!(crs.to_string().parse::<Crs>(), Ok(crs));
        }
    }

    #[test]
    fn every_crs_round_trips_random_points_across_china() {
        let mut rng = ChaCha8Rng::seed_from_u64(4490);
        for crs in Crs::ALL {
            for _ in 0..2_000 {
                let lon = rng.random_range(73.0..135.0);
                let lat = rng.random_range(18.0..53.5);
                let (x, y) = crs.from_wgs84(lon, lat);
                let (back_lon, back_lat) = crs.to_wgs84(x, y);
                assert!((back_lon - lon).abs() < 1e-9, "{crs} {lon},{lat}");
                assert!((back_lat - lat).abs() < 1e-9, "{crs} {lon},{lat}");
            }
        }
    }

    #[test]
    fn cgcs2000_and_wgs84_are_the_identity() {
        for crs in [Crs::Wgs84, Crs::Cgcs2000] {
            assert_eq!(crs.to_wgs84(114.82, 34.82), (114.82, 34.82));
            assert_eq!(crs.from_wgs84(114.82, 34.82), (114.82, 34.82));
        }
    }

    #[test]
    fn gcj02_leaves_points_outside_china_unchanged() {
        // Andorra, Monaco, Heidelberg: the OSM data sets.
        for (lon, lat) in [(1.52, 42.51), (7.42, 43.74), (8.69, 49.41)] {
            assert_eq!(Crs::Gcj02.to_wgs84(lon, lat), (lon, lat));
            assert_eq!(Crs::Gcj02.from_wgs84(lon, lat), (lon, lat));
        }
    }

    #[test]
    fn converts_every_vertex_of_a_polygon() {
        let gcj: Polygon = polygon![
            (x: 114.70, y: 34.75),
            (x: 115.26, y: 34.75),
            (x: 115.26, y: 35.02),
            (x: 114.70, y: 35.02),
        ];
        let wgs = Crs::Gcj02.geometry_to_wgs84(&gcj);
        for (g, w) in gcj.exterior().coords().zip(wgs.exterior().coords()) {
            assert_eq!(Crs::Gcj02.to_wgs84(g.x, g.y), (w.x, w.y));
        }
        assert!(wgs.exterior().is_closed());

        let back = Crs::Gcj02.geometry_from_wgs84(&wgs);
        for (g, b) in gcj.exterior().coords().zip(back.exterior().coords()) {
            assert!((g.x - b.x).abs() < 1e-12 && (g.y - b.y).abs() < 1e-12);
        }
    }
}
