//! `gridbeat patrol` and `gridbeat patrol-streets` as a user runs them: a JSON request file
//! in, a plan or a file out. Exported GPX is checked as `tests/route_export.rs` checks
//! routes: against the GPX 1.1 schema with `xmllint`, read back by GDAL and gpsbabel with
//! its Chinese stop names. Tools and schemas missing are skipped unless
//! `GRIDBEAT_REQUIRE_GPS_TOOLS=1`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

const CHINESE: &str = "兰考县 城关村委会";

fn write_body(dir: &Path, body: &Value) -> PathBuf {
    let path = dir.join("patrol.json");
    std::fs::write(&path, body.to_string()).expect("write body");
    path
}

/// Four stops around Andorra la Vella, one with a Chinese name, two officers.
fn body() -> Value {
    json!({
        "start": { "office": "of-00001" },
        "stops": [
            { "village": "n58963219" },
            { "coordinates": [1.5806, 42.5348], "name": CHINESE },
            { "type": "Feature", "geometry": { "type": "Point", "coordinates": [1.53, 42.46] },
              "properties": { "name": "Sant Julià", "service_minutes": 5, "colour": "red" } },
            { "village": "n64954415", "window": ["10:00", "12:00"] }
        ],
        "officers": 2,
        "service_minutes": 10,
        "depart_at": "08:30",
        "shift_end": "17:30"
    })
}

#[test]
fn patrol_prints_the_plan() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write_body(dir.path(), &body());
    let file = file.to_str().expect("path");
    let out = common::gridbeat(&["patrol", "--data", "geodata/andorra", "--body", file]);
    let plan: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(plan["type"], "FeatureCollection");
    assert_eq!(plan["plan"]["served"], 4);
    assert_eq!(plan["plan"]["officers"], 2);
    let names: Vec<&str> = plan["features"]
        .as_array()
        .expect("features")
        .iter()
        .filter(|f| f["properties"]["kind"] == "stop")
        .filter_map(|f| f["properties"]["name"].as_str())
        .collect();
    assert!(names.contains(&CHINESE), "{names:?}");
    assert!(names.contains(&"Sant Julià"));
}

#[test]
fn patrol_errors_name_the_file_and_the_field() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut bad = body();
    bad["stops"][3]["window"] = json!(["12:00", "10:00"]);
    let file = write_body(dir.path(), &bad);
    let out = Command::new(env!("CARGO_BIN_EXE_gridbeat"))
        .args(["patrol", "--data", "geodata/andorra", "--body"])
        .arg(&file)
        .current_dir(common::root())
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("patrol.json"), "{stderr}");
    assert!(
        stderr.contains("stops[3].window: closes at 10:00:00"),
        "{stderr}"
    );

    let file = file.to_str().expect("path");
    let out = Command::new(env!("CARGO_BIN_EXE_gridbeat"))
        .args([
            "patrol",
            "--data",
            "geodata/andorra",
            "--body",
            file,
            "--format",
            "gpx",
        ])
        .current_dir(common::root())
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("stops[3].window"), "{stderr}");
}

/// The GPX of the officer whose route holds the Chinese stop.
fn exported_gpx(dir: &Path) -> PathBuf {
    let file = write_body(dir, &body());
    let file = file.to_str().expect("path");
    for officer in ["0", "1"] {
        let out = dir.join(format!("officer-{officer}.gpx"));
        let out_arg = out.to_str().expect("path");
        common::gridbeat(&[
            "patrol",
            "--data",
            "geodata/andorra",
            "--body",
            file,
            "--format",
            "gpx",
            "--officer",
            officer,
            "--out",
            out_arg,
        ]);
        if std::fs::read_to_string(&out).is_ok_and(|t| t.contains(CHINESE)) {
            return out;
        }
    }
    panic!("no officer's file holds {CHINESE}");
}

#[test]
fn exported_gpx_is_valid_and_reads_back_with_names() {
    let dir = tempfile::tempdir().expect("temp dir");
    let gpx = exported_gpx(dir.path());
    let schema = std::env::var_os("GRIDBEAT_GPX_XSD").map(PathBuf::from);
    match schema.filter(|s| s.is_file()) {
        Some(schema) if common::gps_tool("xmllint", "--version") => {
            let out = Command::new("xmllint")
                .args(["--noout", "--nonet", "--schema"])
                .arg(&schema)
                .arg(&gpx)
                .output()
                .expect("xmllint runs");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                out.status.success() && stderr.contains("validates"),
                "{stderr}"
            );
        }
        _ => {
            assert!(
                !common::gps_tools_required(),
                "GRIDBEAT_GPX_XSD must name the GPX 1.1 schema"
            );
            eprintln!("GPX schema not given: validation skipped");
        }
    }
    let path = gpx.to_str().expect("path");
    if common::gps_tool("ogrinfo", "--version") {
        let waypoints = common::run_tool("ogrinfo", &["-ro", "-al", "-q", path, "waypoints"]);
        assert!(
            waypoints.contains(&format!("name (String) = {CHINESE}")),
            "{waypoints}"
        );
        assert!(waypoints.contains("name (String) = Santa Coloma police office"));
    }
    if common::gps_tool("gpsbabel", "-V") {
        let out = common::run_tool(
            "gpsbabel",
            &["-i", "gpx", "-w", "-f", path, "-o", "unicsv", "-F", "-"],
        );
        assert!(out.contains(CHINESE), "{out}");
        let track = common::run_tool(
            "gpsbabel",
            &["-i", "gpx", "-t", "-f", path, "-o", "unicsv", "-F", "-"],
        );
        assert!(track.lines().count() > 50, "a track along the roads");
    }
}

#[test]
fn patrol_streets_writes_a_closed_drive() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = common::gridbeat(&[
        "patrol-streets",
        "--data",
        "geodata/andorra",
        "--grid",
        "g-n64954512",
        "--profile",
        "foot",
    ]);
    let feature: Value = serde_json::from_str(&out).expect("JSON");
    let line = feature["geometry"]["coordinates"].as_array().expect("line");
    assert_eq!(line.first(), line.last());
    assert!(
        feature["properties"]["segments"]
            .as_u64()
            .is_some_and(|n| n > 10)
    );

    let kml = dir.path().join("streets.kml");
    let kml = kml.to_str().expect("path");
    common::gridbeat(&[
        "patrol-streets",
        "--data",
        "geodata/andorra",
        "--grid",
        "g-n64954512",
        "--format",
        "kml",
        "--out",
        kml,
    ]);
    if common::gps_tool("ogrinfo", "--version") {
        let text = common::run_tool("ogrinfo", &["-ro", "-al", "-q", kml]);
        assert_eq!(text.matches("LINESTRING").count(), 1, "{text}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_gridbeat"))
        .args([
            "patrol-streets",
            "--data",
            "geodata/andorra",
            "--grid",
            "g-none",
        ])
        .current_dir(common::root())
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("no grid \"g-none\""), "{stderr}");
}

#[test]
fn patrol_runs_on_an_osm_extract() {
    let pbf = common::shared_data().join("osm/heidelberg-20240908-routing.osm.pbf");
    if !pbf.is_file() {
        eprintln!("{} missing: skipped", pbf.display());
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write_body(
        dir.path(),
        &json!({
            "start": { "coordinates": [8.6724, 49.4094], "name": "Bismarckplatz" },
            "stops": [
                { "coordinates": [8.7095, 49.4106], "name": "海德堡 Altstadt" },
                { "coordinates": [8.6915, 49.4184], "name": "Neuenheim" },
                { "coordinates": [8.6581, 49.3977], "name": "Weststadt" }
            ],
            "profile": "foot"
        }),
    );
    let out = common::gridbeat(&[
        "patrol",
        "--data",
        "geodata/andorra",
        "--roads",
        pbf.to_str().expect("path"),
        "--body",
        file.to_str().expect("path"),
    ]);
    let plan: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(plan["plan"]["served"], 3, "{}", plan["plan"]);
    assert_eq!(plan["plan"]["profile"], "foot");
    let distance = plan["plan"]["total_distance_m"].as_f64().expect("distance");
    assert!((5_000.0..20_000.0).contains(&distance), "{distance}");
}
