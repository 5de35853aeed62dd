//! Gap reports: the offending features of one kind as a GeoJSON FeatureCollection with a
//! `summary` member, as CSV rows, and the full report of every kind with coverage rates.

use std::io::Write;
use std::sync::Arc;

use geojson::{Feature, FeatureCollection, JsonObject};
use serde_json::{Value, json};

use crate::atlas::Atlas;
use crate::routing::RoadNetwork;

use super::distance::{self, Metric};
use super::features;
use super::workload::{self, Thresholds};
use super::{GapKind, GapsError, Links, Scope, coverage, partition, unassigned};

/// Default distance limit, km.
pub const DEFAULT_MAX_KM: f64 = 5.0;
/// Default travel-time limit, minutes.
pub const DEFAULT_MAX_MINUTES: f64 = 15.0;

/// Settings of every gap kind; each kind reads the ones it needs.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Which jurisdictions to look at.
    pub scope: Scope,
    /// Distance limit in km (straight metric).
    pub max_km: f64,
    /// Distance limit in minutes (travel metric).
    pub max_minutes: f64,
    /// How distance is measured.
    pub metric: Metric,
    /// The road network travel times are measured on.
    pub roads: Option<Arc<RoadNetwork>>,
    /// Pieces of the partition below this area (m²) are slivers.
    pub sliver_m2: f64,
    /// Workload thresholds.
    pub thresholds: Thresholds,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            scope: Scope::ALL,
            max_km: DEFAULT_MAX_KM,
            max_minutes: DEFAULT_MAX_MINUTES,
            metric: Metric::Straight,
            roads: None,
            sliver_m2: partition::DEFAULT_SLIVER_M2,
            thresholds: Thresholds::default(),
        }
    }
}

/// The offending features of one kind and a summary of them.
#[derive(Debug, Clone, PartialEq)]
pub struct GapReport {
    /// The kind.
    pub kind: GapKind,
    /// One feature per offending record or piece, WGS84; each has a `gap` property naming
    /// what it is (`grid`, `village`, `office`, `officer`, `far_village`, `hole`, `overlap`,
    /// `outside`, `above`, `below`) and, for pieces, `sliver`.
    pub features: Vec<Feature>,
    /// Counts and settings.
    pub summary: Value,
}

impl GapReport {
    /// A GeoJSON FeatureCollection with the summary as its `summary` member.
    pub fn into_feature_collection(self) -> FeatureCollection {
        let mut members = JsonObject::new();
        members.insert("kind".into(), self.kind.as_str().into());
        members.insert("summary".into(), self.summary);
        FeatureCollection {
            bbox: None,
            features: self.features,
            foreign_members: Some(members),
        }
    }

    /// Writes one CSV row per feature: `id`, `gap`, then every other property (nested values
    /// as JSON text) and the `lon`, `lat` of a point inside the feature's bounding box
    /// centre for polygons.
    ///
    /// # Errors
    ///
    /// When writing fails.
    pub fn write_csv(&self, out: impl Write) -> Result<(), csv::Error> {
        features::write_csv(&self.features, out)
    }
}

/// The report of one kind.
///
/// # Errors
///
/// [`GapsError::BadSetting`] for a setting the kind reads that is out of range.
pub fn gap_report(
    atlas: &Atlas,
    links: &Links,
    kind: GapKind,
    settings: &Settings,
) -> Result<GapReport, GapsError> {
    let scope = settings.scope;
    let (features, summary) = match kind {
        GapKind::Unassigned => {
            let found = unassigned::unassigned(atlas, links, scope);
            features::unassigned(atlas, &found)
        }
        GapKind::Distance => {
            let max_cost = match settings.metric {
                Metric::Straight => limit("max_km", settings.max_km, 1_000.0)?,
                _ => limit("max_minutes", settings.max_minutes, 60.0)?,
            };
            let roads = settings.roads.as_deref();
            let found =
                distance::far_villages(atlas, links, scope, settings.metric, max_cost, roads)?;
            features::distance(atlas, &found)
        }
        GapKind::Partition => {
            let found = partition::partition(atlas, links, scope, settings.sliver_m2)?;
            features::partition(atlas, &found)
        }
        GapKind::Workload => {
            let found = workload::workload(atlas, links, scope, settings.thresholds)?;
            features::workload(atlas, &found)
        }
    };
    Ok(GapReport {
        kind,
        features,
        summary,
    })
}

/// A distance limit `value` in the unit of `name`, times `scale` for the metric's unit;
/// refused under its own name when negative, not a number, or too large to scale.
fn limit(name: &'static str, value: f64, scale: f64) -> Result<f64, GapsError> {
    let scaled = super::at_least(name, value, 0.0)? * scale;
    if !scaled.is_finite() {
        return Err(GapsError::BadSetting {
            name,
            message: format!("{value} is too large"),
        });
    }
    Ok(scaled)
}

/// Coverage rates as JSON: `overall`, `jurisdictions` and `stations`, each with counts and
/// rates (`null` where there is nothing to count).
pub fn coverage_json(atlas: &Atlas, links: &Links, scope: Scope) -> Value {
    let d = &atlas.dataset;
    let rates = coverage::coverage(atlas, links, scope);
    let row = |id: Option<&str>, name: Option<&str>, tally: &coverage::Tally| {
        let mut value = tally_json(tally);
        value["id"] = json!(id);
        value["name"] = json!(name);
        value
    };
    let jurisdictions: Vec<Value> = rates
        .jurisdictions
        .iter()
        .map(|(j, t)| {
            let mut value = row(
                Some(&d.jurisdictions[*j].id),
                Some(&d.jurisdictions[*j].name),
                t,
            );
            value["bbox"] = json!(features::bbox(&d.jurisdictions[*j].geometry));
            value
        })
        .collect();
    let stations: Vec<Value> = rates
        .stations
        .iter()
        .map(|(s, t)| row(Some(&d.stations[*s].id), Some(&d.stations[*s].name), t))
        .collect();
    json!({
        "overall": tally_json(&rates.overall),
        "jurisdictions": jurisdictions,
        "stations": stations,
        "without_station": tally_json(&rates.without_station),
    })
}

fn tally_json(t: &coverage::Tally) -> Value {
    json!({
        "villages": t.villages,
        "villages_covered": t.villages_covered,
        "village_rate": t.village_rate(),
        "grids": t.grids,
        "grids_covered": t.grids_covered,
        "grid_rate": t.grid_rate(),
        "population_known_villages": t.population_known_villages,
        "population": t.population,
        "population_covered": t.population_covered,
        "population_rate": t.population_rate(),
    })
}

/// Every kind's report and the coverage rates, from one set of links.
#[derive(Debug, Clone, PartialEq)]
pub struct FullReport {
    /// Coverage rates, as [`coverage_json`] gives them.
    pub coverage: Value,
    /// One report per kind, in [`GapKind::ALL`] order.
    pub gaps: Vec<GapReport>,
}

/// The full gap report of `atlas` under `settings`.
///
/// # Errors
///
/// As [`gap_report`].
pub fn full_report(atlas: &Atlas, settings: &Settings) -> Result<FullReport, GapsError> {
    let links = Links::new(atlas);
    let gaps = GapKind::ALL
        .into_iter()
        .map(|kind| gap_report(atlas, &links, kind, settings))
        .collect::<Result<_, _>>()?;
    Ok(FullReport {
        coverage: coverage_json(atlas, &links, settings.scope),
        gaps,
    })
}
