//! The SQLite backend: one file, geometry as GeoJSON text.

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

    // Keep one connection open so that an in-memory database lives as long as the pool.
    let pool = SqlitePoolOptions::new()
        .min_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .connect_with(options)
        .await
        .map_err(connect)?;
    MIGRATOR
        .run(&pool)
        .await
        .map_err(|source| StoreError::Migrate {
            backend: "sqlite",
            source,
        })?;
    Ok(pool)
}
