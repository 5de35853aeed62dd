//! Change-log entries, as written by an edit and read back by the API and by other servers.

use serde::Serialize;
use serde_json::Value;

use super::StoreResult;
use super::rows::bad;

/// One entry of the change log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Position in the log; later entries have larger ids.
    pub id: i64,
    /// When it was committed, ISO 8601 UTC.
    pub at: String,
    /// Who made it (the token's name, or `gridbeat import`).
    pub actor: String,
    /// What was done: `import` or an edit's `op` (`assign`, `update_office`, ...).
    pub action: String,
    /// The kind of record changed (`dataset`, `officer`, `office`, `workstation`, `grid`).
    pub entity: String,
    /// The record's id.
    pub entity_id: Option<String>,
    /// The record before the change (`null` when it was created).
    pub before: Option<Value>,
    /// The record after the change (`null` when it was deleted).
    pub after: Option<Value>,
    /// The edit as it was received; `None` for imports.
    pub edit: Option<Value>,
}

/// What to write to the change log for one edit.
#[derive(Debug, Clone, Copy)]
pub struct NewChange<'a> {
    /// Who makes it.
    pub actor: &'a str,
    /// The edit's `op`.
    pub action: &'a str,
    /// The kind of record changed.
    pub entity: &'a str,
    /// The record's id.
    pub entity_id: &'a str,
    /// The record before (`Value::Null` for a new one).
    pub before: &'a Value,
    /// The record after (`Value::Null` once deleted).
    pub after: &'a Value,
    /// The edit itself.
    pub edit: &'a Value,
}

/// Which entries to read.
#[derive(Debug, Clone, Default)]
pub struct ChangeQuery {
    /// Only entries with a larger id.
    pub after_id: i64,
    /// At most this many.
    pub limit: i64,
    /// Only entries about this kind of record.
    pub entity: Option<String>,
    /// Only entries about the record with this id.
    pub entity_id: Option<String>,
}

/// The SELECT list both backends read a change with, in [`ChangeRow`] order.
pub(super) type ChangeRow = (
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// A row read back into a [`Change`]; JSON columns arrive as text.
pub(super) fn from_row(row: ChangeRow) -> StoreResult<Change> {
    let (id, at, actor, action, entity, entity_id, before, after, edit) = row;
    let json = |field: &'static str, text: Option<String>| -> StoreResult<Option<Value>> {
        text.map(|t| serde_json::from_str(&t))
            .transpose()
            .map_err(|e| bad("change", &id.to_string(), field, e.to_string()))
    };
    Ok(Change {
        before: json("before", before)?.filter(|v| !v.is_null()),
        after: json("after", after)?.filter(|v| !v.is_null()),
        edit: json("edit", edit)?,
        id,
        at,
        actor,
        action,
        entity,
        entity_id,
    })
}

/// `value` as column text, `None` for JSON `null`.
pub(super) fn json_text(value: &Value) -> Option<String> {
    (!value.is_null()).then(|| value.to_string())
}
