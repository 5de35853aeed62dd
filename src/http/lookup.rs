//! `GET /api/v1/lookup?lon=&lat=` and `POST /api/v1/lookup` (a FeatureCollection of points):
//! who is responsible at a point. Both take `crs=wgs84|cgcs2000|gcj02|bd09` (default WGS84)
//! for coordinates copied from Chinese web maps.

use axum::body::Bytes;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use geojson::{FeatureCollection, GeometryValue};
use serde_json::{Value, json};

use super::params::{self, Params};
use super::{ApiError, AppState};
use crate::lookup::ResponsibleView;

/// Most points one bulk request may hold.
pub const MAX_POINTS: usize = 100_000;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/lookup", get(lookup_one).post(lookup_many))
}

async fn lookup_one(
    State(state): State<AppState>,
    query: Params,
) -> Result<Json<ResponsibleView>, ApiError> {
    query.only(&["lon", "lat", "crs"])?;
    let required = |name: &str| {
        let value = query.get(name).ok_or_else(|| {
            ApiError::BadRequest(format!(
                "missing parameter {name}: use ?lon=..&lat=.. (WGS84)"
            ))
        })?;
        params::number(name, value)
    };
    let crs = params::crs(query.get("crs"))?;
    let p = params::lon_lat(required("lon")?, required("lat")?)?;
    let (lon, lat) = crs.to_wgs84(p.x, p.y);

    Ok(Json(
        state
            .snapshot()
            .atlas
            .responsible_at(geo::coord! { x: lon, y: lat })
            .view(),
    ))
}

async fn lookup_many(
    State(state): State<AppState>,
    query: Params,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let crs = params::crs(query.only(&["crs"])?.get("crs"))?;
    let points = parse_points(&body?)?;
    if points.len() > MAX_POINTS {
        return Err(ApiError::BadRequest(format!(
            "{} points in one request; send at most {MAX_POINTS} per request",
            points.len()
        )));
    }
    // Bulk answers are large; at most a few are built at once.
    let _permit = state
        .bulk_permits
        .acquire()
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;

    let snapshot = state.snapshot();
    let results: Vec<ResponsibleView> = points
        .into_iter()
        .map(|p| {
            let (lon, lat) = crs.to_wgs84(p.x, p.y);
            snapshot
                .atlas
                .responsible_at(geo::coord! { x: lon, y: lat })
                .view()
        })
        .collect();
    Ok(Json(json!({ "results": results })))
}

/// The points of a GeoJSON FeatureCollection, in order; any other geometry is an error that
/// names the feature.
fn parse_points(body: &[u8]) -> Result<Vec<geo::Coord>, ApiError> {
    let collection: FeatureCollection = serde_json::from_slice(body).map_err(|e| {
        let detail = e
            .to_string()
            .replace("DeserializeFeatureCollectionHelper", "FeatureCollection");
        ApiError::BadRequest(format!("body is not a GeoJSON FeatureCollection: {detail}"))
    })?;
    collection
        .features
        .iter()
        .enumerate()
        .map(|(i, feature)| {
            let value = feature.geometry.as_ref().map(|g| &g.value);
            match value {
                Some(GeometryValue::Point { coordinates }) if coordinates.as_slice().len() >= 2 => {
                    params::lon_lat(coordinates[0], coordinates[1])
                        .map_err(|e| ApiError::BadRequest(format!("feature {i}: {e}")))
                }
                Some(other) => Err(ApiError::BadRequest(format!(
                    "feature {i}: expected a Point geometry, found a {}",
                    other.type_name()
                ))),
                None => Err(ApiError::BadRequest(format!(
                    "feature {i}: has no geometry"
                ))),
            }
        })
        .collect()
}
