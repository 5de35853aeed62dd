//! Databases for one test: a SQLite file in a temporary folder, or a database of its own on the
//! PostgreSQL test server (`GRIDBEAT_TEST_PG_URL`), dropped again when the test ends.

use sqlx::{Connection, Executor, PgConnection};

/// A fresh, empty database that lives as long as the value.
pub struct TestDb {
    /// Its URL.
    pub url: String,
    /// The SQLite file's folder.
    dir: Option<tempfile::TempDir>,
    /// The PostgreSQL server and database name, dropped on drop.
    pg: Option<(String, String)>,
}

impl TestDb {
    /// The folder of a SQLite database.
    pub fn dir(&self) -> Option<&std::path::Path> {
        self.dir.as_ref().map(tempfile::TempDir::path)
    }
}

/// A new SQLite file (not created yet) in a temporary folder.
pub fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temporary folder");
    TestDb {
        url: format!("sqlite://{}", dir.path().join("gridbeat.db").display()),
        dir: Some(dir),
        pg: None,
    }
}

/// The PostgreSQL test server, or `None` to skip (a failure when `GRIDBEAT_REQUIRE_PG=1`).
pub fn pg_server() -> Option<String> {
    match std::env::var("GRIDBEAT_TEST_PG_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("GRIDBEAT_REQUIRE_PG").is_ok_and(|v| v == "1") => {
            panic!("GRIDBEAT_REQUIRE_PG=1 but GRIDBEAT_TEST_PG_URL is not set")
        }
        _ => {
            eprintln!("skipped: set GRIDBEAT_TEST_PG_URL to run PostgreSQL tests");
            None
        }
    }
}

/// A new database named after `test` on the PostgreSQL test server, or `None` to skip.
/// Call it outside any async runtime.
pub fn postgres(test: &str) -> Option<TestDb> {
    let server = pg_server()?;
    let name = format!("gridbeat_t_{test}_{}", std::process::id());
    run_admin(
        &server,
        &[
            format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            format!("CREATE DATABASE {name}"),
        ],
    );
    Some(TestDb {
        url: with_database(&server, &name),
        dir: None,
        pg: Some((server, name)),
    })
}

/// Both kinds of database for one test: SQLite always, PostgreSQL when available.
pub fn each(test: &str) -> Vec<TestDb> {
    std::iter::once(sqlite()).chain(postgres(test)).collect()
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((server, name)) = &self.pg {
            run_admin(
                server,
                &[format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")],
            );
        }
    }
}

fn run_admin(server: &str, statements: &[String]) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let mut admin = PgConnection::connect(server)
            .await
            .expect("connect to the test server");
        for sql in statements {
            admin.execute(sql.as_str()).await.expect(sql);
        }
    });
}

/// `url` pointing at database `name` on the same server, with the same parameters.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, ""), |(b, _)| (b, &url[b.len()..]));
    let authority = base.find("://").expect("a URL with a scheme") + 3;
    let path = base[authority..]
        .find('/')
        .map_or(base.len(), |i| authority + i);
    format!("{}/{name}{query}", &base[..path])
}
