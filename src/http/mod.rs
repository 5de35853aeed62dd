//! The axum application: one module per resource, merged by [`app`].

mod dataset;
mod error;
mod health;
mod lookup;
mod ogc;
mod params;
mod style;
mod tiles;
mod web;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::Uri;
use tower_http::trace::TraceLayer;

pub use error::ApiError;

use crate::atlas::Atlas;
use crate::tiles::{TileCache, TileSource};

/// Largest accepted request body, in bytes.
pub const MAX_BODY_BYTES: usize = 10 * 1024 * 1024;

/// Default bound of the tile cache, in bytes.
pub const DEFAULT_TILE_CACHE_BYTES: u64 = 256 * 1024 * 1024;

/// Server settings that are not data.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The `web-map/` folder served at `/`.
    pub web_root: PathBuf,
    /// An intranet raster basemap URL template (`.../{z}/{x}/{y}.png`) for the map style.
    pub basemap_url: Option<String>,
    /// Tile cache bound in bytes; 0 turns the cache off.
    pub tile_cache_bytes: u64,
}

impl ServerConfig {
    /// Defaults with `web_root`.
    pub fn new(web_root: PathBuf) -> Self {
        Self {
            web_root,
            basemap_url: None,
            tile_cache_bytes: DEFAULT_TILE_CACHE_BYTES,
        }
    }
}

/// What every handler reads.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The data set and its index.
    pub atlas: Arc<Atlas>,
    /// Vector tiles cut from the atlas.
    pub tiles: Arc<TileSource>,
    /// Rendered tiles.
    pub tile_cache: TileCache,
    /// Settings.
    pub config: Arc<ServerConfig>,
}

impl AppState {
    /// State for serving `atlas` with `config`.
    pub fn new(atlas: Atlas, config: ServerConfig) -> Self {
        let atlas = Arc::new(atlas);
        Self {
            tiles: Arc::new(TileSource::new(atlas.clone())),
            tile_cache: TileCache::new(config.tile_cache_bytes),
            atlas,
            config: Arc::new(config),
        }
    }
}

/// The whole application, ready to serve or to test with `oneshot`.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(health::router())
        .merge(dataset::router())
        .merge(lookup::router())
        .merge(ogc::router())
        .merge(tiles::router())
        .merge(style::router())
        .with_state(state.clone())
        .merge(web::router(&state.config.web_root))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TraceLayer::new_for_http())
}

/// The scheme, host and port the client used to reach this server, for absolute links.
pub(crate) fn origin(headers: &axum::http::HeaderMap) -> String {
    use axum::http::header;
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    let proto = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .filter(|p| matches!(*p, "http" | "https"))
        .unwrap_or("http");
    format!("{proto}://{host}")
}

async fn not_found(uri: Uri) -> ApiError {
    ApiError::NotFound(format!(
        "no resource at {}; see /ogc for the feature API and /api/v1/lookup for lookups",
        uri.path()
    ))
}
