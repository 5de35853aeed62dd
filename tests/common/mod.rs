//! Shared helpers of the integration tests: the shipped data sets, loaded once per process.

#![allow(dead_code, reason = "each test binary uses a different subset")]

pub mod api;
pub mod db;

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use gridbeat::atlas::Atlas;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The raw shared data folder (`GRIDBEAT_SHARED_DATA` or `../shared/data`).
pub fn shared_data() -> PathBuf {
    std::env::var_os("GRIDBEAT_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/data"))
}

/// The shipped Andorra set.
pub fn andorra() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    ATLAS.get_or_init(|| Atlas::load(&root().join("geodata/andorra")).expect("geodata/andorra"))
}

/// The shipped Henan set.
pub fn henan() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    ATLAS.get_or_init(|| Atlas::load(&root().join("geodata/henan")).expect("geodata/henan"))
}

/// A running `gridbeat serve`, killed when dropped, with the folder of its own database.
pub struct Server(Child, Option<tempfile::TempDir>);

impl Server {
    /// The process id.
    pub fn pid(&self) -> u32 {
        self.0.id()
    }

    /// Kills the process at once (SIGKILL) and waits for it.
    pub fn kill(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A port nobody listens on now.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

/// Runs `gridbeat ARGS` to the end; returns its standard output, failing with its errors.
pub fn gridbeat(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_gridbeat"))
        .args(args)
        .current_dir(root())
        .env("RUST_LOG", "warn")
        .output()
        .expect("run gridbeat");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "gridbeat {args:?}: {stderr}");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// A new token for the database at `url`, of `role`, limited to `jurisdictions` if any.
pub fn token(url: &str, name: &str, role: &str, jurisdictions: &[&str]) -> String {
    let mut args = vec!["token", "--database-url", url, "create", "--name", name];
    args.extend(["--role", role]);
    for j in jurisdictions {
        args.extend(["--jurisdiction", j]);
    }
    let token = gridbeat(&args).trim().to_owned();
    assert_eq!(token.len(), 64, "a 64-digit hex token: {token:?}");
    token
}

/// Starts `gridbeat serve` on a free loopback port; returns it and its base URL.
pub fn start_server(data: &str) -> (Server, String) {
    start_server_with(data, &[])
}

/// [`start_server`] with extra arguments. Without `--database-url` or `--store-dir` among them,
/// the server gets a database of its own in a temporary folder.
pub fn start_server_with(data: &str, extra: &[&str]) -> (Server, String) {
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let own = !extra
        .iter()
        .any(|a| a.starts_with("--database-url") || a.starts_with("--store-dir"));
    let store = own.then(|| tempfile::tempdir().expect("a folder for the database"));
    let store_args = store.iter().flat_map(|dir| {
        let dir = dir.path().to_string_lossy().into_owned();
        ["--store-dir".to_owned(), dir]
    });
    let child = Command::new(env!("CARGO_BIN_EXE_gridbeat"))
        .args(["serve", "--data", data, "--listen", &listen])
        .args(store_args)
        .args(extra)
        .current_dir(root())
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("start gridbeat");
    let server = Server(child, store);
    let deadline = Instant::now() + Duration::from_secs(120);
    while std::net::TcpStream::connect(&listen).is_err() {
        assert!(Instant::now() < deadline, "server did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    (server, format!("http://{listen}"))
}

/// Whether GDAL's `ogrinfo` runs here. A missing GDAL fails the calling test when
/// `GRIDBEAT_REQUIRE_GDAL=1` (as `.ci/run` sets); otherwise the caller skips.
pub fn have_gdal() -> bool {
    let found = std::process::Command::new("ogrinfo")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found && std::env::var("GRIDBEAT_REQUIRE_GDAL").is_ok_and(|v| v == "1") {
        panic!("ogrinfo is required (GRIDBEAT_REQUIRE_GDAL=1) but not installed");
    }
    found
}

/// Whether the GPS tools must be present (`GRIDBEAT_REQUIRE_GPS_TOOLS=1`).
pub fn gps_tools_required() -> bool {
    std::env::var("GRIDBEAT_REQUIRE_GPS_TOOLS").is_ok_and(|v| v == "1")
}

/// Whether the GPS tool `tool` (xmllint, gpsbabel, ogrinfo) runs, asked with `version_arg`.
/// A missing tool fails the calling test when `GRIDBEAT_REQUIRE_GPS_TOOLS=1` (as
/// `scripts/test-all.sh` sets); otherwise the caller skips.
pub fn gps_tool(tool: &str, version_arg: &str) -> bool {
    let found = Command::new(tool)
        .arg(version_arg)
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found || !gps_tools_required(),
        "{tool} is required (GRIDBEAT_REQUIRE_GPS_TOOLS=1)"
    );
    if !found {
        eprintln!("{tool} not installed: skipped");
    }
    found
}

/// Runs `program` with `args`; its standard output, after checking it succeeded.
pub fn run_tool(program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}
