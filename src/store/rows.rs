//! What both backends share: number and enum conversions, the officers' grid lists, and the
//! change-log entry of an import.

use std::collections::HashMap;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{StoreError, StoreResult};
use crate::model::{Dataset, Officer};

/// The actor written to the change log for imports.
pub(super) const IMPORT_ACTOR: &str = "gridbeat import";

/// Record counts of a data set, as written to the change log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub(super) struct Counts {
    pub jurisdictions: i64,
    pub stations: i64,
    pub offices: i64,
    pub workstations: i64,
    pub villages: i64,
    pub grids: i64,
    pub officers: i64,
    pub officer_grids: i64,
}

/// Counts every table at once; the same SQL runs on both backends.
pub(super) const COUNTS_SQL: &str = "SELECT \
    (SELECT count(*) FROM jurisdictions) AS jurisdictions, \
    (SELECT count(*) FROM stations) AS stations, \
    (SELECT count(*) FROM offices) AS offices, \
    (SELECT count(*) FROM workstations) AS workstations, \
    (SELECT count(*) FROM villages) AS villages, \
    (SELECT count(*) FROM grids) AS grids, \
    (SELECT count(*) FROM officers) AS officers, \
    (SELECT count(*) FROM officer_grids) AS officer_grids";

/// Tables in the order they are emptied before an import (children first).
pub(super) const TABLES_CHILDREN_FIRST: [&str; 9] = [
    "officer_grids",
    "officers",
    "grids",
    "villages",
    "workstations",
    "offices",
    "stations",
    "jurisdictions",
    "dataset_meta",
];

impl Counts {
    /// The counts of `dataset`, as they will be once it is stored.
    pub(super) fn of(dataset: &Dataset) -> Self {
        let n = |len: usize| i64::try_from(len).unwrap_or(i64::MAX);
        Self {
            jurisdictions: n(dataset.jurisdictions.len()),
            stations: n(dataset.stations.len()),
            offices: n(dataset.offices.len()),
            workstations: n(dataset.workstations.len()),
            villages: n(dataset.villages.len()),
            grids: n(dataset.grids.len()),
            officers: n(dataset.officers.len()),
            officer_grids: n(dataset.officers.iter().map(|o| o.grid_ids.len()).sum()),
        }
    }
}

/// The `before` and `after` of the change-log entry of an import.
pub(super) fn import_log(
    dataset: &Dataset,
    replaced: Option<Counts>,
) -> (Option<serde_json::Value>, serde_json::Value) {
    let before = replaced.map(|counts| serde_json::json!({ "counts": counts }));
    let after = serde_json::json!({
        "name": dataset.meta.name,
        "title": dataset.meta.title,
        "counts": Counts::of(dataset),
    });
    (before, after)
}

/// A position in a layer as the `seq` column holds it.
pub(super) fn seq(position: usize) -> i64 {
    // No layer holds 2^63 records.
    i64::try_from(position).unwrap_or(i64::MAX)
}

/// An unsigned number as a signed 64-bit column value.
pub(super) fn signed(
    layer: &'static str,
    id: &str,
    field: &'static str,
    v: u64,
) -> StoreResult<i64> {
    i64::try_from(v).map_err(|_| StoreError::TooLarge {
        layer,
        id: id.to_owned(),
        field,
        value: v,
    })
}

/// A signed column value that must not be negative.
pub(super) fn unsigned(
    layer: &'static str,
    id: &str,
    field: &'static str,
    v: i64,
) -> StoreResult<u64> {
    u64::try_from(v).map_err(|_| bad(layer, id, field, format!("{v} is negative")))
}

/// A snake_case enum value (role, village kind) read back from its column.
pub(super) fn parse_enum<T: DeserializeOwned>(
    layer: &'static str,
    id: &str,
    field: &'static str,
    text: &str,
) -> StoreResult<T> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|e| bad(layer, id, field, e.to_string()))
}

/// A [`StoreError::BadValue`].
pub(super) fn bad(
    layer: &'static str,
    id: &str,
    field: &'static str,
    message: String,
) -> StoreError {
    StoreError::BadValue {
        layer,
        id: id.to_owned(),
        field,
        message,
    }
}

/// Officers read without their grids.
pub(super) struct OfficerRow {
    pub id: String,
    pub name: String,
    pub role: String,
    pub office_id: String,
}

/// Joins officers with their `(officer_id, grid_id)` rows, which come in each officer's order.
pub(super) fn officers_with_grids(
    officers: Vec<OfficerRow>,
    assignments: Vec<(String, String)>,
) -> StoreResult<Vec<Officer>> {
    let mut grids: HashMap<String, Vec<String>> = HashMap::new();
    for (officer_id, grid_id) in assignments {
        grids.entry(officer_id).or_default().push(grid_id);
    }
    officers
        .into_iter()
        .map(|row| {
            Ok(Officer {
                role: parse_enum("officer", &row.id, "role", &row.role)?,
                grid_ids: grids.remove(&row.id).unwrap_or_default(),
                id: row.id,
                name: row.name,
                office_id: row.office_id,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Role, VillageKind};

    #[test]
    fn enums_read_back_from_their_snake_case_names() {
        let role: Role = parse_enum("officer", "o1", "role", "auxiliary").expect("a role");
        assert_eq!(role, Role::Auxiliary);
        let kind = VillageKind::IsolatedDwelling;
        let read: VillageKind = parse_enum("village", "v", "kind", kind.as_str()).expect("a kind");
        assert_eq!(read, kind);
        assert!(parse_enum::<Role>("officer", "o1", "role", "chief").is_err());
    }

    #[test]
    fn numbers_out_of_range_are_errors() {
        assert_eq!(signed("meta", "x", "seed", 7).ok(), Some(7));
        assert!(signed("meta", "x", "seed", u64::MAX).is_err());
        assert!(unsigned("village", "v", "population", -1).is_err());
    }

    #[test]
    fn officers_keep_their_grid_order() {
        let row = |id: &str| OfficerRow {
            id: id.into(),
            name: "n".into(),
            role: "community".into(),
            office_id: "f".into(),
        };
        let pairs = [("a", "g2"), ("b", "g1"), ("a", "g1")];
        let pairs = pairs.map(|(o, g)| (o.to_owned(), g.to_owned())).to_vec();
        let officers = officers_with_grids(vec![row("a"), row("b"), row("c")], pairs);
        let officers = officers.expect("officers");
        assert_eq!(officers[0].grid_ids, ["g2", "g1"]);
        assert_eq!(officers[1].grid_ids, ["g1"]);
        assert!(officers[2].grid_ids.is_empty());
    }
}
