//! `GET /api/v1/route?from=LON,LAT&to=LON,LAT&profile=car|foot`: the fastest route as a
//! GeoJSON Feature, and `GET /api/v1/route/export?format=gpx|kml|geojson|csv&…`: the same
//! route as a file, its two stops named by `from_name` and `to_name`.
//!
//! `GET /api/v1/isochrone?from=LON,LAT|office=ID&minutes=N&profile=car|foot`: the service
//! area reachable within N minutes, as a GeoJSON Feature with a Polygon.
//!
//! The road network is built once, from the data set's roads or from the extract given to
//! `serve --roads`; a data set without roads answers 409.

use std::sync::{Arc, OnceLock};

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use super::params::{self, Params};
use super::{ApiError, AppState};
use crate::export::{self, Format};
use crate::routing::{Profile, RoadNetwork, Route, RoutingError, Snap};

/// The road network of a server: set at start, or built from the data set on first use.
#[derive(Debug, Default)]
pub struct RoadSlot(OnceLock<Option<Arc<RoadNetwork>>>);

impl AppState {
    /// Routes on `network` (an OSM extract, say) rather than on the data set's roads.
    pub fn with_road_network(self, network: RoadNetwork) -> Self {
        // A slot set twice keeps the first network; this runs before serving starts.
        let _ = self.roads.0.set(Some(Arc::new(network)));
        self
    }

    /// The road network; built from the data set's roads the first time (slow: call it
    /// off the async workers). `None` when the data set has no roads.
    pub fn road_network(&self) -> Option<Arc<RoadNetwork>> {
        self.roads
            .0
            .get_or_init(|| {
                let roads = &self.snapshot().atlas.roads;
                if roads.is_empty() {
                    return None;
                }
                RoadNetwork::from_roads(roads)
                    .inspect_err(|e| tracing::warn!(error = %e, "no road network"))
                    .ok()
                    .map(Arc::new)
            })
            .clone()
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/route", get(route))
        .route("/api/v1/route/export", get(export_route))
        .route("/api/v1/isochrone", get(isochrone))
}

/// Longest service area asked for, minutes.
pub(super) const MAX_MINUTES: f64 = 120.0;

const ROUTE_PARAMS: &[&str] = &["from", "to", "profile"];
const EXPORT_PARAMS: &[&str] = &[
    "from",
    "to",
    "profile",
    "format",
    "name",
    "from_name",
    "to_name",
];

async fn route(State(state): State<AppState>, query: Params) -> Result<Json<Value>, ApiError> {
    query.only(ROUTE_PARAMS)?;
    let route = find_route(state, &query).await?;
    Ok(Json(feature(&route)))
}

async fn export_route(State(state): State<AppState>, query: Params) -> Result<Response, ApiError> {
    query.only(EXPORT_PARAMS)?;
    let format: Format = query
        .get("format")
        .ok_or_else(|| {
            ApiError::BadRequest("missing parameter format: use gpx, kml, geojson or csv".into())
        })?
        .parse()
        .map_err(ApiError::BadRequest)?;
    let text = |name: &str, default: &str| -> Result<String, ApiError> {
        let value = query.get(name).map_or(default, String::as_str).trim();
        match value.chars().count() {
            1..=200 => Ok(value.to_owned()),
            _ => Err(ApiError::BadRequest(format!(
                "{name}: give 1 to 200 characters"
            ))),
        }
    };
    let (name, from_name, to_name) = (
        text("name", "route")?,
        text("from_name", "start")?,
        text("to_name", "end")?,
    );
    let route = find_route(state, &query).await?;
    let itinerary = route.itinerary(&name, &from_name, &to_name);
    let bytes = export::to_bytes(&itinerary, format).map_err(|e| ApiError::Internal(e.into()))?;
    let disposition = format!("attachment; filename=\"route.{}\"", format.as_str());
    Ok((
        [
            (header::CONTENT_TYPE, format.media_type().to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

async fn isochrone(State(state): State<AppState>, query: Params) -> Result<Json<Value>, ApiError> {
    query.only(&["from", "office", "minutes", "profile"])?;
    let profile = profile(&query)?;
    let from = match (query.get("from"), query.get("office")) {
        (Some(_), None) => point(&query, "from")?,
        (None, Some(id)) => {
            let snapshot = state.snapshot();
            let office = snapshot.atlas.dataset.office(id).ok_or_else(|| {
                ApiError::NotFound(format!("no office {:?}", params::shorten(id)))
            })?;
            [office.point.x(), office.point.y()]
        }
        _ => {
            return Err(ApiError::BadRequest(
                "give either from=LON,LAT or office=ID".into(),
            ));
        }
    };
    let minutes = query
        .get("minutes")
        .ok_or_else(|| ApiError::BadRequest("missing parameter minutes".into()))
        .and_then(|m| params::number("minutes", m))?;
    if !(minutes > 0.0 && minutes <= MAX_MINUTES) {
        return Err(ApiError::BadRequest(format!(
            "minutes: {minutes} is outside 0..{MAX_MINUTES}"
        )));
    }
    let network = network(state).await?;
    let area = tokio::task::spawn_blocking(move || network.service_area(profile, from, minutes))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?
        .map_err(routing_error)?;
    if !area.is_area() {
        return Err(ApiError::Rejected {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: format!(
                "within {minutes} min the {profile} network reaches too few places to enclose \
                 an area; ask for more minutes"
            ),
        });
    }
    let rings: Vec<Vec<[f64; 2]>> = std::iter::once(area.polygon.exterior())
        .chain(area.polygon.interiors())
        .map(|ring| ring.coords().map(|c| [c.x, c.y]).collect())
        .collect();
    Ok(Json(json!({
        "type": "Feature",
        "geometry": { "type": "Polygon", "coordinates": rings },
        "properties": {
            "profile": profile.as_str(),
            "minutes": minutes,
            "origin": from,
            "reached_nodes": area.reached_nodes(),
            "attribution": crate::routing::OSM_ATTRIBUTION,
        },
    })))
}

pub(super) fn profile(query: &Params) -> Result<Profile, ApiError> {
    query
        .get("profile")
        .map_or(Ok(Profile::Car), |p| p.parse())
        .map_err(|e: String| ApiError::BadRequest(format!("profile: {e}")))
}

pub(super) fn routing_error(error: RoutingError) -> ApiError {
    match error {
        RoutingError::NotNearRoad { .. } | RoutingError::Unreachable { .. } => ApiError::Rejected {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: error.to_string(),
        },
        other => ApiError::Internal(other.into()),
    }
}

/// Parses `from`, `to` and `profile` and finds the route.
async fn find_route(state: AppState, query: &Params) -> Result<Route, ApiError> {
    let from = point(query, "from")?;
    let to = point(query, "to")?;
    let profile = profile(query)?;
    let network = network(state).await?;
    network.route(profile, from, to).map_err(routing_error)
}

/// The road network, or 409 for a data set without one.
pub(super) async fn network(state: AppState) -> Result<Arc<RoadNetwork>, ApiError> {
    tokio::task::spawn_blocking(move || state.road_network())
        .await
        .map_err(|e| ApiError::Internal(e.into()))?
        .ok_or_else(|| ApiError::Rejected {
            status: StatusCode::CONFLICT,
            message: "this data set has no road network; routes need one (serve a data set \
                      with roads, or give serve --roads FILE.osm.pbf)"
                .into(),
        })
}

/// A required `LON,LAT` parameter, WGS84 degrees.
fn point(query: &Params, name: &str) -> Result<[f64; 2], ApiError> {
    let value = query.get(name).ok_or_else(|| {
        ApiError::BadRequest(format!(
            "missing parameter {name}: use {name}=LON,LAT (WGS84)"
        ))
    })?;
    let parts: Vec<&str> = value.split(',').collect();
    let [lon, lat] = parts.as_slice() else {
        return Err(ApiError::BadRequest(format!(
            "{name}: expected LON,LAT, got {:?}",
            params::shorten(value)
        )));
    };
    let p = params::lon_lat(params::number(name, lon)?, params::number(name, lat)?)
        .map_err(|e| ApiError::BadRequest(format!("{name}: {e}")))?;
    Ok([p.x, p.y])
}

fn snap_view(snap: &Snap) -> Value {
    json!({
        "query": snap.query,
        "snapped": snap.point,
        "snap_distance_m": round(snap.distance_m, 2),
    })
}

fn round(value: f64, decimals: i32) -> f64 {
    let scale = 10_f64.powi(decimals);
    (value * scale).round() / scale
}

/// The route as a GeoJSON Feature.
fn feature(route: &Route) -> Value {
    json!({
        "type": "Feature",
        "geometry": { "type": "LineString", "coordinates": route.line },
        "properties": {
            "profile": route.profile.as_str(),
            "distance_m": round(route.distance_m, 1),
            "duration_s": round(route.duration_s, 1),
            "from": snap_view(&route.from),
            "to": snap_view(&route.to),
            "attribution": crate::routing::OSM_ATTRIBUTION,
        },
    })
}
