//! `gridbeat route` on the command line: a GPX file for Andorra, a clear refusal for Henan.

mod common;

use std::process::Command;

fn gridbeat(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gridbeat"))
        .args(args)
        .current_dir(common::root())
        .env("RUST_LOG", "warn")
        .output()
        .expect("runs")
}

#[test]
fn route_writes_a_gpx_file_with_named_stops() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("patrol.gpx");
    let out_arg = out.display().to_string();
    let result = gridbeat(&[
        "route",
        "--data",
        "geodata/andorra",
        "--from",
        "1.5218,42.5075",
        "--to",
        "1.5806,42.5348",
        "--profile",
        "foot",
        "--format",
        "gpx",
        "--from-name",
        "派出所",
        "--to-name",
        "Encamp",
        "--out",
        &out_arg,
    ]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let gpx = gpx::read(std::fs::File::open(&out).expect("file")).expect("GPX");
    let names: Vec<_> = gpx
        .waypoints
        .iter()
        .filter_map(|w| w.name.as_deref())
        .collect();
    assert_eq!(names, ["派出所", "Encamp"]);
    assert!(gpx.tracks[0].segments[0].points.len() > 20);
}

#[test]
fn route_refuses_a_data_set_without_roads_and_bad_points() {
    let henan = gridbeat(&[
        "route",
        "--data",
        "geodata/henan",
        "--from",
        "114.8,34.8",
        "--to",
        "114.9,34.9",
    ]);
    assert!(!henan.status.success());
    let stderr = String::from_utf8_lossy(&henan.stderr);
    assert!(stderr.contains("has no road network"), "{stderr}");

    let bad = gridbeat(&[
        "route",
        "--data",
        "geodata/andorra",
        "--from",
        "1.5",
        "--to",
        "1,2",
    ]);
    assert!(!bad.status.success());
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("--from: expected LON,LAT"), "{stderr}");
}
