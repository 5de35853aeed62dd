//! Bearer tokens on requests: who is asking, and whether reads need a token at all.
//!
//! Edits always look their token up in the store, so a revoked token stops editing at once.
//! Reads (when `--private-reads` asks for tokens) keep a looked-up token for [`READ_GRANT_TTL`]
//! so that a map's tile requests do not each cost a database round trip; a revoked token may
//! still read for that long. Tokens never reach a log: only their hash is used.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::Response;

use super::{ApiError, AppState};
use crate::auth::{Grant, token_hash};

/// How long a read token stays trusted without asking the store again.
pub const READ_GRANT_TTL: Duration = Duration::from_secs(10);

/// Read grants by token hash; `None` remembers an unknown token.
#[derive(Debug, Clone)]
pub(crate) struct GrantCache(moka::sync::Cache<String, Option<Grant>>);

impl Default for GrantCache {
    fn default() -> Self {
        Self(
            moka::sync::Cache::builder()
                .max_capacity(10_000)
                .time_to_live(READ_GRANT_TTL)
                .build(),
        )
    }
}

/// Whether a lookup may use a grant remembered for reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Freshness {
    /// Ask the store now (edits).
    Now,
    /// A grant checked within [`READ_GRANT_TTL`] will do (reads).
    Cached,
}

/// The grant of the request's bearer token.
///
/// # Errors
///
/// 401 without a token or with one that is unknown or revoked; 503 when the server has no
/// store to hold tokens.
pub(crate) async fn grant(
    state: &AppState,
    headers: &HeaderMap,
    freshness: Freshness,
) -> Result<Grant, ApiError> {
    let store = state.store.as_ref().ok_or_else(|| {
        ApiError::Unavailable(
            "this server has no database, so it has no tokens and takes no edits".into(),
        )
    })?;
    let hash = token_hash(bearer(headers)?);
    let cached = match freshness {
        Freshness::Cached => state.read_grants.0.get(&hash),
        Freshness::Now => None,
    };
    let found = match cached {
        Some(found) => found,
        None => {
            let found = store
                .grant(&hash)
                .await
                .map_err(|e| ApiError::Internal(e.into()))?;
            state.read_grants.0.insert(hash, found.clone());
            found
        }
    };
    found.ok_or_else(|| ApiError::Unauthorized("the bearer token is unknown or revoked".into()))
}

/// The token of an `Authorization: Bearer TOKEN` header.
fn bearer(headers: &HeaderMap) -> Result<&str, ApiError> {
    let missing = || {
        ApiError::Unauthorized(
            "send `Authorization: Bearer TOKEN`; an admin creates tokens with \
             `gridbeat token create`"
                .into(),
        )
    };
    let value = headers.get(header::AUTHORIZATION).ok_or_else(missing)?;
    let value = value.to_str().map_err(|_| missing())?;
    let (scheme, token) = value.split_once(' ').ok_or_else(missing)?;
    let token = token.trim();
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() {
        return Err(missing());
    }
    Ok(token)
}

/// Middleware for private reads: any live token (viewer, editor or admin) may read.
pub(crate) async fn require_reader(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    grant(&state, request.headers(), Freshness::Cached).await?;
    Ok(next.run(request).await)
}
