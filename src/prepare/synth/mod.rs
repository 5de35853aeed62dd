//! Generated offices, workstations and officers.
//!
//! Real staff lists are not public, so every data set's staff is generated reproducibly from
//! its seed, at the ratios of the Henan programme: about one office per six villages (grouped
//! by seeded k-means within each jurisdiction, the office at the village nearest the group's
//! centre), a workstation at about 86 % of villages, one community officer per four villages
//! and one auxiliary per village. About 3 % of grids are deliberately left without a primary
//! officer so that coverage-gap queries have real gaps to find.

mod cluster;
mod names;

use geo::{Distance, Haversine, Point};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::model::{DatasetMeta, Grid, Office, Officer, Role, Station, Village, Workstation};

use super::Sources;
pub use names::Style;

/// Villages per office.
pub const VILLAGES_PER_OFFICE: usize = 6;
/// Villages per community officer.
pub const VILLAGES_PER_COMMUNITY_OFFICER: f64 = 4.0;
/// Share of villages with a workstation (43,000 workstations for ~50,000 villages in Henan).
pub const WORKSTATION_SHARE: f64 = 0.86;
/// Share of grids deliberately left without a primary officer.
pub const UNASSIGNED_SHARE: f64 = 0.03;

/// Generated staff of a data set.
#[derive(Debug, Clone, Default)]
pub struct Staff {
    /// Offices.
    pub offices: Vec<Office>,
    /// Workstations.
    pub workstations: Vec<Workstation>,
    /// Officers.
    pub officers: Vec<Officer>,
}

/// Generates staff reproducibly from `meta.seed`: the same inputs give the same staff.
///
/// Only grids that serve a village get staff. Without any station in `sources` no office can
/// be attached to one, and the result is empty.
pub fn generate(meta: &DatasetMeta, sources: &Sources, grids: &[Grid]) -> Staff {
    let mut generator = Generator {
        rng: ChaCha8Rng::seed_from_u64(meta.seed),
        style: Style::for_language(&meta.language),
        stations: &sources.stations,
        staff: Staff::default(),
    };
    if sources.stations.is_empty() {
        tracing::warn!("no police station in the data set: no offices or officers generated");
        return generator.staff;
    }
    let villages: std::collections::HashMap<&str, &Village> = sources
        .villages
        .iter()
        .map(|v| (v.id.as_str(), v))
        .collect();
    for jurisdiction in &sources.jurisdictions {
        let served: Vec<(&Grid, &Village)> = grids
            .iter()
            .filter(|g| g.jurisdiction_id == jurisdiction.id)
            .filter_map(|g| {
                let village_id = g.village_id.as_deref()?;
                Some((g, *villages.get(village_id)?))
            })
            .collect();
        generator.jurisdiction(&jurisdiction.id, &served);
    }
    generator.leave_unassigned();
    generator.staff
}

struct Generator<'a> {
    rng: ChaCha8Rng,
    style: Style,
    stations: &'a [Station],
    staff: Staff,
}

impl Generator<'_> {
    fn jurisdiction(&mut self, jurisdiction_id: &str, served: &[(&Grid, &Village)]) {
        if served.is_empty() {
            return;
        }
        let points: Vec<[f64; 2]> = served.iter().map(|(_, v)| plane(v.point)).collect();
        let k = served.len().div_ceil(VILLAGES_PER_OFFICE);
        let labels = cluster::kmeans(&points, k, &mut self.rng);

        for cluster in 0..k {
            let members: Vec<(&Grid, &Village)> = served
                .iter()
                .zip(&labels)
                .filter(|(_, l)| **l == cluster)
                .map(|(m, _)| *m)
                .collect();
            if !members.is_empty() {
                self.office_area(jurisdiction_id, &members);
            }
        }
    }

    /// One office with its workstations and officers for a group of villages.
    fn office_area(&mut self, jurisdiction_id: &str, members: &[(&Grid, &Village)]) {
        let seat = central_village(members);
        let office_id = format!("of-{:05}", self.staff.offices.len() + 1);
        self.staff.offices.push(Office {
            id: office_id.clone(),
            name: self.style.office(&seat.name),
            point: seat.point,
            station_id: self.station_for(jurisdiction_id, seat.point),
        });

        for (_, village) in members {
            if self.rng.random_bool(WORKSTATION_SHARE) {
                self.workstation(&office_id, village);
            }
        }
        self.community_officers(&office_id, members);
        for (grid, _) in members {
            self.officer(&office_id, Role::Auxiliary, vec![grid.id.clone()]);
        }
    }

    fn workstation(&mut self, office_id: &str, village: &Village) {
        let id = format!("ws-{:05}", self.staff.workstations.len() + 1);
        self.staff.workstations.push(Workstation {
            id,
            name: self.style.workstation(&village.name),
            point: village.point,
            office_id: office_id.to_owned(),
        });
    }

    /// Splits the group's grids into contiguous shares, one per community officer.
    fn community_officers(&mut self, office_id: &str, members: &[(&Grid, &Village)]) {
        let count = (members.len() as f64 / VILLAGES_PER_COMMUNITY_OFFICER)
            .round()
            .max(1.0);
        let share = members.len().div_ceil(count as usize);
        for chunk in members.chunks(share) {
            let grid_ids = chunk.iter().map(|(g, _)| g.id.clone()).collect();
            self.officer(office_id, Role::Community, grid_ids);
        }
    }

    /// Takes [`UNASSIGNED_SHARE`] of the assigned grids (at least one) away from their
    /// community officer, chosen by the seed.
    fn leave_unassigned(&mut self) {
        let mut assigned: Vec<(usize, String)> = self
            .staff
            .officers
            .iter()
            .enumerate()
            .filter(|(_, o)| o.role == Role::Community)
            .flat_map(|(i, o)| o.grid_ids.iter().map(move |g| (i, g.clone())))
            .collect();
        let count =
            ((assigned.len() as f64 * UNASSIGNED_SHARE).ceil() as usize).min(assigned.len());
        for k in 0..count {
            let pick = self.rng.random_range(k..assigned.len());
            assigned.swap(k, pick);
        }
        for (officer, grid) in assigned.into_iter().take(count) {
            self.staff.officers[officer].grid_ids.retain(|g| *g != grid);
        }
    }

    fn officer(&mut self, office_id: &str, role: Role, grid_ids: Vec<String>) {
        let prefix = match role {
            Role::Community => "p",
            Role::Auxiliary => "a",
        };
        let n = self.staff.officers.len() + 1;
        self.staff.officers.push(Officer {
            id: format!("{prefix}-{n:05}"),
            name: self.style.person(&mut self.rng),
            role,
            office_id: office_id.to_owned(),
            grid_ids,
        });
    }

    /// The nearest station in the same jurisdiction, else the nearest at all.
    fn station_for(&self, jurisdiction_id: &str, at: Point) -> String {
        let distance = |s: &&Station| Haversine.distance(s.point, at);
        let local = self
            .stations
            .iter()
            .filter(|s| s.jurisdiction_id.as_deref() == Some(jurisdiction_id))
            .min_by(|a, b| distance(a).total_cmp(&distance(b)));
        let any = || {
            self.stations
                .iter()
                .min_by(|a, b| distance(a).total_cmp(&distance(b)))
        };
        local.or_else(any).map(|s| s.id.clone()).unwrap_or_default()
    }
}

/// The member village nearest the group's mean position.
fn central_village<'a>(members: &[(&Grid, &'a Village)]) -> &'a Village {
    let n = members.len() as f64;
    let mean = members.iter().fold([0.0, 0.0], |acc, (_, v)| {
        let p = plane(v.point);
        [acc[0] + p[0] / n, acc[1] + p[1] / n]
    });
    let distance_2 = |v: &Village| {
        let p = plane(v.point);
        (p[0] - mean[0]).powi(2) + (p[1] - mean[1]).powi(2)
    };
    members
        .iter()
        .map(|(_, v)| *v)
        .min_by(|a, b| distance_2(a).total_cmp(&distance_2(b)))
        .expect("office groups are never empty")
}

/// A point in a plane where x and y are comparable ground distances (degrees of latitude).
fn plane(p: Point) -> [f64; 2] {
    [p.x() * p.y().to_radians().cos(), p.y()]
}
