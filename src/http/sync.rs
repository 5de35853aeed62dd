//! Keeping the served snapshot in step with the change log.
//!
//! Every server on a database applies the edits the others commit: it reads the change-log
//! entries newer than its snapshot and replays each entry's edit on its in-memory data set
//! (the same check-and-apply the first server ran, so the result is the same), then swaps the
//! snapshot in and drops the tiles the edits touched. An entry without an edit (an import), or
//! one that does not replay, makes it reload the whole data set from the database instead.

use std::sync::Arc;

use geo::Rect;

use super::{AppState, Snapshot};
use crate::atlas::Atlas;
use crate::edit::{self, Edit};
use crate::index::union;
use crate::store::{Change, ChangeQuery, Store, StoreError};

/// Why a server could not catch up with the change log.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// Reading the database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Building the index of the reloaded data set failed.
    #[error("indexing the reloaded data set failed: {0}")]
    Index(String),
}

/// Brings `state` up to date with `pending` (entries from the log, oldest first); entries the
/// snapshot already includes are skipped. The caller holds `state.edit_lock`.
///
/// # Errors
///
/// A database failure while reloading.
pub async fn catch_up(
    state: &AppState,
    store: &Store,
    pending: Vec<Change>,
) -> Result<Arc<Snapshot>, SyncError> {
    let current = state.snapshot();
    let pending: Vec<Change> = pending
        .into_iter()
        .filter(|c| c.id > current.change_id)
        .collect();
    let Some(last) = pending.last().map(|c| c.id) else {
        return Ok(current);
    };
    let base = current.clone();
    let replayed = tokio::task::spawn_blocking(move || replay(&base, &pending)).await;
    match replayed {
        Ok(Ok(replayed)) => {
            tracing::info!(change = last, "applied changes made by another server");
            let Replayed {
                atlas,
                affected,
                same_polygons,
            } = replayed;
            Ok(state.advance(atlas, affected, last, same_polygons))
        }
        Ok(Err(reason)) => {
            tracing::info!(change = last, reason, "reloading the data set");
            reload(state, store).await
        }
        Err(e) => {
            tracing::warn!(error = %e, "replaying changes failed; reloading the data set");
            reload(state, store).await
        }
    }
}

/// A snapshot's data with edits replayed on it.
struct Replayed {
    atlas: Atlas,
    /// The area the edits touch.
    affected: Option<Rect>,
    /// Whether every polygon kept its shape.
    same_polygons: bool,
}

/// The snapshot's data with `pending` edits applied.
fn replay(base: &Snapshot, pending: &[Change]) -> Result<Replayed, String> {
    let mut dataset = base.atlas.dataset.clone();
    let mut affected: Option<Rect> = None;
    let mut same_polygons = true;
    for change in pending {
        let Some(value) = &change.edit else {
            return Err(format!("entry {} is a {}", change.id, change.action));
        };
        let edit: Edit = serde_json::from_value(value.clone())
            .map_err(|e| format!("entry {} holds no edit: {e}", change.id))?;
        let applied = edit::apply(&dataset, &edit)
            .map_err(|e| format!("entry {} does not replay: {e}", change.id))?;
        dataset = applied.dataset;
        same_polygons &= edit.keeps_polygons();
        affected = match (affected, applied.affected) {
            (Some(a), Some(b)) => Some(union(a, b)),
            (a, b) => a.or(b),
        };
    }
    Ok(Replayed {
        atlas: base.atlas.evolve(dataset, same_polygons),
        affected,
        same_polygons,
    })
}

/// Replaces the snapshot with the database's data set.
async fn reload(state: &AppState, store: &Store) -> Result<Arc<Snapshot>, SyncError> {
    let (dataset, change_id) = store.load_current().await?;
    let roads = state.snapshot().atlas.roads.clone();
    let atlas = tokio::task::spawn_blocking(move || Atlas::new(dataset).with_roads(roads))
        .await
        .map_err(|e| SyncError::Index(e.to_string()))?;
    Ok(state.advance(atlas, None, change_id, false))
}

/// Follows the change log for as long as the server runs: whenever the feed wakes up and the
/// log holds entries newer than the snapshot, catches up.
pub async fn follow(state: AppState, store: Store) {
    let mut feed = loop {
        match store.feed().await {
            Ok(feed) => break feed,
            Err(e) => {
                tracing::warn!(error = %e, "cannot follow the change log yet; retrying");
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            }
        }
    };
    loop {
        feed.wait().await;
        if let Err(e) = step(&state, &store).await {
            tracing::warn!(error = %e, "following the change log failed; retrying");
        }
    }
}

async fn step(state: &AppState, store: &Store) -> Result<(), SyncError> {
    if store.last_change().await? <= state.snapshot().change_id {
        return Ok(());
    }
    let _turn = state.edit_lock.lock().await;
    let query = ChangeQuery {
        after_id: state.snapshot().change_id,
        limit: i64::MAX,
        ..ChangeQuery::default()
    };
    let pending = store.changes(&query).await?;
    catch_up(state, store, pending).await?;
    Ok(())
}
