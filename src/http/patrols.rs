//! `POST /api/v1/patrols`: a day's patrol of many stops shared among officers, planned on the
//! road network, as a GeoJSON FeatureCollection (one LineString per officer's route, a Point
//! for the start and for each stop) with a `plan` member; `POST /api/v1/patrols/export
//! ?format=gpx|kml|geojson|csv[&officer=N]`: one officer's route as a file.
//!
//! The body is described in [`crate::patrols::request`]. Like `/api/v1/route`: 409 for a
//! data set without roads, 422 for a start too far from a road; stops that cannot be planned
//! come back in `plan.unserved` with the reason.

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::Value;
use tracing::Instrument;

use super::params::{self, Params};
use super::route::network;
use super::{ApiError, AppState};
use crate::export::{self, Format, Itinerary};
use crate::optimize::PatrolOptions;
use crate::patrols::answer::collection;
use crate::patrols::{PatrolRequest, PatrolsError, RoutedPatrol, plan};
use crate::routing::RoutingError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/patrols", post(patrols))
        .route("/api/v1/patrols/export", post(export_patrol))
}

async fn patrols(
    State(state): State<AppState>,
    query: Params,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    query.only(&[])?;
    let (request, routed) = planned(state, &body?).await?;
    Ok(Json(collection(&request, &routed)))
}

async fn export_patrol(
    State(state): State<AppState>,
    query: Params,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    query.only(&["format", "officer"])?;
    let format = export_format(&query)?;
    let officer = query
        .get("officer")
        .map(|v| {
            v.trim().parse::<usize>().map_err(|_| {
                ApiError::BadRequest(format!(
                    "officer: {:?} is not an officer number (0, 1, …)",
                    params::shorten(v)
                ))
            })
        })
        .transpose()?;
    let (request, routed) = planned(state, &body?).await?;
    let count = routed.officers.len();
    let officer = match officer {
        Some(n) if n < count => n,
        None if count == 1 => 0,
        Some(n) => {
            return Err(ApiError::BadRequest(format!(
                "officer: {n} is not an officer of this plan; use 0 to {}",
                count - 1
            )));
        }
        None => {
            return Err(ApiError::BadRequest(format!(
                "officer: this plan has {count} officers and a file holds one route; choose \
                 one with officer=0 to {}",
                count - 1
            )));
        }
    };
    let itinerary = routed
        .itinerary(&request, officer)
        .ok_or_else(|| ApiError::BadRequest(format!("officer: no officer {officer}")))?;
    let file = match count {
        1 => "patrol".to_owned(),
        _ => format!("patrol-officer-{officer}"),
    };
    attachment(&itinerary, format, &file)
}

/// The `format` parameter of an export.
pub(super) fn export_format(query: &Params) -> Result<Format, ApiError> {
    query
        .get("format")
        .ok_or_else(|| {
            ApiError::BadRequest("missing parameter format: use gpx, kml, geojson or csv".into())
        })?
        .parse()
        .map_err(|e: String| ApiError::BadRequest(format!("format: {e}")))
}

/// `itinerary` as a file to download, named `file.<ext>`.
pub(super) fn attachment(
    itinerary: &Itinerary,
    format: Format,
    file: &str,
) -> Result<Response, ApiError> {
    let bytes = export::to_bytes(itinerary, format).map_err(|e| ApiError::Internal(e.into()))?;
    let disposition = format!("attachment; filename=\"{file}.{}\"", format.as_str());
    Ok((
        [
            (header::CONTENT_TYPE, format.media_type().to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

/// Parses the body and plans it, off the async workers.
async fn planned(state: AppState, body: &[u8]) -> Result<(PatrolRequest, RoutedPatrol), ApiError> {
    let body: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::BadRequest(format!("body is not JSON: {e}")))?;
    let request =
        PatrolRequest::from_json(&body, &state.snapshot().atlas.dataset).map_err(patrols_error)?;
    let network = network(state).await?;
    let span = tracing::debug_span!(
        "patrols",
        patrols.stops = request.stops.len(),
        patrols.officers = request.officers,
        patrols.profile = request.profile.as_str(),
    );
    // The request goes to the blocking task and comes back with the plan.
    let (request, routed) = tokio::task::spawn_blocking(move || {
        let routed = plan(&network, &request, &PatrolOptions::default());
        (request, routed)
    })
    .instrument(span)
    .await
    .map_err(|e| ApiError::Internal(e.into()))?;
    let routed = routed.map_err(patrols_error)?;
    Ok((request, routed))
}

/// Maps a patrol error once: the client's mistakes to 400 and 422, ours to 500.
pub(super) fn patrols_error(error: PatrolsError) -> ApiError {
    match error {
        PatrolsError::Field { .. } => ApiError::BadRequest(error.to_string()),
        PatrolsError::Unknown { .. }
        | PatrolsError::NoStreets { .. }
        | PatrolsError::Start(
            RoutingError::NotNearRoad { .. } | RoutingError::Unreachable { .. },
        ) => ApiError::Unprocessable(error.to_string()),
        other => ApiError::Internal(other.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::StatusCode;

    #[test]
    fn planner_bugs_are_not_the_clients_fault() {
        let field = patrols_error(PatrolsError::field("stops", "give at least one stop"));
        assert_eq!(field.status_code(), StatusCode::BAD_REQUEST);
        let unknown = patrols_error(PatrolsError::Unknown {
            field: "stops[0].village".into(),
            kind: "village",
            id: "x".into(),
        });
        assert_eq!(unknown.status_code(), StatusCode::UNPROCESSABLE_ENTITY);
        let bug = patrols_error(PatrolsError::Plan(crate::optimize::PatrolError::NoOfficers));
        assert_eq!(bug.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
