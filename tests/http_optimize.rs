//! `POST /api/v1/optimize` through the router: answers and the 4xx bodies that say what to fix.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use gridbeat::http::{AppState, ServerConfig, app};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

async fn post(body: impl Into<Body>) -> (StatusCode, Value) {
    let config = ServerConfig::new(common::root().join("web-map"));
    let router = app(AppState::new(common::andorra().clone(), config));
    let request = Request::post("/api/v1/optimize")
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .expect("request");
    let response = router.oneshot(request).await.expect("infallible");
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

async fn post_json(body: Value) -> (StatusCode, Value) {
    post(body.to_string()).await
}

fn assert_error(status: StatusCode, body: &Value, needle: &str) {
    assert_eq!(status, StatusCode::BAD_REQUEST, "body: {body}");
    assert_eq!(body["status"], 400);
    let message = body["error"].as_str().expect("a JSON error message");
    assert!(
        message.contains(needle),
        "{message:?} should mention {needle:?}"
    );
}

/// Four corners of a unit square, listed so that the input order crosses itself.
fn square() -> Value {
    let s = std::f64::consts::SQRT_2;
    json!([[0, s, 1, 1], [s, 0, 1, 1], [1, 1, 0, s], [1, 1, s, 0]])
}

#[tokio::test]
async fn closed_tour_goes_round_the_square_from_the_start() {
    let (status, body) = post_json(json!({"matrix": square(), "start": 2})).await;
    assert_eq!(status, StatusCode::OK, "body: {body}");
    assert_eq!(body["cost"], 4.0);
    assert_eq!(body["optimal"], true);
    let order: Vec<u64> = serde_json::from_value(body["order"].clone()).expect("order");
    assert_eq!(order[0], 2);
    let mut sorted = order.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, vec![0, 1, 2, 3]);
    // Never along a diagonal: 0–1 and 2–3 are the diagonals.
    assert!(
        !order
            .windows(2)
            .any(|w| w[0] + w[1] == 1 || w[0] + w[1] == 5)
    );
}

#[tokio::test]
async fn open_path_may_end_anywhere_and_large_matrices_use_the_heuristic() {
    let (status, body) =
        post_json(json!({"matrix": square(), "start": 0, "return_to_start": false})).await;
    assert_eq!(status, StatusCode::OK, "body: {body}");
    assert_eq!(body["cost"], 3.0);

    // 40 points on a line: the open path from the left end walks right, cost 39.
    let n = 40;
    let line: Vec<Vec<f64>> = (0..n)
        .map(|i: i32| (0..n).map(|j: i32| f64::from((i - j).abs())).collect())
        .collect();
    let (status, body) =
        post_json(json!({"matrix": line, "start": 0, "return_to_start": false})).await;
    assert_eq!(status, StatusCode::OK, "body: {body}");
    assert_eq!(body["cost"], 39.0);
    assert_eq!(body["optimal"], false);
    assert_eq!(body["order"], json!((0..n).collect::<Vec<_>>()));
}

#[tokio::test]
async fn refuses_matrices_it_cannot_use_saying_what_to_fix() {
    let (status, body) = post_json(json!({"matrix": [[0, 1], [1]]})).await;
    assert_error(status, &body, "row 1 has 1 values");
    let (status, body) = post_json(json!({"matrix": [[0, -2], [1, 0]]})).await;
    assert_error(status, &body, "matrix[0][1] is -2");
    let (status, body) = post_json(json!({"matrix": [[0, 1e308], [1e308, 0]]})).await;
    assert_error(status, &body, "from 0 to 1e15");
    let (status, body) = post_json(json!({"matrix": []})).await;
    assert_error(status, &body, "empty");
    let (status, body) = post_json(json!({"matrix": [[0, 1], [1, 0]], "start": 2})).await;
    assert_error(status, &body, "start 2 is not a row");
    let (status, body) = post_json(json!({"matrix": [[0, "a"], [1, 0]]})).await;
    assert_error(status, &body, "body must be");
    let (status, body) = post_json(json!({"matrix": [[0, 1], [1, 0]], "stat": 1})).await;
    assert_error(status, &body, "unknown field `stat`");
    let (status, body) = post("not json").await;
    assert_error(status, &body, "body must be");
    let rows = gridbeat::http::MAX_MATRIX_ROWS + 1;
    let big = format!("{{\"matrix\": [{}]}}", vec!["[]"; rows].join(","));
    let (status, body) = post(big).await;
    assert_error(status, &body, "send at most 1000");
}
