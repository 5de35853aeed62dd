//! The SQLite backend: one file, geometry as GeoJSON text.

pub(super) mod edit;
mod import;
mod load;

use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use super::{StoreError, StoreResult};

pub(super) use import::import;
pub(super) use load::load;

static MIGRATOR: Migrator = sqlx::migrate!("migrations/sqlite");

/// How long a writer waits for another one before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Tries at opening a file that another process may be creating at the same time.
const OPEN_ATTEMPTS: u32 = 5;
/// Pause between two of them.
const OPEN_RETRY_PAUSE: Duration = Duration::from_millis(200);

/// Opens (creating if needed) and migrates the SQLite database at `url`.
pub(super) async fn connect(url: &str) -> StoreResult<SqlitePool> {
    let connect = |source| StoreError::Connect {
        backend: "sqlite",
        source,
    };
    let options = SqliteConnectOptions::from_str(url)
        .map_err(connect)?
        .create_if_missing(true)
        .foreign_keys(true)
        // WAL lets readers go on during an import; FULL makes every commit durable.
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(BUSY_TIMEOUT);

    // An in-memory database (sqlx names it `file:...`) has no folder to create.
    let file = options.get_filename();
    let in_memory = file.to_string_lossy().starts_with("file:");
    let folder = file.parent().filter(|f| !f.as_os_str().is_empty());
    if let Some(folder) = folder.filter(|_| !in_memory) {
        std::fs::create_dir_all(folder).map_err(|source| StoreError::CreateFolder {
            path: folder.to_path_buf(),
            source,
        })?;
    }

    // Two processes opening a new file at once race: the switch to WAL can fail at once with
    // "database is locked", and sqlx does not lock the file while migrating, so the loser
    // fails on a table that now exists. The winner has committed by then: try again.
    let mut attempts = 1;
    loop {
        match open(options.clone()).await {
            Ok(pool) => return Ok(pool),
            Err(_) if attempts < OPEN_ATTEMPTS => {
                attempts += 1;
                tokio::time::sleep(OPEN_RETRY_PAUSE).await;
            }
            Err(e) => return Err(e),
        }
    }
}

/// Opens a pool on `options` and applies the migrations the file lacks.
async fn open(options: SqliteConnectOptions) -> StoreResult<SqlitePool> {
    // Keep one connection open so that an in-memory database lives as long as the pool.
    let pool = SqlitePoolOptions::new()
        .min_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .connect_with(options)
        .await
        .map_err(|source| StoreError::Connect {
            backend: "sqlite",
            source,
        })?;
    MIGRATOR
        .run(&pool)
        .await
        .map_err(|source| StoreError::Migrate {
            backend: "sqlite",
            source,
        })?;
    Ok(pool)
}
