//! `POST /api/v1/patrols/streets` with `{"grid": "ID", "profile": "car" | "foot"}`: a closed
//! drive over every road segment inside the grid, as a GeoJSON Feature (LineString) with its
//! length, duration, repeated length and share, lower bound and segment count;
//! `POST /api/v1/patrols/streets/export?format=gpx|kml|geojson|csv`: the same drive as a
//! file. 404 for an unknown grid, 422 for a grid without roads, 409 without a road network.

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::response::Response;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::Value;
use tracing::Instrument;

use super::params::Params;
use super::patrols::{attachment, export_format, patrols_error};
use super::route::network;
use super::{ApiError, AppState};
use crate::patrols::answer::street_feature;
use crate::patrols::{GridPatrol, PatrolsError, StreetsRequest, patrol_grid};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/patrols/streets", post(streets))
        .route("/api/v1/patrols/streets/export", post(export_streets))
}

async fn streets(
    State(state): State<AppState>,
    query: Params,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    query.only(&[])?;
    let patrol = planned(state, &body?).await?;
    Ok(Json(street_feature(&patrol)))
}

async fn export_streets(
    State(state): State<AppState>,
    query: Params,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    query.only(&["format"])?;
    let format = export_format(&query)?;
    let patrol = planned(state, &body?).await?;
    attachment(
        &patrol.itinerary(),
        format,
        &format!("streets-{}", file_safe(&patrol.grid)),
    )
}

/// `id` with every character but ASCII letters, digits, `-` and `_` replaced by `_`.
fn file_safe(id: &str) -> String {
    id.chars()
        .map(
            |c| match c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                true => c,
                false => '_',
            },
        )
        .collect()
}

async fn planned(state: AppState, body: &[u8]) -> Result<GridPatrol, ApiError> {
    let body: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::BadRequest(format!("body is not JSON: {e}")))?;
    let request = StreetsRequest::from_json(&body).map_err(patrols_error)?;
    let snapshot = state.snapshot();
    // An unknown grid is a missing resource, unlike an unknown stop in a plan.
    let grid = match request.resolve(&snapshot.atlas.dataset) {
        Ok(grid) => grid.clone(),
        Err(e @ PatrolsError::Unknown { .. }) => return Err(ApiError::NotFound(e.to_string())),
        Err(e) => return Err(patrols_error(e)),
    };
    let network = network(state).await?;
    let span = tracing::debug_span!(
        "patrol_streets",
        grid.id = %grid.id,
        patrols.profile = request.profile.as_str()
    );
    tokio::task::spawn_blocking(move || patrol_grid(&network, request.profile, &grid))
        .instrument(span)
        .await
        .map_err(|e| ApiError::Internal(e.into()))?
        .map_err(patrols_error)
}
