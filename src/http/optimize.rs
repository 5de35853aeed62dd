//! `POST /api/v1/optimize`: the best visiting order over a cost matrix the client sends (any
//! metric, for example a travel-time matrix from another system).
//!
//! Body: `{"matrix": [[...]], "start": 0, "return_to_start": true}` (`start` defaults to 0,
//! `return_to_start` to true) → `{"order": [...], "cost": ..., "optimal": ...}`, where `order`
//! begins with `start` and lists every index once and `optimal` tells whether the order is
//! proven best (small matrices are solved exactly).

use axum::body::Bytes;
use axum::routing::post;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use tracing::Instrument;

use super::{ApiError, AppState};
use crate::optimize::{CostMatrix, TourSpec, TspOptions, solve_tsp};

/// Most rows a matrix may have.
pub const MAX_MATRIX_ROWS: usize = 1_000;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/optimize", post(optimize))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Request {
    matrix: Vec<Vec<f64>>,
    #[serde(default)]
    start: usize,
    #[serde(default = "yes")]
    return_to_start: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Serialize)]
struct Answer {
    order: Vec<usize>,
    cost: f64,
    optimal: bool,
}

async fn optimize(
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Json<Answer>, ApiError> {
    let request: Request = serde_json::from_slice(&body?).map_err(|e| {
        ApiError::BadRequest(format!(
            "body must be {{\"matrix\": [[numbers]], \"start\": index, \"return_to_start\": \
             bool}}: {e}"
        ))
    })?;
    let rows = request.matrix.len();
    if rows > MAX_MATRIX_ROWS {
        return Err(ApiError::BadRequest(format!(
            "matrix has {rows} rows; send at most {MAX_MATRIX_ROWS}"
        )));
    }
    let matrix =
        CostMatrix::new(&request.matrix).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    if request.start >= rows {
        return Err(ApiError::BadRequest(format!(
            "start {} is not a row of the matrix; use 0 to {}",
            request.start,
            rows - 1
        )));
    }
    let spec = TourSpec {
        start: request.start,
        return_to_start: request.return_to_start,
    };
    let span = tracing::debug_span!(
        "optimize",
        optimize.rows = rows,
        optimize.start = spec.start,
        optimize.cost = tracing::field::Empty
    );
    let options = TspOptions::default();
    let optimal = rows <= options.exact_up_to.min(crate::optimize::exact::MAX_NODES);
    // Up to the time limit of pure computation: off the async workers.
    let tour = tokio::task::spawn_blocking(move || solve_tsp(&matrix, spec, &options))
        .instrument(span.clone())
        .await
        .map_err(|e| ApiError::Internal(e.into()))?
        .map_err(|e| ApiError::BadRequest(e.to_string()))?;
    span.record("optimize.cost", tour.cost);
    Ok(Json(Answer {
        order: tour.order,
        cost: tour.cost,
        optimal,
    }))
}
