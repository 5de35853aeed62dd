//! The travelling salesman entry point: a route through every index of a [`CostMatrix`] from a
//! given start, closed (back to the start) or open (ending anywhere).
//!
//! Small problems are solved exactly ([`exact`](super::exact)); larger ones by iterated local
//! search ([`ils`](super::ils)). Both see an open path as a closed tour over a matrix whose
//! ways back into the start cost nothing, so one search serves both shapes.

use std::time::Duration;

use super::matrix::CostMatrix;
use super::{exact, ils};

/// A route and what it costs.
#[derive(Debug, Clone, PartialEq)]
pub struct Tour {
    /// Every index of the matrix once, beginning with the start.
    pub order: Vec<usize>,
    /// Sum of the legs, including the way back to the start for a closed tour.
    pub cost: f64,
}

/// The shape of the route asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TourSpec {
    /// Index the route begins at.
    pub start: usize,
    /// Whether the route ends back at `start`.
    pub return_to_start: bool,
}

/// How hard the heuristic searches. The result depends only on these settings and the input,
/// unless `time_limit` cuts the search short.
#[derive(Debug, Clone, PartialEq)]
pub struct TspOptions {
    /// Seed of the perturbation moves.
    pub seed: u64,
    /// Perturbation rounds of the iterated local search; `None` scales them with the size
    /// (see [`TspOptions::rounds_for`]).
    pub rounds: Option<usize>,
    /// Wall-clock budget; the best tour so far is returned when it runs out.
    pub time_limit: Duration,
    /// Problems of at most this many indices are solved exactly (capped at
    /// [`exact::MAX_NODES`](super::exact::MAX_NODES)).
    pub exact_up_to: usize,
}

impl Default for TspOptions {
    fn default() -> Self {
        Self {
            seed: 0x6772_6964_6265_6174,
            rounds: None,
            time_limit: Duration::from_secs(1),
            exact_up_to: 12,
        }
    }
}

impl TspOptions {
    /// The number of perturbation rounds used for `n` indices when `rounds` is `None`.
    pub fn rounds_for(&self, n: usize) -> usize {
        self.rounds.unwrap_or(2_000 + 150 * n)
    }
}

/// Why no tour was computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TspError {
    /// The start is not an index of the matrix.
    #[error("start {start} is not an index of a {len}-row matrix")]
    StartOutOfRange {
        /// The start asked for.
        start: usize,
        /// Number of rows.
        len: usize,
    },
}

/// The best route found through every index of `matrix` with the shape `spec`.
///
/// Exact for up to `options.exact_up_to` indices; otherwise the iterated local search of
/// [`heuristic`]. Running time grows with `options.rounds_for(n)` and is cut by
/// `options.time_limit`.
///
/// # Errors
///
/// [`TspError::StartOutOfRange`] when `spec.start` is not below `matrix.len()`.
///
/// # Examples
///
/// ```
/// use gridbeat::optimize::{CostMatrix, TourSpec, TspOptions, solve_tsp};
///
/// let m = CostMatrix::new(&[
///     vec![0.0, 1.0, 9.0, 1.0],
///     vec![1.0, 0.0, 1.0, 9.0],
///     vec![9.0, 1.0, 0.0, 1.0],
///     vec![1.0, 9.0, 1.0, 0.0],
/// ])?;
/// let spec = TourSpec { start: 2, return_to_start: true };
/// let tour = solve_tsp(&m, spec, &TspOptions::default())?;
/// assert_eq!(tour.order[0], 2);
/// assert_eq!(tour.cost, 4.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn solve_tsp(
    matrix: &CostMatrix,
    spec: TourSpec,
    options: &TspOptions,
) -> Result<Tour, TspError> {
    check_start(matrix, spec)?;
    if matrix.len() <= options.exact_up_to.min(exact::MAX_NODES) {
        return exact::solve(matrix, spec);
    }
    heuristic(matrix, spec, options)
}

/// The iterated local search alone, whatever the size (for tests and benchmarks).
///
/// # Errors
///
/// As [`solve_tsp`].
pub fn heuristic(
    matrix: &CostMatrix,
    spec: TourSpec,
    options: &TspOptions,
) -> Result<Tour, TspError> {
    check_start(matrix, spec)?;
    let costs = closed_costs(matrix, spec);
    let order = ils::search(&costs, spec.start, options);
    Ok(finish(matrix, spec, order))
}

pub(crate) fn check_start(matrix: &CostMatrix, spec: TourSpec) -> Result<(), TspError> {
    if spec.start >= matrix.len() {
        return Err(TspError::StartOutOfRange {
            start: spec.start,
            len: matrix.len(),
        });
    }
    Ok(())
}

/// The matrix whose closed tours from the start answer `spec`.
pub(crate) fn closed_costs(matrix: &CostMatrix, spec: TourSpec) -> CostMatrix {
    if spec.return_to_start {
        matrix.clone()
    } else {
        matrix.free_return_to(spec.start)
    }
}

/// A [`Tour`] of `order`, costed on the caller's matrix.
pub(crate) fn finish(matrix: &CostMatrix, spec: TourSpec, order: Vec<usize>) -> Tour {
    let cost = matrix.route_cost(&order, spec.return_to_start);
    Tour { order, cost }
}
