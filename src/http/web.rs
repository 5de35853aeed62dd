//! The web map: `index.html`, `app.js`, `app.css` and `js/` from `web-map/` at `/`, and
//! MapLibre's built files at `/vendor/maplibre-gl/`. Nothing else of the folder is served.

use std::path::Path;

use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

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
    let index = ServeFile::new(web_root.join("index.html"));
    Router::new()
        .route_service("/", index.clone())
        .route_service("/index.html", index)
        .route_service("/app.js", ServeFile::new(web_root.join("app.js")))
        .route_service("/app.css", ServeFile::new(web_root.join("app.css")))
        .nest_service("/js", ServeDir::new(web_root.join("js")))
        .nest_service("/vendor/maplibre-gl", ServeDir::new(maplibre))
}
