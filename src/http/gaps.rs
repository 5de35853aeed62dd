//! `GET /api/v1/coverage` (rates per jurisdiction, per station and overall) and
//! `GET /api/v1/gaps/{kind}` (the offending features of one kind as GeoJSON with a
//! `summary`), computed on the current snapshot so an edit shows at once.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::Value;

use super::params::{self, Params};
use super::{ApiError, AppState};
use crate::gaps::report::{self, Settings};
use crate::gaps::{GapKind, GapsError, Links, Scope};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/coverage", get(coverage))
        .route("/api/v1/gaps/{kind}", get(gaps))
}

impl From<GapsError> for ApiError {
    fn from(error: GapsError) -> Self {
        Self::BadRequest(error.to_string())
    }
}

/// The parameters each kind takes.
pub(super) fn known(kind: GapKind) -> &'static [&'static str] {
    match kind {
        GapKind::Unassigned => &["jurisdiction"],
        GapKind::Distance => &["jurisdiction", "max_km", "metric"],
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
        let settings = settings(atlas, &query)?;
        let found = report::gap_report(atlas, &Links::new(atlas), kind, &settings)?;
        serde_json::to_value(found.into_feature_collection())
            .map_err(|e| ApiError::Internal(e.into()))
    })
    .await
    .map_err(|e| ApiError::Internal(e.into()))??;
    Ok(Json(body))
}

/// Settings from the query; absent parameters keep their defaults.
pub(super) fn settings(atlas: &crate::atlas::Atlas, query: &Params) -> Result<Settings, ApiError> {
    let mut settings = Settings {
        scope: Scope::new(atlas, query.get("jurisdiction").map(String::as_str))?,
        ..Settings::default()
    };
    let number = |name: &str| query.get(name).map(|v| params::number(name, v)).transpose();
    if let Some(km) = number("max_km")? {
        settings.max_km = km;
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
    Ok(settings)
}
