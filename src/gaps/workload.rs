//! Workload per community officer — villages, population and ground area of the grids they
//! are primary for — and the officers far above or below the median.

use std::str::FromStr;

use crate::atlas::Atlas;

use super::sphere::area_m2;
use super::unassigned::office_jurisdiction;
use super::{GapsError, Links, Scope};

/// What workload is compared by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Measure {
    /// Villages served.
    #[default]
    Villages,
    /// Known population of the villages served.
    Population,
    /// Ground area of the grids, m².
    Area,
}

impl Measure {
    /// The name used in URLs and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Villages => "villages",
            Self::Population => "population",
            Self::Area => "area",
        }
    }
}

impl FromStr for Measure {
    type Err = GapsError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "villages" => Ok(Self::Villages),
            "population" => Ok(Self::Population),
            "area" => Ok(Self::Area),
            other => Err(GapsError::BadSetting {
                name: "by",
                message: format!(
                    "unknown measure {other:?}; expected villages, population or area"
                ),
            }),
        }
    }
}

/// Thresholds relative to the median: an officer is above at `high` × median or more, below
/// at `low` × median or less.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Measure compared.
    pub by: Measure,
    /// Ratio to the median at or above which an officer is overloaded.
    pub high: f64,
    /// Ratio to the median at or below which an officer is underused.
    pub low: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            by: Measure::Villages,
            high: 2.0,
            low: 0.5,
        }
    }
}

/// One community officer's load.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Load {
    /// Officer position.
    pub officer: usize,
    /// Grids they are primary for.
    pub grids: usize,
    /// Villages served by those grids.
    pub villages: usize,
    /// Known population of those villages.
    pub population: u64,
    /// Villages among them whose population is known.
    pub population_known_villages: usize,
    /// Ground area of the grids, m².
    pub area_m2: f64,
    /// The compared measure divided by its median (`None` when the median is 0).
    pub ratio: Option<f64>,
}

impl Load {
    /// The value of `measure`.
    pub fn value(&self, measure: Measure) -> f64 {
        match measure {
            Measure::Villages => self.villages as f64,
            Measure::Population => self.population as f64,
            Measure::Area => self.area_m2,
        }
    }
}

/// Officers outside the thresholds, and the median they were compared with.
#[derive(Debug, Clone, PartialEq)]
pub struct Workload {
    /// The thresholds used.
    pub thresholds: Thresholds,
    /// Community officers with at least one grid in scope.
    pub officers: usize,
    /// Median of the compared measure over them.
    pub median: Option<f64>,
    /// Officers at or above `high` × median, by position.
    pub above: Vec<Load>,
    /// Officers at or below `low` × median, by position.
    pub below: Vec<Load>,
}

/// Compares the community officers in `scope` (by their office's jurisdiction) who are
/// primary for at least one grid; officers without grids are [`super::unassigned`] instead.
///
/// # Errors
///
/// [`GapsError::BadSetting`] when `low` is negative, `high` below `low`, or either not finite.
pub fn workload(
    atlas: &Atlas,
    links: &Links,
    scope: Scope,
    thresholds: Thresholds,
) -> Result<Workload, GapsError> {
    let low = super::at_least("low", thresholds.low, 0.0)?;
    super::at_least("high", thresholds.high, low)?;
    // Ground areas cost the most; unless compared, only the flagged officers need theirs.
    let mut loads = loads(atlas, links, scope, thresholds.by == Measure::Area);

    let mut values: Vec<f64> = loads.iter().map(|l| l.value(thresholds.by)).collect();
    let median = median(&mut values);
    let mut result = Workload {
        thresholds,
        officers: loads.len(),
        median,
        above: Vec::new(),
        below: Vec::new(),
    };
    for load in &mut loads {
        let value = load.value(thresholds.by);
        load.ratio = median.filter(|m| *m > 0.0).map(|m| value / m);
        match load.ratio {
            Some(r) if r >= thresholds.high => result.above.push(*load),
            Some(r) if r <= thresholds.low => result.below.push(*load),
            _ => {}
        }
    }
    if thresholds.by != Measure::Area {
        for load in result.above.iter_mut().chain(&mut result.below) {
            load.area_m2 = officer_area_m2(atlas, links, load.officer);
        }
    }
    Ok(result)
}

/// Ground area of the grids the officer at position `officer` is primary for, m².
fn officer_area_m2(atlas: &Atlas, links: &Links, officer: usize) -> f64 {
    let d = &atlas.dataset;
    d.officers[officer]
        .grid_ids
        .iter()
        .filter_map(|id| d.grid_position(id))
        .filter(|&g| links.grid_primary[g] == Some(officer))
        .map(|g| area_m2(&d.grids[g].geometry))
        .sum()
}

/// The load of every community officer in scope with at least one grid, by position; their
/// areas are left at 0 unless `with_area`.
fn loads(atlas: &Atlas, links: &Links, scope: Scope, with_area: bool) -> Vec<Load> {
    let d = &atlas.dataset;
    let mut loads: Vec<Option<Load>> = vec![None; d.officers.len()];
    let blank = |officer| Load {
        officer,
        grids: 0,
        villages: 0,
        population: 0,
        population_known_villages: 0,
        area_m2: 0.0,
        ratio: None,
    };
    for (g, primary) in links.grid_primary.iter().enumerate() {
        if let Some(i) = *primary {
            let load = loads[i].get_or_insert_with(|| blank(i));
            load.grids += 1;
            if with_area {
                load.area_m2 += area_m2(&d.grids[g].geometry);
            }
        }
    }
    for (v, village) in d.villages.iter().enumerate() {
        if let Some(load) = links.village_primary(v).and_then(|i| loads[i].as_mut()) {
            load.villages += 1;
            if let Some(p) = village.population {
                load.population += p;
                load.population_known_villages += 1;
            }
        }
    }
    loads
        .into_iter()
        .flatten()
        .filter(|l| {
            let office = d.office_position(&d.officers[l.officer].office_id);
            scope.includes(office.and_then(|o| office_jurisdiction(atlas, links, o)))
        })
        .collect()
}

/// The median (mean of the middle two for an even count); `None` when empty.
fn median(values: &mut [f64]) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2]),
        _ => Some((values[n / 2 - 1] + values[n / 2]) / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gaps::fixture::{self, sphere_rect_m2};
    use approx::assert_relative_eq;

    fn officer_ids(atlas: &Atlas, loads: &[Load]) -> Vec<String> {
        loads
            .iter()
            .map(|l| atlas.dataset.officers[l.officer].id.clone())
            .collect()
    }

    fn row_of_four(by: Measure, high: f64, low: f64) -> (Atlas, Workload) {
        let atlas = fixture::row_of_four();
        let links = Links::new(&atlas);
        let thresholds = Thresholds { by, high, low };
        let found = workload(&atlas, &links, Scope::ALL, thresholds).expect("valid thresholds");
        (atlas, found)
    }

    #[test]
    fn an_officer_with_twice_the_median_villages() {
        let (atlas, found) = row_of_four(Measure::Villages, 2.0, 0.5);
        assert_eq!(found.officers, 3);
        assert_eq!(found.median, Some(1.0));
        assert_eq!(officer_ids(&atlas, &found.above), ["Q3"]);
        assert!(found.below.is_empty());

        let q3 = found.above[0];
        assert_eq!((q3.grids, q3.villages, q3.population), (2, 2, 500));
        assert_eq!(q3.ratio, Some(2.0));
        assert_relative_eq!(
            q3.area_m2,
            2.0 * sphere_rect_m2(0.0, 0.0, 0.01, 0.01),
            max_relative = 0.006
        );
    }

    #[test]
    fn by_population_and_by_area() {
        // Populations 100, 100, 500: median 100, Q3 at 5×.
        let (_, found) = row_of_four(Measure::Population, 4.9, 0.5);
        assert_eq!(found.median, Some(100.0));
        assert_eq!(found.above.len(), 1);
        assert_relative_eq!(found.above[0].ratio.expect("ratio"), 5.0);

        // Areas 1, 1, 2 cells; a stricter high flags nothing above 2×.
        let (_, found) = row_of_four(Measure::Area, 2.01, 0.5);
        assert!(found.above.is_empty());
        let (atlas, found) = row_of_four(Measure::Area, 1.5, 1.0);
        assert_eq!(officer_ids(&atlas, &found.below), ["Q1", "Q2"]);
    }

    #[test]
    fn thresholds_are_checked_and_the_median_is_the_middle() {
        let atlas = fixture::row_of_four();
        let links = Links::new(&atlas);
        let bad = Thresholds {
            by: Measure::Villages,
            high: 0.4,
            low: 0.5,
        };
        assert!(workload(&atlas, &links, Scope::ALL, bad).is_err());
        assert!("people".parse::<Measure>().is_err());
        assert_eq!(median(&mut [3.0, 1.0, 2.0, 10.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }
}
