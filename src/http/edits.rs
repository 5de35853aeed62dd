//! `POST /api/v1/edits`: one edit, checked, stored with its change-log entry, and served.
//!
//! The order of the checks is the order of the answers: 401 (no valid token), 403 (a viewer,
//! or an editor outside their jurisdictions), 400 (not an edit), 428 (no `If-Match` on an edit
//! of an existing record), 409 (a stale `If-Match`, an id that exists, a grid that has its
//! primary officer), 404 (a record that does not exist), 422 (a rule of the data broken). The
//! edit is acknowledged only once it is committed, and it is visible in this server's lookups,
//! OGC items and tiles before the answer leaves.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

use super::access::{self, Freshness};
use super::params::Params;
use super::{ApiError, AppState, sync};
use crate::atlas::Atlas;
use crate::auth::{AccessRole, Grant};
use crate::edit::{self, Applied, Edit, EditError};
use crate::store::{NewChange, Record};

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/edits", post(post_edit))
}

/// Reads of the records edits change, with the version an edit sends back in `If-Match`.
pub fn records_router() -> Router<AppState> {
    Router::new().route("/api/v1/records/{entity}/{id}", get(get_record))
}

/// `GET /api/v1/records/{officer|office|workstation|grid}/{id}`: the record as edits see it,
/// with its version as `ETag`.
async fn get_record(
    State(state): State<AppState>,
    path: Result<Path<(String, String)>, PathRejection>,
    query: Params,
) -> Result<Response, ApiError> {
    let Path((entity, id)) = path?;
    query.only(&[])?;
    if !EDITABLE.contains(&entity.as_str()) {
        return Err(ApiError::NotFound(format!(
            "no record kind {entity:?}; editable kinds are {}",
            EDITABLE.join(", ")
        )));
    }
    let snapshot = state.snapshot();
    let record = edit::record_of(&snapshot.atlas.dataset, &entity, &id)
        .ok_or_else(|| ApiError::NotFound(format!("no {entity} {id:?}")))?;
    let etag = edit::etag(&record);
    let mut response = Json(record).into_response();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    Ok(response)
}

/// The kinds of record an edit changes.
const EDITABLE: [&str; 4] = ["officer", "office", "workstation", "grid"];

async fn post_edit(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let grant = access::grant(&state, &headers, Freshness::Now).await?;
    if grant.role == AccessRole::Viewer {
        return Err(ApiError::Forbidden(format!(
            "token {:?} is a viewer token; edits need an editor or admin token",
            grant.name
        )));
    }
    let edit: Edit = serde_json::from_slice(&body?)
        .map_err(|e| ApiError::BadRequest(format!("not an edit: {e}")))?;
    let if_match = if_match(&headers)?;
    let store = state.store.clone().ok_or_else(|| {
        ApiError::Unavailable("this server has no database and takes no edits".into())
    })?;
    let internal = |e: crate::store::StoreError| ApiError::Internal(e.into());

    // One edit at a time on this server, and one at a time on the database.
    let _turn = state.edit_lock.lock().await;
    let mut tx = store.begin_edit().await.map_err(internal)?;
    let pending = tx
        .changes_since(state.snapshot().change_id)
        .await
        .map_err(internal)?;
    let current = sync::catch_up(&state, &store, pending)
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;

    allowed(&grant, &current.atlas, &edit)?;
    check_version(&current.atlas.dataset, &edit, if_match.as_deref())?;
    let base = current.clone();
    let checked = edit.clone();
    let same_polygons = edit.keeps_polygons();
    let (change, atlas) = tokio::task::spawn_blocking(move || {
        let Applied {
            dataset,
            entity_id,
            affected,
            before,
            after,
        } = edit::apply(&base.atlas.dataset, &checked)?;
        let atlas = base.atlas.evolve(dataset, same_polygons);
        Ok::<_, EditError>((
            Change {
                entity_id,
                affected,
                before,
                after,
            },
            atlas,
        ))
    })
    .await
    .map_err(|e| ApiError::Internal(e.into()))?
    .map_err(refused)?;

    let (entity, id) = edit::target(&edit);
    tx.write(&atlas.dataset, record(entity, id))
        .await
        .map_err(internal)?;
    let edit_json = serde_json::to_value(&edit).map_err(|e| ApiError::Internal(e.into()))?;
    let change_id = tx
        .log(&NewChange {
            actor: &grant.name,
            action: edit.op(),
            entity,
            entity_id: id,
            before: &change.before,
            after: &change.after,
            edit: &edit_json,
        })
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    state.advance(atlas, change.affected, change_id, same_polygons);
    tracing::info!(change = change_id, actor = %grant.name, op = edit.op(), id, "edit committed");

    Ok(acknowledge(&edit, &change, change_id))
}

/// What an accepted edit changed (its data set has gone into the new atlas).
struct Change {
    entity_id: String,
    affected: Option<geo::Rect>,
    before: serde_json::Value,
    after: serde_json::Value,
}

/// The answer to an accepted edit: the change, the record after it and its new version.
fn acknowledge(edit: &Edit, applied: &Change, change_id: i64) -> Response {
    let etag = (!applied.after.is_null()).then(|| edit::etag(&applied.after));
    let body = json!({
        "change": change_id,
        "op": edit.op(),
        "entity": edit.entity(),
        "id": applied.entity_id,
        "before": applied.before,
        "after": applied.after,
        "etag": etag,
    });
    let status = if edit.creates() {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let mut response = (status, Json(body)).into_response();
    if let Some(value) = etag.and_then(|e| HeaderValue::from_str(&e).ok()) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

/// 403 unless `grant` may edit every jurisdiction the edit touches.
fn allowed(grant: &Grant, atlas: &Atlas, edit: &Edit) -> Result<(), ApiError> {
    let touched = edit::jurisdictions(atlas, edit);
    if grant.may_edit(touched.iter().map(String::as_str)) {
        return Ok(());
    }
    let held = grant
        .jurisdictions
        .as_deref()
        .unwrap_or_default()
        .join(", ");
    let outside: Vec<&str> = touched
        .iter()
        .map(String::as_str)
        .filter(|j| !grant.jurisdictions.iter().flatten().any(|h| h == j))
        .map(|j| {
            if j.is_empty() {
                "(outside every jurisdiction)"
            } else {
                j
            }
        })
        .collect();
    Err(ApiError::Forbidden(format!(
        "token {:?} may edit only in jurisdictions [{held}]; this edit touches {}",
        grant.name,
        outside.join(", ")
    )))
}

/// The `If-Match` value, if one was sent (`*` counts as none).
fn if_match(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let value = value
        .to_str()
        .map_err(|_| ApiError::BadRequest("If-Match: not a visible ASCII value".into()))?
        .trim();
    Ok((value != "*").then(|| value.trim_start_matches("W/").to_owned()))
}

/// 428 without a version for an existing record, 409 for a stale one.
fn check_version(
    dataset: &crate::model::Dataset,
    edit: &Edit,
    if_match: Option<&str>,
) -> Result<(), ApiError> {
    let Some(current) = edit::record(dataset, edit) else {
        // A create, or an edit of a record that does not exist: `apply` answers.
        return Ok(());
    };
    let (entity, id) = edit::target(edit);
    let etag = edit::etag(&current);
    match if_match {
        _ if edit.creates() => Ok(()),
        None => Err(ApiError::PreconditionRequired(format!(
            "send If-Match with the ETag of {entity} {id:?} as you read it (now {etag}, from \
             GET /api/v1/records/{entity}/{id})"
        ))),
        Some(sent) if sent.split(',').any(|tag| tag.trim() == etag) => Ok(()),
        Some(sent) => Err(ApiError::Conflict(format!(
            "{entity} {id:?} changed since version {sent}; it is now {etag}: read it again and \
             redo the edit"
        ))),
    }
}

/// The stored record an edit of `entity` rewrites.
fn record<'a>(entity: &str, id: &'a str) -> Record<'a> {
    match entity {
        "officer" => Record::Officer(id),
        "office" => Record::Office(id),
        "workstation" => Record::Workstation(id),
        _ => Record::Grid(id),
    }
}

/// The status of a refused edit.
fn refused(error: EditError) -> ApiError {
    let message = error.to_string();
    match error {
        EditError::NotFound { .. } => ApiError::NotFound(message),
        EditError::Exists { .. } | EditError::PrimaryTaken { .. } => ApiError::Conflict(message),
        _ => ApiError::Unprocessable(message),
    }
}
