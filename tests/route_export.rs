//! Exported routes are valid for the tools officers and analysts use: the GPX against the
//! GPX 1.1 schema (`xmllint`), GPX and KML read back by GDAL (`ogrinfo`) and by `gpsbabel`,
//! with the stop names (Chinese included) and point counts they hold.
//!
//! The KML is validated against the OGC KML 2.2 schema as well. Skipped when a tool or a
//! schema (`GRIDBEAT_GPX_XSD`, `GRIDBEAT_KML_XSD`) is missing, unless
//! `GRIDBEAT_REQUIRE_GPS_TOOLS=1` (as `scripts/test-all.sh` sets): then they fail.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use gridbeat::export::{self, Format, Itinerary};
use gridbeat::routing::{Profile, RoadNetwork};

const FROM_NAME: &str = "兰考县公安局 <城关> & \"所\"";
const TO_NAME: &str = "村委会 d'Ordino";

/// A real Andorra route, written in `format` into a temporary folder.
fn exported(dir: &Path, format: Format) -> (Itinerary, PathBuf) {
    let net = RoadNetwork::from_roads(&common::andorra().roads).expect("roads");
    let route = net
        .route(Profile::Car, [1.5218, 42.5075], [1.5806, 42.5348])
        .expect("route");
    let itinerary = route.itinerary("巡逻路线 1", FROM_NAME, TO_NAME);
    let path = dir.join(format!("route.{}", format.as_str()));
    let bytes = export::to_bytes(&itinerary, format).expect("export");
    std::fs::write(&path, bytes).expect("write");
    (itinerary, path)
}

/// Validates the `format` export against the schema file named by the variable `schema_var`.
fn valid_against_schema(format: Format, schema_var: &str) {
    let schema = std::env::var_os(schema_var).map(PathBuf::from);
    let Some(schema) = schema.filter(|s| s.is_file()) else {
        assert!(
            !common::gps_tools_required(),
            "{schema_var} must name the schema (see scripts/test-all.sh)"
        );
        eprintln!("{schema_var} not set: skipped");
        return;
    };
    if !common::gps_tool("xmllint", "--version") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, file) = exported(dir.path(), format);
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(&schema)
        .arg(&file)
        .output()
        .expect("xmllint runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{format} schema errors: {stderr}");
    assert!(stderr.contains("validates"), "{stderr}");
}

#[test]
fn gpx_is_valid_against_the_gpx_1_1_schema() {
    valid_against_schema(Format::Gpx, "GRIDBEAT_GPX_XSD");
}

#[test]
fn kml_is_valid_against_the_ogc_kml_2_2_schema() {
    valid_against_schema(Format::Kml, "GRIDBEAT_KML_XSD");
}

/// `(name, value)` of every `name (String) = …` line GDAL prints.
fn ogr_names(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix("Name (String) = ")
                .or_else(|| l.trim().strip_prefix("name (String) = "))
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn gdal_reads_gpx_and_kml() {
    if !common::gps_tool("ogrinfo", "--version") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let (itinerary, gpx) = exported(dir.path(), Format::Gpx);
    let gpx = gpx.display().to_string();
    let waypoints = common::run_tool("ogrinfo", &["-ro", "-al", "-q", &gpx, "waypoints"]);
    assert_eq!(ogr_names(&waypoints), [FROM_NAME, TO_NAME]);
    let points = common::run_tool("ogrinfo", &["-ro", "-so", &gpx, "track_points"]);
    let count = format!("Feature Count: {}", itinerary.line.len());
    assert!(points.contains(&count), "{points}");
    let tracks = common::run_tool("ogrinfo", &["-ro", "-al", "-q", &gpx, "tracks"]);
    assert_eq!(ogr_names(&tracks), ["巡逻路线 1"]);

    let (_, kml) = exported(dir.path(), Format::Kml);
    let kml = common::run_tool("ogrinfo", &["-ro", "-al", "-q", &kml.display().to_string()]);
    assert_eq!(ogr_names(&kml), ["巡逻路线 1", FROM_NAME, TO_NAME]);
    assert_eq!(kml.matches("LINESTRING").count(), 1, "{kml}");
    assert_eq!(kml.matches("POINT").count(), 2);
}

/// Rows of gpsbabel's `unicsv` output (header first).
fn babel_rows(format: &str, path: &Path, extra: &[&str]) -> Vec<csv::StringRecord> {
    let path = path.display().to_string();
    let mut args = vec!["-i", format];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["-f", &path, "-o", "unicsv", "-F", "-"]);
    let out = common::run_tool("gpsbabel", &args);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(out.as_bytes());
    reader.records().map(|r| r.expect("CSV row")).collect()
}

fn column(rows: &[csv::StringRecord], name: &str) -> Vec<String> {
    let i = rows[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no {name}: {:?}", rows[0]));
    rows[1..].iter().map(|r| r[i].to_owned()).collect()
}

#[test]
fn gpsbabel_reads_gpx_and_kml() {
    if !common::gps_tool("gpsbabel", "-V") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    for format in [Format::Gpx, Format::Kml] {
        let (itinerary, path) = exported(dir.path(), format);
        let waypoints = babel_rows(format.as_str(), &path, &["-w"]);
        assert_eq!(column(&waypoints, "Name"), [FROM_NAME, TO_NAME], "{format}");
        let lat = column(&waypoints, "Latitude");
        assert_eq!(lat[0].parse::<f64>().ok(), Some(42.5075), "{format}");
        let track = babel_rows(format.as_str(), &path, &["-t"]);
        assert_eq!(
            track.len() - 1,
            itinerary.line.len(),
            "{format} track points"
        );
    }
}
