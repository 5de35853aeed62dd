//! The write transaction of one edit.
//!
//! [`Store::begin_edit`] takes the database's single writer lock (SQLite `BEGIN IMMEDIATE`, a
//! transaction-level advisory lock in PostgreSQL), so edits from every server on the database
//! run one after another. Inside it a server first reads the entries others committed since its
//! snapshot, brings its data set up to date, checks and applies the edit, then writes the
//! changed record and its change-log entry; [`EditTx::commit`] makes both durable at once.
//! Dropping an [`EditTx`] without committing rolls everything back.

use sqlx::{Postgres, Sqlite, Transaction};

use super::change::{Change, ChangeQuery, NewChange};
use super::{Backend, Store, StoreError, StoreResult, postgres, sqlite};
use crate::model::Dataset;

/// Key of the PostgreSQL advisory lock that serialises edits and imports (any fixed number).
pub(in crate::store) const WRITER_LOCK_KEY: i64 = 0x6772_6964_6265_6174;

/// A record an edit changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record<'a> {
    /// An officer, with their grid list.
    Officer(&'a str),
    /// An office.
    Office(&'a str),
    /// A workstation.
    Workstation(&'a str),
    /// A grid's polygon.
    Grid(&'a str),
}

/// An open edit transaction holding the writer lock.
#[derive(Debug)]
pub struct EditTx {
    inner: Inner,
}

#[derive(Debug)]
enum Inner {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

impl Store {
    /// Begins an edit: waits for the writer lock and holds it until commit or drop.
    ///
    /// # Errors
    ///
    /// A database failure, or a lock not obtained within the busy timeout.
    pub async fn begin_edit(&self) -> StoreResult<EditTx> {
        let begin = StoreError::database("begin the edit");
        let inner = match &self.backend {
            Backend::Sqlite(pool) => {
                Inner::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await.map_err(begin)?)
            }
            Backend::Postgres(pool) => {
                let mut tx = pool.begin().await.map_err(&begin)?;
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(WRITER_LOCK_KEY)
                    .execute(&mut *tx)
                    .await
                    .map_err(begin)?;
                Inner::Postgres(tx)
            }
        };
        Ok(EditTx { inner })
    }
}

impl EditTx {
    /// Entries committed after `after_id`, oldest first: what this server has not seen yet.
    ///
    /// # Errors
    ///
    /// A database failure or an unreadable entry.
    pub async fn changes_since(&mut self, after_id: i64) -> StoreResult<Vec<Change>> {
        let query = ChangeQuery {
            after_id,
            limit: i64::MAX,
            ..ChangeQuery::default()
        };
        match &mut self.inner {
            Inner::Sqlite(tx) => sqlite::edit::changes(tx, &query).await,
            Inner::Postgres(tx) => postgres::edit::changes(tx, &query).await,
        }
    }

    /// Writes `record` as `dataset` has it (deleting it when `dataset` has none).
    ///
    /// # Errors
    ///
    /// [`StoreError::Write`] when the database refuses the row; the transaction is then unusable
    /// and must be dropped.
    pub async fn write(&mut self, dataset: &Dataset, record: Record<'_>) -> StoreResult<()> {
        match &mut self.inner {
            Inner::Sqlite(tx) => sqlite::edit::write_record(tx, dataset, record).await,
            Inner::Postgres(tx) => postgres::edit::write_record(tx, dataset, record).await,
        }
    }

    /// Appends the change-log entry of this edit; returns its id.
    ///
    /// # Errors
    ///
    /// A database failure.
    pub async fn log(&mut self, entry: &NewChange<'_>) -> StoreResult<i64> {
        match &mut self.inner {
            Inner::Sqlite(tx) => sqlite::edit::log(tx, entry).await,
            Inner::Postgres(tx) => postgres::edit::log(tx, entry).await,
        }
    }

    /// Commits: once this returns, the edit survives a crash.
    ///
    /// # Errors
    ///
    /// A database failure; nothing was written then.
    pub async fn commit(self) -> StoreResult<()> {
        let commit = StoreError::database("commit the edit");
        match self.inner {
            Inner::Sqlite(tx) => tx.commit().await.map_err(commit),
            Inner::Postgres(tx) => tx.commit().await.map_err(commit),
        }
    }
}
