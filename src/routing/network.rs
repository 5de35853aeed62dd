//! A road network ready to answer routes in every profile.

use std::path::Path;
use std::time::Instant;

use super::RoutingError;
use super::graph::RoadGraph;
use super::isochrone::{ServiceArea, service_area};
use super::profile::Profile;
use super::route::{Route, route};
use super::router::ProfileRouter;
use super::snap::Snap;
use super::source::{RoadWay, read_pbf};
use crate::model::Road;

/// Farthest a stop may lie from the road it snaps to, metres, unless set otherwise.
pub const DEFAULT_MAX_SNAP_M: f64 = 1_000.0;

/// The road graph with a prepared router per profile.
#[derive(Debug)]
pub struct RoadNetwork {
    graph: RoadGraph,
    car: ProfileRouter,
    foot: ProfileRouter,
    max_snap_m: f64,
}

impl RoadNetwork {
    /// Builds the graph from `ways` and prepares both profiles (in parallel).
    ///
    /// # Errors
    ///
    /// [`RoutingError::NoRoads`] when no way is routable.
    pub fn build(ways: &[RoadWay]) -> Result<Self, RoutingError> {
        let started = Instant::now();
        let graph = RoadGraph::build(ways);
        if graph.edges.is_empty() {
            return Err(RoutingError::NoRoads);
        }
        let (car, foot) = std::thread::scope(|s| {
            let foot = s.spawn(|| ProfileRouter::new(&graph, Profile::Foot));
            let car = ProfileRouter::new(&graph, Profile::Car);
            let foot = foot
                .join()
                .unwrap_or_else(|_| ProfileRouter::new(&graph, Profile::Foot));
            (car, foot)
        });
        tracing::info!(
            ways = ways.len(),
            nodes = graph.nodes.len(),
            edges = graph.edges.len(),
            car_main_nodes = car.main_nodes(),
            foot_main_nodes = foot.main_nodes(),
            seconds = started.elapsed().as_secs_f64(),
            "road network prepared"
        );
        Ok(Self {
            graph,
            car,
            foot,
            max_snap_m: DEFAULT_MAX_SNAP_M,
        })
    }

    /// The network of a data set's prepared roads.
    ///
    /// # Errors
    ///
    /// [`RoutingError::NoRoads`] when there are none.
    pub fn from_roads(roads: &[Road]) -> Result<Self, RoutingError> {
        let ways: Vec<RoadWay> = roads.iter().map(RoadWay::from_road).collect();
        Self::build(&ways)
    }

    /// The network of an OSM PBF extract.
    ///
    /// # Errors
    ///
    /// When the file cannot be read or has no routable way.
    pub fn from_pbf(path: &Path) -> Result<Self, RoutingError> {
        Self::build(&read_pbf(path)?)
    }

    /// Sets how far (metres) a stop may lie from its road.
    pub fn with_max_snap_m(mut self, metres: f64) -> Self {
        self.max_snap_m = metres;
        self
    }

    /// The graph.
    pub fn graph(&self) -> &RoadGraph {
        &self.graph
    }

    /// The highest speed on any road `profile` may use, metres per second: no route is
    /// faster than its straight length at this speed.
    pub fn top_speed_mps(&self, profile: Profile) -> f64 {
        self.graph
            .edges
            .iter()
            .filter_map(|e| e.travel(profile))
            .map(|t| t.speed_kmh / 3.6)
            .fold(f64::MIN_POSITIVE, f64::max)
    }

    /// The prepared router of `profile`.
    pub fn router(&self, profile: Profile) -> &ProfileRouter {
        match profile {
            Profile::Car => &self.car,
            Profile::Foot => &self.foot,
        }
    }

    /// Where `point` (lon, lat) meets the main component of `profile`'s roads.
    ///
    /// # Errors
    ///
    /// [`RoutingError::NotNearRoad`] when the nearest such road is farther than the limit.
    pub fn snap(&self, profile: Profile, point: [f64; 2]) -> Result<Snap, RoutingError> {
        let snap = self.router(profile).snap_index().snap(&self.graph, point);
        match snap {
            Some(s) if s.distance_m <= self.max_snap_m => Ok(s),
            other => Err(RoutingError::NotNearRoad {
                point,
                profile,
                nearest_m: other.map(|s| s.distance_m),
                limit_m: self.max_snap_m,
            }),
        }
    }

    /// The fastest route from `from` to `to` (lon, lat) in `profile`.
    ///
    /// # Errors
    ///
    /// [`RoutingError::NotNearRoad`] naming the point that is too far from a road.
    pub fn route(
        &self,
        profile: Profile,
        from: [f64; 2],
        to: [f64; 2],
    ) -> Result<Route, RoutingError> {
        let (a, b) = (self.snap(profile, from)?, self.snap(profile, to)?);
        route(&self.graph, self.router(profile), a, b).ok_or(RoutingError::Unreachable {
            from,
            to,
            profile,
        })
    }

    /// The fastest route between two points already snapped for `profile` (by
    /// [`RoadNetwork::snap`]); `None` when no route joins them.
    pub fn route_snapped(&self, profile: Profile, from: Snap, to: Snap) -> Option<Route> {
        route(&self.graph, self.router(profile), from, to)
    }

    /// The `duration_s` of [`RoadNetwork::route_snapped`]'s route, without drawing it.
    pub fn duration_snapped(&self, profile: Profile, from: Snap, to: Snap) -> Option<f64> {
        super::route::duration(&self.graph, self.router(profile), from, to)
    }

    /// Travel time in seconds from `from` to each of `points` (lon, lat); an error for each
    /// point that cannot be reached. The hook for travel-time coverage gaps.
    pub fn travel_times(
        &self,
        profile: Profile,
        from: [f64; 2],
        points: &[[f64; 2]],
    ) -> Vec<Result<f64, RoutingError>> {
        let start = match self.snap(profile, from) {
            Ok(s) => s,
            Err(e) => return points.iter().map(|_| Err(e.clone())).collect(),
        };
        points
            .iter()
            .map(|&p| {
                let end = self.snap(profile, p)?;
                route(&self.graph, self.router(profile), start, end)
                    .map(|r| r.duration_s)
                    .ok_or(RoutingError::Unreachable {
                        from,
                        to: p,
                        profile,
                    })
            })
            .collect()
    }

    /// What can be reached from `from` (lon, lat) within `minutes` in `profile`: the
    /// service area of an office, say.
    ///
    /// # Errors
    ///
    /// [`RoutingError::NotNearRoad`] when `from` is too far from a road.
    pub fn service_area(
        &self,
        profile: Profile,
        from: [f64; 2],
        minutes: f64,
    ) -> Result<ServiceArea, RoutingError> {
        let start = self.snap(profile, from)?;
        // Limits are checked by callers to a few hours, far below usize::MAX ms.
        let limit_ms = (minutes.max(0.0) * 60_000.0).round() as usize;
        Ok(service_area(
            &self.graph,
            self.router(profile),
            &start,
            limit_ms,
        ))
    }
}
