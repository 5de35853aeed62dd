//! GDAL's OAPIF driver (what QGIS uses) reads every collection of a running server completely.
//!
//! Skipped when `ogrinfo` is not installed, unless `GRIDBEAT_REQUIRE_GDAL=1` (as `.ci/run`
//! sets), in which case a missing GDAL fails the test.

mod common;

use std::process::Command;

use gridbeat::features::Collection;

/// Feature count per layer as reported by `ogrinfo -so` on the whole OAPIF endpoint.
fn ogr_counts(url: &str, layer: &str) -> usize {
    let out = Command::new("ogrinfo")
        .args(["-ro", "-so", &format!("OAPIF:{url}/ogc"), layer])
        .output()
        .expect("run ogrinfo");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "ogrinfo failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
        .lines()
        .find_map(|l| l.strip_prefix("Feature Count: "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no feature count for {layer}: {stdout}"))
}

/// Number of features GDAL actually reads when it pages through a layer.
fn ogr_read_all(url: &str, layer: &str) -> usize {
    let out = Command::new("ogrinfo")
        .args(["-ro", "-q", "-al", &format!("OAPIF:{url}/ogc"), layer])
        .output()
        .expect("run ogrinfo");
    assert!(
        out.status.success(),
        "ogrinfo failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("OGRFeature("))
        .count()
}

#[test]
fn gdal_reads_every_collection_completely() {
    if !common::have_gdal() {
        eprintln!("ogrinfo not installed: skipped");
        return;
    }
    let atlas = common::andorra();
    let (_server, url) =
        common::start_server(&common::root().join("geodata/andorra").display().to_string());

    for c in Collection::ALL {
        let expected = c.len(atlas);
        assert_eq!(
            ogr_counts(&url, c.id()),
            expected,
            "feature count of {}",
            c.id()
        );
        assert_eq!(
            ogr_read_all(&url, c.id()),
            expected,
            "features read from {}",
            c.id()
        );
    }
}
