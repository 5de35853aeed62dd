//! Time from an acknowledged edit to the change being visible, on the server that took it and
//! on a second server on the same database: SQLite, and PostGIS when `GRIDBEAT_BENCH_PG_URL`
//! names a database this benchmark may fill (it is emptied and re-imported).
//!
//! `cargo bench --bench edit_visible [-- henan|andorra]` (release build). Each round renames
//! one officer on server A, then polls the officer's record on A and on B every millisecond
//! until its version is the acknowledged one.

#![allow(
    clippy::print_stdout,
    reason = "the benchmark reports its table on stdout"
)]

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Edits measured per database.
const ROUNDS: usize = 40;

fn main() {
    let set = std::env::args()
        .skip(1)
        .find(|a| a == "henan" || a == "andorra")
        .unwrap_or_else(|| "henan".into());
    let data = format!("{}/geodata/{set}", env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let sqlite = format!("sqlite://{}", dir.path().join("bench.db").display());
    let mut targets = vec![("sqlite", sqlite)];
    if let Ok(url) = std::env::var("GRIDBEAT_BENCH_PG_URL") {
        targets.push(("postgis", url));
    }
    println!("edit → visible, data set {set}, {ROUNDS} edits each (ms)");
    println!("| database | server | median | p95 | max |");
    println!("|---|---|---|---|---|");
    for (kind, url) in targets {
        measure(kind, &url, &data);
    }
}

fn measure(kind: &str, url: &str, data: &str) {
    run(&["import", "--data", data, "--database-url", url, "--replace"]);
    let token = run(&["token", "--database-url", url, "create"])
        .trim()
        .to_owned();
    let a = Server::start(data, url);
    let b = Server::start(data, url);
    let officer = first_officer(&a.base);

    let (mut same, mut other, mut ack) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let tag = get(&a.base, &format!("/api/v1/records/officer/{officer}")).1;
        let edit = json!({ "op": "update_officer", "id": officer, "name": format!("R{round}") });
        let sent = Instant::now();
        let version = post_edit(&a.base, &token, &edit, &tag);
        let acked = Instant::now();
        ack.push(ms(acked - sent));
        same.push(ms(until_visible(&a.base, &officer, &version) - acked));
        other.push(ms(until_visible(&b.base, &officer, &version) - acked));
    }
    row(kind, "edit round trip (send → ack)", ack);
    row(kind, "same server (ack → visible)", same);
    row(kind, "other server (ack → visible)", other);
}

fn row(kind: &str, what: &str, mut values: Vec<f64>) {
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    println!(
        "| {kind} | {what} | {:.1} | {:.1} | {:.1} |",
        at(0.5),
        at(0.95),
        at(1.0)
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Polls the record until its version is `version`; returns when it was seen.
fn until_visible(base: &str, officer: &str, version: &str) -> Instant {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (_, tag) = get(base, &format!("/api/v1/records/officer/{officer}"));
        if tag == version {
            return Instant::now();
        }
        assert!(Instant::now() < deadline, "the edit never showed on {base}");
        std::thread::sleep(Duration::from_millis(1));
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

fn get(base: &str, path: &str) -> (Value, String) {
    let mut reply = agent()
        .get(format!("{base}{path}"))
        .call()
        .expect("an answer");
    let tag = header(&reply, "etag");
    let body = reply.body_mut().read_to_string().expect("a body");
    (serde_json::from_str(&body).unwrap_or(Value::Null), tag)
}

fn post_edit(base: &str, token: &str, edit: &Value, tag: &str) -> String {
    let mut reply = agent()
        .post(format!("{base}/api/v1/edits"))
        .header("Authorization", format!("Bearer {token}"))
        .header("If-Match", tag)
        .send(edit.to_string())
        .expect("an answer");
    let status = reply.status().as_u16();
    let body = reply.body_mut().read_to_string().expect("a body");
    assert_eq!(status, 200, "{body}");
    header(&reply, "etag")
}

fn header(reply: &ureq::http::Response<ureq::Body>, name: &str) -> String {
    reply
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

fn first_officer(base: &str) -> String {
    let (page, _) = get(base, "/ogc/collections/officers/items?limit=1");
    page["features"][0]["id"]
        .as_str()
        .expect("an officer")
        .to_owned()
}

fn run(args: &[&str]) -> String {
    let mut args = args.to_vec();
    if args.first() == Some(&"token") {
        args.extend(["--name", "bench", "--role", "admin"]);
    }
    let out = Command::new(env!("CARGO_BIN_EXE_gridbeat"))
        .args(&args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run gridbeat");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// A `gridbeat serve` on a free port, killed on drop.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(data: &str, url: &str) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let listen = format!("127.0.0.1:{port}");
        let child = Command::new(env!("CARGO_BIN_EXE_gridbeat"))
            .args([
                "serve",
                "--data",
                data,
                "--database-url",
                url,
                "--listen",
                &listen,
            ])
            .args([
                "--web-root",
                concat!(env!("CARGO_MANIFEST_DIR"), "/web-map"),
            ])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .expect("start gridbeat");
        let deadline = Instant::now() + Duration::from_secs(120);
        while std::net::TcpStream::connect(&listen).is_err() {
            assert!(Instant::now() < deadline, "the server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Self {
            child,
            base: format!("http://{listen}"),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
