//! Applying one edit to a copy of the data set.

use geo::{BoundingRect, Intersects, Point, Rect};
use serde_json::{Value, json};

use super::{Edit, EditError, fields, grid_rules};
use crate::index::union;
use crate::model::{Dataset, Layers, Office, Officer, Role, Workstation};

/// The result of an accepted edit.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The data set with the edit made, checked.
    pub dataset: Dataset,
    /// Id of the changed record.
    pub entity_id: String,
    /// The area whose map the edit changes (WGS84), if it has one.
    pub affected: Option<Rect>,
    /// The record before (`null` when created).
    pub before: Value,
    /// The record after (`null` when deleted).
    pub after: Value,
}

/// Applies `edit` to a copy of `dataset`.
///
/// # Errors
///
/// A missing or existing record, a broken assignment or geometry rule, or a data set that no
/// longer fits together; `dataset` is never changed.
pub fn apply(dataset: &Dataset, edit: &Edit) -> Result<Applied, EditError> {
    let mut layers = dataset.layers();
    let change = change(dataset, &mut layers, edit)?;
    let edited = Dataset::new(dataset.meta.clone(), layers)?;
    Ok(Applied {
        dataset: edited,
        entity_id: change.id,
        affected: change.area,
        before: change.before,
        after: change.after,
    })
}

struct Change {
    id: String,
    area: Option<Rect>,
    before: Value,
    after: Value,
}

fn change(d: &Dataset, l: &mut Layers, edit: &Edit) -> Result<Change, EditError> {
    fields::check(edit)?;
    if let Some(p) = fields::site(edit) {
        inside(d, p)?;
    }
    match edit {
        Edit::CreateOfficer {
            id,
            name,
            role,
            office_id,
        } => {
            absent(d.officer(id).is_some(), "officer", id)?;
            let officer = Officer {
                id: id.clone(),
                name: name.clone(),
                role: *role,
                office_id: office_id.clone(),
                grid_ids: Vec::new(),
            };
            l.officers.push(officer.clone());
            Ok(Change {
                id: id.clone(),
                area: office_area(d, office_id),
                before: Value::Null,
                after: to_json(&officer),
            })
        }
        Edit::UpdateOfficer {
            id,
            name,
            role,
            office_id,
        } => {
            let i = find(l.officers.iter().position(|o| &o.id == id), "officer", id)?;
            let before = l.officers[i].clone();
            let o = &mut l.officers[i];
            if let Some(name) = name {
                o.name.clone_from(name);
            }
            if let Some(role) = role {
                o.role = *role;
            }
            if let Some(office) = office_id {
                o.office_id.clone_from(office);
            }
            let after = o.clone();
            let area = merge(officer_area(d, &before), officer_area(d, &after));
            Ok(Change {
                id: id.clone(),
                area,
                before: to_json(&before),
                after: to_json(&after),
            })
        }
        Edit::DeleteOfficer { id } => {
            let i = find(l.officers.iter().position(|o| &o.id == id), "officer", id)?;
            let before = l.officers.remove(i);
            Ok(Change {
                id: id.clone(),
                area: officer_area(d, &before),
                before: to_json(&before),
                after: Value::Null,
            })
        }
        Edit::Assign {
            officer_id,
            grid_id,
        } => assign(d, l, officer_id, grid_id),
        Edit::Unassign {
            officer_id,
            grid_id,
        } => unassign(d, l, officer_id, grid_id),
        Edit::CreateOffice {
            id,
            name,
            lon,
            lat,
            station_id,
        } => {
            absent(d.office(id).is_some(), "office", id)?;
            let office = Office {
                id: id.clone(),
                name: name.clone(),
                point: point(*lon, *lat)?,
                station_id: station_id.clone(),
            };
            l.offices.push(office.clone());
            Ok(Change {
                id: id.clone(),
                area: Some(spot(office.point)),
                before: Value::Null,
                after: office_json(&office),
            })
        }
        Edit::UpdateOffice {
            id,
            name,
            lon,
            lat,
            station_id,
        } => {
            let i = find(l.offices.iter().position(|o| &o.id == id), "office", id)?;
            let before = l.offices[i].clone();
            let o = &mut l.offices[i];
            if let Some(name) = name {
                o.name.clone_from(name);
            }
            if let Some(p) = moved(*lon, *lat)? {
                o.point = p;
            }
            if let Some(s) = station_id {
                o.station_id.clone_from(s);
            }
            let after = o.clone();
            let area = Some(union(spot(before.point), spot(after.point)));
            Ok(Change {
                id: id.clone(),
                area,
                before: office_json(&before),
                after: office_json(&after),
            })
        }
        Edit::DeleteOffice { id } => {
            let i = find(l.offices.iter().position(|o| &o.id == id), "office", id)?;
            if let Some(o) = l.officers.iter().find(|o| &o.office_id == id) {
                return Err(EditError::Invalid(format!(
                    "office {id:?} still has officer {:?}",
                    o.id
                )));
            }
            if let Some(w) = l.workstations.iter().find(|w| &w.office_id == id) {
                return Err(EditError::Invalid(format!(
                    "office {id:?} still has workstation {:?}",
                    w.id
                )));
            }
            let before = l.offices.remove(i);
            Ok(Change {
                id: id.clone(),
                area: Some(spot(before.point)),
                before: office_json(&before),
                after: Value::Null,
            })
        }
        Edit::CreateWorkstation {
            id,
            name,
            lon,
            lat,
            office_id,
        } => {
            absent(d.workstation(id).is_some(), "workstation", id)?;
            let w = Workstation {
                id: id.clone(),
                name: name.clone(),
                point: point(*lon, *lat)?,
                office_id: office_id.clone(),
            };
            l.workstations.push(w.clone());
            Ok(Change {
                id: id.clone(),
                area: Some(spot(w.point)),
                before: Value::Null,
                after: workstation_json(&w),
            })
        }
        Edit::UpdateWorkstation {
            id,
            name,
            lon,
            lat,
            office_id,
        } => {
            let i = find(
                l.workstations.iter().position(|w| &w.id == id),
                "workstation",
                id,
            )?;
            let before = l.workstations[i].clone();
            let w = &mut l.workstations[i];
            if let Some(name) = name {
                w.name.clone_from(name);
            }
            if let Some(p) = moved(*lon, *lat)? {
                w.point = p;
            }
            if let Some(o) = office_id {
                w.office_id.clone_from(o);
            }
            let after = w.clone();
            let area = Some(union(spot(before.point), spot(after.point)));
            Ok(Change {
                id: id.clone(),
                area,
                before: workstation_json(&before),
                after: workstation_json(&after),
            })
        }
        Edit::DeleteWorkstation { id } => {
            let i = find(
                l.workstations.iter().position(|w| &w.id == id),
                "workstation",
                id,
            )?;
            let before = l.workstations.remove(i);
            Ok(Change {
                id: id.clone(),
                area: Some(spot(before.point)),
                before: workstation_json(&before),
                after: Value::Null,
            })
        }
        Edit::ReplaceGridGeometry { grid_id, geometry } => {
            let i = find(d.grid_position(grid_id), "grid", grid_id)?;
            let shape = grid_rules::checked_shape(d, i, geometry)?;
            let before = l.grids[i].geometry.clone();
            l.grids[i].geometry = shape.clone();
            let area = merge(before.bounding_rect(), shape.bounding_rect());
            let json_of = |g: &geo::MultiPolygon| {
                serde_json::to_value(geojson::Geometry::new(geojson::GeometryValue::from(g)))
                    .unwrap_or(Value::Null)
            };
            Ok(Change {
                id: grid_id.clone(),
                area,
                before: json_of(&before),
                after: json_of(&shape),
            })
        }
    }
}

fn assign(
    d: &Dataset,
    l: &mut Layers,
    officer_id: &str,
    grid_id: &str,
) -> Result<Change, EditError> {
    let g = find(d.grid_position(grid_id), "grid", grid_id)?;
    let i = find(
        l.officers.iter().position(|o| o.id == officer_id),
        "officer",
        officer_id,
    )?;
    if l.officers[i].grid_ids.iter().any(|x| x == grid_id) {
        return Err(EditError::Invalid(format!(
            "officer {officer_id:?} already covers grid {grid_id:?}"
        )));
    }
    if l.officers[i].role == Role::Community
        && let Some(current) = d.primary_officer(g)
    {
        return Err(EditError::PrimaryTaken {
            grid: grid_id.to_owned(),
            current: current.id.clone(),
        });
    }
    let before = l.officers[i].clone();
    l.officers[i].grid_ids.push(grid_id.to_owned());
    let area = d.grids[g].geometry.bounding_rect();
    Ok(Change {
        id: officer_id.to_owned(),
        area,
        before: to_json(&before),
        after: to_json(&l.officers[i]),
    })
}

fn unassign(
    d: &Dataset,
    l: &mut Layers,
    officer_id: &str,
    grid_id: &str,
) -> Result<Change, EditError> {
    let g = find(d.grid_position(grid_id), "grid", grid_id)?;
    let i = find(
        l.officers.iter().position(|o| o.id == officer_id),
        "officer",
        officer_id,
    )?;
    let before = l.officers[i].clone();
    let at = l.officers[i]
        .grid_ids
        .iter()
        .position(|x| x == grid_id)
        .ok_or_else(|| {
            EditError::Invalid(format!(
                "officer {officer_id:?} does not cover grid {grid_id:?}"
            ))
        })?;
    l.officers[i].grid_ids.remove(at);
    let area = d.grids[g].geometry.bounding_rect();
    Ok(Change {
        id: officer_id.to_owned(),
        area,
        before: to_json(&before),
        after: to_json(&l.officers[i]),
    })
}

fn find(position: Option<usize>, entity: &'static str, id: &str) -> Result<usize, EditError> {
    position.ok_or_else(|| EditError::NotFound {
        entity,
        id: id.to_owned(),
    })
}

fn absent(exists: bool, entity: &'static str, id: &str) -> Result<(), EditError> {
    if exists {
        Err(EditError::Exists {
            entity,
            id: id.to_owned(),
        })
    } else {
        Ok(())
    }
}

/// Refuses a site outside every jurisdiction of the data set.
fn inside(d: &Dataset, (lon, lat): (f64, f64)) -> Result<(), EditError> {
    let p = point(lon, lat)?;
    if d.jurisdictions.iter().any(|j| j.geometry.intersects(&p)) {
        return Ok(());
    }
    Err(EditError::Invalid(format!(
        "({lon}, {lat}) lies outside every jurisdiction of data set {:?}",
        d.meta.name
    )))
}

fn point(lon: f64, lat: f64) -> Result<Point, EditError> {
    if lon.is_finite() && lat.is_finite() && lon.abs() <= 180.0 && lat.abs() <= 90.0 {
        Ok(Point::new(lon, lat))
    } else {
        Err(EditError::Invalid(format!(
            "({lon}, {lat}) is not a WGS84 lon/lat"
        )))
    }
}

fn moved(lon: Option<f64>, lat: Option<f64>) -> Result<Option<Point>, EditError> {
    match (lon, lat) {
        (None, None) => Ok(None),
        (Some(lon), Some(lat)) => point(lon, lat).map(Some),
        _ => Err(EditError::Invalid("give both lon and lat to move".into())),
    }
}

fn spot(p: Point) -> Rect {
    Rect::new(p.0, p.0)
}

fn merge(a: Option<Rect>, b: Option<Rect>) -> Option<Rect> {
    match (a, b) {
        (Some(a), Some(b)) => Some(union(a, b)),
        (a, b) => a.or(b),
    }
}

fn office_area(d: &Dataset, office_id: &str) -> Option<Rect> {
    d.office(office_id).map(|o| spot(o.point))
}

/// The officer's office and every grid they cover.
fn officer_area(d: &Dataset, o: &Officer) -> Option<Rect> {
    o.grid_ids
        .iter()
        .filter_map(|g| d.grid(g)?.geometry.bounding_rect())
        .fold(office_area(d, &o.office_id), |acc, r| merge(acc, Some(r)))
}

fn to_json(o: &Officer) -> Value {
    serde_json::to_value(o).unwrap_or(Value::Null)
}

fn office_json(o: &Office) -> Value {
    let (lon, lat) = (o.point.x(), o.point.y());
    json!({ "id": o.id, "name": o.name, "lon": lon, "lat": lat, "station_id": o.station_id })
}

fn workstation_json(w: &Workstation) -> Value {
    let (lon, lat) = (w.point.x(), w.point.y());
    json!({ "id": w.id, "name": w.name, "lon": lon, "lat": lat, "office_id": w.office_id })
}

/// The record an edit is based on, as JSON (what its ETag is computed from); `None` when it
/// does not exist (yet).
pub fn record(dataset: &Dataset, edit: &Edit) -> Option<Value> {
    let (entity, id) = target(edit);
    record_of(dataset, entity, id)
}

/// The editable record `id` of kind `entity` (`officer`, `office`, `workstation`, `grid`) as
/// JSON, the form its ETag is computed from; `None` when there is no such record.
pub fn record_of(dataset: &Dataset, entity: &str, id: &str) -> Option<Value> {
    match entity {
        "officer" => dataset.officer(id).map(to_json),
        "office" => dataset.office(id).map(office_json),
        "workstation" => dataset.workstation(id).map(workstation_json),
        "grid" => dataset.grid(id).map(|g| {
            serde_json::to_value(geojson::Geometry::new(geojson::GeometryValue::from(
                &g.geometry,
            )))
            .unwrap_or(Value::Null)
        }),
        _ => None,
    }
}

/// The kind of record an edit changes and its id.
pub fn target(edit: &Edit) -> (&'static str, &str) {
    let id = match edit {
        Edit::CreateOfficer { id, .. }
        | Edit::UpdateOfficer { id, .. }
        | Edit::DeleteOfficer { id }
        | Edit::CreateOffice { id, .. }
        | Edit::UpdateOffice { id, .. }
        | Edit::DeleteOffice { id }
        | Edit::CreateWorkstation { id, .. }
        | Edit::UpdateWorkstation { id, .. }
        | Edit::DeleteWorkstation { id } => id,
        Edit::Assign { officer_id, .. } | Edit::Unassign { officer_id, .. } => officer_id,
        Edit::ReplaceGridGeometry { grid_id, .. } => grid_id,
    };
    (edit.entity(), id)
}

/// A strong ETag for a record's JSON.
pub fn etag(record: &Value) -> String {
    format!(
        "\"{:016x}\"",
        xxhash_rust::xxh3::xxh3_64(record.to_string().as_bytes())
    )
}
