//! The axum application: one module per resource, merged by [`app`].

mod access;
mod changes;
mod dataset;
mod edits;
mod error;
mod gap_tiles;
mod gaps;
mod health;
mod lookup;
mod ogc;
mod optimize;
mod params;
mod patrol_streets;
mod patrols;
mod route;
pub mod server;
mod service_areas;
mod siting;
mod style;
pub mod sync;
mod tiles;
mod web;

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use geo::Rect;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::Uri;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

pub use error::ApiError;
pub use optimize::MAX_MATRIX_ROWS;
pub use route::RoadSlot;

use crate::atlas::Atlas;
use crate::store::Store;
use crate::tiles::{TileCache, TileSource};

/// Largest accepted request body, in bytes.
pub const MAX_BODY_BYTES: usize = 10 * 1024 * 1024;

/// Default bound of the tile cache, in bytes.
pub const DEFAULT_TILE_CACHE_BYTES: u64 = 256 * 1024 * 1024;

impl AppState {
    /// The current snapshot.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        // A writer never panics while holding the lock, so a poisoned lock still holds a
        // whole snapshot.
        self.live.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Makes `atlas` current, and drops at once every cached tile that `affected` (WGS84)
    /// touches. Returns the new snapshot.
    pub fn replace(&self, atlas: Atlas, affected: Option<Rect>) -> Arc<Snapshot> {
        let change_id = self.snapshot().change_id;
        self.advance(atlas, affected, change_id, false)
    }

    /// [`AppState::replace`] with the data as of change-log entry `change_id`. When
    /// `same_polygons`, `atlas` has the current jurisdictions, grids and roads, shape for
    /// shape, and their generalised tile geometry is kept.
    pub fn advance(
        &self,
        atlas: Atlas,
        affected: Option<Rect>,
        change_id: i64,
        same_polygons: bool,
    ) -> Arc<Snapshot> {
        let mut live = self.live.write().unwrap_or_else(|e| e.into_inner());
        let atlas = Arc::new(atlas);
        let tiles = match same_polygons {
            true => live.tiles.next(atlas.clone()),
            false => TileSource::new(atlas.clone()),
        };
        let next = Arc::new(Snapshot {
            version: live.version + 1,
            change_id,
            atlas,
            tiles: Arc::new(tiles),
        });
        *live = next.clone();
        drop(live);
        match affected {
            Some(area) => self.tile_cache.invalidate_after(next.version, area),
            None => self.tile_cache.invalidate_all(),
        }
        next
    }
}

/// Bulk lookups answered at once.
pub const BULK_AT_ONCE: usize = 2;

/// Server settings that are not data.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The `web-map/` folder served at `/`.
    pub web_root: PathBuf,
    /// An intranet raster basemap URL template (`.../{z}/{x}/{y}.png`) for the map style.
    pub basemap_url: Option<String>,
    /// Whether reads (API, OGC, tiles, style) need a bearer token of any role.
    pub private_reads: bool,
    /// Tile cache bound in bytes; 0 turns the cache off.
    pub tile_cache_bytes: u64,
    /// The URL clients reach this server at (`https://gis.example/`), for absolute links;
    /// without it links use the request's `Host` header.
    pub public_url: Option<String>,
    /// Origin used when a request has no usable `Host` header (the listening address).
    pub fallback_origin: String,
}

impl ServerConfig {
    /// Defaults with `web_root`.
    pub fn new(web_root: PathBuf) -> Self {
        Self {
            web_root,
            basemap_url: None,
            private_reads: false,
            tile_cache_bytes: DEFAULT_TILE_CACHE_BYTES,
            public_url: None,
            fallback_origin: "http://127.0.0.1:8080".into(),
        }
    }
}

/// One consistent version of the data: a request reads one snapshot from start to end.
#[derive(Debug)]
pub struct Snapshot {
    /// Counts up with every accepted edit.
    pub version: u64,
    /// The newest change-log entry the data includes (0 without a database).
    pub change_id: i64,
    /// The data set and its index.
    pub atlas: Arc<Atlas>,
    /// Vector tiles cut from the atlas.
    pub tiles: Arc<TileSource>,
}

impl Snapshot {
    fn new(version: u64, atlas: Atlas, change_id: i64) -> Self {
        let atlas = Arc::new(atlas);
        Self {
            version,
            change_id,
            tiles: Arc::new(TileSource::new(atlas.clone())),
            atlas,
        }
    }
}

/// What every handler reads.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The current snapshot; an edit swaps in a new one.
    live: Arc<RwLock<Arc<Snapshot>>>,
    /// Rendered tiles.
    pub tile_cache: TileCache,
    /// Settings.
    pub config: Arc<ServerConfig>,
    /// Bulk lookups answered at once; more wait their turn.
    pub bulk_permits: Arc<tokio::sync::Semaphore>,
    /// The system of record; `None` serves the data read-only.
    pub store: Option<Store>,
    /// Held while this server brings its snapshot up to date or makes an edit.
    pub edit_lock: Arc<tokio::sync::Mutex<()>>,
    /// Recently checked read tokens.
    pub(crate) read_grants: access::GrantCache,
    /// The road network routes are found on.
    pub roads: Arc<RoadSlot>,
    /// Recently found gaps, cut into tiles on request.
    pub(crate) gap_overlays: gap_tiles::GapOverlays,
}

impl AppState {
    /// State for serving `atlas` with `config`.
    pub fn new(atlas: Atlas, config: ServerConfig) -> Self {
        Self::build(atlas, config, None, 0)
    }

    /// State for serving `atlas`, read from `store` as of change-log entry `change_id`; such a
    /// server takes edits and keeps them in `store`.
    pub fn with_store(atlas: Atlas, config: ServerConfig, store: Store, change_id: i64) -> Self {
        Self::build(atlas, config, Some(store), change_id)
    }

    fn build(atlas: Atlas, config: ServerConfig, store: Option<Store>, change_id: i64) -> Self {
        Self {
            live: Arc::new(RwLock::new(Arc::new(Snapshot::new(0, atlas, change_id)))),
            tile_cache: TileCache::new(config.tile_cache_bytes),
            config: Arc::new(config),
            bulk_permits: Arc::new(tokio::sync::Semaphore::new(BULK_AT_ONCE)),
            store,
            edit_lock: Arc::new(tokio::sync::Mutex::new(())),
            read_grants: access::GrantCache::default(),
            roads: Arc::default(),
            gap_overlays: gap_tiles::GapOverlays::default(),
        }
    }
}

/// The whole application, ready to serve or to test with `oneshot`.
pub fn app(state: AppState) -> Router {
    let reads = Router::new()
        .merge(dataset::router())
        .merge(lookup::router())
        .merge(route::router())
        .merge(service_areas::router())
        .merge(ogc::router())
        .merge(optimize::router())
        .merge(patrols::router())
        .merge(patrol_streets::router())
        .merge(tiles::router())
        .merge(style::router())
        .merge(changes::router())
        .merge(edits::records_router())
        .merge(gaps::router())
        .merge(gap_tiles::router())
        .merge(siting::router());
    let reads = if state.config.private_reads {
        let check = axum::middleware::from_fn_with_state(state.clone(), access::require_reader);
        reads.route_layer(check)
    } else {
        reads
    };
    Router::new()
        .merge(health::router())
        .merge(reads)
        .merge(edits::router())
        .with_state(state.clone())
        .merge(web::router(&state.config.web_root))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(axum::middleware::map_response(json_errors))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TraceLayer::new_for_http())
}

/// The scheme, host and port clients use to reach this server, for absolute links: the
/// configured public URL, else the request's `Host` header if it is a plain `host[:port]`,
/// else the listening address. `X-Forwarded-Proto` (http or https) is honoured;
/// `X-Forwarded-Host` is not: behind a proxy that rewrites the host, set `--public-url`.
pub(crate) fn origin(state: &AppState, headers: &axum::http::HeaderMap) -> String {
    use axum::http::header;
    if let Some(url) = &state.config.public_url {
        return url.trim_end_matches('/').to_owned();
    }
    let Some(host) = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| plain_host(h))
    else {
        return state.config.fallback_origin.clone();
    };
    let proto = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .filter(|p| matches!(*p, "http" | "https"))
        .unwrap_or("http");
    format!("{proto}://{host}")
}

/// A `Host` value made only of a name or address and an optional port.
fn plain_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
}

async fn not_found(uri: Uri) -> ApiError {
    ApiError::NotFound(format!(
        "no resource at {}; see /ogc for the feature API and /api/v1/lookup for lookups",
        uri.path()
    ))
}

async fn method_not_allowed(method: axum::http::Method, uri: Uri) -> ApiError {
    ApiError::Rejected {
        status: axum::http::StatusCode::METHOD_NOT_ALLOWED,
        message: format!("{method} is not allowed on {}", uri.path()),
    }
}

/// Gives every error response without a JSON body one (`{"error", "status"}`), whoever made
/// it: a layer refusing a large body, the static file service, axum itself.
async fn json_errors(response: axum::response::Response) -> axum::response::Response {
    use axum::response::IntoResponse;
    let status = response.status();
    let is_json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let message = match status {
        axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
            format!("request body is larger than {MAX_BODY_BYTES} bytes")
        }
        _ => status.canonical_reason().unwrap_or("error").to_lowercase(),
    };
    let body = serde_json::json!({ "error": message, "status": status.as_u16() });
    (status, axum::Json(body)).into_response()
}
