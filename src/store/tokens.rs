//! Access tokens: stored as the SHA-256 of the secret, with the grant they carry.

use serde::Serialize;

use super::{Backend, Store, StoreError, StoreResult};
use crate::auth::{AccessRole, Grant};

/// A stored token, without its secret (which is never stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenInfo {
    /// Its number, for revoking.
    pub id: i64,
    /// What it grants.
    #[serde(flatten)]
    pub grant: Grant,
    /// When it was created, ISO 8601 UTC.
    pub created_at: String,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
}

/// One token row: id, name, role, jurisdictions, created, revoked.
type TokenRow = (i64, String, String, Option<String>, String, Option<String>);

const PG_SELECT: &str = "SELECT id, name, role, array_to_json(jurisdictions)::text, \
    to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), \
    to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM tokens";
const SQLITE_SELECT: &str =
    "SELECT id, name, role, jurisdictions, created_at, revoked_at FROM tokens";

impl Store {
    /// Stores a new token by its `hash` (see [`crate::auth::token_hash`]); returns its id.
    ///
    /// # Errors
    ///
    /// A database failure, e.g. a hash stored already.
    pub async fn create_token(&self, grant: &Grant, hash: &str) -> StoreResult<i64> {
        let write = StoreError::write("token", &grant.name);
        let role = grant.role.as_str();
        match &self.backend {
            Backend::Sqlite(pool) => {
                let jurisdictions = grant
                    .jurisdictions
                    .as_ref()
                    .map(|j| serde_json::Value::from(j.clone()).to_string());
                sqlx::query_scalar(
                    "INSERT INTO tokens (name, role, jurisdictions, hash) \
                     VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(&grant.name)
                .bind(role)
                .bind(jurisdictions)
                .bind(hash)
                .fetch_one(pool)
                .await
            }
            Backend::Postgres(pool) => {
                sqlx::query_scalar(
                    "INSERT INTO tokens (name, role, jurisdictions, hash) \
                     VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(&grant.name)
                .bind(role)
                .bind(&grant.jurisdictions)
                .bind(hash)
                .fetch_one(pool)
                .await
            }
        }
        .map_err(write)
    }

    /// The grant of the live (not revoked) token with `hash`, if there is one.
    ///
    /// # Errors
    ///
    /// A database failure or an unreadable row.
    pub async fn grant(&self, hash: &str) -> StoreResult<Option<Grant>> {
        let read = StoreError::database("read tokens");
        let row: Option<TokenRow> = match &self.backend {
            Backend::Sqlite(pool) => {
                let sql = format!("{SQLITE_SELECT} WHERE hash = $1 AND revoked_at IS NULL");
                sqlx::query_as(&sql).bind(hash).fetch_optional(pool).await
            }
            Backend::Postgres(pool) => {
                let sql = format!("{PG_SELECT} WHERE hash = $1 AND revoked_at IS NULL");
                sqlx::query_as(&sql).bind(hash).fetch_optional(pool).await
            }
        }
        .map_err(read)?;
        row.map(|row| info(row).map(|t| t.grant)).transpose()
    }

    /// Every token ever created, oldest first.
    ///
    /// # Errors
    ///
    /// A database failure or an unreadable row.
    pub async fn tokens(&self) -> StoreResult<Vec<TokenInfo>> {
        let read = StoreError::database("read tokens");
        let rows: Vec<TokenRow> = match &self.backend {
            Backend::Sqlite(pool) => {
                let sql = format!("{SQLITE_SELECT} ORDER BY id");
                sqlx::query_as(&sql).fetch_all(pool).await
            }
            Backend::Postgres(pool) => {
                let sql = format!("{PG_SELECT} ORDER BY id");
                sqlx::query_as(&sql).fetch_all(pool).await
            }
        }
        .map_err(read)?;
        rows.into_iter().map(info).collect()
    }

    /// Revokes token `id`; returns whether a live token was revoked.
    ///
    /// # Errors
    ///
    /// A database failure.
    pub async fn revoke_token(&self, id: i64) -> StoreResult<bool> {
        let write = StoreError::database("revoke a token");
        let done = match &self.backend {
            Backend::Sqlite(pool) => sqlx::query(
                "UPDATE tokens SET revoked_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') \
                 WHERE id = $1 AND revoked_at IS NULL",
            )
            .bind(id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()),
            Backend::Postgres(pool) => sqlx::query(
                "UPDATE tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL",
            )
            .bind(id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()),
        }
        .map_err(write)?;
        Ok(done == 1)
    }
}

fn info(row: TokenRow) -> StoreResult<TokenInfo> {
    let (id, name, role, jurisdictions, created_at, revoked_at) = row;
    let bad = |field, message: String| super::rows::bad("token", &id.to_string(), field, message);
    let role: AccessRole = role.parse().map_err(|e| bad("role", e))?;
    let jurisdictions = jurisdictions
        .map(|text| serde_json::from_str::<Vec<String>>(&text))
        .transpose()
        .map_err(|e| bad("jurisdictions", e.to_string()))?;
    Ok(TokenInfo {
        id,
        grant: Grant {
            name,
            role,
            jurisdictions,
        },
        created_at,
        revoked_at,
    })
}
