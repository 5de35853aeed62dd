//! Patrol optimisation over cost matrices and road graphs: which order to visit stops in, how
//! to share them among officers, and how to drive every street of a grid.
//!
//! - [`CostMatrix`]: the checked square matrix of costs (metres, seconds, any unit).
//! - [`solve_tsp`]: the best route through every index from a start, closed or open; exact
//!   for small problems ([`exact`]), iterated local search with 2-opt and Or-opt above.
//! - [`plan_patrols`]: stops with service times and time windows shared among officers,
//!   balancing the longest route first; stops that cannot be served come back with a reason.
//! - [`streets::patrol_streets`]: a closed drive over every street of a road graph with the
//!   least repeated length (Chinese postman, undirected, directed and mixed).
//!
//! Pure functions: no I/O, no logging, deterministic for fixed options.

pub mod exact;
mod ils;
pub mod matrix;
pub mod patrol;
mod search;
pub mod streets;
pub mod tsp;

pub use matrix::{CostMatrix, MatrixError};
pub use patrol::{
    OfficerRoute, PatrolError, PatrolOptions, PatrolPlan, PatrolSpec, PatrolStop, TimeWindow,
    Unserved, UnservedReason, Visit, plan_patrols,
};
pub use tsp::{Tour, TourSpec, TspError, TspOptions, heuristic, solve_tsp};
