//! Vector tiles: `GET /tiles` (catalog), `GET /tiles/{layers}` (TileJSON 3.0) and
//! `GET /tiles/{layers}/{z}/{x}/{y}` (MVT; 204 when empty; gzip, ETag and 304).

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use super::params::Params;
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

async fn catalog(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Params,
) -> Result<Json<Value>, ApiError> {
    query.only(&[])?;
    let base = format!("{}/tiles", origin(&state, &headers));
    let layers = state.snapshot().tiles.available();
    let all: Vec<&str> = layers.iter().map(|l| l.id()).collect();
    let entries: Vec<Value> = layers
        .iter()
        .map(|l| json!({ "id": l.id(), "tilejson": format!("{base}/{}", l.id()) }))
        .collect();
    let gaps = super::gap_tiles::tilesets(&format!("{base}/gaps"));
    Ok(Json(json!({
        "layers": entries,
        "composite": format!("{base}/{}", all.join(",")),
        "gaps": gaps,
    })))
}

async fn tilejson(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    query: Params,
) -> Result<Json<Value>, ApiError> {
    query.only(&[])?;
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
    query: Params,
) -> Result<Response, ApiError> {
    query.only(&[])?;
    let Path((list, z, x, y)) = path?;
    let snapshot = state.snapshot();
    let layers = snapshot.tiles.parse_layers(&list).map_err(not_found)?;
    let coord = tile_coord(&z, &x, &y)?;

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

/// The response for a tile: 304 when the client holds this representation, 204 when the
/// tile is empty, else the bytes, gzip-encoded when the client accepts gzip. The gzip and
/// plain representations carry different ETags (`…-gz`), as their bytes differ.
pub(super) fn respond(tile: &CachedTile, headers: &HeaderMap) -> Response {
    let gzip = accepts_gzip(headers) && !tile.raw.is_empty();
    let tag = if gzip {
        format!("{}-gz\"", tile.etag.trim_end_matches('"'))
    } else {
        tile.etag.clone()
    };
    let etag = HeaderValue::from_str(&tag).unwrap_or(HeaderValue::from_static("\"\""));
    let common = [
        (header::ETAG, etag),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        (header::VARY, HeaderValue::from_static("accept-encoding")),
    ];
    if client_holds(headers, &tag) {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    if tile.raw.is_empty() {
        return (StatusCode::NO_CONTENT, common).into_response();
    }
    let body = if gzip {
        tile.gzip.clone()
    } else {
        tile.raw.clone()
    };
    let mut response = (common, [(header::CONTENT_TYPE, MVT)], body).into_response();
    if gzip {
        response
            .headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    response
}

/// `If-None-Match` (every header line) names `tag` or `*`, compared weakly (RFC 9110 13.1.2).
fn client_holds(headers: &HeaderMap, tag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == tag || t == "*")
}

/// Whether `Accept-Encoding` accepts gzip: named (any case) or `*`, with a q-value above 0.
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|entry| {
            let mut parts = entry.split(';');
            let coding = parts.next().unwrap_or_default().trim();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q=").or(p.trim().strip_prefix("Q=")))
                .find_map(|q| q.trim().parse::<f64>().ok())
                .unwrap_or(1.0);
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && q > 0.0
        })
}

/// The tile address of a request path's `z`, `x` and `y` (`y` may end in `.mvt` or `.pbf`).
pub(super) fn tile_coord(z: &str, x: &str, y: &str) -> Result<TileCoord, ApiError> {
    let y = y.trim_end_matches(".mvt").trim_end_matches(".pbf");
    TileCoord::new(number("z", z)?, number("x", x)?, number("y", y)?)
        .map_err(|e| ApiError::BadRequest(e.to_string()))
}

fn number(name: &str, value: &str) -> Result<u32, ApiError> {
    let canonical = !value.is_empty()
        && value.bytes().all(|b| b.is_ascii_digit())
        && (value == "0" || !value.starts_with('0'));
    canonical
        .then(|| value.parse().ok())
        .flatten()
        .ok_or_else(|| {
            ApiError::BadRequest(format!("tile {name}: {value:?} is not a whole number ≥ 0"))
        })
}

fn not_found(e: TileRequestError) -> ApiError {
    match e {
        TileRequestError::UnknownLayer(_) => ApiError::NotFound(e.to_string()),
        _ => ApiError::BadRequest(e.to_string()),
    }
}
