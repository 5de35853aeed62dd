//! Coverage gaps: where the promise "every village and grid has its officer, close enough to
//! reach" does not hold.
//!
//! Each kind of gap is a pure function of an [`Atlas`] and its settings, so the same answers
//! come from the HTTP API, the command line and the benchmarks:
//!
//! - [`unassigned`]: grids and villages without a primary community officer, offices without
//!   a community officer, officers without grids;
//! - [`coverage`]: the share of villages, grids and population with a primary officer, per
//!   jurisdiction, per station and overall;
//! - [`distance`]: villages farther than a limit from their officer's office and from the
//!   nearest office at all;
//! - [`partition`]: holes, overlaps and grids reaching outside their jurisdiction, with
//!   slivers below an area threshold reported apart;
//! - [`workload`]: villages, population and area per community officer against the median;
//! - [`report`]: every kind as GeoJSON features with a summary, and the full report.
//!
//! Distances are metres on a sphere of mean Earth radius (haversine); areas are square metres
//! on the WGS84 ellipsoid (geodesic). Inputs are WGS84 (lon, lat) degrees.

pub mod coverage;
pub mod distance;
mod features;
#[cfg(test)]
pub(crate) mod fixture;
mod links;
pub mod partition;
pub mod report;
pub mod sphere;
pub mod travel;
pub mod unassigned;
pub mod workload;

use std::str::FromStr;

pub use links::Links;

use crate::atlas::Atlas;

/// Why a gap query cannot be answered: always a fault of its settings.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum GapsError {
    /// The jurisdiction filter names no jurisdiction of the data set.
    #[error("unknown jurisdiction {id:?}; use an id from the jurisdictions collection")]
    UnknownJurisdiction {
        /// The id given.
        id: String,
    },
    /// Travel time was asked for on a data set without a road network.
    #[error(
        "travel time needs a road network and this data set has none; use metric=straight, \
         or serve a data set with roads (or --roads FILE.osm.pbf)"
    )]
    NoRoads,
    /// A setting is out of range.
    #[error("{name}: {message}")]
    BadSetting {
        /// The setting's name as the API and command line spell it.
        name: &'static str,
        /// What is wrong and what would be accepted.
        message: String,
    },
}

/// The kinds of gap [`report`] can list as features.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GapKind {
    /// See [`unassigned`].
    Unassigned,
    /// See [`distance`].
    Distance,
    /// See [`partition`].
    Partition,
    /// See [`workload`].
    Workload,
}

impl GapKind {
    /// Every kind, in the order of the full report.
    pub const ALL: [GapKind; 4] = [
        Self::Unassigned,
        Self::Distance,
        Self::Partition,
        Self::Workload,
    ];

    /// The name used in URLs and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unassigned => "unassigned",
            Self::Distance => "distance",
            Self::Partition => "partition",
            Self::Workload => "workload",
        }
    }
}

impl FromStr for GapKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown gap kind {s:?}; expected unassigned, distance, partition or workload"
                )
            })
    }
}

/// Which jurisdictions a query looks at: one, or all of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scope {
    jurisdiction: Option<usize>,
}

impl Scope {
    /// Every jurisdiction.
    pub const ALL: Scope = Scope { jurisdiction: None };

    /// Only the jurisdiction with id `id`, or all when `id` is `None`.
    ///
    /// # Errors
    ///
    /// [`GapsError::UnknownJurisdiction`] when no jurisdiction has that id.
    pub fn new(atlas: &Atlas, id: Option<&str>) -> Result<Self, GapsError> {
        let Some(id) = id else {
            return Ok(Self::ALL);
        };
        let position = atlas.dataset.jurisdiction_position(id);
        match position {
            Some(p) => Ok(Self {
                jurisdiction: Some(p),
            }),
            None => Err(GapsError::UnknownJurisdiction { id: id.to_owned() }),
        }
    }

    /// Whether a record in the jurisdiction at `position` (or in none) is in scope.
    pub fn includes(self, position: Option<usize>) -> bool {
        self.jurisdiction.is_none() || self.jurisdiction == position
    }

    /// The one jurisdiction in scope, if the scope is narrowed to one.
    pub fn jurisdiction(self) -> Option<usize> {
        self.jurisdiction
    }
}

/// Checks that `value` is a finite number at least `min`.
///
/// # Errors
///
/// [`GapsError::BadSetting`] naming `name` otherwise.
pub fn at_least(name: &'static str, value: f64, min: f64) -> Result<f64, GapsError> {
    if value.is_finite() && value >= min {
        return Ok(value);
    }
    Err(GapsError::BadSetting {
        name,
        message: format!("{value} is not a finite number of at least {min}"),
    })
}
