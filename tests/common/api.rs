//! A small HTTP client for the API tests.

use serde_json::Value;

/// One answer.
#[derive(Debug)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// The `ETag` header.
    pub etag: Option<String>,
    /// The body parsed as JSON (`Null` when it is not JSON).
    pub json: Value,
    /// The body as text (invalid UTF-8 replaced).
    pub text: String,
}

/// A client of one server, with an optional bearer token.
#[derive(Debug, Clone)]
pub struct Api {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// Sent as `Authorization: Bearer TOKEN`.
    pub token: Option<String>,
}

impl Api {
    /// A client of `base` without a token.
    pub fn new(base: &str) -> Self {
        Self {
            base: base.to_owned(),
            token: None,
        }
    }

    /// The same client sending `token`.
    pub fn with_token(&self, token: &str) -> Self {
        Self {
            token: Some(token.to_owned()),
            ..self.clone()
        }
    }

    /// `GET path`.
    pub fn get(&self, path: &str) -> Reply {
        let agent = agent();
        let mut request = agent.get(format!("{}{path}", self.base));
        if let Some(token) = &self.token {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        reply(request.call().expect("an HTTP answer"))
    }

    /// `POST /api/v1/edits` with `edit` and an optional `If-Match`.
    pub fn edit(&self, edit: &Value, if_match: Option<&str>) -> Reply {
        self.try_edit(edit, if_match).expect("an HTTP answer")
    }

    /// [`Api::edit`], or `None` when no answer came (the server is gone).
    pub fn try_edit(&self, edit: &Value, if_match: Option<&str>) -> Option<Reply> {
        let agent = agent();
        let mut request = agent
            .post(format!("{}/api/v1/edits", self.base))
            .header("Content-Type", "application/json");
        if let Some(token) = &self.token {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        if let Some(tag) = if_match {
            request = request.header("If-Match", tag);
        }
        request.send(edit.to_string()).ok().map(reply)
    }

    /// The current version (`ETag`) of a record, e.g. `("officer", "p-00001")`.
    pub fn version(&self, entity: &str, id: &str) -> String {
        let reply = self.get(&format!("/api/v1/records/{entity}/{id}"));
        assert_eq!(reply.status, 200, "{entity} {id}: {}", reply.text);
        reply.etag.expect("an ETag")
    }

    /// An edit of an existing record, sent with its current version; must succeed.
    pub fn edit_ok(&self, entity: &str, id: &str, edit: &Value) -> Reply {
        let tag = self.version(entity, id);
        let reply = self.edit(edit, Some(&tag));
        assert_eq!(reply.status, 200, "{edit}: {}", reply.text);
        reply
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(60)))
        .build()
        .into()
}

fn reply(mut response: ureq::http::Response<ureq::Body>) -> Reply {
    let status = response.status().as_u16();
    let etag = response
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let bytes = response.body_mut().read_to_vec().expect("a body");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Reply {
        status,
        etag,
        json,
        text,
    }
}
