//! OGC API – Features, Part 1 (core, GeoJSON) under `/ogc`.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use super::params::{self, Params};
use super::{ApiError, AppState};
use crate::atlas::Atlas;
use crate::edit;
use crate::features::{self, Collection, ItemsQuery};

/// Default and largest page size of `items`.
const DEFAULT_LIMIT: usize = 100;
const MAX_LIMIT: usize = 10_000;
/// Parameters `items` understands; any other is refused.
const ITEMS_PARAMS: [&str; 5] = ["bbox", "limit", "offset", "q", "f"];

const CONFORMANCE: [&str; 2] = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
];
const WORLD: [f64; 4] = [-180.0, -90.0, 180.0, 90.0];
const CRS84: &str = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/ogc", get(landing))
        .route("/ogc/", get(landing))
        .route("/ogc/conformance", get(conformance))
        .route("/ogc/collections", get(collections))
        .route("/ogc/collections/{id}", get(collection))
        .route("/ogc/collections/{id}/items", get(items))
        .route("/ogc/collections/{id}/items/{feature}", get(item))
}

/// The absolute base URL of the feature API as the client reached it.
fn base(state: &AppState, headers: &HeaderMap) -> String {
    format!("{}/ogc", super::origin(state, headers))
}

fn link(href: String, rel: &str, kind: &str, title: &str) -> Value {
    json!({ "href": href, "rel": rel, "type": kind, "title": title })
}

async fn landing(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Params,
) -> Result<Json<Value>, ApiError> {
    only_f(&query)?;
    let b = base(&state, &headers);
    let snapshot = state.snapshot();
    let meta = &snapshot.atlas.dataset.meta;
    Ok(Json(json!({
        "title": format!("gridbeat: {}", meta.title),
        "description": format!("Grid policing layers. {}", meta.attribution),
        "links": [
            link(b.clone(), "self", "application/json", "This document"),
            link(format!("{b}/conformance"), "conformance", "application/json", "Conformance"),
            link(format!("{b}/collections"), "data", "application/json", "Collections"),
        ],
    })))
}

async fn conformance(query: Params) -> Result<Json<Value>, ApiError> {
    only_f(&query)?;
    Ok(Json(json!({ "conformsTo": CONFORMANCE })))
}

/// Checks a resource's only parameter, `f`.
fn only_f(query: &Params) -> Result<(), ApiError> {
    check_format(query.only(&["f"])?)
}

/// `f`, if given, must ask for JSON.
fn check_format(query: &Params) -> Result<(), ApiError> {
    match query.get("f").map(String::as_str) {
        None | Some("json" | "geojson") => Ok(()),
        Some(f) => Err(ApiError::BadRequest(format!(
            "f: {:?} is not offered; use f=json",
            params::shorten(f)
        ))),
    }
}

async fn collections(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Params,
) -> Result<Json<Value>, ApiError> {
    only_f(&query)?;
    let b = base(&state, &headers);
    let list: Vec<Value> = Collection::ALL
        .iter()
        .map(|&c| describe(&state.snapshot().atlas, c, &b))
        .collect();
    Ok(Json(json!({
        "links": [link(format!("{b}/collections"), "self", "application/json", "Collections")],
        "collections": list,
    })))
}

async fn collection(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    query: Params,
) -> Result<Json<Value>, ApiError> {
    let c = parse_collection(&path?.0)?;
    only_f(&query)?;
    Ok(Json(describe(
        &state.snapshot().atlas,
        c,
        &base(&state, &headers),
    )))
}

fn describe(atlas: &Atlas, c: Collection, b: &str) -> Value {
    let bbox = features::extent(atlas, c).map(|r| [r.min().x, r.min().y, r.max().x, r.max().y]);
    let href = format!("{b}/collections/{}", c.id());
    json!({
        "id": c.id(),
        "title": c.id(),
        "description": c.description(),
        "itemType": "feature",
        "crs": [CRS84],
        "extent": { "spatial": { "bbox": [bbox.unwrap_or(WORLD)], "crs": CRS84 } },
        "links": [
            link(href.clone(), "self", "application/json", c.id()),
            link(format!("{href}/items"), "items", "application/geo+json", c.id()),
        ],
    })
}

async fn items(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    query: Params,
) -> Result<Response, ApiError> {
    let c = parse_collection(&path?.0)?;
    let items_query = parse_items_query(c, &query)?;
    let bbox = query.get("bbox").map(String::as_str);

    let page = features::items(&state.snapshot().atlas, c, &items_query);

    let b = base(&state, &headers);
    let href = format!("{b}/collections/{}/items", c.id());
    let returned = page.features.len();
    let mut links = vec![
        link(
            page_href(&href, &items_query, bbox, items_query.offset),
            "self",
            "application/geo+json",
            "This page",
        ),
        link(
            format!("{b}/collections/{}", c.id()),
            "collection",
            "application/json",
            c.id(),
        ),
    ];
    if items_query.offset + returned < page.number_matched {
        let next = page_href(&href, &items_query, bbox, items_query.offset + returned);
        links.push(link(next, "next", "application/geo+json", "Next page"));
    }
    if items_query.offset > 0 {
        let before = items_query.offset.saturating_sub(items_query.limit);
        let prev = page_href(&href, &items_query, bbox, before);
        links.push(link(prev, "prev", "application/geo+json", "Previous page"));
    }
    let body = json!({
        "type": "FeatureCollection",
        "features": page.features,
        "numberMatched": page.number_matched,
        "numberReturned": returned,
        "links": links,
    });
    Ok(geojson_response(body))
}

async fn item(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<(String, String)>, PathRejection>,
    query: Params,
) -> Result<Response, ApiError> {
    let Path((id, feature_id)) = path?;
    let c = parse_collection(&id)?;
    only_f(&query)?;

    let snapshot = state.snapshot();
    let feature = features::item(&snapshot.atlas, c, &feature_id).ok_or_else(|| {
        ApiError::NotFound(format!(
            "collection {} has no feature {feature_id:?}",
            c.id()
        ))
    })?;

    let b = base(&state, &headers);
    let mut body = serde_json::to_value(feature).map_err(|e| ApiError::Internal(e.into()))?;
    body["links"] = json!([
        link(
            format!("{b}/collections/{}/items/{feature_id}", c.id()),
            "self",
            "application/geo+json",
            "This feature"
        ),
        link(
            format!("{b}/collections/{}", c.id()),
            "collection",
            "application/json",
            c.id()
        ),
    ]);
    let mut response = geojson_response(body);
    // Editable records carry the version an edit sends back in `If-Match`.
    let entity = match c {
        Collection::Grids => Some("grid"),
        Collection::Offices => Some("office"),
        Collection::Officers => Some("officer"),
        _ => None,
    };
    let record = entity.and_then(|e| edit::record_of(&snapshot.atlas.dataset, e, &feature_id));
    if let Some(tag) = record.and_then(|r| HeaderValue::from_str(&edit::etag(&r)).ok()) {
        response.headers_mut().insert(header::ETAG, tag);
    }
    Ok(response)
}

fn geojson_response(body: Value) -> Response {
    ([(header::CONTENT_TYPE, "application/geo+json")], Json(body)).into_response()
}

fn parse_collection(id: &str) -> Result<Collection, ApiError> {
    id.parse()
        .map_err(|e: features::UnknownCollection| ApiError::NotFound(e.to_string()))
}

/// The items query; besides [`ITEMS_PARAMS`], every property of the collection filters by
/// equality (`?officer_id=ID`), as OGC API Features allows.
fn parse_items_query(c: Collection, query: &Params) -> Result<ItemsQuery, ApiError> {
    let names = features::property_names(c);
    let known: Vec<&str> = ITEMS_PARAMS.iter().chain(names).copied().collect();
    check_format(query.only(&known)?)?;
    let mut properties: Vec<(String, String)> = query
        .pairs()
        .filter(|(k, _)| names.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    properties.sort_unstable();
    let count = |name: &str, default: usize| -> Result<usize, ApiError> {
        query.get(name).map_or(Ok(default), |v| {
            v.trim().parse().map_err(|_| {
                ApiError::BadRequest(format!(
                    "{name}: {:?} is not a whole number in 0..={}",
                    params::shorten(v),
                    usize::MAX
                ))
            })
        })
    };
    let limit = count("limit", DEFAULT_LIMIT)?;
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::BadRequest(format!(
            "limit: {limit} is outside 1..={MAX_LIMIT}"
        )));
    }
    Ok(ItemsQuery {
        bbox: query
            .get("bbox")
            .map(|v| params::bbox(v))
            .transpose()?
            .unwrap_or_default(),
        q: query.get("q").filter(|q| !q.is_empty()).cloned(),
        properties,
        offset: count("offset", 0)?,
        limit,
    })
}

/// The items URL of the page starting at `offset`, keeping the other parameters.
fn page_href(href: &str, q: &ItemsQuery, bbox: Option<&str>, offset: usize) -> String {
    let mut url = format!("{href}?limit={}&offset={offset}", q.limit);
    if let Some(raw) = bbox {
        url.push_str("&bbox=");
        url.push_str(&percent_encode(raw));
    }
    if let Some(text) = &q.q {
        url.push_str("&q=");
        url.push_str(&percent_encode(text));
    }
    for (name, value) in &q.properties {
        url.push_str(&format!("&{name}={}", percent_encode(value)));
    }
    url
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
