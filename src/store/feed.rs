//! Waking up when another server may have written to the change log.
//!
//! PostgreSQL sends a notification on channel `gridbeat_changes` for every entry (a trigger
//! does, at commit), and the feed still polls now and then in case a notification was missed
//! while the listening connection was down. SQLite has no notifications: the feed polls.

use std::time::Duration;

use sqlx::postgres::PgListener;

use super::{Backend, Store, StoreError, StoreResult};

/// The channel the change log notifies.
pub const CHANNEL: &str = "gridbeat_changes";

/// How often a SQLite feed polls.
const SQLITE_POLL: Duration = Duration::from_millis(200);
/// How often a PostgreSQL feed polls besides listening.
const POSTGRES_POLL: Duration = Duration::from_secs(2);

/// Tells when the change log may have grown.
#[derive(Debug)]
pub struct ChangeFeed {
    listener: Option<PgListener>,
    poll: Duration,
}

impl Store {
    /// A feed of this database's change log.
    ///
    /// # Errors
    ///
    /// A PostgreSQL server that refuses the listening connection.
    pub async fn feed(&self) -> StoreResult<ChangeFeed> {
        match &self.backend {
            Backend::Sqlite(_) => Ok(ChangeFeed {
                listener: None,
                poll: SQLITE_POLL,
            }),
            Backend::Postgres(pool) => {
                let listen = StoreError::database("listen for changes");
                let mut listener = PgListener::connect_with(pool).await.map_err(&listen)?;
                listener.listen(CHANNEL).await.map_err(listen)?;
                Ok(ChangeFeed {
                    listener: Some(listener),
                    poll: POSTGRES_POLL,
                })
            }
        }
    }
}

impl ChangeFeed {
    /// Returns when a notification arrives or the poll interval has passed.
    pub async fn wait(&mut self) {
        let Some(listener) = self.listener.as_mut() else {
            tokio::time::sleep(self.poll).await;
            return;
        };
        match tokio::time::timeout(self.poll, listener.recv()).await {
            Ok(Ok(_)) | Err(_) => {}
            Ok(Err(e)) => {
                // The listener reconnects on its next call; do not spin meanwhile.
                tracing::warn!(error = %e, "change notifications interrupted");
                tokio::time::sleep(self.poll).await;
            }
        }
    }
}
