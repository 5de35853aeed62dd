//! The axum application: one module per resource, merged by [`app`].

mod dataset;
mod error;
mod health;
mod lookup;
mod ogc;
mod params;
mod web;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::Uri;
use tower_http::trace::TraceLayer;

pub use error::ApiError;

use crate::atlas::Atlas;

/// Largest accepted request body, in bytes.
pub const MAX_BODY_BYTES: usize = 10 * 1024 * 1024;

/// What every handler reads.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The data set and its index.
    pub atlas: Arc<Atlas>,
    /// The `web-map/` folder served at `/`.
    pub web_root: PathBuf,
}

/// The whole application, ready to serve or to test with `oneshot`.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(health::router())
        .merge(dataset::router())
        .merge(lookup::router())
        .merge(ogc::router())
        .with_state(state.clone())
        .merge(web::router(&state.web_root))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TraceLayer::new_for_http())
}

async fn not_found(uri: Uri) -> ApiError {
    ApiError::NotFound(format!(
        "no resource at {}; see /ogc for the feature API and /api/v1/lookup for lookups",
        uri.path()
    ))
}
