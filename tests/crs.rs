//! GCJ-02 → WGS84 on real data: the Amap county polygons of Henan against the WGS84 copy in
//! shared/data, which was converted by an independent implementation and rounded to 1e-7°.

use std::collections::HashMap;
use std::path::PathBuf;

use geo::{Distance, Haversine, LineString, MultiPolygon, Point};
use geojson::FeatureCollection;
use gridbeat::crs::Crs;

/// Vertices in `henan_counties.geojson`, closing vertices included (data README, 2a).
const HENAN_COUNTY_VERTICES: usize = 104_051;

/// The shared data folder: `GRIDBEAT_SHARED_DATA`, or `../shared/data` beside the crate.
fn shared_data() -> PathBuf {
    std::env::var_os("GRIDBEAT_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data").into())
}

/// County multipolygons of a GeoJSON file by adcode, in file order.
fn counties(relative: &str) -> Vec<(String, MultiPolygon<f64>)> {
    let path = shared_data().join(relative);
    let text = std::fs::read_to_string(&path).expect("shared data file is readable");
    let collection: FeatureCollection = text.parse().expect("valid GeoJSON");
    collection
        .features
        .into_iter()
        .map(|feature| {
            let adcode = feature
                .property("adcode")
                .and_then(|v| v.as_str())
                .expect("adcode");
            (
                adcode.to_owned(),
                MultiPolygon::try_from(feature).expect("a MultiPolygon"),
            )
        })
        .collect()
}

/// Rounds degrees to 7 decimals, as the reference file is.
fn round_7(deg: f64) -> f64 {
    (deg * 1e7).round() / 1e7
}

/// Every ring of a multipolygon, exteriors and holes, in order.
fn rings(multi: &MultiPolygon<f64>) -> Vec<&LineString<f64>> {
    multi
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .collect()
}

#[test]
fn amap_counties_convert_to_the_shared_wgs84_copy() {
    let gcj = counties("boundaries/henan/amap_gcj02/henan_counties.geojson");
    let expected: HashMap<_, _> =
        counties("boundaries/henan/derived/henan_counties_amap_wgs84.geojson")
            .into_iter()
            .collect();
    assert_eq!(gcj.len(), 157);
    assert_eq!(expected.len(), 157);

    let mut vertices = 0;
    let mut max_error_m: f64 = 0.0;
    for (adcode, polygon) in &gcj {
        let converted = Crs::Gcj02.geometry_to_wgs84(polygon);
        let reference = &expected[adcode];
        let (ours, theirs) = (rings(&converted), rings(reference));
        assert_eq!(ours.len(), theirs.len(), "ring count of {adcode}");

        for (a, b) in ours.iter().zip(&theirs) {
            assert_eq!(a.0.len(), b.0.len(), "ring length of {adcode}");
            for (p, q) in a.points().zip(b.points()) {
                let error_m = Haversine.distance(p, q);
                assert!(
                    error_m <= 0.5,
                    "{adcode}: {p:?} vs {q:?} is {error_m} m apart"
                );
                max_error_m = max_error_m.max(error_m);
                vertices += 1;

                // Rounded as the reference was, the two inverses agree to the last digit.
                assert_eq!((round_7(p.x()), round_7(p.y())), (q.x(), q.y()), "{adcode}");
            }
        }
    }

    eprintln!("max vertex error {max_error_m:.6} m over {vertices} vertices");
    assert_eq!(vertices, HENAN_COUNTY_VERTICES);
    // The reference is rounded to 1e-7°: at most 0.5e-7° per axis, 7.3 mm at Henan's
    // southern edge, so the distance is that rounding and nothing else.
    assert!(max_error_m < 0.0075, "max vertex error {max_error_m} m");
}

#[test]
fn lankao_moves_west_and_north_by_the_documented_offset() {
    let gcj = counties("boundaries/henan/amap_gcj02/henan_counties.geojson");
    let (_, lankao) = gcj
        .iter()
        .find(|(adcode, _)| adcode == "410225")
        .expect("Lankao");
    let converted = Crs::Gcj02.geometry_to_wgs84(lankao);

    let first = |m: &MultiPolygon<f64>| Point::from(m.0[0].exterior().0[0]);
    let (g, w) = (first(lankao), first(&converted));
    approx::assert_abs_diff_eq!(g.x() - w.x(), 0.0060, epsilon = 0.0005);
    approx::assert_abs_diff_eq!(g.y() - w.y(), -0.0012, epsilon = 0.0005);
}
