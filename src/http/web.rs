//! The web map: `web-map/` at `/`, MapLibre's files at `/vendor/maplibre-gl/`.

use std::path::Path;

use axum::Router;
use tower_http::services::ServeDir;

/// Where npm puts MapLibre's built files, relative to the web root.
const MAPLIBRE_DIST: &str = "node_modules/maplibre-gl/dist";

pub fn router(web_root: &Path) -> Router {
    let maplibre = web_root.join(MAPLIBRE_DIST);
    if !maplibre.is_dir() {
        tracing::warn!(
            path = %maplibre.display(),
            "MapLibre is not installed: run `npm ci --prefix web-map`; the map will not load"
        );
    }
    Router::new()
        .nest_service("/vendor/maplibre-gl", ServeDir::new(maplibre))
        .fallback_service(ServeDir::new(web_root))
}
