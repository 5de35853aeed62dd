//! `GET /api/v1/coverage` (rates per jurisdiction, per station and overall) and
//! `GET /api/v1/gaps/{kind}` (the offending features of one kind as GeoJSON with a
//! `summary`), computed on the current snapshot so an edit shows at once.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::Value;

use super::params::{self, Params};
use super::{ApiError, AppState};
use crate::gaps::distance::Metric;
use crate::gaps::report::{self, Settings};
use crate::gaps::{GapKind, GapsError, Links, Scope};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/coverage", get(coverage))
        .route("/api/v1/gaps/{kind}", get(gaps))
}

impl From<GapsError> for ApiError {
    fn from(error: GapsError) -> Self {
        match error {
            GapsError::NoRoads => Self::Rejected {
                status: StatusCode::CONFLICT,
                message: error.to_string(),
            },
            _ => Self::BadRequest(error.to_string()),
        }
    }
}

/// The parameters each kind takes.
pub(super) fn known(kind: GapKind) -> &'static [&'static str] {
    match kind {
        GapKind::Unassigned => &["jurisdiction"],
        GapKind::Distance => &["jurisdiction", "max_km", "max_minutes", "metric", "profile"],
        GapKind::Partition => &["jurisdiction", "sliver_m2"],
        GapKind::Workload => &["jurisdiction", "by", "high", "low"],
    }
}

async fn coverage(State(state): State<AppState>, query: Params) -> Result<Json<Value>, ApiError> {
    query.only(&["jurisdiction"])?;
    let snapshot = state.snapshot();
    let body = tokio::task::spawn_blocking(move || {
        let atlas = &snapshot.atlas;
        let scope = Scope::new(atlas, query.get("jurisdiction").map(String::as_str))?;
        Ok::<_, ApiError>(report::coverage_json(atlas, &Links::new(atlas), scope))
    })
    .await
    .map_err(|e| ApiError::Internal(e.into()))??;
    Ok(Json(body))
}

async fn gaps(
    State(state): State<AppState>,
    Path(kind): Path<String>,
    query: Params,
) -> Result<Json<Value>, ApiError> {
    let kind: GapKind = kind.parse().map_err(ApiError::NotFound)?;
    query.only(known(kind))?;
    let snapshot = state.snapshot();
    let body = tokio::task::spawn_blocking(move || {
        let atlas = &snapshot.atlas;
        let settings = settings(&state, atlas, &query)?;
        let found = report::gap_report(atlas, &Links::new(atlas), kind, &settings)?;
        serde_json::to_value(found.into_feature_collection())
            .map_err(|e| ApiError::Internal(e.into()))
    })
    .await
    .map_err(|e| ApiError::Internal(e.into()))??;
    Ok(Json(body))
}

/// Settings from the query; absent parameters keep their defaults. Travel time brings the
/// server's road network (built now if this is its first use: call off the async workers).
pub(super) fn settings(
    state: &AppState,
    atlas: &crate::atlas::Atlas,
    query: &Params,
) -> Result<Settings, ApiError> {
    let mut settings = Settings {
        scope: Scope::new(atlas, query.get("jurisdiction").map(String::as_str))?,
        ..Settings::default()
    };
    let number = |name: &str| query.get(name).map(|v| params::number(name, v)).transpose();
    if let Some(km) = number("max_km")? {
        settings.max_km = km;
    }
    if let Some(minutes) = number("max_minutes")? {
        settings.max_minutes = minutes;
    }
    if let Some(m2) = number("sliver_m2")? {
        settings.sliver_m2 = m2;
    }
    if let Some(high) = number("high")? {
        settings.thresholds.high = high;
    }
    if let Some(low) = number("low")? {
        settings.thresholds.low = low;
    }
    if let Some(metric) = query.get("metric") {
        settings.metric = metric.parse()?;
    }
    if let Some(by) = query.get("by") {
        settings.thresholds.by = by.parse()?;
    }
    distance_metric(state, query, &mut settings)?;
    Ok(settings)
}

/// Checks that the distance parameters fit the metric, and brings the road network for
/// travel time.
fn distance_metric(
    state: &AppState,
    query: &Params,
    settings: &mut Settings,
) -> Result<(), ApiError> {
    let travel = matches!(settings.metric, Metric::Travel(_));
    let misplaced = match travel {
        true => ["max_km"].as_slice(),
        false => ["max_minutes", "profile"].as_slice(),
    };
    if let Some(name) = misplaced.iter().find(|n| query.get(n).is_some()) {
        let (metric, limit) = match travel {
            true => ("travel", "max_minutes"),
            false => ("straight", "max_km"),
        };
        return Err(ApiError::BadRequest(format!(
            "{name} does not apply to metric={metric}; its limit is {limit}"
        )));
    }
    if !travel {
        return Ok(());
    }
    if let Some(profile) = query.get("profile") {
        let profile = profile.parse().map_err(ApiError::BadRequest)?;
        settings.metric = Metric::Travel(profile);
    }
    settings.roads = state.road_network();
    if settings.roads.is_none() {
        return Err(GapsError::NoRoads.into());
    }
    Ok(())
}
