//! A siting request on an atlas: which villages need reach, which sites may be chosen, and
//! the answer in terms of the data set's records.

use geo::Point;
use serde::Deserialize;

use crate::atlas::Atlas;
use crate::gaps::sphere::SphereIndex;
use crate::gaps::{GapsError, Scope};

use super::{best_k, cover, instance::Instance};

/// Largest radius accepted, km.
pub const MAX_RADIUS_KM: f64 = 200.0;

/// Why a siting request cannot be answered.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SitingError {
    /// A setting is out of range or unknown.
    #[error(transparent)]
    Settings(#[from] GapsError),
    /// `best_k` without `k`, or given points missing.
    #[error("{0}")]
    Incomplete(String),
}

/// Where new offices may go.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Candidates {
    /// At existing workstations.
    Workstations,
    /// At villages.
    Villages,
    /// At given (lon, lat) WGS84 points.
    Points(Vec<[f64; 2]>),
}

/// What to optimise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Goal {
    /// The fewest offices bringing every coverable village within reach.
    CoverAll,
    /// The best `k` offices.
    BestK,
}

/// What a village weighs in [`Goal::BestK`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Weight {
    /// One per village.
    #[default]
    Villages,
    /// Its population; a village of unknown population weighs nothing.
    Population,
}

/// A siting question.
#[derive(Debug, Clone, PartialEq)]
pub struct SitingRequest {
    /// Goal.
    pub goal: Goal,
    /// Offices to add for [`Goal::BestK`].
    pub k: Option<usize>,
    /// Coverage radius, km.
    pub radius_km: f64,
    /// Candidate sites.
    pub candidates: Candidates,
    /// Village weight.
    pub weight: Weight,
    /// Villages (and village or workstation candidates) considered.
    pub scope: Scope,
}

/// One chosen site.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    /// The record id (workstation or village), or `point-N` for the N-th given point.
    pub id: String,
    /// Location, WGS84.
    pub point: Point,
    /// Villages in need it brings within reach.
    pub villages: usize,
}

/// The answer to a siting request.
#[derive(Debug, Clone, PartialEq)]
pub struct Siting {
    /// Villages in scope.
    pub villages: usize,
    /// Of them, already within reach of an existing office.
    pub already_reached: usize,
    /// Of the rest, within reach of no candidate.
    pub unreachable: usize,
    /// Candidates considered.
    pub candidates: usize,
    /// Chosen sites.
    pub sites: Vec<Site>,
    /// Weight of the villages in need, and the part the sites reach.
    pub weight_needed: f64,
    /// Weight reached by the sites.
    pub weight_reached: f64,
    /// For cover-all: the optimum needs at least this many sites.
    pub lower_bound: Option<usize>,
    /// For cover-all: greedy's worst-case ratio H(d).
    pub ratio_bound: Option<f64>,
    /// For best-k: the optimum reaches at most this weight.
    pub upper_bound: Option<f64>,
}

/// Answers `request` on `atlas`.
///
/// # Errors
///
/// [`SitingError`] for a radius outside 0–200 km, a best-k request without k ≥ 1, or given
/// points that are empty or not lon/lat.
pub fn site(atlas: &Atlas, request: &SitingRequest) -> Result<Siting, SitingError> {
    let radius_km = crate::gaps::at_least("radius_km", request.radius_km, 0.0)?;
    if radius_km > MAX_RADIUS_KM {
        let message = format!("{radius_km} is above the limit of {MAX_RADIUS_KM} km");
        return Err(GapsError::BadSetting {
            name: "radius_km",
            message,
        }
        .into());
    }
    let radius_m = radius_km * 1_000.0;
    let d = &atlas.dataset;

    let in_scope: Vec<usize> = (0..d.villages.len())
        .filter(|&v| {
            request
                .scope
                .includes(d.jurisdiction_position(&d.villages[v].jurisdiction_id))
        })
        .collect();
    let offices = SphereIndex::new(d.offices.iter().map(|o| o.point));
    let in_need: Vec<usize> = in_scope
        .iter()
        .copied()
        .filter(|&v| {
            offices
                .nearest(d.villages[v].point)
                .is_none_or(|(_, m)| m > radius_m)
        })
        .collect();
    let demand: Vec<(Point, f64)> = in_need
        .iter()
        .map(|&v| (d.villages[v].point, weight(atlas, v, request.weight)))
        .collect();

    let candidates = candidates(atlas, request)?;
    let points: Vec<Point> = candidates.iter().map(|(_, p)| *p).collect();
    let instance = Instance::within_radius(&demand, &points, radius_m);
    let mut answer = Siting {
        villages: in_scope.len(),
        already_reached: in_scope.len() - in_need.len(),
        unreachable: instance.covering().iter().filter(|c| c.is_empty()).count(),
        candidates: candidates.len(),
        sites: Vec::new(),
        weight_needed: instance.weights.iter().sum(),
        weight_reached: 0.0,
        lower_bound: None,
        ratio_bound: None,
        upper_bound: None,
    };

    let chosen = match request.goal {
        Goal::CoverAll => {
            let found = cover::cover_all(&instance);
            answer.lower_bound = Some(found.lower_bound);
            answer.ratio_bound = Some(found.ratio_bound);
            found.chosen
        }
        Goal::BestK => {
            let k = request.k.filter(|k| *k >= 1).ok_or_else(|| {
                SitingError::Incomplete("best_k needs k, the number of offices, at least 1".into())
            })?;
            let found = best_k::best_k(&instance, k);
            answer.upper_bound = Some(found.upper_bound);
            found.chosen
        }
    };
    answer.weight_reached = instance.covered_weight(&chosen);
    answer.sites = chosen
        .into_iter()
        .map(|c| Site {
            id: candidates[c].0.clone(),
            point: candidates[c].1,
            villages: instance.sets[c].len(),
        })
        .collect();
    Ok(answer)
}

fn weight(atlas: &Atlas, village: usize, weight: Weight) -> f64 {
    match weight {
        Weight::Villages => 1.0,
        Weight::Population => atlas.dataset.villages[village].population.unwrap_or(0) as f64,
    }
}

/// Candidate ids and points in scope.
fn candidates(atlas: &Atlas, request: &SitingRequest) -> Result<Vec<(String, Point)>, SitingError> {
    let d = &atlas.dataset;
    let scope = request.scope;
    let found: Vec<(String, Point)> = match &request.candidates {
        Candidates::Workstations => d
            .workstations
            .iter()
            .filter(|w| scope.includes(atlas.index.jurisdictions.locate(w.point.0)))
            .map(|w| (w.id.clone(), w.point))
            .collect(),
        Candidates::Villages => d
            .villages
            .iter()
            .filter(|v| scope.includes(d.jurisdiction_position(&v.jurisdiction_id)))
            .map(|v| (v.id.clone(), v.point))
            .collect(),
        Candidates::Points(points) => {
            if points.is_empty() {
                return Err(SitingError::Incomplete(
                    "points: give at least one [lon, lat]".into(),
                ));
            }
            points
                .iter()
                .enumerate()
                .map(|(i, &[lon, lat])| {
                    if lon.abs() <= 180.0 && lat.abs() <= 90.0 {
                        Ok((format!("point-{i}"), Point::new(lon, lat)))
                    } else {
                        let message = format!("point {i}: [{lon}, {lat}] is not a lon/lat");
                        Err(SitingError::Incomplete(message))
                    }
                })
                .collect::<Result<_, _>>()?
        }
    };
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gaps::fixture;

    fn request(
        goal: Goal,
        k: Option<usize>,
        radius_km: f64,
        candidates: Candidates,
    ) -> SitingRequest {
        SitingRequest {
            goal,
            k,
            radius_km,
            candidates,
            weight: Weight::Villages,
            scope: Scope::ALL,
        }
    }

    #[test]
    fn cover_all_villages_beyond_the_existing_offices() {
        let atlas = fixture::two_counties();
        // Within 1.1 km of an office: V4 (278 m from O2), V5 (472 m from O1), V3 (786 m from
        // O3). In need: V1 (0.005, 0.015) and V2 (0.015, 0.005), 1,572 m apart.
        let points = Candidates::Points(vec![[0.01, 0.01], [0.005, 0.016], [0.5, 0.5]]);
        let found = site(&atlas, &request(Goal::CoverAll, None, 1.1, points)).expect("valid");
        assert_eq!(
            (found.villages, found.already_reached, found.unreachable),
            (5, 3, 0)
        );
        // (0.01, 0.01) is 786 m from both.
        let ids: Vec<&str> = found.sites.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["point-0"]);
        assert_eq!(found.lower_bound, Some(1));
        assert_eq!(found.weight_reached, 2.0);
    }

    #[test]
    fn best_k_and_bad_requests() {
        let atlas = fixture::two_counties();
        let villages = request(Goal::BestK, Some(1), 0.5, Candidates::Villages);
        let found = site(&atlas, &villages).expect("valid");
        // With 500 m, V1, V2 and V3 need reach, each only from its own site: one site
        // reaches one village, and the bound is 1 / (1 - 1/e), below 1 + the best gain left
        // and the 3 all sites reach.
        assert_eq!((found.already_reached, found.weight_needed), (2, 3.0));
        assert_eq!((found.sites.len(), found.weight_reached), (1, 1.0));
        let bound = found.upper_bound.expect("best_k has a bound");
        approx::assert_relative_eq!(bound, 1.0 / (1.0 - (-1.0f64).exp()));

        // k = 3 reaches all three: nothing is left to gain, so the bound is the optimum.
        let all = request(Goal::BestK, Some(3), 0.5, Candidates::Villages);
        let found = site(&atlas, &all).expect("valid");
        assert_eq!((found.weight_reached, found.upper_bound), (3.0, Some(3.0)));

        let no_k = request(Goal::BestK, None, 1.0, Candidates::Villages);
        assert!(matches!(
            site(&atlas, &no_k),
            Err(SitingError::Incomplete(_))
        ));
        let far = request(Goal::CoverAll, None, 500.0, Candidates::Villages);
        assert!(matches!(site(&atlas, &far), Err(SitingError::Settings(_))));
        let bad = request(
            Goal::CoverAll,
            None,
            1.0,
            Candidates::Points(vec![[200.0, 0.0]]),
        );
        assert!(site(&atlas, &bad).is_err());
    }
}
