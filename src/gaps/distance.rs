//! Villages too far from their officer's office, or from any office at all.
//!
//! How "far" is measured is a [`Metric`]: the query asks a [`Reach`] for the cost from an
//! office to a village and for the office of least cost: straight ground distance
//! ([`StraightReach`]) or travel time on the road network ([`TravelReach`]).

use std::str::FromStr;

use geo::Point;

use crate::atlas::Atlas;
use crate::routing::{Profile, RoadNetwork};

use super::sphere::{SphereIndex, ground_m};
use super::travel::TravelReach;
use super::{GapsError, Links, Scope};

/// How the distance from an office to a village is measured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Metric {
    /// Straight ground distance (haversine) in metres.
    #[default]
    Straight,
    /// Travel time on the road network in seconds, from the office to the village.
    Travel(Profile),
}

impl Metric {
    /// The name used in URLs and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Straight => "straight",
            Self::Travel(_) => "travel",
        }
    }

    /// The unit of the metric's costs.
    pub fn unit(self) -> &'static str {
        match self {
            Self::Straight => "m",
            Self::Travel(_) => "s",
        }
    }
}

impl FromStr for Metric {
    type Err = GapsError;

    /// `straight`, or `travel` (by car; [`Metric::Travel`] with another profile is built
    /// directly).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "straight" => Ok(Self::Straight),
            "travel" => Ok(Self::Travel(Profile::Car)),
            other => Err(GapsError::BadSetting {
                name: "metric",
                message: format!("unknown metric {other:?}; expected straight or travel"),
            }),
        }
    }
}

/// Costs from offices to places under one [`Metric`].
pub trait Reach {
    /// The cost from the office at position `office` to `to`.
    fn cost(&self, office: usize, to: Point) -> f64;
    /// The office of least cost from `to`, and that cost.
    fn nearest(&self, to: Point) -> Option<(usize, f64)>;
}

/// [`Metric::Straight`]: haversine metres, nearest office through an R-tree on the sphere.
#[derive(Debug, Clone)]
pub struct StraightReach {
    offices: Vec<Point>,
    index: SphereIndex,
}

impl StraightReach {
    /// Indexes the offices of `atlas`.
    pub fn new(atlas: &Atlas) -> Self {
        let offices: Vec<Point> = atlas.dataset.offices.iter().map(|o| o.point).collect();
        let index = SphereIndex::new(offices.iter().copied());
        Self { offices, index }
    }
}

impl Reach for StraightReach {
    fn cost(&self, office: usize, to: Point) -> f64 {
        ground_m(self.offices[office], to)
    }

    fn nearest(&self, to: Point) -> Option<(usize, f64)> {
        self.index.nearest(to)
    }
}

/// How far one village is from its office and from the nearest one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VillageReach {
    /// Village position.
    pub village: usize,
    /// Its primary officer, if any.
    pub officer: Option<usize>,
    /// That officer's office.
    pub office: Option<usize>,
    /// Cost from that office.
    pub office_cost: Option<f64>,
    /// The office of least cost.
    pub nearest_office: Option<usize>,
    /// Its cost.
    pub nearest_cost: Option<f64>,
}

/// Villages beyond the limit, with counts.
#[derive(Debug, Clone, PartialEq)]
pub struct FarVillages {
    /// The metric used.
    pub metric: Metric,
    /// The limit, in the metric's unit.
    pub max_cost: f64,
    /// Villages checked (those in scope).
    pub checked: usize,
    /// Villages beyond the limit from their own officer's office.
    pub beyond_own: usize,
    /// Villages beyond the limit from every office.
    pub beyond_any: usize,
    /// Greatest cost from a village to its own office.
    pub max_office_cost: Option<f64>,
    /// Every village beyond the limit in either sense, by position.
    pub far: Vec<VillageReach>,
}

/// Finds the villages in `scope` whose cost to their officer's office or to the nearest
/// office exceeds `max_cost` (in `metric`'s unit: metres for straight distance, seconds for
/// travel time, which is measured on `roads`).
///
/// # Errors
///
/// [`GapsError::BadSetting`] for a negative or non-finite limit; [`GapsError::NoRoads`] for
/// travel time without `roads`.
pub fn far_villages(
    atlas: &Atlas,
    links: &Links,
    scope: Scope,
    metric: Metric,
    max_cost: f64,
    roads: Option<&RoadNetwork>,
) -> Result<FarVillages, GapsError> {
    let max_cost = super::at_least("max_cost", max_cost, 0.0)?;
    Ok(match metric {
        Metric::Straight => {
            let reach = StraightReach::new(atlas);
            far_with(atlas, links, scope, &reach, metric, max_cost)
        }
        Metric::Travel(profile) => {
            let roads = roads.ok_or(GapsError::NoRoads)?;
            let reach = TravelReach::new(atlas, roads, profile);
            far_with(atlas, links, scope, &reach, metric, max_cost)
        }
    })
}

fn far_with(
    atlas: &Atlas,
    links: &Links,
    scope: Scope,
    reach: &impl Reach,
    metric: Metric,
    max_cost: f64,
) -> FarVillages {
    let d = &atlas.dataset;
    let mut result = FarVillages {
        metric,
        max_cost,
        checked: 0,
        beyond_own: 0,
        beyond_any: 0,
        max_office_cost: None,
        far: Vec::new(),
    };
    for (v, village) in d.villages.iter().enumerate() {
        if !scope.includes(links.village_jurisdiction[v]) {
            continue;
        }
        result.checked += 1;

        let officer = links.village_primary(v);
        let office = officer.and_then(|i| d.office_position(&d.officers[i].office_id));
        let office_cost = office.map(|o| reach.cost(o, village.point));
        let nearest = reach.nearest(village.point);
        let own_far = office_cost.is_some_and(|c| c > max_cost);
        let any_far = nearest.is_none_or(|(_, c)| c > max_cost);

        if let Some(c) = office_cost {
            result.max_office_cost = Some(result.max_office_cost.map_or(c, |m| m.max(c)));
        }
        result.beyond_own += usize::from(own_far);
        result.beyond_any += usize::from(any_far);
        if own_far || any_far {
            result.far.push(VillageReach {
                village: v,
                officer,
                office,
                office_cost,
                nearest_office: nearest.map(|(o, _)| o),
                nearest_cost: nearest.map(|(_, c)| c),
            });
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gaps::fixture;
    use approx::assert_relative_eq;

    fn far_ids(atlas: &Atlas, far: &FarVillages) -> Vec<String> {
        let villages = &atlas.dataset.villages;
        far.far
            .iter()
            .map(|r| villages[r.village].id.clone())
            .collect()
    }

    #[test]
    fn own_office_and_nearest_office_by_hand() {
        let atlas = fixture::two_counties();
        let links = Links::new(&atlas);
        // 0.01° of latitude is 1,111.95 m: V1 is that far north of O1, its own office.
        let far = far_villages(&atlas, &links, Scope::ALL, Metric::Straight, 1_100.0, None);
        let far = far.expect("valid limit");
        assert_eq!(far.checked, 5);
        // V1 is 0.01° north of O1, V3 0.01° west of O2 (its officer's office): both beyond.
        // V2 has no officer and its nearest office, O1, is 0.01° west: beyond any office.
        assert_eq!(far_ids(&atlas, &far), ["V1", "V2", "V3"]);
        assert_eq!((far.beyond_own, far.beyond_any), (2, 2));

        let v1 = far.far[0];
        assert_relative_eq!(
            v1.office_cost.expect("own office"),
            1_111.95,
            epsilon = 0.01
        );
        assert_eq!(v1.nearest_office, Some(0));
        let v2 = far.far[1];
        assert_eq!((v2.officer, v2.office_cost), (None, None));
        // V3 (0.025, 0.01) is served from O2 (0.035, 0.01), but O3 (0.03, 0.015) is nearer:
        // 0.005° both ways, 786.3 m.
        let v3 = far.far[2];
        assert_eq!((v3.office, v3.nearest_office), (Some(1), Some(2)));
        assert_relative_eq!(v3.nearest_cost.expect("an office"), 786.3, epsilon = 0.1);
    }

    #[test]
    fn a_generous_limit_finds_nothing() {
        let atlas = fixture::two_counties();
        let links = Links::new(&atlas);
        let far = far_villages(&atlas, &links, Scope::ALL, Metric::Straight, 5_000.0, None);
        let far = far.expect("valid limit");
        assert!(far.far.is_empty());
        let max = far.max_office_cost.expect("assigned villages");
        assert_relative_eq!(max, 1_111.95, epsilon = 0.01);
    }

    #[test]
    fn unknown_metrics_bad_limits_and_travel_without_roads_are_refused() {
        assert_eq!("straight".parse::<Metric>(), Ok(Metric::Straight));
        assert_eq!("travel".parse::<Metric>(), Ok(Metric::Travel(Profile::Car)));
        let err = "crow".parse::<Metric>().expect_err("unknown");
        assert!(err.to_string().contains("straight or travel"), "{err}");
        let atlas = fixture::two_counties();
        let links = Links::new(&atlas);
        let bad = far_villages(&atlas, &links, Scope::ALL, Metric::Straight, -1.0, None);
        assert!(bad.is_err());
        let travel = Metric::Travel(Profile::Car);
        let none = far_villages(&atlas, &links, Scope::ALL, travel, 60.0, None);
        assert_eq!(none.expect_err("no roads"), GapsError::NoRoads);
    }
}
