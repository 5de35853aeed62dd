//! The system of record: a data set kept in SQLite or in PostgreSQL + PostGIS, through sqlx.
//!
//! A [`Store`] is opened from a URL — `sqlite://PATH` for the embedded default (the file and its
//! folder are created when missing) or `postgres://...` for a server — and brings the schema up
//! to date with the migrations in `migrations/sqlite/` or `migrations/postgres/`. A database
//! holds one data set: [`Store::import`] writes one in a single transaction (refusing a database
//! that holds another one), [`Store::load`] reads it back into a checked [`Dataset`].
//!
//! The schemas have the same tables and keys. In PostGIS every geometry is a
//! `geometry(MultiPolygon, 4326)` or `geometry(Point, 4326)` column with a GiST index, and
//! polygons must pass `ST_IsValid`, so psql, QGIS and GDAL read the tables as they are. SQLite
//! has no spatial types: its geometry columns hold GeoJSON text (WGS84, lon/lat degrees), and
//! nothing checks polygon validity there. Both keep coordinates bit for bit.
//!
//! Only this module talks to a database; the domain modules know nothing of sqlx.

mod change;
mod edit_tx;
mod error;
mod feed;
mod geometry;
mod postgres;
mod rows;
mod sqlite;
mod tokens;

pub use change::{Change, ChangeQuery, NewChange};
pub use edit_tx::{EditTx, Record};
pub use error::{StoreError, StoreResult};
pub use feed::{CHANNEL, ChangeFeed};
pub use tokens::TokenInfo;

use crate::model::Dataset;

/// A connection pool to the database that holds one data set.
///
/// Cheap to clone: clones share the pool.
///
/// # Examples
///
/// ```
/// use gridbeat::store::{Store, StoreKind};
///
/// # async fn demo() -> Result<(), gridbeat::store::StoreError> {
/// let store = Store::connect("sqlite::memory:").await?;
/// assert_eq!(store.kind(), StoreKind::Sqlite);
/// assert_eq!(store.dataset_name().await?, None);
/// # Ok(())
/// # }
/// # let runtime = tokio::runtime::Runtime::new().expect("a runtime");
/// # runtime.block_on(demo()).expect("an empty in-memory store");
/// ```
#[derive(Debug, Clone)]
pub struct Store {
    backend: Backend,
}

/// The database behind a [`Store`].
#[derive(Debug, Clone)]
enum Backend {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

/// Which kind of database a [`Store`] uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StoreKind {
    /// An embedded SQLite file.
    Sqlite,
    /// A PostgreSQL server with PostGIS.
    Postgres,
}

impl StoreKind {
    /// `sqlite` or `postgres`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

impl Store {
    /// Opens the database at `url` and applies any migration it lacks.
    ///
    /// `sqlite://PATH` (relative to the working folder; `sqlite:///abs/path` for an absolute
    /// one) creates the file and its folder when missing; `sqlite::memory:` is a private
    /// in-memory database that lives as long as the store. `postgres://` and `postgresql://`
    /// URLs take libpq-style parameters; the database must exist, and PostGIS must be
    /// installed in it or creatable by the connecting role.
    ///
    /// # Errors
    ///
    /// An unknown scheme, a folder that cannot be created, a database that cannot be reached,
    /// or a failed migration.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let backend = match scheme(url) {
            "sqlite" => Backend::Sqlite(sqlite::connect(url).await?),
            "postgres" | "postgresql" => Backend::Postgres(postgres::connect(url).await?),
            other => {
                return Err(StoreError::UnsupportedUrl {
                    scheme: other.to_owned(),
                });
            }
        };
        Ok(Self { backend })
    }

    /// Which kind of database this is.
    pub fn kind(&self) -> StoreKind {
        match self.backend {
            Backend::Sqlite(_) => StoreKind::Sqlite,
            Backend::Postgres(_) => StoreKind::Postgres,
        }
    }

    /// Writes `dataset` in one transaction: all of it, or nothing.
    ///
    /// A database that already holds the same data set (by name) has it replaced, in the same
    /// transaction. Row versions start again at 1. The import is written to the change log.
    ///
    /// # Errors
    ///
    /// [`StoreError::OtherDataset`] when the database holds a data set of another name;
    /// [`StoreError::Write`] naming the first record the database refuses (a broken reference,
    /// or in PostGIS a polygon that is not valid); any other database failure. In every case
    /// the database is left as it was.
    pub async fn import(&self, dataset: &Dataset) -> StoreResult<()> {
        match &self.backend {
            Backend::Sqlite(pool) => sqlite::import(pool, dataset).await,
            Backend::Postgres(pool) => postgres::import(pool, dataset).await,
        }
    }

    /// Reads the stored data set back, in the order it was imported, and checks it.
    ///
    /// # Errors
    ///
    /// [`StoreError::Empty`] before any import; a database failure; a stored value that does
    /// not fit the model, or records that do not fit together.
    pub async fn load(&self) -> StoreResult<Dataset> {
        Ok(self.load_current().await?.0)
    }

    /// [`Store::load`], together with the id of the newest change-log entry it includes, read
    /// from the same snapshot: later entries are what [`Store::changes`] adds to it.
    ///
    /// # Errors
    ///
    /// As [`Store::load`].
    pub async fn load_current(&self) -> StoreResult<(Dataset, i64)> {
        match &self.backend {
            Backend::Sqlite(pool) => sqlite::load(pool).await,
            Backend::Postgres(pool) => postgres::load(pool).await,
        }
    }

    /// Change-log entries matching `query`, oldest first.
    ///
    /// # Errors
    ///
    /// A database failure or an unreadable entry.
    pub async fn changes(&self, query: &ChangeQuery) -> StoreResult<Vec<Change>> {
        let acquire = StoreError::database("read the change log");
        match &self.backend {
            Backend::Sqlite(pool) => {
                let mut conn = pool.acquire().await.map_err(acquire)?;
                sqlite::edit::changes(&mut conn, query).await
            }
            Backend::Postgres(pool) => {
                let mut conn = pool.acquire().await.map_err(acquire)?;
                postgres::edit::changes(&mut conn, query).await
            }
        }
    }

    /// The id of the newest change-log entry (0 for an empty log).
    ///
    /// # Errors
    ///
    /// A database failure.
    pub async fn last_change(&self) -> StoreResult<i64> {
        let acquire = StoreError::database("read the change log");
        match &self.backend {
            Backend::Sqlite(pool) => {
                let mut conn = pool.acquire().await.map_err(acquire)?;
                sqlite::edit::last_change(&mut conn).await
            }
            Backend::Postgres(pool) => {
                let mut conn = pool.acquire().await.map_err(acquire)?;
                postgres::edit::last_change(&mut conn).await
            }
        }
    }

    /// The name of the stored data set, or `None` before any import.
    ///
    /// # Errors
    ///
    /// A database failure.
    pub async fn dataset_name(&self) -> StoreResult<Option<String>> {
        const SQL: &str = "SELECT name FROM dataset_meta";
        let read = StoreError::database("read the data set name");
        match &self.backend {
            Backend::Sqlite(pool) => sqlx::query_scalar(SQL).fetch_optional(pool).await,
            Backend::Postgres(pool) => sqlx::query_scalar(SQL).fetch_optional(pool).await,
        }
        .map_err(read)
    }

    /// Closes every connection, waiting for those in use to be returned.
    pub async fn close(&self) {
        match &self.backend {
            Backend::Sqlite(pool) => pool.close().await,
            Backend::Postgres(pool) => pool.close().await,
        }
    }
}

/// The scheme of a URL as written; empty when there is none.
fn scheme(url: &str) -> &str {
    url.split_once(':').map_or("", |(scheme, _)| scheme)
}

/// `url` with its password and query parameters hidden, fit for logs and messages.
///
/// ```
/// # use gridbeat::store::redact_url;
/// let url = "postgres://gis:secret@db.local:5432/gridbeat?sslmode=require";
/// assert_eq!(redact_url(url), "postgres://gis:***@db.local:5432/gridbeat?***");
/// assert_eq!(redact_url("sqlite://data/henan.db"), "sqlite://data/henan.db");
/// ```
pub fn redact_url(url: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, _)) => (base, "?***"),
        None => (url, ""),
    };
    let Some((scheme, rest)) = base.split_once("://") else {
        return format!("{base}{query}");
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{user}:***@{host}"),
            None => format!("{userinfo}@{host}"),
        },
        None => authority.to_owned(),
    };
    format!("{scheme}://{authority}{path}{query}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_show() {
        let url = "postgresql://u:p%40ss@h/db";
        assert_eq!(redact_url(url), "postgresql://u:***@h/db");
        assert_eq!(redact_url("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(
            redact_url("postgres:///db?password=x"),
            "postgres:///db?***"
        );
        assert_eq!(redact_url("sqlite:x.db"), "sqlite:x.db");
    }

    #[tokio::test]
    async fn unknown_schemes_are_refused() {
        let err = Store::connect("mysql://u:secret@h/db")
            .await
            .expect_err("mysql");
        assert!(matches!(err, StoreError::UnsupportedUrl { ref scheme } if scheme == "mysql"));
        assert!(!err.to_string().contains("secret"));
    }
}
