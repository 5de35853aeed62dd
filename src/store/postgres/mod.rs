//! The PostgreSQL + PostGIS backend: geometry columns in EPSG:4326, sent and read as WKB.

pub(super) mod edit;
mod import;
mod load;

use sqlx::PgPool;
use sqlx::migrate::Migrator;
use sqlx::postgres::PgPoolOptions;

use super::{StoreError, StoreResult};

pub(super) use import::import;
pub(super) use load::load;

static MIGRATOR: Migrator = sqlx::migrate!("migrations/postgres");

/// Connections kept to the server: one import or a few readers at a time.
const MAX_CONNECTIONS: u32 = 8;

/// Connects to the server at `url` and migrates the database.
pub(super) async fn connect(url: &str) -> StoreResult<PgPool> {
    let pool = PgPoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        .connect(url)
        .await
        .map_err(|source| StoreError::Connect {
            backend: "postgres",
            source,
        })?;
    MIGRATOR
        .run(&pool)
        .await
        .map_err(|source| StoreError::Migrate {
            backend: "postgres",
            source,
        })?;
    Ok(pool)
}
