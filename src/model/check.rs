//! Reference checks: unique ids, resolvable references, one primary officer per grid.

use std::collections::HashMap;

use super::Role;
use super::dataset::{Joins, Layers};

/// A broken rule in a data set.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ModelError {
    /// Two records of one layer share an id.
    #[error("duplicate {layer} id {id:?}")]
    DuplicateId {
        /// Layer name.
        layer: &'static str,
        /// The repeated id.
        id: String,
    },
    /// A record names another that does not exist.
    #[error("{layer} {id:?} refers to unknown {target} {missing:?}")]
    UnknownReference {
        /// Layer of the referring record.
        layer: &'static str,
        /// Id of the referring record.
        id: String,
        /// Layer referred to.
        target: &'static str,
        /// The id that does not exist.
        missing: String,
    },
    /// A grid has more than one primary community officer.
    #[error("grid {grid:?} has two primary officers, {first:?} and {second:?}")]
    TwoPrimaryOfficers {
        /// The grid.
        grid: String,
        /// The first community officer found.
        first: String,
        /// The second.
        second: String,
    },
}

/// Builds the id maps and each grid's officer lists, checking every reference.
pub(super) fn join(layers: &Layers) -> Result<Joins, ModelError> {
    let mut joins = Joins {
        jurisdictions: ids("jurisdiction", layers.jurisdictions.iter().map(|r| &r.id))?,
        stations: ids("station", layers.stations.iter().map(|r| &r.id))?,
        offices: ids("office", layers.offices.iter().map(|r| &r.id))?,
        workstations: ids("workstation", layers.workstations.iter().map(|r| &r.id))?,
        villages: ids("village", layers.villages.iter().map(|r| &r.id))?,
        grids: ids("grid", layers.grids.iter().map(|r| &r.id))?,
        officers: ids("officer", layers.officers.iter().map(|r| &r.id))?,
        primary: vec![None; layers.grids.len()],
        auxiliaries: vec![Vec::new(); layers.grids.len()],
    };
    check_references(layers, &joins)?;
    assign_officers(layers, &mut joins)?;
    Ok(joins)
}

fn ids<'a>(
    layer: &'static str,
    ids: impl Iterator<Item = &'a String>,
) -> Result<HashMap<String, usize>, ModelError> {
    let mut map = HashMap::new();
    for (i, id) in ids.enumerate() {
        if map.insert(id.clone(), i).is_some() {
            return Err(ModelError::DuplicateId {
                layer,
                id: id.clone(),
            });
        }
    }
    Ok(map)
}

fn check_references(layers: &Layers, joins: &Joins) -> Result<(), ModelError> {
    let refer = |layer, id: &str, target, map: &HashMap<String, usize>, to: &str| {
        if map.contains_key(to) {
            Ok(())
        } else {
            Err(ModelError::UnknownReference {
                layer,
                id: id.to_owned(),
                target,
                missing: to.to_owned(),
            })
        }
    };
    for s in &layers.stations {
        if let Some(j) = &s.jurisdiction_id {
            refer("station", &s.id, "jurisdiction", &joins.jurisdictions, j)?;
        }
    }
    for o in &layers.offices {
        refer("office", &o.id, "station", &joins.stations, &o.station_id)?;
    }
    for w in &layers.workstations {
        refer("workstation", &w.id, "office", &joins.offices, &w.office_id)?;
    }
    for v in &layers.villages {
        refer(
            "village",
            &v.id,
            "jurisdiction",
            &joins.jurisdictions,
            &v.jurisdiction_id,
        )?;
    }
    for g in &layers.grids {
        refer(
            "grid",
            &g.id,
            "jurisdiction",
            &joins.jurisdictions,
            &g.jurisdiction_id,
        )?;
        if let Some(v) = &g.village_id {
            refer("grid", &g.id, "village", &joins.villages, v)?;
        }
    }
    for o in &layers.officers {
        refer("officer", &o.id, "office", &joins.offices, &o.office_id)?;
        for g in &o.grid_ids {
            refer("officer", &o.id, "grid", &joins.grids, g)?;
        }
    }
    Ok(())
}

fn assign_officers(layers: &Layers, joins: &mut Joins) -> Result<(), ModelError> {
    for (i, officer) in layers.officers.iter().enumerate() {
        for grid_id in &officer.grid_ids {
            let g = joins.grids[grid_id];
            match officer.role {
                Role::Auxiliary => joins.auxiliaries[g].push(i),
                Role::Community => {
                    if let Some(first) = joins.primary[g] {
                        return Err(ModelError::TwoPrimaryOfficers {
                            grid: grid_id.clone(),
                            first: layers.officers[first].id.clone(),
                            second: officer.id.clone(),
                        });
                    }
                    joins.primary[g] = Some(i);
                }
            }
        }
    }
    Ok(())
}
