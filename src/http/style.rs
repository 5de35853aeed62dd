//! `GET /style.json`: the web map's MapLibre style, from the template `web-map/style.json`
//! with this server's origin and the data set's tile layers filled in, and an intranet raster
//! basemap inserted above the `background` layer when one is configured.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use super::params::Params;
use super::{ApiError, AppState, origin};

const TEMPLATE: &str = "style.json";

pub fn router() -> Router<AppState> {
    Router::new().route("/style.json", get(style))
}

async fn style(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Params,
) -> Result<Json<Value>, ApiError> {
    query.only(&[])?;
    let path = state.config.web_root.join(TEMPLATE);
    let template = tokio::fs::read_to_string(&path)
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("{}: {e}", path.display())))?;

    let layers: Vec<&str> = state
        .snapshot()
        .tiles
        .available()
        .iter()
        .map(|l| l.id())
        .collect();
    let filled = template
        .replace("{{origin}}", &origin(&state, &headers))
        .replace("{{tile_layers}}", &layers.join(","));
    let mut style: Value = serde_json::from_str(&filled)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("{}: {e}", path.display())))?;

    if let Some(url) = &state.config.basemap_url {
        insert_basemap(&mut style, url);
    }
    Ok(Json(style))
}

/// Adds a raster source `basemap` and its layer right above the `background` layer.
fn insert_basemap(style: &mut Value, url: &str) {
    if let Some(sources) = style["sources"].as_object_mut() {
        sources.insert(
            "basemap".into(),
            json!({ "type": "raster", "tiles": [url], "tileSize": 256 }),
        );
    }
    if let Some(layers) = style["layers"].as_array_mut() {
        let at = layers
            .iter()
            .position(|l| l["id"] == "background")
            .map_or(0, |i| i + 1);
        layers.insert(
            at,
            json!({ "id": "basemap", "type": "raster", "source": "basemap" }),
        );
    }
}
