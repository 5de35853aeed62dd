//! Patrols on the road network: the plan of a day's visits shared among officers, and the
//! drive over every street of a grid. Both HTTP (`/api/v1/patrols`) and the command line
//! (`gridbeat patrol`) build them here, from a [`RoadNetwork`] and the optimisers of
//! [`crate::optimize`].
//!
//! - [`answer`]: plans and street patrols as GeoJSON answers.
//! - [`clock`]: times of day (`"08:30"` or minutes after midnight) and their display.
//! - [`request`]: the JSON body of a patrol request, checked and resolved against a data set.
//! - [`matrix`]: snapped stops and the travel-time matrix between them.
//! - [`plan`]: the plan itself, each officer's stops, times and road geometry.
//! - [`streets`]: a closed drive over every road segment inside a grid.
//!
//! Coordinates are (lon, lat) degrees, WGS84; distances metres; durations seconds; times of
//! day seconds after midnight of the patrol's day.

pub mod answer;
pub mod clock;
pub mod matrix;
pub mod plan;
pub mod request;
pub mod streets;

pub use plan::{OfficerPatrol, PatrolLeg, PlannedStop, RoutedPatrol, SkipReason, Skipped, plan};
pub use request::{MAX_OFFICERS, MAX_STOPS, PatrolRequest, Place, StopRequest};
pub use streets::{GridPatrol, StreetsRequest, patrol_grid};

use crate::optimize::streets::StreetError;
use crate::optimize::{MatrixError, PatrolError};
use crate::routing::RoutingError;

/// Why a patrol could not be planned.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum PatrolsError {
    /// A field of the request is missing, malformed or out of range.
    #[error("{field}: {message}")]
    Field {
        /// Where in the body, e.g. `stops[3].window`.
        field: String,
        /// What to fix.
        message: String,
    },
    /// A field names a record the data set does not hold.
    #[error("{field}: no {kind} {id:?} in this data set")]
    Unknown {
        /// Where in the body.
        field: String,
        /// `village`, `office`, `officer` or `grid`.
        kind: &'static str,
        /// The id given.
        id: String,
    },
    /// The start lies too far from every road of the profile.
    #[error("start: {0}")]
    Start(#[source] RoutingError),
    /// The grid holds no road segment the profile may use.
    #[error("grid {grid:?} holds no {profile} road to patrol")]
    NoStreets {
        /// The grid's id.
        grid: String,
        /// The profile.
        profile: crate::routing::Profile,
    },
    /// No route for a leg the planner chose (a bug: stops snap to one connected network).
    #[error("planned leg: {0}")]
    Leg(#[source] RoutingError),
    /// The travel times make no cost matrix (a bug: they are finite and non-negative).
    #[error("travel times: {0}")]
    Matrix(#[from] MatrixError),
    /// The planner refused its input (a bug: requests are checked before).
    #[error("planner: {0}")]
    Plan(#[from] PatrolError),
    /// The street patrol refused its graph (a bug: graphs are built connected).
    #[error("street patrol: {0}")]
    Streets(#[from] StreetError),
}

impl PatrolsError {
    /// A [`PatrolsError::Field`] error.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Field {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Result of patrol planning.
pub type PatrolsResult<T> = Result<T, PatrolsError>;
