//! `GET /api/v1/dataset`: what data set is served, its extent, counts and attribution.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use super::AppState;
use crate::features::{self, Collection};
use crate::model::Role;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/dataset", get(describe))
}

async fn describe(State(state): State<AppState>) -> Json<Value> {
    let snapshot = state.snapshot();
    let atlas = &snapshot.atlas;
    let meta = &atlas.dataset.meta;
    let bbox = features::extent(atlas, Collection::Jurisdictions)
        .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y]);
    let counts: serde_json::Map<String, Value> = Collection::ALL
        .iter()
        .map(|c| (c.id().to_owned(), c.len(atlas).into()))
        .collect();
    Json(json!({
        "name": meta.name,
        "title": meta.title,
        "attribution": meta.attribution,
        "sources": meta.sources,
        "bbox": bbox,
        "counts": counts,
        "community_officers": atlas.dataset.officer_count(Role::Community),
        "auxiliaries": atlas.dataset.officer_count(Role::Auxiliary),
    }))
}
