//! A patrol plan on the road network: snap the start and the stops, build the travel-time
//! matrix, let [`plan_patrols`] share and order the stops, then draw each officer's route
//! along the roads, leg by leg.
//!
//! A stop that cannot be planned is not an error: it comes back in
//! [`RoutedPatrol::skipped`] with the reason (too far from a road, unreachable, window
//! closed, beyond the shift, no room).

use std::time::Instant;

use super::matrix::travel_matrix;
use super::{PatrolRequest, PatrolsError, PatrolsResult};
use crate::export::{Itinerary, NamedStop};
use crate::optimize::{
    CostMatrix, OfficerRoute, PatrolOptions, PatrolSpec, PatrolStop, TimeWindow, UnservedReason,
    plan_patrols,
};
use crate::routing::{OSM_ATTRIBUTION, Profile, RoadNetwork, Route, RoutingError, Snap};

/// Travel time standing in for "no route" between two stops, seconds (about 116 days).
const UNREACHABLE_S: f64 = 1.0e7;

/// Why a stop is not in the plan.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum SkipReason {
    /// Farther from the profile's roads than the network allows.
    NotNearRoad {
        /// Metres to the nearest road, if any.
        nearest_m: Option<f64>,
        /// The limit, metres.
        limit_m: f64,
    },
    /// No route joins it to the start (and back, for closed routes).
    Unreachable,
    /// Its window has closed by the time anyone can get there.
    WindowClosed {
        /// Earliest arrival, seconds after midnight.
        earliest_arrival_s: f64,
        /// The window's close.
        close_s: f64,
    },
    /// Even visited alone, the route cannot be over by the shift end.
    BeyondShift {
        /// Earliest end of a route serving it alone.
        earliest_end_s: f64,
        /// The shift end.
        shift_end_s: f64,
    },
    /// It could be served alone, but not together with the other stops.
    NoRoom,
}

impl SkipReason {
    /// A short code for answers: `not_near_road`, `unreachable`, `window_closed`,
    /// `beyond_shift` or `no_room`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotNearRoad { .. } => "not_near_road",
            Self::Unreachable => "unreachable",
            Self::WindowClosed { .. } => "window_closed",
            Self::BeyondShift { .. } => "beyond_shift",
            Self::NoRoom => "no_room",
        }
    }
}

/// A stop left out, by its index in the request.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Skipped {
    /// Index in [`PatrolRequest::stops`].
    pub stop: usize,
    /// Why.
    pub reason: SkipReason,
}

/// Length and time of the drive to a stop (or back to the start).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PatrolLeg {
    /// Metres along the roads.
    pub distance_m: f64,
    /// Travel seconds.
    pub duration_s: f64,
}

/// A stop in an officer's route.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlannedStop {
    /// Index in [`PatrolRequest::stops`].
    pub stop: usize,
    /// Where it met the road.
    pub snap: Snap,
    /// The drive from the previous stop (or the start).
    pub leg: PatrolLeg,
    /// Arrival, seconds after midnight.
    pub arrival_s: f64,
    /// Start of service (later than arrival when waiting for the window to open).
    pub begin_s: f64,
    /// Departure.
    pub departure_s: f64,
}

/// One officer's route.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficerPatrol {
    /// Stops in visiting order.
    pub stops: Vec<PlannedStop>,
    /// The drive back to the start, for closed routes with stops.
    pub back: Option<PatrolLeg>,
    /// (lon, lat) along the roads from the start's snapped point through each stop's.
    pub line: Vec<[f64; 2]>,
    /// Metres driven.
    pub distance_m: f64,
    /// Seconds driving.
    pub travel_s: f64,
    /// Seconds waiting for windows to open.
    pub wait_s: f64,
    /// Seconds of service at stops.
    pub service_s: f64,
    /// From leaving the start to the end: travel, waiting and service.
    pub duration_s: f64,
}

/// A planned patrol.
#[derive(Debug, Clone, PartialEq)]
pub struct RoutedPatrol {
    /// How the officers travel.
    pub profile: Profile,
    /// Where the start met the road.
    pub start: Snap,
    /// One route per officer, longest first; an officer may have no stop.
    pub officers: Vec<OfficerPatrol>,
    /// Stops left out, by index.
    pub skipped: Vec<Skipped>,
}

/// Plans `request` on `network`. The options' time limit bounds the whole plan, travel-time
/// matrix included: the search gets what the matrix left of it, and at least a quarter of it.
///
/// # Errors
///
/// [`PatrolsError::Start`] when the start is too far from a road; stops that cannot be
/// planned are [`RoutedPatrol::skipped`], not errors.
pub fn plan(
    network: &RoadNetwork,
    request: &PatrolRequest,
    options: &PatrolOptions,
) -> PatrolsResult<RoutedPatrol> {
    let started = Instant::now();
    let profile = request.profile;
    let start = network
        .snap(profile, request.start.point)
        .map_err(PatrolsError::Start)?;
    let Snapped {
        points,
        mut node_of,
        mut skipped,
    } = snap_stops(network, request, start);
    let times = travel_matrix(network, profile, &points);

    // A stop the start cannot reach, or return from, is left out before planning.
    for (i, node) in node_of.iter_mut().enumerate() {
        let Some(k) = *node else { continue };
        if times[0][k].is_none() || (request.return_to_start && times[k][0].is_none()) {
            *node = None;
            let reason = SkipReason::Unreachable;
            skipped.push(Skipped { stop: i, reason });
        }
    }
    let planned: Vec<usize> = (0..request.stops.len())
        .filter(|&i| node_of[i].is_some())
        .collect();
    let matrix = CostMatrix::from_fn(points.len(), |i, j| times[i][j].unwrap_or(UNREACHABLE_S))?;
    let stops = planner_stops(request, &planned, &node_of);
    let spec = PatrolSpec {
        start: 0,
        return_to_start: request.return_to_start,
        officers: request.officers,
        depart_at: request.depart_at_s,
        shift_end: request.shift_end_s,
    };
    let options = PatrolOptions {
        time_limit: options
            .time_limit
            .saturating_sub(started.elapsed())
            .max(options.time_limit / 4),
        ..options.clone()
    };
    let plan = plan_patrols(&matrix, &stops, &spec, &options)?;

    skipped.extend(plan.unserved.iter().map(|u| Skipped {
        stop: planned[u.stop],
        reason: skip_reason(u.reason),
    }));
    skipped.sort_by_key(|s| s.stop);
    let legs = Legs {
        network,
        profile,
        points: &points,
    };
    let officers = plan
        .routes
        .iter()
        .map(|route| legs.officer(route, &planned, &node_of, request.return_to_start))
        .collect::<PatrolsResult<Vec<_>>>()?;
    Ok(RoutedPatrol {
        profile,
        start,
        officers,
        skipped,
    })
}

/// The planner's view of the `planned` stops: matrix node, service time and window.
fn planner_stops(
    request: &PatrolRequest,
    planned: &[usize],
    node_of: &[Option<usize>],
) -> Vec<PatrolStop> {
    planned
        .iter()
        .map(|&i| {
            let s = &request.stops[i];
            PatrolStop {
                node: node_of[i].unwrap_or(0),
                service: s.service_s,
                window: s.window.map(|(open, close)| TimeWindow { open, close }),
            }
        })
        .collect()
}

/// The start and the stops on the roads: matrix index 0 is the start.
struct Snapped {
    points: Vec<Snap>,
    /// Matrix index of each stop, `None` for a stop left out.
    node_of: Vec<Option<usize>>,
    skipped: Vec<Skipped>,
}

fn snap_stops(network: &RoadNetwork, request: &PatrolRequest, start: Snap) -> Snapped {
    let mut snapped = Snapped {
        points: vec![start],
        node_of: vec![None; request.stops.len()],
        skipped: Vec::new(),
    };
    for (i, stop) in request.stops.iter().enumerate() {
        let reason = match network.snap(request.profile, stop.place.point) {
            Ok(snap) => {
                snapped.node_of[i] = Some(snapped.points.len());
                snapped.points.push(snap);
                continue;
            }
            Err(RoutingError::NotNearRoad {
                nearest_m, limit_m, ..
            }) => SkipReason::NotNearRoad { nearest_m, limit_m },
            Err(_) => SkipReason::Unreachable,
        };
        snapped.skipped.push(Skipped { stop: i, reason });
    }
    snapped
}

fn skip_reason(reason: UnservedReason) -> SkipReason {
    match reason {
        UnservedReason::WindowClosed {
            earliest_arrival,
            close,
        } => SkipReason::WindowClosed {
            earliest_arrival_s: earliest_arrival,
            close_s: close,
        },
        UnservedReason::BeyondShift {
            earliest_end,
            shift_end,
        } => SkipReason::BeyondShift {
            earliest_end_s: earliest_end,
            shift_end_s: shift_end,
        },
        _ => SkipReason::NoRoom,
    }
}

/// Draws routes between snapped points.
struct Legs<'a> {
    network: &'a RoadNetwork,
    profile: Profile,
    points: &'a [Snap],
}

impl Legs<'_> {
    fn route(&self, from: usize, to: usize) -> PatrolsResult<Route> {
        let (a, b) = (self.points[from], self.points[to]);
        self.network
            .route_snapped(self.profile, a, b)
            .ok_or(PatrolsError::Leg(RoutingError::Unreachable {
                from: a.point,
                to: b.point,
                profile: self.profile,
            }))
    }

    /// One officer's route from the planner's visits (indices into `planned`).
    fn officer(
        &self,
        route: &OfficerRoute,
        planned: &[usize],
        node_of: &[Option<usize>],
        closed: bool,
    ) -> PatrolsResult<OfficerPatrol> {
        let mut line = vec![self.points[0].point];
        let mut stops = Vec::with_capacity(route.visits.len());
        let (mut here, mut distance_m) = (0, 0.0);
        for visit in &route.visits {
            let stop = planned[visit.stop];
            let k = node_of[stop].unwrap_or(0);
            let leg = self.route(here, k)?;
            extend(&mut line, &leg.line);
            distance_m += leg.distance_m;
            stops.push(PlannedStop {
                stop,
                snap: self.points[k],
                leg: PatrolLeg {
                    distance_m: leg.distance_m,
                    duration_s: leg.duration_s,
                },
                arrival_s: visit.arrival,
                begin_s: visit.begin,
                departure_s: visit.departure,
            });
            here = k;
        }
        let back = match closed && !stops.is_empty() {
            true => {
                let leg = self.route(here, 0)?;
                extend(&mut line, &leg.line);
                distance_m += leg.distance_m;
                Some(PatrolLeg {
                    distance_m: leg.distance_m,
                    duration_s: leg.duration_s,
                })
            }
            false => None,
        };
        let wait_s = stops.iter().map(|s| s.begin_s - s.arrival_s).sum();
        let service_s = stops.iter().map(|s| s.departure_s - s.begin_s).sum();
        Ok(OfficerPatrol {
            stops,
            back,
            line,
            distance_m,
            travel_s: route.travel,
            wait_s,
            service_s,
            duration_s: route.duration,
        })
    }
}

/// Appends `more` to `line`, dropping a first vertex that repeats the last.
fn extend(line: &mut Vec<[f64; 2]>, more: &[[f64; 2]]) {
    for &p in more {
        if line.last() != Some(&p) {
            line.push(p);
        }
    }
}

impl RoutedPatrol {
    /// The longest route's duration, seconds.
    pub fn longest_s(&self) -> f64 {
        self.officers
            .iter()
            .map(|o| o.duration_s)
            .fold(0.0, f64::max)
    }

    /// Officer `officer`'s route as an exportable itinerary: the start, each stop at the
    /// point the request gave (named as requested), and the start again for closed routes.
    /// `None` when there is no such officer.
    pub fn itinerary(&self, request: &PatrolRequest, officer: usize) -> Option<Itinerary> {
        let route = self.officers.get(officer)?;
        let start = NamedStop {
            name: request.start.name.clone(),
            point: request.start.point,
        };
        let mut stops = vec![start.clone()];
        stops.extend(route.stops.iter().map(|s| {
            let place = &request.stops[s.stop].place;
            NamedStop {
                name: place.name.clone(),
                point: place.point,
            }
        }));
        if route.back.is_some() {
            stops.push(start);
        }
        let name = match self.officers.len() {
            1 => request.name.clone(),
            _ => format!("{} – officer {}", request.name, officer + 1),
        };
        let mut line = route.line.clone();
        // An officer without stops stays at the start: a zero-length line.
        if let [only] = line[..] {
            line.push(only);
        }
        Some(Itinerary {
            name,
            attribution: Some(OSM_ATTRIBUTION.to_owned()),
            line,
            stops,
            distance_m: Some(route.distance_m),
            duration_s: Some(route.duration_s),
        })
    }
}
