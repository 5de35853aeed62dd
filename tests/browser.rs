//! The web map in a real browser: `web-map/test/map.test.mjs` (headless Debian Chromium driven
//! by playwright-core) against a running server, on both shipped data sets: Andorra behind
//! `--private-reads` with a viewer token typed into the page's storage, Henan open.
//!
//! Skipped when Node, Chromium or `web-map/node_modules` are missing, unless
//! `GRIDBEAT_REQUIRE_BROWSER=1` (as `.ci/run` sets), in which case that fails the test.

mod common;

use std::path::Path;

use common::db;
use std::process::Command;

fn browser_available() -> bool {
    let root = common::root();
    let ready = Path::new("/usr/bin/chromium").exists()
        && root.join("web-map/node_modules/playwright-core").is_dir()
        && root.join("web-map/node_modules/maplibre-gl/dist").is_dir()
        && Command::new("node")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
    if !ready && std::env::var("GRIDBEAT_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
        panic!("GRIDBEAT_REQUIRE_BROWSER=1 but chromium, node or web-map/node_modules is missing");
    }
    ready
}

/// Runs the browser checks on data set `set`; with `private_reads` the server needs a token
/// for every read and the page is given a viewer's.
fn run_map_test(set: &str, private_reads: bool) {
    if !browser_available() {
        eprintln!("browser test skipped: run `npm ci --prefix web-map` and install chromium");
        return;
    }
    let data = common::root().join("geodata").join(set);
    let db = db::sqlite();
    let token = private_reads.then(|| common::token(&db.url, "Map", "viewer", &[]));
    let mut args = vec!["--database-url", db.url.as_str()];
    if private_reads {
        args.push("--private-reads");
    }
    let (_server, url) = common::start_server_with(&data.display().to_string(), &args);

    let out = Command::new("node")
        .arg("web-map/test/map.test.mjs")
        .current_dir(common::root())
        .env("GRIDBEAT_URL", &url)
        .env("GRIDBEAT_TOKEN", token.unwrap_or_default())
        .env(
            "GRIDBEAT_SCREENSHOT",
            format!("web-map/test/out/map-{set}.png"),
        )
        .output()
        .expect("run node");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Every check in the file ran and passed: none skipped, none left out.
    let script = std::fs::read_to_string(common::root().join("web-map/test/map.test.mjs"))
        .expect("the browser test script");
    let checks = script.matches("\n  it(").count();
    assert!(checks >= 10, "only {checks} checks found in map.test.mjs");
    assert!(report.contains(&format!("# pass {checks}\n")), "{report}");
    assert!(report.contains("# skipped 0"), "{report}");
}

#[test]
fn the_map_works_in_chromium_on_andorra() {
    run_map_test("andorra", true);
}

#[test]
fn the_map_works_in_chromium_on_henan() {
    run_map_test("henan", false);
}
