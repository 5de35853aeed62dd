//! The properties each collection publishes.

use geojson::JsonObject;
use serde_json::{Value, json};

use super::Collection;
use crate::atlas::Atlas;

/// The properties `collection` publishes, by name: the ones a query may filter on.
pub fn names(collection: Collection) -> &'static [&'static str] {
    match collection {
        Collection::Jurisdictions => &["id", "code", "name"],
        Collection::Grids => &[
            "id",
            "code",
            "village_id",
            "village_name",
            "jurisdiction_id",
            "officer_id",
            "officer_name",
            "office_id",
            "auxiliaries",
        ],
        Collection::Villages => &[
            "id",
            "code",
            "name",
            "kind",
            "population",
            "jurisdiction_id",
            "grid_id",
            "officer_id",
            "officer_name",
        ],
        Collection::Stations => &["id", "name", "jurisdiction_id"],
        Collection::Offices => &["id", "name", "station_id", "station_name", "officers"],
        Collection::Officers => &[
            "id",
            "name",
            "role",
            "office_id",
            "office_name",
            "grid_count",
            "grid_ids",
        ],
    }
}

/// Whether property `name` of a record equals `wanted` as text (numbers in their JSON
/// spelling); a null or absent property equals nothing.
pub(super) fn equals(properties: &JsonObject, name: &str, wanted: &str) -> bool {
    match properties.get(name) {
        Some(Value::String(s)) => s == wanted,
        Some(Value::Number(n)) => n.to_string() == wanted,
        Some(Value::Bool(b)) => b.to_string() == wanted,
        _ => false,
    }
}

/// The id and properties of record `i` of `collection`.
pub(super) fn of(atlas: &Atlas, collection: Collection, i: usize) -> (String, JsonObject) {
    let d = &atlas.dataset;
    let (id, value) = match collection {
        Collection::Jurisdictions => {
            let j = &d.jurisdictions[i];
            (&j.id, json!({ "id": j.id, "code": j.code, "name": j.name }))
        }
        Collection::Grids => (&d.grids[i].id, grid(atlas, i)),
        Collection::Villages => (&d.villages[i].id, village(atlas, i)),
        Collection::Stations => {
            let s = &d.stations[i];
            (
                &s.id,
                json!({ "id": s.id, "name": s.name, "jurisdiction_id": s.jurisdiction_id }),
            )
        }
        Collection::Offices => (&d.offices[i].id, office(atlas, i)),
        Collection::Officers => (&d.officers[i].id, officer(atlas, i)),
    };
    let object = match value {
        Value::Object(map) => map,
        _ => JsonObject::new(),
    };
    (id.clone(), object)
}

fn grid(atlas: &Atlas, i: usize) -> Value {
    let d = &atlas.dataset;
    let g = &d.grids[i];
    let village = g.village_id.as_deref().and_then(|v| d.village(v));
    let officer = d.primary_officer(i);
    json!({
        "id": g.id,
        "code": g.code,
        "village_id": g.village_id,
        "village_name": village.map(|v| &v.name),
        "jurisdiction_id": g.jurisdiction_id,
        "officer_id": officer.map(|o| &o.id),
        "officer_name": officer.map(|o| &o.name),
        "office_id": d.grid_officers(i).next().map(|o| &o.office_id),
        "auxiliaries": d.auxiliaries(i).count(),
    })
}

fn village(atlas: &Atlas, i: usize) -> Value {
    let d = &atlas.dataset;
    let v = &d.villages[i];
    // A village without a grid of its own is served by the grid its point lies in, as
    // coverage gaps count it.
    let grid = atlas
        .village_grid(i)
        .or_else(|| atlas.index.grids.locate(v.point.0));
    let officer = grid.and_then(|g| d.primary_officer(g));
    json!({
        "id": v.id,
        "code": v.code,
        "name": v.name,
        "kind": v.kind.as_str(),
        "population": v.population,
        "jurisdiction_id": v.jurisdiction_id,
        "grid_id": grid.map(|g| &d.grids[g].id),
        "officer_id": officer.map(|o| &o.id),
        "officer_name": officer.map(|o| &o.name),
    })
}

fn office(atlas: &Atlas, i: usize) -> Value {
    let d = &atlas.dataset;
    let o = &d.offices[i];
    let officers = atlas.office_officers(i).len();
    json!({
        "id": o.id,
        "name": o.name,
        "station_id": o.station_id,
        "station_name": d.station(&o.station_id).map(|s| &s.name),
        "officers": officers,
    })
}

fn officer(atlas: &Atlas, i: usize) -> Value {
    let d = &atlas.dataset;
    let o = &d.officers[i];
    json!({
        "id": o.id,
        "name": o.name,
        "role": o.role.as_str(),
        "office_id": o.office_id,
        "office_name": d.office(&o.office_id).map(|f| &f.name),
        "grid_count": o.grid_ids.len(),
        "grid_ids": o.grid_ids.join(","),
    })
}

/// Whether record `i`'s name contains `q` (case-insensitive), or its id or code starts with it.
pub(super) fn matches_text(atlas: &Atlas, collection: Collection, i: usize, q: &str) -> bool {
    let d = &atlas.dataset;
    let (id, code, name) = match collection {
        Collection::Jurisdictions => {
            let j = &d.jurisdictions[i];
            (&j.id, Some(&j.code), &j.name)
        }
        Collection::Grids => (&d.grids[i].id, Some(&d.grids[i].code), &d.grids[i].code),
        Collection::Villages => {
            let v = &d.villages[i];
            (&v.id, v.code.as_ref(), &v.name)
        }
        Collection::Stations => (&d.stations[i].id, None, &d.stations[i].name),
        Collection::Offices => (&d.offices[i].id, None, &d.offices[i].name),
        Collection::Officers => (&d.officers[i].id, None, &d.officers[i].name),
    };
    fold(name).contains(&fold(q)) || id.starts_with(q) || code.is_some_and(|c| c.starts_with(q))
}

/// Text folded for search: lower case, accents removed (NFD without combining marks), and
/// typographic apostrophes made plain, so `sant julia` finds `Sant Julià` and `l'Aldosa` finds
/// `l’Aldosa`. Chinese text is unchanged.
fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| {
            if matches!(c, '’' | '‘' | 'ʼ' | '`') {
                '\''
            } else {
                c
            }
        })
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gaps::fixture;

    #[test]
    fn the_filterable_names_are_the_published_properties() {
        let atlas = fixture::two_counties();
        for collection in Collection::ALL {
            let (_, found) = of(&atlas, collection, 0);
            let mut published: Vec<&str> = found.keys().map(String::as_str).collect();
            let mut listed = names(collection).to_vec();
            published.sort_unstable();
            listed.sort_unstable();
            assert_eq!(published, listed, "{}", collection.id());
        }
    }
}
