//! Errors of the store.

use std::path::PathBuf;

use crate::model::ModelError;

/// A [`StoreError`] or a value.
pub type StoreResult<T> = Result<T, StoreError>;

/// Why the store could not connect, import or load.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database URL names no backend gridbeat knows.
    #[error("unsupported database url scheme {scheme:?}: use sqlite://PATH or postgres://...")]
    UnsupportedUrl {
        /// The scheme found (the URL itself is not kept: it may hold a password).
        scheme: String,
    },
    /// The folder of a SQLite file could not be created.
    #[error("cannot create the database folder {}", path.display())]
    CreateFolder {
        /// The folder.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The database could not be reached or opened.
    #[error("cannot connect to the {backend} database")]
    Connect {
        /// `sqlite` or `postgres`.
        backend: &'static str,
        /// The cause.
        #[source]
        source: sqlx::Error,
    },
    /// The schema could not be brought up to date.
    #[error("cannot migrate the {backend} database schema")]
    Migrate {
        /// `sqlite` or `postgres`.
        backend: &'static str,
        /// The cause.
        #[source]
        source: sqlx::migrate::MigrateError,
    },
    /// The database already holds another data set; gridbeat never mixes two.
    #[error("the database holds data set {stored:?}, not {importing:?}; use another database")]
    OtherDataset {
        /// The data set in the database.
        stored: String,
        /// The data set that was to be imported.
        importing: String,
    },
    /// A record was refused by the database (a broken key, an invalid geometry, ...).
    #[error("cannot store {layer} {id:?}")]
    Write {
        /// Layer of the record.
        layer: &'static str,
        /// Its id.
        id: String,
        /// The database's reason.
        #[source]
        source: sqlx::Error,
    },
    /// A statement that is not about one record failed (begin, delete, commit, a read).
    #[error("cannot {step}")]
    Database {
        /// What was being done, e.g. `read grids`.
        step: &'static str,
        /// The cause.
        #[source]
        source: sqlx::Error,
    },
    /// A number does not fit the database's signed 64-bit integers.
    #[error("{layer} {id:?}: {field} {value} is too large to store")]
    TooLarge {
        /// Layer of the record.
        layer: &'static str,
        /// Its id.
        id: String,
        /// The field.
        field: &'static str,
        /// The value.
        value: u64,
    },
    /// A stored value cannot be turned back into the model.
    #[error("stored {layer} {id:?}: bad {field}: {message}")]
    BadValue {
        /// Layer of the record.
        layer: &'static str,
        /// Its id.
        id: String,
        /// The column.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// A record to rewrite is not in the data set that was to be written.
    #[error("{layer} {id:?} is not in the edited data set")]
    Missing {
        /// Layer of the record.
        layer: &'static str,
        /// Its id.
        id: String,
    },
    /// There is no data set in the database yet.
    #[error("the database holds no data set; run `gridbeat import` first")]
    Empty,
    /// The stored records do not fit together.
    #[error("the stored data set is inconsistent")]
    Model {
        /// The broken rule.
        #[source]
        source: ModelError,
    },
}

impl StoreError {
    /// A closure wrapping a `sqlx::Error` as [`StoreError::Database`] for `step`.
    pub(super) fn database(step: &'static str) -> impl Fn(sqlx::Error) -> Self {
        move |source| Self::Database { step, source }
    }

    /// A closure wrapping a `sqlx::Error` as [`StoreError::Write`] for one record.
    pub(super) fn write(layer: &'static str, id: &str) -> impl FnOnce(sqlx::Error) -> Self {
        let id = id.to_owned();
        move |source| Self::Write { layer, id, source }
    }
}
