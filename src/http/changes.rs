//! `GET /api/v1/changes`: the change log — who changed what, when, before and after.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use super::params::Params;
use super::{ApiError, AppState};
use crate::store::ChangeQuery;

/// Entries per page when `limit` is not given.
const DEFAULT_LIMIT: i64 = 100;
/// Largest page.
const MAX_LIMIT: i64 = 1000;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/changes", get(changes))
}

/// `?after=ID&limit=N&entity=KIND&id=ID`: entries after `after` (default 0), oldest first,
/// with `next` (the `after` of the following page) while more may follow.
async fn changes(State(state): State<AppState>, query: Params) -> Result<Json<Value>, ApiError> {
    query.only(&["after", "limit", "entity", "id"])?;
    let store = state.store.as_ref().ok_or_else(|| {
        ApiError::NotFound("this server has no database, so it keeps no change log".into())
    })?;
    let number = |name: &str, default: i64, max: i64| -> Result<i64, ApiError> {
        query.get(name).map_or(Ok(default), |v| {
            v.trim()
                .parse::<i64>()
                .ok()
                .filter(|n| (0..=max).contains(n))
                .ok_or_else(|| {
                    ApiError::BadRequest(format!("{name}: expected a whole number in 0..={max}"))
                })
        })
    };
    let request = ChangeQuery {
        after_id: number("after", 0, i64::MAX)?,
        limit: number("limit", DEFAULT_LIMIT, MAX_LIMIT)?,
        entity: query.get("entity").cloned(),
        entity_id: query.get("id").cloned(),
    };
    if let Some(entity) = &request.entity {
        const KINDS: [&str; 5] = ["dataset", "officer", "office", "workstation", "grid"];
        if !KINDS.contains(&entity.as_str()) {
            return Err(ApiError::BadRequest(format!(
                "entity: {entity:?} is not one of {}",
                KINDS.join(", ")
            )));
        }
    }
    let found = store
        .changes(&request)
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    let full = i64::try_from(found.len()).is_ok_and(|n| n == request.limit && n > 0);
    let next = found.last().filter(|_| full).map(|c| c.id);
    Ok(Json(json!({ "changes": found, "next": next })))
}
