//! Geometry as the databases hold it: GeoJSON text in SQLite, WKB for PostGIS.
//!
//! Both encodings carry every coordinate as an `f64` without rounding (serde_json prints the
//! shortest text that reads back to the same double), so a round trip is exact. Coordinates
//! are (lon, lat) in WGS84 degrees throughout.

use geo::{Coord, LineString, MultiPolygon, Point, Polygon};
use geojson::GeometryValue;

/// WKB geometry type codes (OGC simple features, 2D).
const WKB_POLYGON: u32 = 3;
const WKB_MULTI_POLYGON: u32 = 6;
/// The byte-order mark of little-endian (NDR) WKB.
const WKB_NDR: u8 = 1;

/// A point as GeoJSON text: `{"type":"Point","coordinates":[lon,lat]}`.
pub(super) fn point_to_geojson(point: &Point) -> String {
    GeometryValue::from(point).to_string()
}

/// A multipolygon as GeoJSON text.
pub(super) fn multi_polygon_to_geojson(geometry: &MultiPolygon) -> String {
    GeometryValue::from(geometry).to_string()
}

/// Reads a GeoJSON Point.
pub(super) fn point_from_geojson(text: &str) -> Result<Point, String> {
    let value = parse_geojson(text)?;
    Point::try_from(&value).map_err(|_| format!("expected a Point, found a {}", value.type_name()))
}

/// Reads a GeoJSON MultiPolygon.
pub(super) fn multi_polygon_from_geojson(text: &str) -> Result<MultiPolygon, String> {
    let value = parse_geojson(text)?;
    MultiPolygon::try_from(&value)
        .map_err(|_| format!("expected a MultiPolygon, found a {}", value.type_name()))
}

fn parse_geojson(text: &str) -> Result<GeometryValue, String> {
    let geometry: geojson::Geometry = text.parse().map_err(|e| format!("{e}"))?;
    Ok(geometry.value)
}

/// A multipolygon as little-endian WKB (no SRID: PostGIS gets it from `ST_GeomFromWKB`).
pub(super) fn multi_polygon_to_wkb(geometry: &MultiPolygon) -> Vec<u8> {
    let mut out = Vec::new();
    header(&mut out, WKB_MULTI_POLYGON, geometry.0.len());
    for polygon in geometry {
        header(&mut out, WKB_POLYGON, 1 + polygon.interiors().len());
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            count(&mut out, ring.0.len());
            for c in &ring.0 {
                out.extend_from_slice(&c.x.to_le_bytes());
                out.extend_from_slice(&c.y.to_le_bytes());
            }
        }
    }
    out
}

fn header(out: &mut Vec<u8>, kind: u32, parts: usize) {
    out.push(WKB_NDR);
    out.extend_from_slice(&kind.to_le_bytes());
    count(out, parts);
}

fn count(out: &mut Vec<u8>, n: usize) {
    // A geometry with more than 4 billion parts or vertices cannot reach this point.
    let n = u32::try_from(n).unwrap_or(u32::MAX);
    out.extend_from_slice(&n.to_le_bytes());
}

/// Reads a little-endian WKB MultiPolygon, as `ST_AsBinary(geom, 'NDR')` writes it.
pub(super) fn multi_polygon_from_wkb(bytes: &[u8]) -> Result<MultiPolygon, String> {
    let mut wkb = WkbReader { bytes, at: 0 };
    let parts = wkb.header(WKB_MULTI_POLYGON)?;
    let mut polygons = Vec::new();
    for _ in 0..parts {
        let rings = wkb.header(WKB_POLYGON)?;
        if rings == 0 {
            polygons.push(Polygon::new(LineString::new(Vec::new()), Vec::new()));
            continue;
        }
        let exterior = wkb.ring()?;
        let interiors = (1..rings).map(|_| wkb.ring()).collect::<Result<_, _>>()?;
        polygons.push(Polygon::new(exterior, interiors));
    }
    if wkb.at != bytes.len() {
        return Err(format!("{} bytes after the geometry", bytes.len() - wkb.at));
    }
    Ok(MultiPolygon(polygons))
}

/// A cursor over WKB bytes.
struct WkbReader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl WkbReader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let end = self.at + N;
        let slice = self.bytes.get(self.at..end).ok_or("WKB ends too early")?;
        self.at = end;
        let mut out = [0; N];
        out.copy_from_slice(slice);
        Ok(out)
    }

    fn u32(&mut self) -> Result<u32, String> {
        self.take().map(u32::from_le_bytes)
    }

    fn f64(&mut self) -> Result<f64, String> {
        self.take().map(f64::from_le_bytes)
    }

    /// Reads a byte order and a type, expecting little-endian `kind`; returns the part count.
    fn header(&mut self, kind: u32) -> Result<u32, String> {
        let [order] = self.take()?;
        if order != WKB_NDR {
            return Err("expected little-endian WKB".into());
        }
        let found = self.u32()?;
        if found != kind {
            return Err(format!("expected WKB type {kind}, found {found}"));
        }
        self.u32()
    }

    fn ring(&mut self) -> Result<LineString, String> {
        let n = self.u32()?;
        // Each vertex takes 16 bytes: refuse a count the remaining bytes cannot hold.
        if (n as usize).saturating_mul(16) > self.bytes.len() - self.at {
            return Err(format!("ring of {n} vertices does not fit the WKB"));
        }
        let coords = (0..n)
            .map(|_| {
                Ok(Coord {
                    x: self.f64()?,
                    y: self.f64()?,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(LineString::new(coords))
    }
}

#[cfg(test)]
mod tests {
    use geo::{MultiPolygon, point, polygon};

    use super::*;

    fn sample() -> MultiPolygon {
        let third = 1.0 / 3.0;
        let outer = polygon![
            exterior: [(x: 0.1, y: 0.2), (x: third, y: 0.2), (x: 0.3, y: 0.9), (x: 0.1, y: 0.2)],
            interiors: [[(x: 0.15, y: 0.3), (x: 0.2, y: 0.3), (x: 0.2, y: 0.35)]],
        ];
        let second = polygon![(x: 113.7, y: 34.75), (x: 113.8, y: 34.7), (x: 113.75, y: 34.8)];
        MultiPolygon(vec![outer, second])
    }

    #[test]
    fn wkb_round_trip_is_exact() {
        let geometry = sample();
        let wkb = multi_polygon_to_wkb(&geometry);
        assert_eq!(multi_polygon_from_wkb(&wkb), Ok(geometry));
    }

    #[test]
    fn wkb_matches_the_ogc_layout() {
        let square = MultiPolygon(vec![
            polygon![(x: 0., y: 0.), (x: 1., y: 0.), (x: 1., y: 1.)],
        ]);
        let wkb = multi_polygon_to_wkb(&square);
        // 9-byte multipolygon header, 9-byte polygon header, ring count, 4 closed vertices.
        assert_eq!(wkb.len(), 9 + 9 + 4 + 4 * 16);
        assert_eq!(&wkb[..9], &[1, 6, 0, 0, 0, 1, 0, 0, 0]);
    }

    #[test]
    fn truncated_or_foreign_wkb_is_refused() {
        let wkb = multi_polygon_to_wkb(&sample());
        assert!(multi_polygon_from_wkb(&wkb[..wkb.len() - 3]).is_err());
        let mut big_endian = wkb.clone();
        big_endian[0] = 0;
        assert!(multi_polygon_from_wkb(&big_endian).is_err());
        let mut extra = wkb;
        extra.push(0);
        assert!(multi_polygon_from_wkb(&extra).is_err());
    }

    #[test]
    fn geojson_round_trip_is_exact() {
        let geometry = sample();
        let text = multi_polygon_to_geojson(&geometry);
        assert_eq!(multi_polygon_from_geojson(&text), Ok(geometry));
        let p = point!(x: 113.123_456_789_012_34, y: -0.1 - 0.2);
        assert_eq!(point_from_geojson(&point_to_geojson(&p)), Ok(p));
    }

    #[test]
    fn geojson_of_the_wrong_type_is_refused() {
        let p = point_to_geojson(&point!(x: 1.0, y: 2.0));
        assert!(multi_polygon_from_geojson(&p).is_err());
        assert!(point_from_geojson("{}").is_err());
    }
}
