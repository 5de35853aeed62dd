//! Edits to a data set: what planners change every week, checked against the model's rules.
//!
//! An [`Edit`] is applied to a [`Dataset`] by [`apply`], which returns the new data set, the
//! area the change touches (to invalidate tiles) and the record before and after (for the
//! change log). Nothing is changed when a rule is broken; the error says which and where.

mod apply;
mod error;
mod fields;
mod grid_rules;
mod scope;

pub use apply::{Applied, apply, etag, record, record_of, target};
pub use error::EditError;
pub use scope::jurisdictions;

use serde::{Deserialize, Serialize};

use crate::model::Role;

/// One change to a data set, as sent to the editing API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Edit {
    /// Adds an officer, with no grids yet.
    CreateOfficer {
        /// New officer id.
        id: String,
        /// Name.
        name: String,
        /// `community` or `auxiliary`.
        role: Role,
        /// The office they work from.
        office_id: String,
    },
    /// Changes an officer's name, role or office.
    UpdateOfficer {
        /// The officer.
        id: String,
        /// New name.
        name: Option<String>,
        /// New role (a community officer who is primary somewhere cannot become auxiliary).
        role: Option<Role>,
        /// New office.
        office_id: Option<String>,
    },
    /// Removes an officer and their assignments.
    DeleteOfficer {
        /// The officer.
        id: String,
    },
    /// Assigns an officer to a grid: a community officer becomes its primary officer.
    Assign {
        /// The officer.
        officer_id: String,
        /// The grid.
        grid_id: String,
    },
    /// Takes an officer off a grid.
    Unassign {
        /// The officer.
        officer_id: String,
        /// The grid.
        grid_id: String,
    },
    /// Opens an office.
    CreateOffice {
        /// New office id.
        id: String,
        /// Name.
        name: String,
        /// Longitude, WGS84.
        lon: f64,
        /// Latitude, WGS84.
        lat: f64,
        /// The station running it.
        station_id: String,
    },
    /// Moves or renames an office.
    UpdateOffice {
        /// The office.
        id: String,
        /// New name.
        name: Option<String>,
        /// New longitude (with `lat`).
        lon: Option<f64>,
        /// New latitude (with `lon`).
        lat: Option<f64>,
        /// New station.
        station_id: Option<String>,
    },
    /// Closes an office that no officer or workstation uses.
    DeleteOffice {
        /// The office.
        id: String,
    },
    /// Opens a workstation.
    CreateWorkstation {
        /// New workstation id.
        id: String,
        /// Name.
        name: String,
        /// Longitude, WGS84.
        lon: f64,
        /// Latitude, WGS84.
        lat: f64,
        /// The office it reports to.
        office_id: String,
    },
    /// Moves, renames or re-attaches a workstation.
    UpdateWorkstation {
        /// The workstation.
        id: String,
        /// New name.
        name: Option<String>,
        /// New longitude (with `lat`).
        lon: Option<f64>,
        /// New latitude (with `lon`).
        lat: Option<f64>,
        /// New office.
        office_id: Option<String>,
    },
    /// Closes a workstation.
    DeleteWorkstation {
        /// The workstation.
        id: String,
    },
    /// Replaces a grid's polygon; it must stay inside its jurisdiction and off its neighbours.
    ReplaceGridGeometry {
        /// The grid.
        grid_id: String,
        /// The new (multi)polygon, GeoJSON geometry, WGS84.
        geometry: geojson::Geometry,
    },
}

impl Edit {
    /// The edit's `op`, as written in its JSON form and in the change log.
    pub fn op(&self) -> &'static str {
        match self {
            Self::CreateOfficer { .. } => "create_officer",
            Self::UpdateOfficer { .. } => "update_officer",
            Self::DeleteOfficer { .. } => "delete_officer",
            Self::Assign { .. } => "assign",
            Self::Unassign { .. } => "unassign",
            Self::CreateOffice { .. } => "create_office",
            Self::UpdateOffice { .. } => "update_office",
            Self::DeleteOffice { .. } => "delete_office",
            Self::CreateWorkstation { .. } => "create_workstation",
            Self::UpdateWorkstation { .. } => "update_workstation",
            Self::DeleteWorkstation { .. } => "delete_workstation",
            Self::ReplaceGridGeometry { .. } => "replace_grid_geometry",
        }
    }

    /// Whether the edit leaves every jurisdiction and grid polygon as it was.
    pub fn keeps_polygons(&self) -> bool {
        !matches!(self, Self::ReplaceGridGeometry { .. })
    }

    /// Whether the edit creates its record (and so is based on no earlier version).
    pub fn creates(&self) -> bool {
        matches!(
            self,
            Self::CreateOfficer { .. } | Self::CreateOffice { .. } | Self::CreateWorkstation { .. }
        )
    }

    /// The kind of record the edit changes (`officer`, `office`, `workstation`, `grid`).
    pub fn entity(&self) -> &'static str {
        match self {
            Self::CreateOfficer { .. }
            | Self::UpdateOfficer { .. }
            | Self::DeleteOfficer { .. }
            | Self::Assign { .. }
            | Self::Unassign { .. } => "officer",
            Self::CreateOffice { .. } | Self::UpdateOffice { .. } | Self::DeleteOffice { .. } => {
                "office"
            }
            Self::CreateWorkstation { .. }
            | Self::UpdateWorkstation { .. }
            | Self::DeleteWorkstation { .. } => "workstation",
            Self::ReplaceGridGeometry { .. } => "grid",
        }
    }
}
