//! `POST /api/v1/siting`: where to add offices. The body names the goal, radius and candidate
//! sites; the answer is a GeoJSON FeatureCollection of the chosen sites with a `summary`.

use axum::body::Bytes;
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

use super::params::Params;
use super::{ApiError, AppState};
use crate::gaps::Scope;
use crate::siting::{self, Candidates, Goal, Siting, SitingError, SitingRequest, Weight};

/// Most given candidate points one request may hold.
pub const MAX_POINTS: usize = 10_000;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/siting", post(site))
}

impl From<SitingError> for ApiError {
    fn from(error: SitingError) -> Self {
        Self::BadRequest(error.to_string())
    }
}

/// The request body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    goal: Goal,
    radius_km: f64,
    candidates: CandidateKind,
    k: Option<usize>,
    #[serde(default)]
    weight: Weight,
    jurisdiction: Option<String>,
    points: Option<Vec<[f64; 2]>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum CandidateKind {
    Workstations,
    Villages,
    Points,
}

async fn site(
    State(state): State<AppState>,
    query: Params,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    query.only(&[])?;
    let body: Body = serde_json::from_slice(&body?).map_err(|e| {
        ApiError::BadRequest(format!(
            "body: {e}; expected {{\"goal\": \"cover_all\" | \"best_k\", \"radius_km\": 5, \
             \"candidates\": \"workstations\" | \"villages\" | \"points\", \"k\", \"weight\", \
             \"jurisdiction\", \"points\": [[lon, lat], …]}}"
        ))
    })?;
    let snapshot = state.snapshot();
    let answer = tokio::task::spawn_blocking(move || {
        let atlas = &snapshot.atlas;
        let request = request(atlas, body)?;
        let found = siting::site(atlas, &request)?;
        Ok::<_, ApiError>(collection(&request, &found))
    })
    .await
    .map_err(|e| ApiError::Internal(e.into()))??;
    Ok(Json(answer))
}

fn request(atlas: &crate::atlas::Atlas, body: Body) -> Result<SitingRequest, ApiError> {
    let candidates = match (body.candidates, body.points) {
        (CandidateKind::Points, Some(points)) if points.len() > MAX_POINTS => {
            return Err(ApiError::BadRequest(format!(
                "{} points; send at most {MAX_POINTS}",
                points.len()
            )));
        }
        (CandidateKind::Points, Some(points)) => Candidates::Points(points),
        (CandidateKind::Points, None) => {
            return Err(ApiError::BadRequest(
                "candidates \"points\" needs \"points\": [[lon, lat], …]".into(),
            ));
        }
        (_, Some(_)) => {
            return Err(ApiError::BadRequest(
                "\"points\" is only read with candidates \"points\"".into(),
            ));
        }
        (CandidateKind::Workstations, None) => Candidates::Workstations,
        (CandidateKind::Villages, None) => Candidates::Villages,
    };
    Ok(SitingRequest {
        goal: body.goal,
        k: body.k,
        radius_km: body.radius_km,
        candidates,
        weight: body.weight,
        scope: Scope::new(atlas, body.jurisdiction.as_deref())?,
    })
}

fn collection(request: &SitingRequest, found: &Siting) -> Value {
    let features: Vec<Value> = found
        .sites
        .iter()
        .enumerate()
        .map(|(rank, s)| {
            json!({
                "type": "Feature",
                "id": s.id,
                "geometry": { "type": "Point", "coordinates": [s.point.x(), s.point.y()] },
                "properties": { "rank": rank + 1, "candidate_id": s.id, "villages": s.villages },
            })
        })
        .collect();
    let goal = match request.goal {
        Goal::CoverAll => "cover_all",
        Goal::BestK => "best_k",
    };
    json!({
        "type": "FeatureCollection",
        "features": features,
        "summary": {
            "goal": goal,
            "k": request.k,
            "radius_km": request.radius_km,
            "villages": found.villages,
            "already_reached": found.already_reached,
            "unreachable": found.unreachable,
            "candidates": found.candidates,
            "sites": found.sites.len(),
            "weight_needed": found.weight_needed,
            "weight_reached": found.weight_reached,
            "lower_bound": found.lower_bound,
            "ratio_bound": found.ratio_bound,
            "upper_bound": found.upper_bound,
            "metric": "straight",
        },
    })
}
