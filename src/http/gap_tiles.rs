//! Coverage gaps as vector tiles, for maps and desktop GIS: `GET /tiles/gaps` (the
//! tilesets), `GET /tiles/gaps/{kind}` (TileJSON 3.0) and
//! `GET /tiles/gaps/{kind}/{z}/{x}/{y}` (MVT, one layer named after the kind). The last two
//! take the parameters of `GET /api/v1/gaps/{kind}`, and the tiles hold exactly its
//! features, with their properties as attributes.
//!
//! The gaps of a snapshot and a parameter set are found once and kept (the last
//! [`KEPT_OVERLAYS`]); an edit makes a new snapshot, so the next tile shows the change.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use moka::sync::Cache;
use serde_json::{Value, json};

use super::params::Params;
use super::tiles::{respond, tile_coord};
use super::{ApiError, AppState, gaps, origin};
use crate::gaps::report;
use crate::gaps::{GapKind, GapsError, Links};
use crate::tiles::{CachedTile, Overlay};

/// Gap overlays kept, by snapshot version, kind and parameters.
pub const KEPT_OVERLAYS: u64 = 16;

/// Found gaps ready to be cut into tiles.
#[derive(Debug, Clone)]
pub struct GapOverlays(Cache<(u64, GapKind, String), Arc<Overlay>>);

impl Default for GapOverlays {
    fn default() -> Self {
        Self(Cache::new(KEPT_OVERLAYS))
    }
}

/// Zoom range advertised in TileJSON.
const MAX_ZOOM: u8 = 18;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tiles/gaps", get(catalog))
        .route("/tiles/gaps/{kind}", get(tilejson))
        .route("/tiles/gaps/{kind}/{z}/{x}/{y}", get(tile))
}

/// The gap tilesets: one TileJSON link per kind.
async fn catalog(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Params,
) -> Result<Json<Value>, ApiError> {
    query.only(&[])?;
    let base = format!("{}/tiles/gaps", origin(&state, &headers));
    Ok(Json(json!({ "gaps": tilesets(&base) })))
}

/// One entry per gap kind with its TileJSON URL under `base`.
pub(super) fn tilesets(base: &str) -> Vec<Value> {
    GapKind::ALL
        .iter()
        .map(|k| json!({ "kind": k.as_str(), "tilejson": format!("{base}/{}", k.as_str()) }))
        .collect()
}

async fn tilejson(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(kind): Path<String>,
    RawQuery(raw): RawQuery,
    query: Params,
) -> Result<Json<Value>, ApiError> {
    let kind = parse_kind(&kind, &query)?;
    let overlay = overlay(&state, kind, query).await?;
    let bounds = overlay
        .bounds_wgs84()
        .map_or([-180.0, -85.0, 180.0, 85.0], |r| {
            [r.min().x, r.min().y, r.max().x, r.max().y]
        });
    let query = raw.map(|q| format!("?{q}")).unwrap_or_default();
    let base = format!("{}/tiles/gaps/{}", origin(&state, &headers), kind.as_str());
    Ok(Json(json!({
        "tilejson": "3.0.0",
        "name": format!("gaps: {}", kind.as_str()),
        "attribution": state.snapshot().atlas.dataset.meta.attribution,
        "scheme": "xyz",
        "tiles": [format!("{base}/{{z}}/{{x}}/{{y}}{query}")],
        "minzoom": 0,
        "maxzoom": MAX_ZOOM,
        "bounds": bounds,
        "features": overlay.len(),
        "vector_layers": [{
            "id": overlay.layer(),
            "fields": { "id": "String", "gap": "String" },
            "minzoom": 0,
            "maxzoom": MAX_ZOOM,
        }],
    })))
}

async fn tile(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((kind, z, x, y)): Path<(String, String, String, String)>,
    query: Params,
) -> Result<Response, ApiError> {
    let kind = parse_kind(&kind, &query)?;
    let coord = tile_coord(&z, &x, &y)?;
    let overlay = overlay(&state, kind, query).await?;
    let rendered = tokio::task::spawn_blocking(move || CachedTile::new(overlay.render(coord)))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    Ok(respond(&rendered, &headers))
}

fn parse_kind(kind: &str, query: &Params) -> Result<GapKind, ApiError> {
    let kind: GapKind = kind.parse().map_err(ApiError::NotFound)?;
    query.only(gaps::known(kind))?;
    Ok(kind)
}

/// The gaps of the current snapshot for `kind` and `query`, found now or kept from before.
async fn overlay(state: &AppState, kind: GapKind, query: Params) -> Result<Arc<Overlay>, ApiError> {
    let snapshot = state.snapshot();
    let key = (snapshot.version, kind, query.canonical());
    let kept = state.gap_overlays.0.clone();
    let state = state.clone();
    tokio::task::spawn_blocking(move || {
        let atlas = &snapshot.atlas;
        let settings = gaps::settings(&state, atlas, &query)?;
        kept.try_get_with(key, || {
            let found = report::gap_report(atlas, &Links::new(atlas), kind, &settings)?;
            Ok(Arc::new(Overlay::new(kind.as_str(), &found.features)))
        })
        .map_err(|e: Arc<GapsError>| ApiError::from(GapsError::clone(&e)))
    })
    .await
    .map_err(|e| ApiError::Internal(e.into()))?
}
