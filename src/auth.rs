//! Who may do what: bearer tokens, roles and jurisdiction limits.
//!
//! A token is 32 random bytes shown once, in hex, when it is created; only its SHA-256 is
//! stored. Reads may be open; every edit needs a token of role `editor` or `admin`, and an
//! editor limited to some jurisdictions may only edit records that lie in them.

use std::fmt;
use std::str::FromStr;

use rand::RngExt;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What a token allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessRole {
    /// Read everything.
    Viewer,
    /// Read everything and edit (possibly within some jurisdictions).
    Editor,
    /// Everything, tokens included.
    Admin,
}

impl AccessRole {
    /// The role's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Viewer => "viewer",
            Self::Editor => "editor",
            Self::Admin => "admin",
        }
    }
}

impl fmt::Display for AccessRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AccessRole {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "viewer" => Ok(Self::Viewer),
            "editor" => Ok(Self::Editor),
            "admin" => Ok(Self::Admin),
            _ => Err(format!(
                "unknown role {s:?}; expected viewer, editor or admin"
            )),
        }
    }
}

/// What one token grants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    /// Name of the holder, for the change log.
    pub name: String,
    /// Role.
    pub role: AccessRole,
    /// Jurisdiction ids an editor is limited to; `None` means all.
    pub jurisdictions: Option<Vec<String>>,
}

impl Grant {
    /// Whether this grant may edit records lying in `jurisdictions` (all of them).
    pub fn may_edit<'a>(&self, mut jurisdictions: impl Iterator<Item = &'a str>) -> bool {
        match (self.role, &self.jurisdictions) {
            (AccessRole::Viewer, _) => false,
            (AccessRole::Admin, _) | (AccessRole::Editor, None) => true,
            (AccessRole::Editor, Some(allowed)) => {
                jurisdictions.all(|j| allowed.iter().any(|a| a == j))
            }
        }
    }
}

/// A new random token, in hex (shown once).
pub fn new_token() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The stored form of a token: its SHA-256 in hex.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_ne!(token_hash(&a), a);
    }

    #[test]
    fn editors_are_held_to_their_jurisdictions() {
        let limited = Grant {
            name: "x".into(),
            role: AccessRole::Editor,
            jurisdictions: Some(vec!["410225".into()]),
        };
        assert!(limited.may_edit(["410225"].into_iter()));
        assert!(!limited.may_edit(["410225", "410102"].into_iter()));
        let viewer = Grant {
            role: AccessRole::Viewer,
            jurisdictions: None,
            ..limited.clone()
        };
        assert!(!viewer.may_edit(std::iter::empty()));
        let admin = Grant {
            role: AccessRole::Admin,
            ..limited
        };
        assert!(admin.may_edit(["410102"].into_iter()));
    }
}
