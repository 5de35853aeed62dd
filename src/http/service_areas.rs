//! `GET /api/v1/service-areas?minutes=N[&profile=car|foot][&jurisdiction=ID]`: the service
//! area of every office (of one jurisdiction's stations), as a GeoJSON FeatureCollection of
//! Polygons, for the map's service-area layer and for analysts. An office too far from a
//! road is listed in the `unplaced` member with the reason instead.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use super::params::{self, Params};
use super::route::{MAX_MINUTES, network, profile};
use super::{ApiError, AppState};
use crate::model::Dataset;
use crate::routing::{OSM_ATTRIBUTION, Profile, RoadNetwork};

/// Most offices one request draws; more must be narrowed by jurisdiction.
pub const MAX_OFFICES: usize = 500;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/service-areas", get(service_areas))
}

async fn service_areas(
    State(state): State<AppState>,
    query: Params,
) -> Result<Json<Value>, ApiError> {
    query.only(&["minutes", "profile", "jurisdiction"])?;
    let profile = profile(&query)?;
    let minutes = query
        .get("minutes")
        .ok_or_else(|| ApiError::BadRequest("missing parameter minutes".into()))
        .and_then(|m| params::number("minutes", m))?;
    if !(minutes > 0.0 && minutes <= MAX_MINUTES) {
        return Err(ApiError::BadRequest(format!(
            "minutes: {minutes} is outside 0..{MAX_MINUTES}"
        )));
    }
    let snapshot = state.snapshot();
    let offices = offices(&snapshot.atlas.dataset, query.get("jurisdiction"))?;
    let network = network(state).await?;
    let body = tokio::task::spawn_blocking(move || {
        areas(
            &network,
            &snapshot.atlas.dataset,
            &offices,
            profile,
            minutes,
        )
    })
    .await
    .map_err(|e| ApiError::Internal(e.into()))?;
    Ok(Json(body))
}

/// Positions of the offices asked for: all, or those of the jurisdiction's stations.
fn offices(dataset: &Dataset, jurisdiction: Option<&String>) -> Result<Vec<usize>, ApiError> {
    let chosen: Vec<usize> = match jurisdiction {
        None => (0..dataset.offices.len()).collect(),
        Some(id) => {
            if dataset.jurisdiction_position(id).is_none() {
                return Err(ApiError::BadRequest(format!(
                    "unknown jurisdiction {:?}; use an id from the jurisdictions collection",
                    params::shorten(id)
                )));
            }
            (0..dataset.offices.len())
                .filter(|&o| {
                    let station = dataset.station(&dataset.offices[o].station_id);
                    station.is_some_and(|s| s.jurisdiction_id.as_ref() == Some(id))
                })
                .collect()
        }
    };
    if chosen.len() > MAX_OFFICES {
        return Err(ApiError::BadRequest(format!(
            "{} offices are more than {MAX_OFFICES} at once; narrow with jurisdiction=ID",
            chosen.len()
        )));
    }
    Ok(chosen)
}

/// One Polygon feature per office that meets the road network, the others as `unplaced`.
fn areas(
    network: &RoadNetwork,
    dataset: &Dataset,
    offices: &[usize],
    profile: Profile,
    minutes: f64,
) -> Value {
    let mut features = Vec::new();
    let mut unplaced = Vec::new();
    for &o in offices {
        let office = &dataset.offices[o];
        let from = [office.point.x(), office.point.y()];
        match network.service_area(profile, from, minutes) {
            Ok(area) if !area.is_area() => {
                let reason = format!("within {minutes} min too few places are reached");
                unplaced.push(json!({
                    "office_id": office.id,
                    "office_name": office.name,
                    "reason": format!("{reason} to enclose an area"),
                }));
            }
            Ok(area) => {
                let rings: Vec<Vec<[f64; 2]>> = std::iter::once(area.polygon.exterior())
                    .chain(area.polygon.interiors())
                    .map(|ring| ring.coords().map(|c| [c.x, c.y]).collect())
                    .collect();
                features.push(json!({
                    "type": "Feature",
                    "id": office.id,
                    "geometry": { "type": "Polygon", "coordinates": rings },
                    "properties": {
                        "office_id": office.id,
                        "office_name": office.name,
                        "station_id": office.station_id,
                        "reached_nodes": area.reached_nodes(),
                    },
                }));
            }
            Err(error) => unplaced.push(json!({
                "office_id": office.id,
                "office_name": office.name,
                "reason": error.to_string(),
            })),
        }
    }
    json!({
        "type": "FeatureCollection",
        "features": features,
        "profile": profile.as_str(),
        "minutes": minutes,
        "unplaced": unplaced,
        "attribution": OSM_ATTRIBUTION,
    })
}
