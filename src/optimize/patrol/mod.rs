//! Patrol plans over a travel-time matrix: stops with service times and time windows, shared
//! among one or more officers who all leave the same start at the same time.
//!
//! The plan serves as many stops as it can, then makes the longest route as short as it can,
//! then the total travel time: balancing the officers' days comes before saving kilometres.
//! A stop that no plan can serve, or that this one could not fit, is returned in
//! [`PatrolPlan::unserved`] with the reason.
//!
//! Times are in the matrix's unit (seconds for a travel-time matrix), on one clock:
//! `depart_at`, window bounds and the shift end are instants on it.

mod lns;
mod schedule;

use std::time::Duration;

use super::matrix::CostMatrix;

pub use schedule::Visit;

/// When service at a stop may begin: at `open` at the earliest (an officer arriving sooner
/// waits), at `close` at the latest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeWindow {
    /// Earliest start of service.
    pub open: f64,
    /// Latest start of service.
    pub close: f64,
}

/// One place to visit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PatrolStop {
    /// Its index in the matrix.
    pub node: usize,
    /// Time spent there.
    pub service: f64,
    /// When service may begin; `None` for any time.
    pub window: Option<TimeWindow>,
}

/// Who patrols, from where, and until when.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PatrolSpec {
    /// Matrix index every officer leaves from.
    pub start: usize,
    /// Whether each officer comes back to `start` (the way back counts in the route).
    pub return_to_start: bool,
    /// Number of officers (at least one); some may get no stop.
    pub officers: usize,
    /// When the officers leave.
    pub depart_at: f64,
    /// When every route must be over (back at the start for closed routes); `None` for no end.
    pub shift_end: Option<f64>,
}

/// How hard the planner searches. The plan depends only on these and the input, unless
/// `time_limit` cuts the search short.
#[derive(Debug, Clone, PartialEq)]
pub struct PatrolOptions {
    /// Seed of the search's random choices.
    pub seed: u64,
    /// Rounds of remove-and-reinsert.
    pub rounds: usize,
    /// Wall-clock budget.
    ///
    /// FIXME: one officer with hundreds of stops overruns it (500 stops on foot in Andorra:
    /// 12.7 s against 0.8 s; by car 2.6 s), so such a request answers late; where the time
    /// goes (construction or a search step that does not look at the clock) is not traced.
    pub time_limit: Duration,
}

impl Default for PatrolOptions {
    fn default() -> Self {
        Self {
            seed: 0x7061_7472_6f6c,
            rounds: 4_000,
            // With the final reordering the whole plan stays within about the limit, so a
            // 100-stop plan answers in under a second (see README, Benchmarks).
            time_limit: Duration::from_millis(800),
        }
    }
}

/// One officer's day.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficerRoute {
    /// The stops in visiting order, with their times.
    pub visits: Vec<Visit>,
    /// Time spent travelling, the way back included for closed routes.
    pub travel: f64,
    /// From leaving the start to the end of the route (back at the start for closed routes,
    /// leaving the last stop for open ones): travel, waiting and service.
    pub duration: f64,
}

/// Why a stop is not in the plan.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum UnservedReason {
    /// Even going there first, its window has closed on arrival.
    WindowClosed {
        /// Earliest possible arrival.
        earliest_arrival: f64,
        /// Its window's close.
        close: f64,
    },
    /// Even visiting it alone, the route cannot end by the shift end.
    BeyondShift {
        /// Earliest end of a route serving only this stop.
        earliest_end: f64,
        /// The shift end.
        shift_end: f64,
    },
    /// It can be served alone, but the planner found no room for it among the other stops.
    NoRoom,
}

/// A stop left out, by its index in the stop list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Unserved {
    /// Index in the stop list.
    pub stop: usize,
    /// Why.
    pub reason: UnservedReason,
}

/// The answer of [`plan_patrols`].
#[derive(Debug, Clone, PartialEq)]
pub struct PatrolPlan {
    /// One route per officer, in officer order (longest first).
    pub routes: Vec<OfficerRoute>,
    /// Stops left out, by stop index.
    pub unserved: Vec<Unserved>,
    /// The longest route's duration.
    pub longest: f64,
    /// Travel time summed over every route.
    pub total_travel: f64,
}

/// Why no plan was made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum PatrolError {
    /// The start is not a matrix index.
    #[error("start {start} is not an index of a {len}-row matrix")]
    StartOutOfRange {
        /// The start asked for.
        start: usize,
        /// Number of rows.
        len: usize,
    },
    /// A stop's node is not a matrix index.
    #[error("stop {stop} is at node {node}, not an index of a {len}-row matrix")]
    StopOutOfRange {
        /// Index in the stop list.
        stop: usize,
        /// Its node.
        node: usize,
        /// Number of rows.
        len: usize,
    },
    /// A negative or non-finite service time, or a window that closes before it opens.
    #[error("stop {stop}: {what}")]
    BadStop {
        /// Index in the stop list.
        stop: usize,
        /// What is wrong.
        what: &'static str,
    },
    /// Zero officers.
    #[error("a patrol needs at least one officer")]
    NoOfficers,
}

/// Plans the patrol of `stops` by `spec.officers` officers over the travel times `matrix`.
///
/// # Errors
///
/// [`PatrolError`] names the input that is out of range; unreachable or late stops are not
/// errors but [`PatrolPlan::unserved`] entries.
pub fn plan_patrols(
    matrix: &CostMatrix,
    stops: &[PatrolStop],
    spec: &PatrolSpec,
    options: &PatrolOptions,
) -> Result<PatrolPlan, PatrolError> {
    check(matrix, stops, spec)?;
    let problem = schedule::Problem {
        matrix,
        stops,
        spec,
    };
    Ok(lns::plan(&problem, options))
}

fn check(matrix: &CostMatrix, stops: &[PatrolStop], spec: &PatrolSpec) -> Result<(), PatrolError> {
    let len = matrix.len();
    if spec.start >= len {
        return Err(PatrolError::StartOutOfRange {
            start: spec.start,
            len,
        });
    }
    if spec.officers == 0 {
        return Err(PatrolError::NoOfficers);
    }
    for (stop, s) in stops.iter().enumerate() {
        if s.node >= len {
            return Err(PatrolError::StopOutOfRange {
                stop,
                node: s.node,
                len,
            });
        }
        if !(s.service.is_finite() && s.service >= 0.0) {
            let what = "service time must be finite and non-negative";
            return Err(PatrolError::BadStop { stop, what });
        }
        if let Some(w) = s.window
            && !(w.open.is_finite() && w.close.is_finite() && w.open <= w.close)
        {
            let what = "window must be finite and open no later than it closes";
            return Err(PatrolError::BadStop { stop, what });
        }
    }
    Ok(())
}
