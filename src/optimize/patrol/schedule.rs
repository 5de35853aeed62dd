//! The timing of one route: arrival, waiting and service at each stop, and whether the
//! route keeps every window and the shift end.

use super::{PatrolSpec, PatrolStop, UnservedReason};
use crate::optimize::matrix::CostMatrix;

/// Slack allowed on window and shift bounds for rounding.
const EPS: f64 = 1e-9;

/// What one plan is made for.
pub(crate) struct Problem<'a> {
    pub matrix: &'a CostMatrix,
    pub stops: &'a [PatrolStop],
    pub spec: &'a PatrolSpec,
}

/// A visit in a planned route.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Visit {
    /// Index in the stop list.
    pub stop: usize,
    /// When the officer gets there.
    pub arrival: f64,
    /// When service begins (after waiting for the window to open).
    pub begin: f64,
    /// When the officer leaves.
    pub departure: f64,
}

/// Duration and travel of a feasible route.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Cost {
    pub duration: f64,
    pub travel: f64,
}

impl Problem<'_> {
    /// The cost of visiting `route` (stop indices) in order, or `None` when it misses a
    /// window or the shift end.
    pub fn cost(&self, route: &[usize]) -> Option<Cost> {
        self.walk(route, |_| ())
    }

    /// The visits of a feasible `route`.
    pub fn visits(&self, route: &[usize]) -> Vec<Visit> {
        let mut visits = Vec::with_capacity(route.len());
        self.walk(route, |v| visits.push(v));
        visits
    }

    fn walk(&self, route: &[usize], mut each: impl FnMut(Visit)) -> Option<Cost> {
        let spec = self.spec;
        let (mut here, mut time, mut travel) = (spec.start, spec.depart_at, 0.0);
        for &stop in route {
            let s = &self.stops[stop];
            let leg = self.matrix.cost(here, s.node);
            travel += leg;
            let arrival = time + leg;
            let begin = match s.window {
                Some(w) if arrival > w.close + EPS => return None,
                Some(w) => arrival.max(w.open),
                None => arrival,
            };
            time = begin + s.service;
            each(Visit {
                stop,
                arrival,
                begin,
                departure: time,
            });
            here = s.node;
        }
        if spec.return_to_start {
            let back = self.matrix.cost(here, spec.start);
            travel += back;
            time += back;
        }
        if spec.shift_end.is_some_and(|end| time > end + EPS) {
            return None;
        }
        Some(Cost {
            duration: time - spec.depart_at,
            travel,
        })
    }

    /// Why `stop` cannot be served even alone, or `None` when it can.
    pub fn alone(&self, stop: usize) -> Option<UnservedReason> {
        if self.cost(&[stop]).is_some() {
            return None;
        }
        let s = &self.stops[stop];
        let arrival = self.spec.depart_at + self.matrix.cost(self.spec.start, s.node);
        if let Some(w) = s.window
            && arrival > w.close + EPS
        {
            return Some(UnservedReason::WindowClosed {
                earliest_arrival: arrival,
                close: w.close,
            });
        }
        let shift_end = self.spec.shift_end.unwrap_or(f64::INFINITY);
        let mut end = arrival.max(s.window.map_or(arrival, |w| w.open)) + s.service;
        if self.spec.return_to_start {
            end += self.matrix.cost(s.node, self.spec.start);
        }
        Some(UnservedReason::BeyondShift {
            earliest_end: end,
            shift_end,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::TimeWindow;
    use super::*;

    #[test]
    fn waits_for_windows_and_refuses_late_arrivals_and_overtime() {
        let matrix = CostMatrix::from_fn(3, |i, j| if i == j { 0.0 } else { 10.0 }).expect("ok");
        let window = |open, close| Some(TimeWindow { open, close });
        let stops = [
            PatrolStop {
                node: 1,
                service: 5.0,
                window: window(30.0, 40.0),
            },
            PatrolStop {
                node: 2,
                service: 0.0,
                window: window(0.0, 20.0),
            },
        ];
        let spec = PatrolSpec {
            start: 0,
            return_to_start: true,
            officers: 1,
            depart_at: 0.0,
            shift_end: Some(60.0),
        };
        let problem = Problem {
            matrix: &matrix,
            stops: &stops,
            spec: &spec,
        };
        // 0 → 2 (t 10) → 1 (t 20, waits to 30, leaves 35) → 0 (t 45).
        let cost = problem.cost(&[1, 0]).expect("feasible");
        assert_eq!((cost.duration, cost.travel), (45.0, 30.0));
        let visits = problem.visits(&[1, 0]);
        assert_eq!(
            visits[1],
            Visit {
                stop: 0,
                arrival: 20.0,
                begin: 30.0,
                departure: 35.0
            }
        );
        // Stop 1 after stop 0 arrives at 45, after its close at 20.
        assert_eq!(problem.cost(&[0, 1]), None);

        let short = PatrolSpec {
            shift_end: Some(44.0),
            ..spec
        };
        let late = Problem {
            spec: &short,
            ..problem
        };
        assert_eq!(late.cost(&[1, 0]), None);
        let beyond = UnservedReason::BeyondShift {
            earliest_end: 45.0,
            shift_end: 44.0,
        };
        assert_eq!(late.alone(0), Some(beyond));
        assert_eq!(late.alone(1), None);

        let closed = [PatrolStop {
            window: window(0.0, 5.0),
            ..stops[1]
        }];
        let early = Problem {
            stops: &closed,
            ..problem
        };
        let missed = UnservedReason::WindowClosed {
            earliest_arrival: 10.0,
            close: 5.0,
        };
        assert_eq!(early.alone(0), Some(missed));
    }
}
