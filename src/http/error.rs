//! The one error type of the HTTP layer, mapped to a status and a JSON body once.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Why a request failed. A 4xx body tells the client what to fix; a 5xx body stays generic and
/// the detail is logged once.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// A parameter or body is malformed or out of range.
    #[error("{0}")]
    BadRequest(String),
    /// The path names nothing that exists.
    #[error("{0}")]
    NotFound(String),
    /// No valid bearer token was sent.
    #[error("{0}")]
    Unauthorized(String),
    /// The token does not allow this.
    #[error("{0}")]
    Forbidden(String),
    /// The request conflicts with the current data (a stale version, an existing id).
    #[error("{0}")]
    Conflict(String),
    /// An edit of an existing record came without `If-Match`.
    #[error("{0}")]
    PreconditionRequired(String),
    /// The body is well formed but breaks a rule of the data.
    #[error("{0}")]
    Unprocessable(String),
    /// The server cannot do this in its present setup.
    #[error("{0}")]
    Unavailable(String),
    /// The body is larger than the stated limit.
    #[error("request body is larger than {limit} bytes")]
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// An axum extractor refused the request (its status and text are kept).
    #[error("{message}")]
    Rejected {
        /// The status the extractor chose.
        status: StatusCode,
        /// Its explanation.
        message: String,
    },
    /// Something failed on our side.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl ApiError {
    /// The HTTP status of this error.
    pub fn status_code(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::PreconditionRequired(_) => StatusCode::PRECONDITION_REQUIRED,
            Self::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Rejected { status, .. } => *status,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status_code();
        if let Self::Internal(cause) = &self {
            tracing::error!(error = format!("{cause:#}"), "request failed");
        }
        let body = json!({ "error": self.to_string(), "status": status.as_u16() });
        let mut response = (status, Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            let challenge = axum::http::HeaderValue::from_static("Bearer realm=\"gridbeat\"");
            response
                .headers_mut()
                .insert(axum::http::header::WWW_AUTHENTICATE, challenge);
        }
        response
    }
}

impl From<axum::extract::rejection::BytesRejection> for ApiError {
    fn from(rejection: axum::extract::rejection::BytesRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return Self::TooLarge {
                limit: super::MAX_BODY_BYTES,
            };
        }
        Self::Rejected {
            status: rejection.status(),
            message: rejection.body_text(),
        }
    }
}

impl From<axum::extract::rejection::QueryRejection> for ApiError {
    fn from(rejection: axum::extract::rejection::QueryRejection) -> Self {
        Self::BadRequest(rejection.body_text())
    }
}

impl From<axum::extract::rejection::PathRejection> for ApiError {
    fn from(rejection: axum::extract::rejection::PathRejection) -> Self {
        Self::Rejected {
            status: rejection.status(),
            message: rejection.body_text(),
        }
    }
}
