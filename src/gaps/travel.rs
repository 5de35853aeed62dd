//! [`Metric::Travel`](super::distance::Metric::Travel): travel time on the road network, in
//! seconds, from an office to a village.
//!
//! Offices and villages are snapped to the profile's roads once; a place too far from any
//! road, or on roads that do not connect, has no finite time and so counts as beyond every
//! limit. The nearest office is found by trying offices in order of straight distance and
//! stopping once the straight distance alone, driven at the network's top speed, takes
//! longer than the best time found: exact, and a few route queries per village.

use std::cell::Cell;

use geo::Point;

use super::distance::Reach;
use super::sphere::SphereIndex;
use crate::atlas::Atlas;
use crate::routing::{Profile, RoadNetwork, Snap, route};

/// Travel times on `network` in `profile`.
#[derive(Debug)]
pub struct TravelReach<'a> {
    network: &'a RoadNetwork,
    profile: Profile,
    offices: Vec<Option<Snap>>,
    index: SphereIndex,
    top_speed_mps: f64,
    /// The farthest any office lies from its road, metres.
    office_snap_m: f64,
    /// The last place snapped: the query asks for a village's cost and its nearest office
    /// in turn, and the village is snapped once for both.
    last_snap: Cell<Option<(Point, Option<Snap>)>>,
}

impl<'a> TravelReach<'a> {
    /// Snaps the offices of `atlas` to `network`.
    pub fn new(atlas: &Atlas, network: &'a RoadNetwork, profile: Profile) -> Self {
        let offices: Vec<Option<Snap>> = atlas
            .dataset
            .offices
            .iter()
            .map(|o| network.snap(profile, [o.point.x(), o.point.y()]).ok())
            .collect();
        let index = SphereIndex::new(atlas.dataset.offices.iter().map(|o| o.point));
        let office_snap_m = offices
            .iter()
            .flatten()
            .map(|s| s.distance_m)
            .fold(0.0, f64::max);
        Self {
            network,
            profile,
            offices,
            index,
            top_speed_mps: network.top_speed_mps(profile),
            office_snap_m,
            last_snap: Cell::new(None),
        }
    }

    /// Seconds from the office at `office` to the snapped place `to`; infinite when there is
    /// no way.
    fn time(&self, office: usize, to: Option<Snap>) -> f64 {
        let (Some(from), Some(to)) = (self.offices[office], to) else {
            return f64::INFINITY;
        };
        let (graph, router) = (self.network.graph(), self.network.router(self.profile));
        route::route(graph, router, from, to).map_or(f64::INFINITY, |r| r.duration_s)
    }

    fn snap(&self, to: Point) -> Option<Snap> {
        if let Some((_, snap)) = self.last_snap.get().filter(|(at, _)| *at == to) {
            return snap;
        }
        let snap = self.network.snap(self.profile, [to.x(), to.y()]).ok();
        self.last_snap.set(Some((to, snap)));
        snap
    }
}

impl Reach for TravelReach<'_> {
    fn cost(&self, office: usize, to: Point) -> f64 {
        self.time(office, self.snap(to))
    }

    fn nearest(&self, to: Point) -> Option<(usize, f64)> {
        let snapped = self.snap(to)?;
        let mut best: Option<(usize, f64)> = None;
        for (office, apart) in self.index.by_distance(to) {
            // On-road travel is at least the straight line between the road points, which
            // is at least `apart` less both snapping distances; offices come by `apart`.
            let road_apart = apart - self.office_snap_m - snapped.distance_m;
            if best.is_some_and(|(_, t)| road_apart / self.top_speed_mps > t) {
                break;
            }
            let time = self.time(office, Some(snapped));
            if time.is_finite() && best.is_none_or(|(_, t)| time < t) {
                best = Some((office, time));
            }
        }
        best
    }
}
