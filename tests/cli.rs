//! The command line: single and bulk lookups, and errors that name the file and line.

mod common;

use std::process::{Command, Output};

fn gridbeat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gridbeat"))
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run gridbeat")
}

fn data() -> String {
    common::root().join("geodata/henan").display().to_string()
}

#[test]
fn single_lookup_prints_the_responsible_records() {
    let atlas = common::henan();
    let village = &atlas.dataset.villages[0];
    let (lon, lat) = (village.point.x().to_string(), village.point.y().to_string());

    let out = gridbeat(&["lookup", "--data", &data(), &lon, &lat]);

    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["village"]["id"], village.id);
    assert_eq!(json["jurisdiction"]["id"], village.jurisdiction_id);
}

#[test]
fn bulk_lookup_keeps_columns_and_appends_the_responsible_records() {
    let atlas = common::henan();
    let v = &atlas.dataset.villages[5];
    let dir = tempdir();
    let input = dir.join("incidents.csv");
    let csv = format!(
        "\u{feff}case,lat,lon,note\nA1,{},{},\"盗窃, 夜间\"\nA2,0,0,outside\n",
        v.point.y(),
        v.point.x()
    );
    std::fs::write(&input, csv).expect("write");
    let output = dir.join("out.csv");

    let out = gridbeat(&[
        "lookup",
        "--data",
        &data(),
        "--csv",
        input.to_str().expect("utf-8"),
        "--out",
        output.to_str().expect("utf-8"),
    ]);

    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut reader = csv::Reader::from_path(&output).expect("output");
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(&header[1..4], ["lat", "lon", "note"]);
    assert!(header.ends_with(&["station_id".to_owned(), "station_name".to_owned()]));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let column = |name: &str| header.iter().position(|h| h == name).expect(name);
    assert_eq!(&rows[0][0], "A1");
    assert_eq!(&rows[0][3], "盗窃, 夜间");
    assert_eq!(&rows[0][column("covered")], "true");
    assert_eq!(&rows[0][column("village_name")], v.name.as_str());
    assert_eq!(&rows[1][column("covered")], "false");
    assert_eq!(&rows[1][column("village_id")], "");
}

#[test]
fn a_bad_row_names_file_and_line_and_writes_nothing() {
    let dir = tempdir();
    let input = dir.join("bad.csv");
    std::fs::write(&input, "lon,lat\n113.6,34.7\n113.6,north\n").expect("write");
    let output = dir.join("out.csv");

    let out = gridbeat(&[
        "lookup",
        "--data",
        &data(),
        "--csv",
        input.to_str().expect("utf-8"),
        "--out",
        output.to_str().expect("utf-8"),
    ]);

    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.csv") && stderr.contains("line 3"),
        "{stderr}"
    );
    assert!(stderr.contains("\"north\""), "{stderr}");
    assert!(!output.exists() && !dir.join("out.partial").exists());
}

#[test]
fn a_csv_without_lon_lat_columns_is_refused() {
    let dir = tempdir();
    let input = dir.join("nocols.csv");
    std::fs::write(&input, "x,y\n1,2\n").expect("write");
    let out = gridbeat(&[
        "lookup",
        "--data",
        &data(),
        "--csv",
        input.to_str().expect("utf-8"),
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("nocols.csv") && stderr.contains("no \"lon\" column"),
        "{stderr}"
    );
}

#[test]
fn a_missing_data_set_is_a_clear_error() {
    let out = gridbeat(&["lookup", "--data", "/nonexistent/set", "1", "2"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("/nonexistent/set/dataset.json"), "{stderr}");
}

fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "gridbeat-cli-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn line_numbers_count_blank_lines() {
    let dir = tempdir();
    for (body, line) in [
        ("lon,lat\n\nxx,1\n", 3),
        ("lon,lat\n1,1\n\n\nxx,1\n", 5),
        ("lon,lat\r\n1,1\r\n\r\nxx,1\r\n", 4),
    ] {
        let input = dir.join("blank.csv");
        std::fs::write(&input, body).expect("write");
        let out = gridbeat(&[
            "lookup",
            "--data",
            &data(),
            "--csv",
            input.to_str().expect("utf-8"),
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("line {line}:")),
            "{body:?}: {stderr}"
        );
    }
}

#[test]
fn out_refuses_what_is_not_a_regular_file_and_leaves_nothing_behind() {
    let dir = tempdir();
    let input = dir.join("in.csv");
    std::fs::write(&input, "lon,lat\n113.6,34.7\n").expect("write");
    let target = dir.join("target.txt");
    std::fs::write(&target, "keep").expect("write");
    let link = dir.join("link.csv");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    let subdir = dir.join("sub");
    std::fs::create_dir(&subdir).expect("dir");

    for out in [&link, &subdir] {
        let result = gridbeat(&[
            "lookup",
            "--data",
            &data(),
            "--csv",
            input.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
        ]);
        assert!(!result.status.success());
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(stderr.contains("not a regular file"), "{stderr}");
    }
    assert_eq!(std::fs::read_to_string(&target).expect("read"), "keep");
    let names: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("e").file_name())
        .collect();
    assert_eq!(names.len(), 4, "no stray files: {names:?}");
}

#[test]
fn bom_is_written_on_request_and_appended_names_may_not_clash() {
    let dir = tempdir();
    let input = dir.join("in.csv");
    std::fs::write(&input, "lon,lat\n113.6,34.7\n").expect("write");
    let out = gridbeat(&[
        "lookup",
        "--data",
        &data(),
        "--csv",
        input.to_str().expect("utf-8"),
        "--bom",
    ]);
    assert!(out.stdout.starts_with("\u{feff}lon,lat,covered".as_bytes()));

    std::fs::write(&input, "lon,lat,covered\n113.6,34.7,x\n").expect("write");
    let out = gridbeat(&[
        "lookup",
        "--data",
        &data(),
        "--csv",
        input.to_str().expect("utf-8"),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already has a \"covered\" column"));
}
