//! Vector tiles: `GET /tiles` (catalog), `GET /tiles/{layers}` (TileJSON 3.0) and
//! `GET /tiles/{layers}/{z}/{x}/{y}` (MVT; 204 when empty; gzip, ETag and 304).

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use super::{ApiError, AppState, origin};
use crate::tiles::{CachedTile, TileCoord, TileLayer, TileRequestError};

const MVT: &str = "application/vnd.mapbox-vector-tile";
/// Zoom range advertised in TileJSON; clients overzoom beyond it.
const TILEJSON_MAX_ZOOM: u8 = 14;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tiles", get(catalog))
        .route("/tiles/{layers}", get(tilejson))
        .route("/tiles/{layers}/{z}/{x}/{y}", get(tile))
}

async fn catalog(State(state): State<AppState>, headers: HeaderMap) -> Json<Value> {
    let base = format!("{}/tiles", origin(&state, &headers));
    let layers = state.snapshot().tiles.available();
    let all: Vec<&str> = layers.iter().map(|l| l.id()).collect();
    let entries: Vec<Value> = layers
        .iter()
        .map(|l| json!({ "id": l.id(), "tilejson": format!("{base}/{}", l.id()) }))
        .collect();
    Json(json!({
        "layers": entries,
        "composite": format!("{base}/{}", all.join(",")),
    }))
}

async fn tilejson(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let list = path?.0;
    let snapshot = state.snapshot();
    let layers = snapshot.tiles.parse_layers(&list).map_err(not_found)?;

    let atlas = snapshot.tiles.atlas();
    let bounds = crate::index::SpatialIndex::extent(&atlas.dataset)
        .map_or([-180.0, -85.0, 180.0, 85.0], |r| {
            [r.min().x, r.min().y, r.max().x, r.max().y]
        });
    let centre = [
        (bounds[0] + bounds[2]) / 2.0,
        (bounds[1] + bounds[3]) / 2.0,
        8.0,
    ];
    let vector_layers: Vec<Value> = layers.iter().map(|&l| vector_layer(l)).collect();
    Ok(Json(json!({
        "tilejson": "3.0.0",
        "name": list,
        "attribution": atlas.dataset.meta.attribution,
        "scheme": "xyz",
        "tiles": [format!("{}/tiles/{list}/{{z}}/{{x}}/{{y}}", origin(&state, &headers))],
        "minzoom": 0,
        "maxzoom": TILEJSON_MAX_ZOOM,
        "bounds": bounds,
        "center": centre,
        "vector_layers": vector_layers,
    })))
}

fn vector_layer(layer: TileLayer) -> Value {
    let fields: serde_json::Map<String, Value> = layer
        .fields()
        .iter()
        .map(|(name, kind)| ((*name).to_owned(), Value::from(*kind)))
        .collect();
    json!({ "id": layer.id(), "fields": fields, "minzoom": 0, "maxzoom": TILEJSON_MAX_ZOOM })
}

async fn tile(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<(String, String, String, String)>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path((list, z, x, y)) = path?;
    let snapshot = state.snapshot();
    let layers = snapshot.tiles.parse_layers(&list).map_err(not_found)?;
    let y = y.trim_end_matches(".mvt").trim_end_matches(".pbf");
    let coord = TileCoord::new(number("z", &z)?, number("x", &x)?, number("y", y)?)
        .map_err(|e| ApiError::BadRequest(e.to_string()))?;

    let _span = tracing::debug_span!("tile", tile.z = coord.z, tile.x = coord.x, tile.y = coord.y)
        .entered();
    let tiles = snapshot.tiles.clone();
    let rendered = state
        .tile_cache
        .get_or_render((list, coord), snapshot.version, move || {
            CachedTile::new(tiles.render(&layers, coord))
        });

    Ok(respond(&rendered, &headers))
}

fn respond(tile: &CachedTile, headers: &HeaderMap) -> Response {
    let etag = HeaderValue::from_str(&tile.etag).unwrap_or(HeaderValue::from_static("\"\""));
    let cache_control = HeaderValue::from_static("no-cache");
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim() == tile.etag || t.trim() == "*")
        });
    if matches {
        let h = [(header::ETAG, etag), (header::CACHE_CONTROL, cache_control)];
        return (StatusCode::NOT_MODIFIED, h).into_response();
    }
    if tile.raw.is_empty() {
        let h = [(header::ETAG, etag), (header::CACHE_CONTROL, cache_control)];
        return (StatusCode::NO_CONTENT, h).into_response();
    }
    let gzip_ok = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
    let (body, encoding) = if gzip_ok {
        (tile.gzip.clone(), Some(HeaderValue::from_static("gzip")))
    } else {
        (tile.raw.clone(), None)
    };
    let mut response = (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(MVT)),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, cache_control),
            (header::VARY, HeaderValue::from_static("accept-encoding")),
        ],
        body,
    )
        .into_response();
    if let Some(encoding) = encoding {
        response
            .headers_mut()
            .insert(header::CONTENT_ENCODING, encoding);
    }
    response
}

fn number(name: &str, value: &str) -> Result<u32, ApiError> {
    value.parse().map_err(|_| {
        ApiError::BadRequest(format!("tile {name}: {value:?} is not a whole number ≥ 0"))
    })
}

fn not_found(e: TileRequestError) -> ApiError {
    match e {
        TileRequestError::UnknownLayer(_) => ApiError::NotFound(e.to_string()),
        _ => ApiError::BadRequest(e.to_string()),
    }
}
