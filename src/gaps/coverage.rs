//! Coverage rates: the share of villages, grids and population with a primary community
//! officer, per jurisdiction, per station and overall.
//!
//! Population is known only for some villages (none in the Henan set), so its rate is taken
//! over the villages whose population is known, and the tally says how many those are.

use serde::Serialize;

use crate::atlas::Atlas;

use super::{Links, Scope};

/// Counts behind the rates of one area.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Villages.
    pub villages: usize,
    /// Villages with a primary officer.
    pub villages_covered: usize,
    /// Grids.
    pub grids: usize,
    /// Grids with a primary officer.
    pub grids_covered: usize,
    /// Villages whose population is known.
    pub population_known_villages: usize,
    /// Population of those villages.
    pub population: u64,
    /// Population of those villages that have a primary officer.
    pub population_covered: u64,
}

impl Tally {
    /// Share of villages with a primary officer, `None` without villages.
    pub fn village_rate(&self) -> Option<f64> {
        share(self.villages_covered as f64, self.villages as f64)
    }

    /// Share of grids with a primary officer, `None` without grids.
    pub fn grid_rate(&self) -> Option<f64> {
        share(self.grids_covered as f64, self.grids as f64)
    }

    /// Share of known population with a primary officer, `None` when no population is known.
    pub fn population_rate(&self) -> Option<f64> {
        share(self.population_covered as f64, self.population as f64)
    }

    fn add_village(&mut self, covered: bool, population: Option<u64>) {
        self.villages += 1;
        self.villages_covered += usize::from(covered);
        if let Some(p) = population {
            self.population_known_villages += 1;
            self.population += p;
            self.population_covered += if covered { p } else { 0 };
        }
    }

    fn add_grid(&mut self, covered: bool) {
        self.grids += 1;
        self.grids_covered += usize::from(covered);
    }
}

fn share(part: f64, whole: f64) -> Option<f64> {
    (whole > 0.0).then(|| part / whole)
}

/// Rates of a scope: overall, per jurisdiction and per station.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coverage {
    /// The whole scope.
    pub overall: Tally,
    /// Per jurisdiction position, every jurisdiction in scope (ascending).
    pub jurisdictions: Vec<(usize, Tally)>,
    /// Per station position, stations answering for at least one grid or village in scope
    /// (ascending).
    pub stations: Vec<(usize, Tally)>,
    /// Grids and villages that no station answers for.
    pub without_station: Tally,
}

/// Counts coverage in `scope`.
///
/// A village counts for the jurisdiction it is in and the station of the grid serving it; a
/// grid for its jurisdiction and its station (see [`Links::new`]).
pub fn coverage(atlas: &Atlas, links: &Links, scope: Scope) -> Coverage {
    let d = &atlas.dataset;
    let mut by_jurisdiction = vec![Tally::default(); d.jurisdictions.len()];
    let mut by_station = vec![None::<Tally>; d.stations.len()];
    let mut result = Coverage::default();

    for (g, station) in links.grid_station.iter().enumerate() {
        let jurisdiction = links.grid_jurisdiction[g];
        if !scope.includes(jurisdiction) {
            continue;
        }
        let covered = links.grid_primary[g].is_some();
        result.overall.add_grid(covered);
        if let Some(j) = jurisdiction {
            by_jurisdiction[j].add_grid(covered);
        }
        match station {
            Some(s) => by_station[*s].get_or_insert_default().add_grid(covered),
            None => result.without_station.add_grid(covered),
        }
    }

    for (v, village) in d.villages.iter().enumerate() {
        let jurisdiction = links.village_jurisdiction[v];
        if !scope.includes(jurisdiction) {
            continue;
        }
        let covered = links.village_primary(v).is_some();
        result.overall.add_village(covered, village.population);
        if let Some(j) = jurisdiction {
            by_jurisdiction[j].add_village(covered, village.population);
        }
        let station = links.village_grid[v].and_then(|g| links.grid_station[g]);
        match station {
            Some(s) => by_station[s]
                .get_or_insert_default()
                .add_village(covered, village.population),
            None => result
                .without_station
                .add_village(covered, village.population),
        }
    }

    result.jurisdictions = by_jurisdiction
        .into_iter()
        .enumerate()
        .filter(|(j, _)| scope.includes(Some(*j)))
        .collect();
    result.stations = by_station
        .into_iter()
        .enumerate()
        .filter_map(|(s, tally)| Some((s, tally?)))
        .collect();
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gaps::fixture;
    use approx::assert_relative_eq;

    fn tally(villages: [usize; 2], grids: [usize; 2], population: [u64; 3]) -> Tally {
        Tally {
            villages: villages[0],
            villages_covered: villages[1],
            grids: grids[0],
            grids_covered: grids[1],
            population_known_villages: population[0] as usize,
            population: population[1],
            population_covered: population[2],
        }
    }

    #[test]
    fn rates_of_the_two_counties_by_hand() {
        let atlas = fixture::two_counties();
        let rates = coverage(&atlas, &Links::new(&atlas), Scope::ALL);

        // V1, V3, V4, V5 covered, V2 not; G2 uncovered; V5's population is unknown.
        assert_eq!(rates.overall, tally([5, 4], [4, 3], [4, 650, 450]));
        assert_relative_eq!(rates.overall.village_rate().expect("villages"), 0.8);
        assert_relative_eq!(rates.overall.grid_rate().expect("grids"), 0.75);
        let population = rates.overall.population_rate().expect("population");
        assert_relative_eq!(population, 450.0 / 650.0);

        let j1 = tally([3, 2], [2, 1], [2, 300, 100]);
        let j2 = tally([2, 2], [2, 2], [2, 350, 350]);
        assert_eq!(rates.jurisdictions, vec![(0, j1), (1, j2)]);
        // G2 has only an auxiliary from O1, so it counts for S1 as J1 does.
        assert_eq!(rates.stations, vec![(0, j1), (1, j2)]);
        assert_eq!(rates.without_station, Tally::default());
    }

    #[test]
    fn a_scope_counts_only_its_jurisdiction() {
        let atlas = fixture::two_counties();
        let j1 = Scope::new(&atlas, Some("J1")).expect("J1");
        let rates = coverage(&atlas, &Links::new(&atlas), j1);
        assert_eq!(rates.overall, tally([3, 2], [2, 1], [2, 300, 100]));
        assert_eq!(rates.jurisdictions.len(), 1);
        assert_eq!(rates.stations.len(), 1);
    }

    #[test]
    fn no_population_means_no_population_rate() {
        assert_eq!(Tally::default().population_rate(), None);
        assert_eq!(Tally::default().village_rate(), None);
    }
}
