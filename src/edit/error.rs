//! Why an edit was refused.

use crate::model::ModelError;

/// An edit that breaks a rule; nothing was changed.
#[derive(Debug, Clone, thiserror::Error, PartialEq)]
#[non_exhaustive]
pub enum EditError {
    /// The record to change does not exist.
    #[error("no {entity} {id:?}")]
    NotFound {
        /// Kind of record.
        entity: &'static str,
        /// Its id.
        id: String,
    },
    /// A record with this id exists already.
    #[error("{entity} {id:?} exists already")]
    Exists {
        /// Kind of record.
        entity: &'static str,
        /// Its id.
        id: String,
    },
    /// The edit is malformed or breaks a rule that needs no location.
    #[error("{0}")]
    Invalid(String),
    /// The grid already has another primary community officer.
    #[error("grid {grid:?} already has primary officer {current:?}; unassign them first")]
    PrimaryTaken {
        /// The grid.
        grid: String,
        /// Its current primary officer.
        current: String,
    },
    /// A new grid polygon reaches outside its jurisdiction.
    #[error(
        "grid {grid:?} reaches {area_m2:.0} m² outside jurisdiction {jurisdiction:?}, \
         around ({lon:.6}, {lat:.6})"
    )]
    OutsideJurisdiction {
        /// The grid.
        grid: String,
        /// Its jurisdiction.
        jurisdiction: String,
        /// Area outside, m².
        area_m2: f64,
        /// A point of the part outside (lon).
        lon: f64,
        /// A point of the part outside (lat).
        lat: f64,
    },
    /// A new grid polygon overlaps a neighbouring grid.
    #[error(
        "grid {grid:?} overlaps grid {other:?} by {area_m2:.0} m², around ({lon:.6}, {lat:.6})"
    )]
    Overlap {
        /// The grid.
        grid: String,
        /// The neighbour it overlaps.
        other: String,
        /// Overlapping area, m².
        area_m2: f64,
        /// A point of the overlap (lon).
        lon: f64,
        /// A point of the overlap (lat).
        lat: f64,
    },
    /// The edited data set breaks a model rule.
    #[error(transparent)]
    Model(#[from] ModelError),
}
