//! `GET /api/v1/route` and `/api/v1/route/export` through the router: Andorra's roads,
//! Henan without roads, and the errors that tell a client what to fix.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use gridbeat::atlas::Atlas;
use gridbeat::http::{AppState, ServerConfig, app};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

const FROM: &str = "1.5218,42.5075";
const TO: &str = "1.5806,42.5348";

async fn get(atlas: &Atlas, uri: &str) -> (StatusCode, String, Vec<u8>) {
    let config = ServerConfig::new(common::root().join("web-map"));
    let request = Request::get(uri).body(Body::empty()).expect("request");
    let response = app(AppState::new(atlas.clone(), config))
        .oneshot(request)
        .await
        .expect("infallible");
    let status = response.status();
    let kind = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (status, kind, body.to_vec())
}

async fn get_json(atlas: &Atlas, uri: &str) -> (StatusCode, Value) {
    let (status, _, body) = get(atlas, uri).await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

#[tokio::test]
async fn route_is_a_geojson_linestring_with_snaps() {
    let uri = format!("/api/v1/route?from={FROM}&to={TO}&profile=car");
    let (status, body) = get_json(common::andorra(), &uri).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["type"], "Feature");
    assert_eq!(body["geometry"]["type"], "LineString");
    let line = body["geometry"]["coordinates"]
        .as_array()
        .expect("coordinates");
    assert!(line.len() > 20, "{} vertices", line.len());
    let props = &body["properties"];
    let distance = props["distance_m"].as_f64().expect("distance");
    let duration = props["duration_s"].as_f64().expect("duration");
    assert!(distance > 6_000.0 && distance < 15_000.0, "{distance}");
    assert!(
        duration > distance / 25.0 && duration < distance / 5.0,
        "{duration}"
    );
    assert_eq!(props["from"]["query"][0], 1.5218);
    assert_eq!(props["from"]["snapped"], line[0]);
    assert_eq!(props["to"]["snapped"], line[line.len() - 1]);
    assert!(
        props["to"]["snap_distance_m"]
            .as_f64()
            .is_some_and(|m| m < 200.0)
    );

    let walk = format!("/api/v1/route?from={FROM}&to={TO}&profile=foot");
    let (status, body) = get_json(common::andorra(), &walk).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let walk_s = body["properties"]["duration_s"].as_f64().expect("duration");
    assert!(
        walk_s > duration * 2.0,
        "walking {walk_s} s vs driving {duration} s"
    );
}

#[tokio::test]
async fn bad_requests_say_what_to_fix() {
    let cases = [
        (
            format!("/api/v1/route?from={FROM}"),
            StatusCode::BAD_REQUEST,
            "missing parameter to",
        ),
        (
            "/api/v1/route?from=1.5&to=1,2".into(),
            StatusCode::BAD_REQUEST,
            "expected LON,LAT",
        ),
        (
            "/api/v1/route?from=1.5,x&to=1,2".into(),
            StatusCode::BAD_REQUEST,
            "not a finite",
        ),
        (
            "/api/v1/route?from=1,95&to=1,2".into(),
            StatusCode::BAD_REQUEST,
            "lat 95",
        ),
        (
            format!("/api/v1/route?from={FROM}&to={TO}&profile=bike"),
            StatusCode::BAD_REQUEST,
            "use car or foot",
        ),
        (
            format!("/api/v1/route?from={FROM}&to={TO}&x=1"),
            StatusCode::BAD_REQUEST,
            "unknown",
        ),
        (
            format!("/api/v1/route?from={FROM}&to=3,45"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "from the nearest car road",
        ),
        (
            format!("/api/v1/route/export?from={FROM}&to={TO}&format=shp"),
            StatusCode::BAD_REQUEST,
            "use gpx, kml, geojson or csv",
        ),
        (
            format!("/api/v1/route/export?from={FROM}&to={TO}"),
            StatusCode::BAD_REQUEST,
            "missing parameter format",
        ),
    ];
    for (uri, expected, needle) in cases {
        let (status, body) = get_json(common::andorra(), &uri).await;
        assert_eq!(status, expected, "{uri}: {body}");
        let message = body["error"].as_str().expect("JSON error");
        assert!(
            message.contains(needle),
            "{uri}: {message:?} lacks {needle:?}"
        );
    }
}

#[tokio::test]
async fn henan_has_no_road_network() {
    let uri = "/api/v1/route?from=114.8,34.8&to=114.9,34.9";
    let (status, body) = get_json(common::henan(), uri).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let message = body["error"].as_str().expect("JSON error");
    assert!(
        message.contains("this data set has no road network"),
        "{message}"
    );
}

#[tokio::test]
async fn exports_carry_names_and_media_types() {
    // 兰考 and 村 percent-encoded as UTF-8.
    let names = "from_name=%E5%85%B0%E8%80%83&to_name=%E6%9D%91%20%26%20%3Cb%3E";
    let base = format!("/api/v1/route/export?from={FROM}&to={TO}&{names}");
    let (status, kind, body) = get(common::andorra(), &format!("{base}&format=gpx")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "application/gpx+xml");
    let gpx = gpx::read(body.as_slice()).expect("GPX reads back");
    let names: Vec<_> = gpx
        .waypoints
        .iter()
        .filter_map(|w| w.name.as_deref())
        .collect();
    assert_eq!(names, ["兰考", "村 & <b>"]);

    let (status, kind, body) = get(common::andorra(), &format!("{base}&format=csv")).await;
    assert_eq!(
        (status, kind.as_str()),
        (StatusCode::OK, "text/csv; charset=utf-8")
    );
    let text = String::from_utf8(body).expect("utf-8");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("kind,seq,name,lon,lat"));
    assert_eq!(lines.next(), Some("stop,0,兰考,1.5218,42.5075"));
    assert_eq!(lines.next(), Some("stop,1,村 & <b>,1.5806,42.5348"));

    let (status, kind, body) = get(common::andorra(), &format!("{base}&format=kml")).await;
    assert_eq!(
        (status, kind.as_str()),
        (StatusCode::OK, "application/vnd.google-earth.kml+xml")
    );
    assert!(String::from_utf8_lossy(&body).contains("<name>村 &amp; &lt;b&gt;</name>"));

    let (status, _, body) = get(common::andorra(), &format!("{base}&format=geojson")).await;
    assert_eq!(status, StatusCode::OK);
    let collection: Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(collection["features"].as_array().map(Vec::len), Some(3));
    assert_eq!(collection["features"][1]["properties"]["name"], "兰考");
}

#[tokio::test]
async fn isochrones_of_offices_and_points() {
    let atlas = common::andorra();
    let office = &atlas.dataset.offices[0];
    let uri = format!("/api/v1/isochrone?office={}&minutes=5", office.id);
    let (status, body) = get_json(atlas, &uri).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["geometry"]["type"], "Polygon");
    let ring = body["geometry"]["coordinates"][0].as_array().expect("ring");
    assert!(
        ring.len() >= 4 && ring.first() == ring.last(),
        "{} vertices",
        ring.len()
    );
    assert_eq!(body["properties"]["origin"][0], office.point.x());
    assert!(
        body["properties"]["reached_nodes"]
            .as_u64()
            .is_some_and(|n| n > 10)
    );

    let cases = [
        (
            "/api/v1/isochrone?from=1.52,42.5",
            "missing parameter minutes",
        ),
        (
            "/api/v1/isochrone?from=1.52,42.5&minutes=0",
            "outside 0..120",
        ),
        (
            "/api/v1/isochrone?minutes=5",
            "either from=LON,LAT or office=ID",
        ),
        (
            "/api/v1/isochrone?from=1.52,42.5&office=x&minutes=5",
            "either from",
        ),
    ];
    for (uri, needle) in cases {
        let (status, body) = get_json(atlas, uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert!(
            body["error"].as_str().is_some_and(|m| m.contains(needle)),
            "{uri}: {body}"
        );
    }
    let (status, _) = get_json(atlas, "/api/v1/isochrone?office=nope&minutes=5").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_road_network_from_an_extract_serves_any_data_set() {
    let pbf = common::shared_data().join("osm/heidelberg-20240908-routing.osm.pbf");
    let network = gridbeat::routing::RoadNetwork::from_pbf(&pbf).expect("extract");
    let config = ServerConfig::new(common::root().join("web-map"));
    let state = AppState::new(common::henan().clone(), config).with_road_network(network);
    let uri = "/api/v1/route?from=8.6724,49.4093&to=8.6935,49.4120&profile=foot";
    let request = Request::get(uri).body(Body::empty()).expect("request");
    let response = app(state).oneshot(request).await.expect("infallible");
    assert_eq!(response.status(), StatusCode::OK);
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    let body: Value = serde_json::from_slice(&body).expect("json");
    let metres = body["properties"]["distance_m"].as_f64().expect("distance");
    assert!(metres > 1_500.0 && metres < 2_500.0, "{metres}");
}

#[tokio::test]
async fn service_areas_of_every_office_match_their_single_isochrones() {
    let atlas = common::andorra();
    let config = ServerConfig::new(common::root().join("web-map"));
    let router = app(AppState::new(atlas.clone(), config));
    let call = |uri: String| {
        let router = router.clone();
        async move {
            let request = Request::get(&uri).body(Body::empty()).expect("request");
            let response = router.oneshot(request).await.expect("infallible");
            let status = response.status();
            let body = response.into_body().collect().await.expect("body");
            let value: Value = serde_json::from_slice(&body.to_bytes()).unwrap_or(Value::Null);
            (status, value)
        }
    };

    let (status, all) = call("/api/v1/service-areas?minutes=4".into()).await;
    assert_eq!(status, StatusCode::OK, "{all}");
    let features = all["features"].as_array().expect("features");
    let unplaced = all["unplaced"].as_array().expect("unplaced");
    let offices = &atlas.dataset.offices;
    assert_eq!(features.len() + unplaced.len(), offices.len());
    assert!(
        features.len() >= offices.len() / 2,
        "most offices are on a road"
    );
    for feature in features {
        let id = feature["properties"]["office_id"]
            .as_str()
            .expect("office id");
        let (status, one) = call(format!("/api/v1/isochrone?office={id}&minutes=4")).await;
        assert_eq!(status, StatusCode::OK, "{id}: {one}");
        assert_eq!(feature["geometry"], one["geometry"], "{id}");
        assert_eq!(
            feature["properties"]["reached_nodes"],
            one["properties"]["reached_nodes"]
        );
    }

    // One jurisdiction: the offices of its stations only.
    let d = &atlas.dataset;
    let jurisdiction = &d.jurisdictions[0].id;
    let expected = offices
        .iter()
        .filter(|o| {
            d.station(&o.station_id)
                .is_some_and(|s| s.jurisdiction_id.as_ref() == Some(jurisdiction))
        })
        .count();
    let uri = format!("/api/v1/service-areas?minutes=4&jurisdiction={jurisdiction}");
    let (_, some) = call(uri).await;
    let counted = some["features"].as_array().map_or(0, Vec::len)
        + some["unplaced"].as_array().map_or(0, Vec::len);
    assert_eq!(counted, expected);

    for (uri, status, needle) in [
        ("/api/v1/service-areas", StatusCode::BAD_REQUEST, "minutes"),
        (
            "/api/v1/service-areas?minutes=0",
            StatusCode::BAD_REQUEST,
            "minutes",
        ),
        (
            "/api/v1/service-areas?minutes=500",
            StatusCode::BAD_REQUEST,
            "minutes",
        ),
        (
            "/api/v1/service-areas?minutes=5&jurisdiction=nowhere",
            StatusCode::BAD_REQUEST,
            "nowhere",
        ),
        (
            "/api/v1/service-areas?minutes=5&profile=bike",
            StatusCode::BAD_REQUEST,
            "profile",
        ),
    ] {
        let (got, body) = call(uri.into()).await;
        assert_eq!(got, status, "{uri}: {body}");
        let message = body["error"].as_str().unwrap_or_default();
        assert!(message.contains(needle), "{uri}: {message}");
    }
    let (status, _) = get_json(common::henan(), "/api/v1/service-areas?minutes=5").await;
    assert_eq!(status, StatusCode::CONFLICT);

    // A few milliseconds reach no area: said so, never a degenerate polygon.
    let office = &offices[1].id;
    let uri = format!("/api/v1/isochrone?office={office}&minutes=0.001");
    let (status, body) = call(uri).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body["error"]
            .as_str()
            .unwrap_or_default()
            .contains("more minutes")
    );
    let (_, tiny) = call("/api/v1/service-areas?minutes=0.001".into()).await;
    for feature in tiny["features"].as_array().expect("features") {
        let ring = feature["geometry"]["coordinates"][0]
            .as_array()
            .expect("ring");
        assert!(ring.len() >= 4, "{feature}");
    }
}
