//! `gridbeat serve --database-url`: the database is the system of record, filled once from
//! the data set folder, and never mixed with another data set.

mod common;

use std::io::{Read, Write};
use std::process::Command;

fn get(url: &str, path: &str) -> String {
    let addr = url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut reply = String::new();
    stream.read_to_string(&mut reply).expect("read");
    reply
}

#[test]
fn serves_from_sqlite_and_refuses_another_data_set() {
    let dir = std::env::temp_dir().join(format!("gridbeat-serve-db-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let url = format!("sqlite://{}", dir.join("andorra.db").display());
    let andorra = common::root().join("geodata/andorra").display().to_string();

    {
        let (_server, base) = common::start_server_with(&andorra, &["--database-url", &url]);
        let reply = get(&base, "/api/v1/dataset");
        assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
        assert!(reply.contains("\"name\":\"andorra\""), "{reply}");
        let grids = common::andorra().dataset.grids.len();
        assert!(reply.contains(&format!("\"grids\":{grids}")), "{reply}");
    }
    assert!(dir.join("andorra.db").exists());

    let henan = common::root().join("geodata/henan").display().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_gridbeat"))
        .args([
            "serve",
            "--data",
            &henan,
            "--database-url",
            &url,
            "--listen",
            "127.0.0.1:0",
        ])
        .env("RUST_LOG", "warn")
        .output()
        .expect("run gridbeat");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("holds data set \"andorra\""), "{stderr}");
    std::fs::remove_dir_all(dir).expect("clean up");
}
