//! A whole data set and the id maps that join its records.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::check::{self, ModelError};
use super::{Grid, Jurisdiction, Office, Officer, Role, Station, Village, Workstation};

/// Where a data set comes from and how to credit it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetMeta {
    /// Short name, also the folder name under `geodata/` (`andorra`, `henan`).
    pub name: String,
    /// Human title.
    pub title: String,
    /// Attribution that every map and export of this set must show.
    pub attribution: String,
    /// Source files and licences, one line each.
    pub sources: Vec<String>,
    /// Language of generated names: `zh` (Chinese) or anything else (Latin script).
    pub language: String,
    /// Seed of the generated (synthetic) offices and officers.
    pub seed: u64,
}

/// Every record of one data set, with the joins between them resolved.
///
/// Build it with [`Dataset::new`], which checks every reference.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// Provenance.
    pub meta: DatasetMeta,
    /// Jurisdictions.
    pub jurisdictions: Vec<Jurisdiction>,
    /// Police stations.
    pub stations: Vec<Station>,
    /// Police offices.
    pub offices: Vec<Office>,
    /// Workstations.
    pub workstations: Vec<Workstation>,
    /// Villages.
    pub villages: Vec<Village>,
    /// Grids.
    pub grids: Vec<Grid>,
    /// Officers.
    pub officers: Vec<Officer>,
    joins: Joins,
}

/// Index maps from id to position, and each grid's officers.
#[derive(Debug, Clone, Default)]
pub(super) struct Joins {
    pub jurisdictions: HashMap<String, usize>,
    pub stations: HashMap<String, usize>,
    pub offices: HashMap<String, usize>,
    pub workstations: HashMap<String, usize>,
    pub villages: HashMap<String, usize>,
    pub grids: HashMap<String, usize>,
    pub officers: HashMap<String, usize>,
    /// Per grid position: the primary community officer's position.
    pub primary: Vec<Option<usize>>,
    /// Per grid position: auxiliary officers' positions.
    pub auxiliaries: Vec<Vec<usize>>,
}

/// The records a data set is made of, before their references are checked.
#[derive(Debug, Clone, Default)]
pub struct Layers {
    /// Jurisdictions.
    pub jurisdictions: Vec<Jurisdiction>,
    /// Police stations.
    pub stations: Vec<Station>,
    /// Police offices.
    pub offices: Vec<Office>,
    /// Workstations.
    pub workstations: Vec<Workstation>,
    /// Villages.
    pub villages: Vec<Village>,
    /// Grids.
    pub grids: Vec<Grid>,
    /// Officers.
    pub officers: Vec<Officer>,
}

impl Dataset {
    /// Joins the layers and checks that every id is unique and every reference resolves,
    /// and that no grid has two primary community officers.
    ///
    /// # Errors
    ///
    /// The first broken rule, naming the record.
    pub fn new(meta: DatasetMeta, layers: Layers) -> Result<Self, ModelError> {
        let joins = check::join(&layers)?;
        Ok(Self {
            meta,
            jurisdictions: layers.jurisdictions,
            stations: layers.stations,
            offices: layers.offices,
            workstations: layers.workstations,
            villages: layers.villages,
            grids: layers.grids,
            officers: layers.officers,
            joins,
        })
    }

    /// A copy of every record, to edit and check again with [`Dataset::new`].
    pub fn layers(&self) -> Layers {
        Layers {
            jurisdictions: self.jurisdictions.clone(),
            stations: self.stations.clone(),
            offices: self.offices.clone(),
            workstations: self.workstations.clone(),
            villages: self.villages.clone(),
            grids: self.grids.clone(),
            officers: self.officers.clone(),
        }
    }

    /// The jurisdiction with this id.
    pub fn jurisdiction(&self, id: &str) -> Option<&Jurisdiction> {
        let i = self.joins.jurisdictions.get(id)?;
        self.jurisdictions.get(*i)
    }

    /// The position of the jurisdiction with this id.
    pub fn jurisdiction_position(&self, id: &str) -> Option<usize> {
        self.joins.jurisdictions.get(id).copied()
    }

    /// The position of the grid with this id.
    pub fn grid_position(&self, id: &str) -> Option<usize> {
        self.joins.grids.get(id).copied()
    }

    /// The position of the village with this id.
    pub fn village_position(&self, id: &str) -> Option<usize> {
        self.joins.villages.get(id).copied()
    }

    /// The position of the office with this id.
    pub fn office_position(&self, id: &str) -> Option<usize> {
        self.joins.offices.get(id).copied()
    }

    /// The station with this id.
    pub fn station(&self, id: &str) -> Option<&Station> {
        let i = self.joins.stations.get(id)?;
        self.stations.get(*i)
    }

    /// The office with this id.
    pub fn office(&self, id: &str) -> Option<&Office> {
        let i = self.joins.offices.get(id)?;
        self.offices.get(*i)
    }

    /// The workstation with this id.
    pub fn workstation(&self, id: &str) -> Option<&Workstation> {
        let i = self.joins.workstations.get(id)?;
        self.workstations.get(*i)
    }

    /// The village with this id.
    pub fn village(&self, id: &str) -> Option<&Village> {
        let i = self.joins.villages.get(id)?;
        self.villages.get(*i)
    }

    /// The grid with this id.
    pub fn grid(&self, id: &str) -> Option<&Grid> {
        let i = self.joins.grids.get(id)?;
        self.grids.get(*i)
    }

    /// The officer with this id.
    pub fn officer(&self, id: &str) -> Option<&Officer> {
        let i = self.joins.officers.get(id)?;
        self.officers.get(*i)
    }

    /// The primary community officer of the grid at position `grid`, if it has one.
    pub fn primary_officer(&self, grid: usize) -> Option<&Officer> {
        let i = (*self.joins.primary.get(grid)?)?;
        self.officers.get(i)
    }

    /// The auxiliaries of the grid at position `grid`.
    pub fn auxiliaries(&self, grid: usize) -> impl Iterator<Item = &Officer> {
        let positions = self.joins.auxiliaries.get(grid).map(Vec::as_slice);
        positions
            .unwrap_or_default()
            .iter()
            .filter_map(|&i| self.officers.get(i))
    }

    /// Officers of the grid at position `grid`: the primary one first, then auxiliaries.
    pub fn grid_officers(&self, grid: usize) -> impl Iterator<Item = &Officer> {
        self.primary_officer(grid)
            .into_iter()
            .chain(self.auxiliaries(grid))
    }

    /// Number of officers with this role.
    pub fn officer_count(&self, role: Role) -> usize {
        self.officers.iter().filter(|o| o.role == role).count()
    }
}
